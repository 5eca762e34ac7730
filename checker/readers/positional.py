"""Words with positions (a PDF text layer or OCR boxes) back into statement tables.

Extracted text order in a PDF follows the producer's drawing order, not the
printed rows, so rows and columns are rebuilt from coordinates: words are grouped
into lines by their vertical centre, joined into phrases where the gap is a
space, and each phrase is set on a fixed-width line at a column proportional to
its x (figures by their right edge, since columns of figures are right-aligned).
The plain-text table finder then reads those lines exactly as it reads an EDGAR
text exhibit, so titles, headers, wrapped labels and change columns behave the
same for every format; afterwards each cell gets its page, its line within the
page and its x coordinate back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from checker.readers.grid import Cell, Grid, HeaderCell
from checker.readers.numbers import parse_figure
from checker.readers.text import read_text_grids
from checker.readers.titles import table_kind

COLUMNS_PER_PAGE = 130  # fixed-width characters across a page; under the text reader's prose limit
_PAGE_BREAK = 4  # blank lines between pages: fewer than the gap that ends a table
_PHRASE_GAP = 0.8  # words closer than this many font heights are one phrase ("Net sales")
# "28 June 2015" (British and most non-US statements) as the period reader expects it: "June 28 2015".
_DAY_MONTH = re.compile(
    r"\b(\d{1,2})\s+(january|february|march|april|may|june|july|august|september|october|november|december)\b", re.I
)
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_MONTH_DAY_END = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?$", re.I)
_DATE_YEAR = re.compile(
    r"((?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}),?\s+(?:19|20)\d{2}\b", re.I
)
_CONTINUED = re.compile(r"\(?\bcontinued\b\)?|\(cont(?:'d|\.)\)", re.I)


@dataclass
class Word:
    """A word as printed: text, box in points (or pixels) from the top-left, and the reader's confidence."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    confidence: float | None = None  # 0..1 for OCR words; None for a text layer


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    words: list[Word]


@dataclass
class _Placed:
    """A phrase set on a rendered line: where it starts and ends in characters, and its words."""

    start: int
    end: int
    words: list[Word]


@dataclass
class Rendering:
    """The fixed-width text of a document and, per rendered line, where it came from."""

    lines: list[str] = field(default_factory=list)
    page_of: list[int | None] = field(default_factory=list)  # per rendered line
    line_in_page: list[int] = field(default_factory=list)
    scale: list[float] = field(default_factory=list)  # points per character on that line's page
    placed: list[list[_Placed]] = field(default_factory=list)
    # OCR confidence of each located cell, keyed like a fact's Source: (page, line, column).
    confidence: dict[tuple[int | None, int, int], float] = field(default_factory=dict)

    def words_at(self, line: int, start: int, end: int) -> list[Word]:
        """Words of rendered line `line` (1-based) overlapping character columns start..end (1-based, inclusive)."""
        if not 1 <= line <= len(self.placed):
            return []
        out: list[Word] = []
        for ph in self.placed[line - 1]:
            if ph.start + 1 <= end and start <= ph.end:
                out.extend(ph.words)
        return out


