"""HTML earnings releases (EDGAR 8-K exhibits, newsroom pages) cut into statement Grids.

HTML tables spread one printed figure over several cells (`$`, the number, the `)`),
pad columns with spacer cells and hide titles either in the text above the table or
in its first rows. This module decides which tables are statements, finds their
title and notes, and hands the shared interpreter one Grid per statement with
figures at logical column positions, so partial rows line up with full ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from checker.errors import TieoutError
from checker.readers.figures import (
    Piece,
    clean_text,
    is_change_header,
    is_figure,
    is_year,
    merge_pieces,
    strip_footnotes,
)
from checker.readers.grid import Cell, Grid, GridRow, HeaderCell
from checker.readers.html_parse import PageBreak, PlacedCell, Table, TextBlock, parse_html
from checker.readers.titles import scale_of, statement_kind, table_kind
from checker.readers.wrapped import append_row

# EDGAR's plain-text filings carry SGML <TABLE>, <CAPTION>, <S>, <C> and <PAGE> markers
# around fixed-width tables: those are text, not HTML. HTML tables have rows and cells.
_HTML_SNIFF = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<t[dr][\s>]", re.I)
_TAG = re.compile(r"</?(?:p|div|td|tr|font|br|span|b)\b[^>]*>", re.I)
_OTHER_TABLE = re.compile(r"segment|reconcil", re.I)
_BARE_NG = re.compile(r"^\W*non[-\s]?gaap\W*$", re.I)
_CONTINUED = re.compile(r"\(?\bcontinued\b\)?", re.I)
_MARKER = re.compile(r"^\(?(?:\d{1,2}(?:\s*,\s*\d{1,2})*|[a-z]|[ivx]{1,4})\)?$|^\*{1,3}$|^[†‡§]$", re.I)
_MAX_CONTEXT = 10
_MAX_ABOVE = 8
_LONG_LINE = 160


def looks_like_html(text: str) -> bool:
    """True for HTML markup, whatever the file is called: a doctype, <html>/<body>, table cells, or tag soup."""
    head = text[:20000].lstrip("\ufeff")
    if _HTML_SNIFF.search(head):
        return True
    return len(_TAG.findall(head)) >= 20


def read_html_grids(path: Path, text: str | None = None) -> list[Grid]:
    """One Grid per statement, segment or non-GAAP reconciliation table in an HTML file."""
    if text is None:
        text = _read(path)
    items = parse_html(text)
    grids: list[Grid] = []
    above: list[TextBlock] = []
    last: _Built | None = None  # the grid the previous table went into, for continuations
    broke = False
    for item in items:
        if isinstance(item, TextBlock):
            above.append(item)
            continue
        if isinstance(item, PageBreak):
            broke = True
            above = []  # what sat on the previous page is not this table's heading
            continue
        built = _build(item, above, str(path))
        was_broken, broke = broke, False
        if built is None:
            # A table of words (a title set in a one-cell table, a footnote) reads like text above the next one.
            lines = _table_lines(item)
            above += lines
            if lines:
                last = None
            continue
        above = []
        if last is not None and _continues(last, built, was_broken):
            last.grid.rows.extend(built.grid.rows)
            continue
        if not built.grid.title:
            last = None
            continue
        grids.append(built.grid)
        last = built
    return grids


def _table_lines(table: Table) -> list[TextBlock]:
    lines = []
    for line, cells in table.placed_rows():
        text = " ".join(c.text for c in cells if c.text)
        if text:
            lines.append(TextBlock(text, next((c.line for c in cells if c.text), line)))
    return lines


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TieoutError(f"cannot read HTML file: {exc.strerror or exc}", str(path)) from exc
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


@dataclass
class _Built:
    grid: Grid
    width: int
    own_title: bool
    notes: list[str] = field(default_factory=list)


def _continues(prev: _Built, new: _Built, broken: bool) -> bool:
    """A table split across pages: no title of its own (or the same one "continued"), same columns."""
    if new.width != prev.width:
        return False
    if new.own_title:
        same = _CONTINUED.sub("", new.grid.title).strip().lower() == _CONTINUED.sub("", prev.grid.title).strip().lower()
        return same and bool(_CONTINUED.search(" ".join(new.notes)))
    return broken or not new.notes


def _cell_text(cell: PlacedCell, typical: float | None) -> str:
    """Cell text without footnote markers printed raised or in a smaller font."""
    keep = []
    for frag in cell.raw.fragments:
        small = typical is not None and frag.size is not None and frag.size <= 0.75 * typical
        mark = clean_text(frag.text)
        if (frag.sup or small) and mark and _MARKER.match(mark):
            continue
        keep.append(frag.text)
    text = clean_text("".join(keep))
    if _MARKER.match(text) and typical is not None and cell.raw.fragments:
        sizes = [f.size for f in cell.raw.fragments if f.size is not None and f.text.strip()]
        if sizes and max(sizes) <= 0.75 * typical:
            return ""
    return text


def _typical_size(table: Table) -> float | None:
    sizes = sorted(f.size for row in table.rows for c in row for f in c.fragments if f.size and f.text.strip())
    return sizes[len(sizes) // 2] if sizes else None


def _is_value_piece(text: str) -> bool:
    t = text.replace(" ", "")
    return is_figure(text) or t in {"$", "(", ")", "%", "$(", ")%", "%)"}


def _leading_nbsp(cell: PlacedCell) -> int:
    raw = "".join(f.text for f in cell.raw.fragments)
    raw = raw.lstrip("\r\n\t ")
    return len(raw) - len(raw.lstrip("\xa0 ")) if raw.startswith("\xa0") else 0


def _label_bold(cells: list[PlacedCell]) -> bool:
    frags = [f for c in cells for f in c.raw.fragments if f.text.strip()]
    return bool(frags) and all(f.bold for f in frags)


def _build(table: Table, above: list[TextBlock], file: str) -> _Built | None:
    rows = table.placed_rows()
    typical = _typical_size(table)
    texts = [[(c, _cell_text(c, typical)) for c in cells] for _, cells in rows]
    starts = [c.start for row in texts for c, t in row if t and c.start > 0 and _is_value_piece(t)]
    if not starts:
        return None
    first_value = min(starts)
    width = max((c.end for row in texts for c, _ in row), default=0) + 1

    def has_figure(row: list[tuple[PlacedCell, str]]) -> bool:
        return any(c.start >= first_value and is_figure(t) and not is_year(t) for c, t in row if t)

    body_start = next((i for i, row in enumerate(texts) if has_figure(row)), None)
    if body_start is None:
        return None
    context: list[tuple[str, int]] = []
    headers: list[list[HeaderCell]] = []
    section: GridRow | None = None
    for i, row in enumerate(texts[:body_start]):
        if headers and all(c.start < first_value for c, t in row if t):
            body_start = i  # "ASSETS", "Current assets:" under the column headings
            break
        header: list[HeaderCell] = []
        labels: list[tuple[PlacedCell, str]] = []
        for c, t in row:
            if not t:
                continue
            if c.start < first_value:
                labels.append((c, t))
            else:
                header.append(HeaderCell(strip_footnotes(t), c.start, c.end, c.line))
        if header:
            headers.append(header)
        if header and section is not None:
            context.append((section.label, section.line))
            section = None
        if header and len(labels) == 1 and _is_section(labels[0][1]):
            # "ASSETS" printed on the same row as the dates: the first body line, not a note.
            c, t = labels[0]
            section = GridRow(t, [], c.line, t, round(c.indent), c.column, bold=_label_bold([c]))
            labels = []
        context.extend((t, c.line) for c, t in labels)
    changes = [(h.start, h.end) for r in headers for h in r if is_change_header(h.text)]
    headers = [kept for r in headers if (kept := [h for h in r if not _within(h.start, h.end, changes)])]
    header_texts = {" ".join(h.text for h in row) for row in headers}
    body: list[GridRow] = []
    ruled = False  # a rule drawn under the figures since the last line with text: the next line totals
    for (line, _), row in zip(rows[body_start:], texts[body_start:], strict=True):
        values = [c for c, _ in row if c.start >= first_value]
        if not any(t for _, t in row):
            ruled = ruled or any(c.raw.rule_above or c.raw.rule_below for c in values)
            continue
        grid_row = _body_row(row, first_value, line, header_texts, changes)
        total = ruled or any(c.raw.rule_above for c, t in row if t and c.start >= first_value)
        ruled = any(c.raw.rule_below for c in values)
        if grid_row is not None:
            # Total style: a rule over the figures (not the rule under the column headings).
            grid_row.bold = grid_row.bold or (total and bool(grid_row.cells) and any(r.cells for r in body))
            append_row(body, grid_row)
    if section is not None:
        body.insert(0, section)
    in_table = list(context)
    blocks = _heading_run(above)
    title, title_line = _find_title(in_table, [(b.text, b.line) for b in above])
    context = blocks + in_table
    if len(context) > _MAX_CONTEXT:
        keep = context[-_MAX_CONTEXT:]
        if title and (title, title_line) not in keep:
            keep = [(title, title_line)] + keep[1:]
        context = keep
    grid = Grid(
        file=file,
        title=title,
        title_line=title_line,
        context=context,
        headers=headers,
        rows=body,
        format="html",
    )
    notes = [t for t, _ in blocks + in_table]
    return _Built(grid, width, bool(title), notes)


def _within(start: float, end: float, spans: list[tuple[float, float]]) -> bool:
    """Inside a change/ratio column: those figures are derived, not a period's."""
    return any(start >= a and end <= b for a, b in spans)


