"""Statement tables in plain text: tab-separated renderings and space-aligned EDGAR text.

Finds each statement by its title, takes the lines up to the first figure as its
headers, and cuts every body line into a label and value cells with a position
(tab field or character column) so partial rows can be aligned with full ones.
"""

from __future__ import annotations

import re
from pathlib import Path

from checker.readers.grid import Cell, Grid, GridRow, HeaderCell
from checker.readers.numbers import has_digit, parse_figure, split_tokens
from checker.readers.titles import scale_of, table_kind

_YEARISH = re.compile(r"^\(?(?:FY\s?)?(?:19|20)\d{2}\)?$|^\(?[A-Za-z]{3,9}\.?\)?$|^\(?\d{1,2}/\d{1,2}/\d{2,4}\)?$", re.I)
_DATEWORDS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b,?|\b(?:19|20)\d{2}\b"
    r"|\b(?:one|two|three|four|six|nine|twelve|thirteen|fourteen|sixteen|twenty|thirty|forty|fifty|fifty-two|fifty-three|\d{1,2})[\s-]+(?:months?|weeks?|quarters?)\b"
    r"|\bq[1-4]\b|\bfy\s?'?\d{2,4}\b|\d{1,2}/\d{1,2}/\d{2,4}",
    re.I,
)
_PROSE = 140
_NOTES = re.compile(r"\([^)]*(?:thousand|million|billion|000|unaudited|audited|except)[^)]*\)|\bchange\b|%", re.I)
_SMALL_WORDS = {"of", "and", "the", "in", "for", "to", "a", "an", "on", "from", "with", "by", "per", "at", "or", "as", "except", "amounts", "data", "thousands", "millions", "unaudited"}
_MAX_GAP = 10
_MAX_WORDY = 4  # consecutive lines without a figure that end a table


_SGML = re.compile(r"</?(?:TABLE|CAPTION|S|C|FN|PAGE|PRE)>", re.I)


def read_text_grids(path: Path, text: str) -> list[Grid]:
    # EDGAR column markers (<S> <C> ...) become spaces of the same width, so columns stay put.
    lines = [_SGML.sub(lambda m: " " * len(m.group(0)), ln) for ln in text.splitlines()]
    grids: list[Grid] = []
    i = 0
    last_end = 0
    while i < len(lines):
        title = lines[i].strip()
        if _is_title(title) and _figures_follow(lines, i):
            grid, end = _read_table(path, lines, i, last_end)
            if grid.rows:
                grids.append(grid)
            last_end = end
            i = max(end, i + 1)
            continue
        i += 1
    return grids


def _is_title(line: str) -> bool:
    """A statement heading, alone or with column headers beside it ("STATEMENTS OF INCOME   Quarter Ended")."""
    label, cells = _split(line, 0)
    if cells and (any(has_digit(c.text) for c in cells) or not label):
        return False
    head = label if cells else line
    if not (0 < len(head) <= 160) or table_kind(head) is None:
        return False
    if re.search(r"\bactivities\b", head, re.I) and not re.search(r"\bstatements?\b", head, re.I):
        return False  # "CASH FLOWS FROM OPERATING ACTIVITIES": a section of the cash-flow statement, not its title
    return _looks_like_heading(head)


def _title_text(line: str) -> str:
    segments = _segments(line)
    if len(segments) > 1 and table_kind(segments[0][0]) is not None:
        return segments[0][0]
    return line.strip()


def _looks_like_heading(line: str) -> bool:
    """Title Case or UPPER CASE, not a sentence: "Consolidated Statements of Operations - GAAP"."""
    text = line.strip()
    if text.endswith((".", ",", ";")) and not text.endswith("Inc.") or text[:1].islower():
        return False
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’]*", text) if w.lower() not in _SMALL_WORDS]
    if not words:
        return False
    return sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _figures_follow(lines: list[str], i: int) -> bool:
    for line in lines[i + 1 : i + 14]:
        label, cells = _split(line, 0)
        if label and _has_clean_figure(cells) and not _all_yearish(cells) and not _dateish(line):
            return True
    return False