def render(pages: list[Page]) -> Rendering:
    out = Rendering()
    for page in pages:
        cw = page.width / COLUMNS_PER_PAGE
        line_no = 0
        prev_bottom: float | None = None
        for words in _drop_note_refs(_lines(page)):
            height = max(1.0, sorted(w.bottom - w.top for w in words)[len(words) // 2])
            top = min(w.top for w in words)
            if prev_bottom is not None and top - prev_bottom > 1.2 * height:
                # A visible gap between rows is a blank line, as it would be in a text exhibit.
                blanks = min(3, int((top - prev_bottom) / (1.2 * height)))
                for _ in range(blanks):
                    line_no += 1
                    out.lines.append("")
                    out.page_of.append(page.number)
                    out.line_in_page.append(line_no)
                    out.scale.append(cw)
                    out.placed.append([])
            prev_bottom = max(w.bottom for w in words)
            line_no += 1
            text, placed = _set_line(_phrases(words, height), cw)
            if _is_folio(text, top, page):
                line_no -= 1
                continue
            out.lines.append(text)
            out.page_of.append(page.number)
            out.line_in_page.append(line_no)
            out.scale.append(cw)
            out.placed.append(placed)
        for _ in range(_PAGE_BREAK):
            out.lines.append("")
            out.page_of.append(None)
            out.line_in_page.append(0)
            out.scale.append(cw)
            out.placed.append([])
    return out


def grids_from_pages(path: Path, pages: list[Page], fmt: str) -> tuple[list[Grid], Rendering]:
    """Statement grids of positioned words, with page, line-within-page and x on every cell."""
    rendering = render(pages)
    grids = read_text_grids(path, "\n".join(rendering.lines))
    for grid in grids:
        _locate(grid, rendering, fmt)
    return _join_continued(grids), rendering


def _lines(page: Page) -> list[list[Word]]:
    """Words grouped into printed lines by vertical centre, each left to right."""
    words = sorted((w for w in page.words if w.text.strip()), key=lambda w: (w.top + w.bottom) / 2)
    heights = sorted(w.bottom - w.top for w in words if any(ch.isalnum() for ch in w.text))
    # The page's text height, not the word's own: a dash or a comma has a box a few pixels high.
    h = max(1.0, heights[len(heights) // 2] if heights else 1.0)
    lines: list[list[Word]] = []
    centre = 0.0
    for w in words:
        c = (w.top + w.bottom) / 2
        if lines and abs(c - centre) <= 0.5 * h:
            lines[-1].append(w)
            centre = sum((x.top + x.bottom) / 2 for x in lines[-1]) / len(lines[-1])
        else:
            lines.append([w])
            centre = c
    return [sorted(line, key=lambda w: w.x0) for line in lines]


_NOTE_HEAD = re.compile(r"^notes?$", re.I)
_NOTE_REF = re.compile(r"^\(?\d{1,2}[a-z]?(?:\s*[,&/-]\s*\d{1,2}[a-z]?)*\)?,?$")


def _drop_note_refs(lines: list[list[Word]]) -> list[list[Word]]:
    """References under a "Notes" column ("3,6", "13") are not figures: a statement with one loses them.

    A reference sits under the heading word, well left of the first figure column;
    only small integers (and lists of them) in that span are dropped.
    """
    out: list[list[Word]] = []
    span: tuple[float, float] | None = None
    for words in lines:
        heads = [w for w in words if _NOTE_HEAD.match(w.text)]
        if span is None and heads and len(words) <= 8 and not any(parse_figure(w.text) and not _YEAR.match(w.text) for w in words):
            h = heads[0]
            pad = (h.x1 - h.x0) * 0.6
            span = (h.x0 - pad, h.x1 + pad)
            out.append([w for w in words if w is not h])  # the heading is not a period header either
            continue
        if span is not None:
            lo, hi = span
            words = [w for w in words if not (_NOTE_REF.match(w.text) and lo <= (w.x0 + w.x1) / 2 <= hi)]
        out.append(words)
    return [w for w in out if w]


def _phrases(words: list[Word], height: float) -> list[list[Word]]:
    out: list[list[Word]] = []
    for w in words:
        gap = w.x0 - out[-1][-1].x1 if out else 0.0
        if out and gap <= _PHRASE_GAP * height and not _both_figures(out[-1][-1], w):
            out[-1].append(w)
        elif out and gap <= 1.5 * height and _wordlike(out[-1][-1].text) and _wordlike(w.text):
            out[-1].append(w)  # "NET INCOME  BEFORE INCOME TAX": a scan's wide word spacing is still one label
        elif out and gap <= 4 * height and _YEAR.match(w.text) and _MONTH_DAY_END.search(" ".join(x.text for x in out[-1])):
            out[-1].append(w)  # "Dec 31" and "2022" set a little apart (the comma lost) are one date
        else:
            out.append([w])
    return out


def _wordlike(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z'’&.,:;()\-]*", text)) and text.lower() not in ("notes", "note", "p")


def _both_figures(a: Word, b: Word) -> bool:
    """Two figures side by side are two columns however close they sit."""
    return parse_figure(a.text) is not None and parse_figure(b.text) is not None and "$" not in a.text


def _set_line(phrases: list[list[Word]], cw: float) -> tuple[str, list[_Placed]]:
    text = ""
    placed: list[_Placed] = []
    for ph in phrases:
        s = _DAY_MONTH.sub(lambda m: f"{m.group(2)} {m.group(1)}", " ".join(w.text for w in ph))
        if parse_figure(s.replace("!", "$")) is not None or s in ("$", "!", "—", "-", "–"):
            start = round(ph[-1].x1 / cw) - len(s)  # figures align on their right edge
        else:
            start = round(ph[0].x0 / cw)
        if text:
            start = max(start, len(text) + 2)
        start = max(start, len(text))
        text = text + " " * (start - len(text)) + s
        placed.append(_Placed(start, start + len(s), ph))
    return text, placed


def _is_folio(text: str, top: float, page: Page) -> bool:
    """A page number in the top or bottom margin: not a statement line."""
    stripped = text.strip()
    margin = top < 0.06 * page.height or top > 0.9 * page.height
    return margin and bool(re.fullmatch(r"(?:page\s+)?[-–]?\s*\d{1,3}\s*[-–]?|[ivx]{1,5}", stripped, re.I))


def _locate(grid: Grid, rendering: Rendering, fmt: str) -> None:
    def where(line: int) -> tuple[int | None, int]:
        if 1 <= line <= len(rendering.page_of):
            return rendering.page_of[line - 1], rendering.line_in_page[line - 1]
        return None, line

    grid.format = fmt
    grid.page, grid.title_line = where(grid.title_line)
    grid.context = [(text, where(n)[1]) for text, n in grid.context]
    for header in grid.headers:
        for h in header:
            cw = rendering.scale[h.line - 1] if 1 <= h.line <= len(rendering.scale) else 1.0
            h.start, h.end = h.start * cw, h.end * cw
            h.line = where(h.line)[1]
    lefts: list[float] = []
    for row in grid.rows:
        row.page, row.line = where(row.line)
        for cell in row.cells:
            lefts.extend(_locate_cell(cell, rendering))
    _title_block_to_context(grid, min(lefts, default=0.0))


def _title_block_to_context(grid: Grid, figures_left: float) -> None:
    """Header lines that end left of every figure belong to the title block, not over a column.

    A parenthesised note there ("(With comparative figures for 2021)") goes to the context.
    A date line ("As of December 31 2022") over columns headed by years alone keeps its month
    and day for all of them, as "As of December 31" over "2022  2021" would.
    """
    over = [row for row in grid.headers if any(h.end > figures_left for h in row)]
    if not over or len(over) == len(grid.headers):
        return
    years_only = all(_YEAR.match(h.text.strip()) for h in over[-1])
    kept: list[list[HeaderCell]] = []
    for row in grid.headers:
        text = " ".join(h.text for h in row)
        if row in over:
            kept.append(row)
        elif re.fullmatch(r"\(.*\)", text.strip()):
            grid.context.append((text, row[0].line if row else grid.title_line))
        else:
            if years_only:
                for h in row:
                    h.text = _DATE_YEAR.sub(r"\1", h.text)
            kept.append(row)
    grid.headers = kept


def _locate_cell(cell: Cell, rendering: Rendering) -> list[float]:
    n = cell.line
    cw = rendering.scale[n - 1] if 1 <= n <= len(rendering.scale) else 1.0
    words = rendering.words_at(n, cell.column, cell.column + len(cell.text) - 1)
    right = max((w.x1 for w in words), default=cell.position * cw)
    cell.position = right
    cell.column = int(right)
    if 1 <= n <= len(rendering.page_of):
        cell.page, cell.line = rendering.page_of[n - 1], rendering.line_in_page[n - 1]
    confs = [w.confidence for w in words if w.confidence is not None]
    if confs:
        rendering.confidence[(cell.page, cell.line, cell.column)] = min(confs)
    return [min(w.x0 for w in words)] if words and parse_figure(cell.text.replace("!", "$")) is not None else []


def _join_continued(grids: list[Grid]) -> list[Grid]:
    """A statement carried over a page break ("(continued)", or its title repeated) is one statement."""
    out: list[Grid] = []
    for grid in grids:
        prev = out[-1] if out else None
        if (
            prev is not None
            and grid.page is not None
            and prev.page is not None
            and grid.page > prev.page
            and table_kind(grid.title) == table_kind(prev.title)
            and (_CONTINUED.search(grid.title) or _same_title(grid.title, prev.title))
        ):
            prev.rows.extend(grid.rows)
            continue
        out.append(grid)
    return out


def _same_title(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(_CONTINUED.sub(" ", s).lower().split())

    return norm(a) == norm(b)