def _is_section(text: str) -> bool:
    """A line-item heading ("ASSETS", "Current assets:"), not a title or a units note."""
    return (
        not text.startswith("(")
        and scale_of(text) is None
        and statement_kind(text) is None
        and not re.search(r"\d|unaudited|in (thousands|millions|billions)", text, re.I)
    )


def _other_table(text: str) -> bool:
    """A segment or non-GAAP reconciliation table (a bare "Non-GAAP" summary heading is not one)."""
    return bool(_OTHER_TABLE.search(text) or (table_kind(text) == "NG" and not _BARE_NG.match(text)))


def _heading_run(above: list[TextBlock]) -> list[tuple[str, int]]:
    """The short lines right above a table (company, title, notes); narrative paragraphs end the run."""
    run: list[tuple[str, int]] = []
    for block in reversed(above):
        if len(block.text) > _LONG_LINE or len(run) >= _MAX_ABOVE:
            break
        run.append((block.text, block.line))
    return run[::-1]


def _find_title(in_table: list[tuple[str, int]], above: list[tuple[str, int]]) -> tuple[str, int]:
    """Nearest statement title in the table's first rows, then in the text above it."""
    candidates = list(in_table) + list(reversed(above))[:_MAX_ABOVE]
    for text, line in candidates:
        if statement_kind(text):
            return _CONTINUED.sub("", text).strip(" -–—"), line
    for text, line in candidates:
        if len(text) <= 160 and _other_table(text):
            return text, line
    return "", 0


