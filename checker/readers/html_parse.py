"""A forgiving pass over an HTML document: text blocks and tables, with source positions.

EDGAR exhibits are old, hand-made or machine-generated HTML (unclosed `<P>`, `<FONT>`
soup, everything on one 900 KB line). The standard-library parser never raises on
such input and reports where every text fragment starts, which is what lets a figure
be traced back to `file:line:column`. Tables are expanded to logical columns
(colspan/rowspan) here so the grid builder only sees rows of placed cells.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from checker.readers.figures import clean_text

_BLOCK_TAGS = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "hr", "center",
    "section", "article", "header", "footer", "blockquote", "pre", "dd", "dt", "dl",
}
_SKIP_TAGS = {"script", "style", "head", "title", "svg", "noscript", "template"}
_VOID_TAGS = {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source"}
_BOLD_WEIGHT = re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)", re.I)
_NORMAL_WEIGHT = re.compile(r"font-weight\s*:\s*(normal|lighter|[1-5]00)", re.I)
_LENGTH = r"(-?\d*\.?\d+)\s*(em|pt|px|in|%|rem|ex|ch)?"
_MARGIN_LEFT = re.compile(r"(?:margin|padding)-left\s*:\s*" + _LENGTH, re.I)
_TEXT_INDENT = re.compile(r"text-indent\s*:\s*" + _LENGTH, re.I)
_PADDING = re.compile(r"(?<![-\w])padding\s*:\s*([^;\"']+)", re.I)
_FONT_SIZE = re.compile(r"font-size\s*:\s*(\d*\.?\d+)\s*(pt|px)", re.I)
_RAISED = re.compile(r"vertical-align\s*:\s*super|position\s*:\s*relative[^\"']*?(top\s*:\s*-|bottom\s*:\s*\.?\d)", re.I)
_RULE_ABOVE = re.compile(r"border-top(?:\s*:\s*(?!none|0\b|hidden)[^;\"']*\b(?:solid|double)|-solid|-double)", re.I)
_RULE_BELOW = re.compile(r"border-bottom(?:\s*:\s*(?!none|0\b|hidden)[^;\"']*\b(?:solid|double)|-solid|-double)", re.I)
_HIDDEN = re.compile(r"display\s*:\s*none", re.I)
_PAGE_BREAK = re.compile(r"page-break-(before|after)\s*:\s*always|break-(before|after)\s*:\s*page", re.I)
# Approximate width of one character of body text, per CSS unit.
_CHARS_PER_UNIT = {"em": 2.0, "rem": 2.0, "ch": 1.0, "ex": 1.0, "pt": 0.2, "px": 0.15, "in": 14.0, "": 0.15}


@dataclass
class Fragment:
    text: str
    line: int
    column: int  # 1-based
    bold: bool
    size: float | None = None  # CSS font size in points, when the markup says
    sup: bool = False  # raised (superscript): footnote markers live here


@dataclass
class RawCell:
    fragments: list[Fragment] = field(default_factory=list)
    colspan: int = 1
    rowspan: int = 1
    line: int = 0
    indent: float = 0.0
    bold: bool = False
    hidden: bool = False
    rule_above: bool = False  # a border drawn on top of the cell: the line above a total
    rule_below: bool = False

    @property
    def text(self) -> str:
        return clean_text("".join(f.text for f in self.fragments))


@dataclass
class PlacedCell:
    """A cell at its logical column range (inclusive) after colspan/rowspan expansion."""

    text: str
    start: int
    end: int
    line: int
    column: int
    bold: bool
    indent: float
    raw: RawCell


@dataclass
class Table:
    rows: list[list[RawCell]] = field(default_factory=list)
    row_lines: list[int] = field(default_factory=list)
    row_bold: list[bool] = field(default_factory=list)
    line: int = 0

    def placed_rows(self) -> list[tuple[int, list[PlacedCell]]]:
        """Rows as (line, cells at logical columns); cells covered by a rowspan appear once."""
        taken: dict[tuple[int, int], bool] = {}
        out: list[tuple[int, list[PlacedCell]]] = []
        for r, row in enumerate(self.rows):
            col = 0
            placed: list[PlacedCell] = []
            for cell in row:
                if cell.hidden:  # display:none cells take no column in a rendered table
                    continue
                while taken.get((r, col)):
                    col += 1
                span = max(1, min(cell.colspan, 200))
                for dr in range(max(1, min(cell.rowspan, 200))):
                    for dc in range(span):
                        taken[(r + dr, col + dc)] = True
                line, column = first_position(cell)
                placed.append(
                    PlacedCell(cell.text, col, col + span - 1, line, column, cell.bold or self.row_bold[r], cell.indent, cell)
                )
                col += span
            out.append((self.row_lines[r], placed))
        return out


def first_position(cell: RawCell) -> tuple[int, int]:
    """Line and 1-based column of the first visible character of a cell."""
    for frag in cell.fragments:
        text = frag.text
        stripped = text.lstrip(" \t\r\n\xa0\u200b")
        if not stripped:
            continue
        lead = text[: len(text) - len(stripped)]
        newlines = lead.count("\n")
        if newlines:
            return frag.line + newlines, len(lead) - lead.rfind("\n")
        return frag.line, frag.column + len(lead)
    return cell.line, 1


@dataclass
class TextBlock:
    text: str
    line: int
    bold: bool = False


@dataclass
class PageBreak:
    line: int


Item = TextBlock | Table | PageBreak


def _indent_of(style: str) -> float:
    total = 0.0
    for m in _MARGIN_LEFT.finditer(style):
        total += float(m.group(1)) * _CHARS_PER_UNIT.get((m.group(2) or "").lower(), 0.0)
    m = _PADDING.search(style)
    if m:
        parts = m.group(1).split()
        left = parts[{1: 0, 2: 1, 3: 1}.get(len(parts), 3)] if parts else "0"
        lm = re.match(_LENGTH, left)
        if lm:
            total += float(lm.group(1)) * _CHARS_PER_UNIT.get((lm.group(2) or "").lower(), 0.0)
    m = _TEXT_INDENT.search(style)
    if m and float(m.group(1)) > 0:
        total += float(m.group(1)) * _CHARS_PER_UNIT.get((m.group(2) or "").lower(), 0.0)
    return total


@dataclass
class _Open:
    """An open element and what it sets for the text inside it (None: inherits)."""

    tag: str
    bold: bool | None = None
    size: float | None = None
    sup: bool = False


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.items: list[Item] = []
        self.tables: list[Table] = []  # open tables, innermost last
        self.cells: list[RawCell | None] = []  # open cell per open table
        self.stack: list[_Open] = []
        self.skip = 0
        self.block: list[Fragment] = []

    # -- state helpers -------------------------------------------------
    def _style_now(self) -> tuple[bool, float | None, bool]:
        bold, size, sup = False, None, False
        for el in self.stack:
            if el.bold is not None:
                bold = el.bold
            if el.size is not None:
                size = el.size
            sup = sup or el.sup
        return bold, size, sup

    def _in_cell(self) -> bool:
        return bool(self.tables) and self.cells[-1] is not None

    def _flush_block(self) -> None:
        if not self.block:
            return
        text = clean_text("".join(f.text for f in self.block))
        if text:
            cell = RawCell(fragments=self.block)
            line, _ = first_position(cell)
            chars = [f for f in self.block if f.text.strip()]
            bold = bool(chars) and all(f.bold for f in chars)
            self.items.append(TextBlock(text, line, bold))
        self.block = []

    def _close_cell(self) -> None:
        if self.tables and self.cells[-1] is not None:
            self.cells[-1] = None

    def _pop_to(self, tag: str) -> bool:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return True
        return False

    def _pop_to_table_level(self, tags: set[str]) -> None:
        """Close any `tags` element opened inside the innermost table (not an outer one)."""
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == "table":
                return
            if self.stack[i].tag in tags:
                del self.stack[i:]
                return

    # -- HTMLParser hooks ----------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag in _SKIP_TAGS:
            self.skip += 1
            return
        a = {k.lower(): (v or "") for k, v in attrs}
        style = a.get("style", "")
        line = self.getpos()[0]
        if _PAGE_BREAK.search(style):
            self._flush_block()
            self.items.append(PageBreak(line))
        el = _Open(tag)
        if tag in {"b", "strong", "th"} or _BOLD_WEIGHT.search(style):
            el.bold = True
        elif _NORMAL_WEIGHT.search(style):
            el.bold = False
        m = _FONT_SIZE.search(style)
        if m:
            el.size = float(m.group(1)) * (0.75 if m.group(2).lower() == "px" else 1.0)
        el.sup = tag == "sup" or (tag not in {"td", "th", "tr", "table"} and bool(_RAISED.search(style)))
        indent = _indent_of(style)
        if tag == "table":
            self._flush_block()
            table = Table(line=line)
            self.items.append(table)
            self.tables.append(table)
            self.cells.append(None)
            self.stack.append(el)
            return
        if self.tables and tag == "tr":
            self._close_cell()
            self._pop_to_table_level({"tr"})
            t = self.tables[-1]
            t.rows.append([])
            t.row_lines.append(line)
            t.row_bold.append(bool(el.bold))
            self.stack.append(el)
            return
        if self.tables and tag == "caption":
            # A caption is the table's title: kept as a first row of one cell, read with the heading rows.
            self._close_cell()
            t = self.tables[-1]
            t.rows.append([])
            t.row_lines.append(line)
            t.row_bold.append(bool(el.bold))
            tag = "td"
        if self.tables and tag in {"td", "th"}:
            self._close_cell()
            self._pop_to_table_level({"td", "th"})
            t = self.tables[-1]
            if not t.rows:
                t.rows.append([])
                t.row_lines.append(line)
                t.row_bold.append(False)
            cell = RawCell(colspan=_int(a.get("colspan")), rowspan=_int(a.get("rowspan")), line=line, indent=indent)
            cell.bold = bool(el.bold)
            cell.hidden = bool(_HIDDEN.search(style))
            look = style + " " + a.get("class", "").replace("_", "-")
            cell.rule_above = bool(_RULE_ABOVE.search(look))
            cell.rule_below = bool(_RULE_BELOW.search(look))
            t.rows[-1].append(cell)
            self.cells[-1] = cell
            self.stack.append(el)
            return
        if tag in _BLOCK_TAGS and not self._in_cell():
            self._flush_block()
        if self._in_cell():
            self.cells[-1].indent += indent  # type: ignore[union-attr]
        if tag not in _VOID_TAGS:
            self.stack.append(el)
        elif tag == "br":
            self._text(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in _VOID_TAGS and tag.lower() not in _SKIP_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if tag == "table":
            if self.tables:
                self._pop_to("table")
                self.tables.pop()
                self.cells.pop()
            return
        if self.tables and tag in {"td", "th", "tr", "caption"}:
            self._close_cell()
            self._pop_to_table_level({"td" if tag == "caption" else tag})
            return
        if tag in _BLOCK_TAGS and not self._in_cell():
            self._flush_block()
        self._pop_to(tag)

    def _text(self, text: str) -> None:
        if self.skip:
            return
        line, offset = self.getpos()
        bold, size, sup = self._style_now()
        frag = Fragment(text, line, offset + 1, bold, size, sup)
        if self.tables:
            cell = self.cells[-1]
            if cell is not None and not cell.hidden:
                cell.fragments.append(frag)
            return
        self.block.append(frag)

    def handle_data(self, data: str) -> None:
        self._text(data)

    def handle_entityref(self, name: str) -> None:
        text = html.unescape(f"&{name};")
        self._text(text if text != f"&{name};" else f"&{name}")

    def handle_charref(self, name: str) -> None:
        self._text(html.unescape(f"&#{name};"))

    def close(self) -> None:
        super().close()
        self._flush_block()


def _int(value: str | None) -> int:
    try:
        return max(1, int(str(value).strip().strip('"')))
    except (TypeError, ValueError):
        return 1


def parse_html(text: str) -> list[Item]:
    """Text blocks, page breaks and tables in document order; never raises on bad markup."""
    parser = _Parser()
    parser.feed(text)
    parser.close()
    return parser.items