def _read_table(path: Path, lines: list[str], t: int, last_end: int) -> tuple[Grid, int]:
    context: list[tuple[str, int]] = []
    for j in range(t - 1, max(last_end, t - 12) - 1, -1):
        if lines[j].strip():
            context.insert(0, (lines[j].strip(), j + 1))
        if len(context) >= 6:
            break
    if not any(scale_of(c) is not None for c, _ in context):
        # A note such as "(in thousands, except per share amounts)" above the first of
        # several statements governs the ones after it too.
        for j in range(t - 1, max(0, t - 80) - 1, -1):
            if scale_of(lines[j]) is not None and len(lines[j].strip()) <= 200:
                context.insert(0, (lines[j].strip(), j + 1))
                break
    grid = Grid(file=str(path), title=_title_text(lines[t]), title_line=t + 1, context=context, format="text")
    i = t + 1
    pending: list[tuple[int, str, list[Cell]]] = []  # label-only lines before the first figure
    if grid.title != lines[t].strip():
        grid.headers.append([h for h in _header_cells(lines[t], t + 1) if h.text != grid.title])
    in_body = False
    gap = 0
    wordy_run = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if i > t + 1 and _is_title(stripped) and _figures_follow(lines, i):
            break
        label, cells = _split(line, i + 1)
        if not stripped:
            i += 1
            gap += 1
            if in_body and gap > _MAX_GAP:
                break
            continue
        if len(stripped) > _PROSE and "\t" not in line and not _has_figures(cells):
            if in_body:
                break
            i += 1
            continue
        figure_row = bool(label) and _has_figures(cells) and not _all_yearish(cells) and not _dateish(line)
        if in_body and _dateish(line) and not _has_clean_figure(cells):
            break  # a new set of column headers: the next table starts here
        if not in_body and not figure_row:
            pending.append((i, line, cells))
            i += 1
            continue
        if not in_body:
            _settle_headers(grid, pending)
            in_body = True
        if not _has_clean_figure(cells):
            wordy_run += 1
            if wordy_run > _MAX_WORDY:
                break
        else:
            wordy_run = 0
        gap = gap + 1 if not _has_figures(cells) else 0
        if gap > _MAX_GAP:
            break
        _add_row(grid, line, label, cells, i + 1)
        i += 1
    while grid.rows and not _has_clean_figure(grid.rows[-1].cells):
        grid.rows.pop()
    end = grid.rows[-1].line if grid.rows else i
    return grid, end


def _settle_headers(grid: Grid, pending: list[tuple[int, str, list[Cell]]]) -> None:
    """Lines up to the last date line are column headers; label lines after it open the body."""
    last_date = max((k for k, (_, line, _) in enumerate(pending) if _dateish(line)), default=-1)
    for k, (i, line, cells) in enumerate(pending):
        stripped = line.strip()
        if k <= last_date or scale_of(stripped) is not None or re.fullmatch(r"\(?(un)?audited\)?\*?", stripped, re.I):
            if scale_of(stripped) is not None and not cells:
                grid.context.append((stripped, i + 1))
            grid.headers.append(_header_cells(line, i + 1))
        else:
            label, cells = _split(line, i + 1)
            _add_row(grid, line, label, cells, i + 1)


def _add_row(grid: Grid, line: str, label: str, cells: list[Cell], lineno: int) -> None:
    indent = len(line) - len(line.lstrip(" "))
    prev = grid.rows[-1] if grid.rows else None
    if prev is not None and _continues(prev, label, indent, lineno):
        # A label wrapped onto the next line: "Selling, general and" / "  administrative  2,654".
        prev.label = f"{prev.label} {label}".strip()
        prev.cells, prev.line, prev.raw = cells, lineno, prev.raw + "\n" + line
        return
    grid.rows.append(GridRow(label=label, cells=cells, line=lineno, raw=line, indent=indent))


_CONNECTOR = re.compile(r"(?:\b(?:and|or|of|for|to|in|on|from|with|the|a|an|per|by|at|other|less|net)|[,&/\-–(])$", re.I)


def _continues(prev: GridRow, label: str, indent: int, lineno: int) -> bool:
    """A wrapped label: the next line starts in lower case, or this one ends mid-phrase."""
    if prev.cells or prev.line != lineno - 1 or not label or prev.label.endswith(":"):
        return False
    return label[:1].islower() or label.startswith("(") or bool(_CONNECTOR.search(prev.label.strip()))