def _body_row(
    row: list[tuple[PlacedCell, str]],
    first_value: int,
    line: int,
    header_texts: set[str],
    changes: list[tuple[float, float]],
) -> GridRow | None:
    label_cells = [c for c, t in row if t and c.start < first_value]
    label = " ".join(t for c, t in row if t and c.start < first_value)
    pieces = [Piece(t, c.line, c.column, float(c.end)) for c, t in row if t and c.start >= first_value]
    if not label and not pieces:
        return None
    merged = [p for p in merge_pieces(pieces) if not _within(p.position, p.position, changes)]
    values = [p for p in merged if is_figure(p.text) and not is_year(p.text)]
    if not label:
        # Header rows repeated after a page break inside the table, or stray notes.
        if not values or " ".join(p.text for p in pieces) in header_texts:
            return None
    elif not merged and (statement_kind(label) or _CONTINUED.fullmatch(label.strip())):
        return None
    cells = [Cell(p.text, p.line, p.column, p.position) for p in merged]
    first = label_cells[0] if label_cells else None
    indent = 0
    if first is not None:
        indent = round(first.indent) + _leading_nbsp(first)
    raw = " | ".join(t for _, t in row if t)
    return GridRow(
        label=strip_footnotes(label) if label else "",
        cells=cells,
        line=first.line if first is not None else (cells[0].line if cells else line),
        raw=raw,
        indent=indent,
        label_column=first.column if first is not None else 1,
        bold=_label_bold(label_cells) if label_cells else False,
    )
