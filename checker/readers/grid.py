"""The layout-neutral table every document reader hands to the statement interpreter.

Text, HTML, Markdown and PDF readers only have to find tables and cut them into
labelled rows of cells with a horizontal position; `layout.py` then works out
periods, scale, units, signs, noise and merged rows once for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Cell:
    """A non-empty cell to the right of the label, as printed (`$`, parentheses and all).

    `position` orders cells horizontally and aligns partial rows with full ones: a
    tab-field index, a character column, an HTML column index or a PDF x coordinate.
    """

    text: str
    line: int
    column: int
    position: float
    page: int | None = None


@dataclass
class GridRow:
    label: str
    cells: list[Cell]
    line: int
    raw: str = ""
    indent: int = 0
    label_column: int = 1
    page: int | None = None
    bold: bool = False


@dataclass
class HeaderCell:
    """Text of a header row with the horizontal span it covers (same units as Cell.position)."""

    text: str
    start: float
    end: float
    line: int


@dataclass
class Grid:
    """One candidate statement table.

    `context` holds the lines above the table (titles, "in thousands" notes) nearest
    last; `headers` the rows between the title and the first figure, each a list of
    header cells; `rows` the body in reading order.
    """

    file: str
    title: str
    title_line: int
    context: list[tuple[str, int]] = field(default_factory=list)
    headers: list[list[HeaderCell]] = field(default_factory=list)
    rows: list[GridRow] = field(default_factory=list)
    page: int | None = None
    format: str = "text"
