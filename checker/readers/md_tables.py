"""Markdown statement tables that kept their cells: pipe tables and one cell per line.

Both end in the same `MdTable` (headers, rows, notes) that `markdown.py` turns into
a Grid. Cell positions are value-column numbers (1 = first column after the
label), so partial rows line up with full ones and with the header spans.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from checker.readers.figures import (
    NIL,
    Piece,
    clean_text,
    is_change_header,
    is_figure,
    is_nil,
    is_year,
    merge_pieces,
    strip_footnotes,
)
from checker.readers.grid import Cell, GridRow, HeaderCell
from checker.readers.md_headers import is_header_text, kind_of, spread
from checker.readers.wrapped import append_row

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|$&<>~])")
_BOLD = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*$")


@dataclass
class MdTable:
    """A table cut out of Markdown, before it becomes a Grid."""

    headers: list[list[HeaderCell]]
    rows: list[GridRow]
    notes: list[tuple[str, int]] = field(default_factory=list)
    title: tuple[str, int] | None = None
    trailing: tuple[str, int] | None = None  # the next table's title, run into this table's line


def unescape(text: str) -> str:
    """Markdown backslash escapes and HTML entities out: `\\_`, `\\$`, `&amp;`."""
    return html.unescape(_MD_ESCAPE.sub(r"\1", text))


def figure_text(text: str) -> str:
    """A value cell as printed, with the spacing PDF converters add taken out: `$ 1,234` -> `$1,234`."""
    t = clean_text(unescape(text))
    t = re.sub(r"\$\s+(?=[\d(.-])", "$", t)
    t = re.sub(r"(?<=[\d)])\s+%", "%", t)
    t = re.sub(r"\(\s+", "(", t)
    t = re.sub(r"\s+\)", ")", t)
    if is_nil(t):
        return NIL
    return t


def has_amount(text: str) -> bool:
    """At least one figure that is not a bare year ("$63,171", "1,234 5,678", "—")."""
    return any(is_figure(tok) and not is_year(tok) for tok in figure_text(text).split())


def _bold(text: str) -> tuple[str, bool]:
    m = _BOLD.match(text)
    return (m.group(2), True) if m else (text, False)


def _split_pipes(text: str) -> list[tuple[str, int]]:
    """Cells of a pipe-table line with the 1-based column where each cell's text starts."""
    cells: list[tuple[str, int]] = []
    start = text.find("|")
    if start < 0:
        return [(text.strip(), 1)]
    i = start + 1
    current, begin = [], i
    while i <= len(text):
        ch = text[i] if i < len(text) else "|"
        if ch == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if ch == "|":
            raw = "".join(current)
            lead = len(raw) - len(raw.lstrip())
            cells.append((raw.strip(), begin + lead + 1))
            current, begin = [], i + 1
        else:
            current.append(ch)
        i += 1
    if cells and cells[-1][0] == "" and text.rstrip().endswith("|"):
        cells.pop()
    return cells


def pipe_table(lines: list[tuple[int, str]]) -> MdTable | None:
    """A pipe table: header rows are those above the first row with an amount in a value cell."""
    rows = [(ln, _split_pipes(text), text) for ln, text in lines if not _SEPARATOR.match(text)]
    rows = [r for r in rows if any(t for t, _ in r[1])]
    first = next((i for i, (_, cells, _) in enumerate(rows) if any(has_amount(t) for t, _ in cells[1:])), None)
    if first is None:
        return None
    notes: list[tuple[str, int]] = []
    headers: list[list[HeaderCell]] = []
    for k, (ln, cells, _) in enumerate(rows[:first]):
        if headers and not any(t for t, _ in cells[1:]):
            first = k  # "ASSETS", "Current assets:" under the column headings: body lines
            break
        if cells and cells[0][0]:
            notes.append((clean_text(unescape(cells[0][0])), ln))
        header: list[HeaderCell] = []
        for i, (text, _) in enumerate(cells[1:], start=1):
            t = strip_footnotes(clean_text(unescape(_bold(text)[0])))
            if not t:
                continue
            if header and header[-1].text == t and header[-1].end == i - 1 and not is_year(t):
                header[-1].end = i  # a colspan the converter repeated in every column
            else:
                header.append(HeaderCell(t, i, i, ln))
        if header:
            headers.append(header)
    changes = [(h.start, h.end) for r in headers for h in r if is_change_header(h.text)]
    headers = [kept for r in headers if (kept := [h for h in r if not _inside(h.start, changes)])]
    body: list[GridRow] = []
    for ln, cells, raw in rows[first:]:
        label_text, label_col = cells[0] if cells else ("", 1)
        label_text, bold = _bold(unescape(label_text))
        pieces = [
            Piece(figure_text(t), ln, col, float(i))
            for i, (t, col) in enumerate(cells[1:], start=1)
            if t.strip() and not _inside(i, changes)
        ]
        label = clean_text(label_text)
        if not label and all(is_year(p.text) or is_header_text(p.text) for p in pieces):
            continue  # header row repeated further down
        merged = merge_pieces(pieces)
        indent = max(0, len(cells[0][0]) - len(cells[0][0].lstrip())) if cells else 0
        row = GridRow(
            label=strip_footnotes(label) if label else "",
            cells=[Cell(p.text, p.line, p.column, p.position) for p in merged],
            line=ln,
            raw=raw.strip(),
            indent=indent,
            label_column=label_col,
            bold=bold,
        )
        append_row(body, row)
    return MdTable(headers, body, notes)


def _inside(position: float, spans: list[tuple[float, float]]) -> bool:
    return any(a <= position <= b for a, b in spans)


def cell_lines(items: list[tuple[str, int, int]]) -> MdTable | None:
    """A table printed one cell per line: notes, then heading lines, then labels each followed by figures."""
    i = 0
    notes: list[tuple[str, int]] = []
    while i < len(items) and not is_header_text(items[i][0]) and not has_amount(items[i][0]):
        notes.append((items[i][0], items[i][1]))
        i += 1
    heads: list[tuple[str, str, int, int]] = []
    while i < len(items) and is_header_text(items[i][0]):
        text, line, col = items[i]
        heads.append((kind_of(text), clean_text(text), line, col))
        i += 1
    raw_rows: list[tuple[str, int, int, list[Piece]]] = []
    ncols = sum(1 for k, _, _, _ in heads if k in ("year", "num")) or 0
    for text, line, col in items[i:]:
        if has_amount(text):
            if not raw_rows or (ncols and len(raw_rows[-1][3]) >= ncols):
                raw_rows.append(("", line, col, []))  # figures with no label: a total line
            raw_rows[-1][3].append(Piece(figure_text(text), line, col, float(len(raw_rows[-1][3]) + 1)))
        else:
            raw_rows.append((text, line, col, []))
    if not any(pieces for *_, pieces in raw_rows):
        return None
    if not ncols:
        counts = [len(p) for *_, p in raw_rows if p]
        ncols = max(set(counts), key=counts.count)
    body: list[GridRow] = []
    for label, line, col, pieces in raw_rows:
        merged = merge_pieces(pieces)
        cells = [Cell(p.text, p.line, p.column, float(j + 1)) for j, p in enumerate(merged)]
        raw = " | ".join([label, *(p.text for p in pieces)]).strip(" |")
        append_row(body, GridRow(strip_footnotes(label) if label else "", cells, line, raw, 0, col))
    return MdTable(spread(heads, ncols), body, notes)