def _split(line: str, lineno: int) -> tuple[str, list[Cell]]:
    """Label and value cells of one line, by tabs when it has them, else by runs of spaces."""
    if "\t" in line:
        fields = line.split("\t")
        label = fields[0].strip()
        cells = []
        offset = len(fields[0]) + 1
        for idx, f in enumerate(fields[1:], start=1):
            if f.strip():
                lead = len(f) - len(f.lstrip())
                cells.append(Cell(f.strip(), lineno, offset + lead + 1, float(idx)))
            offset += len(f) + 1
        label, cells = _peel(label, cells, lineno, 1)
        return label, cells
    segments = _segments(line)
    if not segments:
        return "", []
    label = ""
    cells: list[Cell] = []
    first, start = segments[0]
    rest = segments[1:]
    if re.search(r"[A-Za-z]", first) and not parse_figure(first):
        label = first
    else:
        rest = segments
    if rest and not any(_clean_cell(text) for text, _ in rest) and any(re.search(r"[A-Za-z]{3,}", t) for t, _ in rest):
        # Words beside the numbers ("authorized; 9,898,168, and 10,037,903"): a wrapped label, not figures.
        return line.strip(), []
    for text, st in rest:
        parts = text.split(" ")
        if len(parts) > 1 and all(parse_figure(x) is not None or x in ("$", "---", "--", "-", "—") for x in parts):
            # "(1,234) (10,571)": columns printed one space apart are still two columns.
            offset = st
            for part in _glue_dollars(parts):
                cells.append(Cell(part, lineno, offset + 1, float(offset + len(part))))
                offset += len(part) + 1
            continue
        cells.append(Cell(text, lineno, st + 1, float(st + len(text))))
    return label, cells


def _glue_dollars(parts: list[str]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if out and out[-1] == "$":
            out[-1] += " " + part
        else:
            out.append(part)
    return out


def _segments(line: str) -> list[tuple[str, int]]:
    out = []
    for m in re.finditer(r"\S+(?: \S+)*", line):
        out.append((m.group(0), m.start()))
    return out


def _peel(label: str, cells: list[Cell], lineno: int, label_col: int) -> tuple[str, list[Cell]]:
    """Move figures stuck to the end of a label ("Net sales $ 1,234") into a cell of their own."""
    tokens = label.split(" ")
    moved: list[str] = []
    while tokens and (parse_figure(tokens[-1]) is not None or tokens[-1] in ("$", "\\$")) and len(tokens) > 1:
        if re.fullmatch(r"\(?\d{1,2}\)?", tokens[-1]) and not cells:
            break
        moved.insert(0, tokens.pop())
    if moved and any(has_digit(t) for t in moved):
        text = " ".join(moved)
        col = label_col + len(" ".join(tokens)) + 1
        cells = [Cell(text, lineno, col, float(col - 0.5) if not cells else cells[0].position - 0.5), *cells]
        return " ".join(tokens), cells
    return label, cells


def _dateish(line: str) -> bool:
    """A header line of dates and period words ("Jun 30,  Mar 31,", "2011  2010"), not a statement line."""
    line = _NOTES.sub(" ", line)
    if not has_digit(line):
        return False
    return not has_digit(_DATEWORDS.sub(" ", line))


def _has_figures(cells: list[Cell]) -> bool:
    return any(has_digit(c.text) for c in cells)


def _clean_cell(text: str) -> bool:
    toks = [t for t in split_tokens(text) if t not in ("$", "\\$")]
    return bool(toks) and all(parse_figure(t) is not None or t in ("-", "--", "---", "—") for t in toks)


def _has_clean_figure(cells: list[Cell]) -> bool:
    """A cell that reads as figures and fillers only: a statement line, not a sentence with a date."""
    for c in cells:
        toks = [t for t in split_tokens(c.text) if t not in ("$", "\\$")]
        if toks and all(parse_figure(t) is not None for t in toks):
            return True
    return False


def _all_yearish(cells: list[Cell]) -> bool:
    toks = [t for c in cells for t in split_tokens(c.text) if t not in ("$", "\\$")]
    return bool(toks) and all(_YEARISH.match(t) for t in toks) and any(has_digit(t) for t in toks)


def _header_cells(line: str, lineno: int) -> list[HeaderCell]:
    if "\t" in line:
        return [HeaderCell(f.strip(), float(i), float(i), lineno) for i, f in enumerate(line.split("\t")) if f.strip()]
    return [HeaderCell(s, float(st), float(st + len(s)), lineno) for s, st in _segments(line)]
