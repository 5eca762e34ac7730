"""Markdown earnings releases (PDF and web renderings) cut into statement Grids.

Converters leave statements in three shapes, each handled on purpose:
pipe tables (`| Net sales | $ 63,171 |`), one cell per line (label, then each
figure on its own line), and a whole statement run together on one line. The
title and unit notes sit in the lines just above (a `##` heading, "(In thousands)")
or at the end of the previous statement's line. All three end in the same Grid,
with value-column numbers as positions, for the shared interpreter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from checker.errors import TieoutError
from checker.readers.figures import clean_text
from checker.readers.grid import Grid
from checker.readers.md_flat import flat_table, looks_flattened
from checker.readers.md_tables import MdTable, cell_lines, has_amount, pipe_table, unescape
from checker.readers.titles import statement_kind, table_kind

_HEADING = re.compile(r"(?m)^#{1,6}\s+\S")
_PIPE_SEPARATOR = re.compile(r"(?m)^\s*\|?\s*:?-{3,}:?\s*\|")
_LINK = re.compile(r"\[[^\]\n]+\]\((?:https?://|mailto:)")
_NOT_A_CELL = re.compile(r"^(?:#{1,6}\s|[-*+]\s|>|\||\[|-{3,}|\*{3,}|_{3,})")
_OTHER_TABLE = re.compile(r"segment|reconcil", re.I)
_BARE_NG = re.compile(r"^\W*non[-\s]?gaap\W*$", re.I)
_MAX_CELL = 100
_LONG_LINE = 200
_MAX_CONTEXT = 8
_TITLE_REACH = 12
_MIN_FIGURE_LINES = 6


def looks_like_markdown(text: str) -> bool:
    """Headings, pipe tables or links in Markdown syntax, whatever the file is called."""
    head = text[:65536]
    return bool(_PIPE_SEPARATOR.search(head) or _HEADING.search(head) or _LINK.search(head))


def read_markdown_grids(path: Path, text: str | None = None) -> list[Grid]:
    """One Grid per statement, segment or reconciliation table in a Markdown file."""
    if text is None:
        text = _read(path)
    lines = text.splitlines()
    grids: list[Grid] = []
    above: list[_Text] = []  # text lines since the previous table
    carried: tuple[str, int] | None = None
    for item in _walk(lines):
        if isinstance(item, _Text):
            above.append(item)
            continue
        grid = _grid(str(path), item, above, carried)
        if grid is None and carried is None and grids and len(above) <= 2 and all(len(t.text) <= 40 for t in above):
            # A table continued right below the last one (only "(unaudited)" between): same title.
            grid = _grid(str(path), item, above, (grids[-1].title, grids[-1].title_line))
        carried = item.table.trailing
        above = []
        if grid is not None:
            grids.append(grid)
    return grids


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TieoutError(f"cannot read Markdown file: {exc.strerror or exc}", str(path)) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


@dataclass
class _Text:
    text: str
    line: int
    heading: bool = False


@dataclass
class _Table:
    table: MdTable
    line: int
    prefix: list[tuple[str, int]] = field(default_factory=list)


def _walk(lines: list[str]) -> list[_Text | _Table]:
    """Text lines and tables in reading order; line numbers are 1-based."""
    out: list[_Text | _Table] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("|"):
            j = i
            while j < len(lines) and lines[j].strip().startswith("|"):
                j += 1
            table = pipe_table([(k + 1, lines[k]) for k in range(i, j)])
            if table is not None:
                out.append(_Table(table, i + 1))
            else:
                out.extend(_Text(clean_text(unescape(lines[k])), k + 1) for k in range(i, j))
            i = j
            continue
        if stripped and looks_flattened(line):
            table = flat_table(line, i + 1)
            if table is not None:
                out.append(_Table(table, i + 1))
                i += 1
                continue
        run_end, cells = _cell_run(lines, i)
        if sum(1 for t, _, _ in cells if has_amount(t)) >= _MIN_FIGURE_LINES:
            out.extend(_cell_tables(cells))
            i = run_end
            continue
        if len(cells) > 1:
            # Not a table; no shorter run inside it can be one either: all of it is text.
            out.extend(_Text(_heading_text(lines[ln - 1].strip()), ln, lines[ln - 1].lstrip().startswith("#")) for _, ln, _ in cells)
            i = run_end
            continue
        if stripped:
            out.append(_Text(_heading_text(stripped), i + 1, stripped.startswith("#")))
        i += 1
    return out


def _heading_text(text: str) -> str:
    return clean_text(unescape(text.lstrip("#").strip().strip("*_").strip()))


def _cell_like(line: str) -> bool:
    s = line.strip()
    return len(s) <= _MAX_CELL and not _NOT_A_CELL.match(s)


def _cell_run(lines: list[str], i: int) -> tuple[int, list[tuple[str, int, int]]]:
    """Short lines from `i` on (blank lines allowed between them): a table printed one cell per line?"""
    cells: list[tuple[str, int, int]] = []
    j = i
    while j < len(lines):
        s = lines[j].strip()
        if not s:
            j += 1
            continue
        if not _cell_like(lines[j]) or looks_flattened(lines[j]):
            break
        cells.append((clean_text(unescape(s)), j + 1, len(lines[j]) - len(lines[j].lstrip()) + 1))
        j += 1
    return j, cells


def _other_table(text: str) -> bool:
    """A segment or non-GAAP reconciliation table (a bare "Non-GAAP" summary heading is not one)."""
    return bool(_OTHER_TABLE.search(text) or (table_kind(text) == "NG" and not _BARE_NG.match(text)))


def _is_title(text: str) -> bool:
    return bool(statement_kind(text)) or (len(text) <= 160 and _other_table(text))


def _cell_tables(cells: list[tuple[str, int, int]]) -> list[_Text | _Table]:
    """Split a run of one-cell lines at statement titles; each part is read as one table."""
    out: list[_Text | _Table] = []
    starts = [k for k, (t, _, _) in enumerate(cells) if _is_title(t)]
    if not starts or starts[0] != 0:
        starts = [0, *starts]
    pending: list[tuple[str, int]] = []
    for a, b in zip(starts, [*starts[1:], len(cells)], strict=True):
        part = cells[a:b]
        titled = _is_title(part[0][0])
        table = cell_lines(part[1:] if titled else part)
        if table is None:
            pending.extend((t, ln) for t, ln, _ in part)
            continue
        if titled:
            table.title = (part[0][0], part[0][1])
        out.extend(_Text(t, ln) for t, ln in pending)
        pending = []
        out.append(_Table(table, part[0][1]))
    out.extend(_Text(t, ln) for t, ln in pending)
    return out


def _grid(file: str, item: _Table, above_items: list[_Text], carried: tuple[str, int] | None) -> Grid | None:
    table = item.table
    above = [(t.text, t.line) for t in above_items]
    context = _context(above)
    if carried is not None:
        context.append(carried)
    if table.title is not None:
        context.append(table.title)
    context.extend(table.notes)
    candidates = []
    if table.title is not None:
        candidates.append(table.title)
    if carried is not None:
        candidates.append(carried)
    heading = next((t for t in reversed(above_items) if t.heading), None)
    if heading is not None and (heading.text, heading.line) in context:
        # A Markdown heading right above the table names it; words inside the table
        # ("Cash Flows and Shares") are its sections, not its title.
        candidates.append((heading.text, heading.line))
    else:
        candidates += table.notes
        candidates += [(t, ln) for t, ln in reversed(above) if len(t) <= _LONG_LINE][:_TITLE_REACH]
    title = next((c for c in candidates if statement_kind(c[0])), None)
    if title is None:
        title = next((c for c in candidates if len(c[0]) <= 160 and _other_table(c[0])), None)
    if title is None or not any(r.cells for r in table.rows):
        return None
    if title not in context:
        context.insert(0, title)
    name, company, notes = _split_title(title[0])
    if name != title[0]:
        # "AMAZON.COM, INC. Consolidated Balance Sheets (in millions) (unaudited)": the company
        # and the notes become context lines of their own; the title is the statement's name.
        at = context.index(title)
        title = (name, title[1])
        context[at : at + 1] = [(t, title[1]) for t in [*company, name, *notes]]
    return Grid(
        file=file,
        title=title[0],
        title_line=title[1],
        context=context[-_MAX_CONTEXT:] if title in context[-_MAX_CONTEXT:] else [title, *context[-_MAX_CONTEXT + 1 :]],
        headers=table.headers,
        rows=table.rows,
        format="markdown",
    )


_COMPANY = re.compile(
    r"^(?P<company>.*?\b(?:inc|corp|corporation|ltd|llc|plc|co|company|holdings)\b\.?(?:\s+and\s+subsidiaries)?),?\s*(?=\S)",
    re.I,
)
_NOTE_WORDS = re.compile(r"unaudited|audited|thousands|millions|billions|except|dollars|\$", re.I)
_TRAILING_NOTE = re.compile(r"\s*(\([^()]*\))\s*$")


def _split_title(text: str) -> tuple[str, list[str], list[str]]:
    """(statement name, [company], [notes]) from a heading that runs them together."""
    rest, notes = text, []
    while (m := _TRAILING_NOTE.search(rest)) and m.start() > 0 and _NOTE_WORDS.search(m.group(1)):
        notes.insert(0, m.group(1))
        rest = rest[: m.start()]
    company: list[str] = []
    m = _COMPANY.match(rest)
    if m and (statement_kind(rest[m.end() :]) or _other_table(rest[m.end() :])):
        company, rest = [m.group("company").strip()], rest[m.end() :]
    rest = rest.strip()
    if not (notes or company) or not (statement_kind(rest) or _other_table(rest)):
        return text, [], []
    return rest, company, notes


def _context(above: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The short lines right above a table, nearest last; a narrative paragraph ends them."""
    run: list[tuple[str, int]] = []
    for text, line in reversed(above):
        if len(text) > _LONG_LINE or len(run) >= _MAX_CONTEXT:
            break
        run.append((text, line))
    return run[::-1]
