"""A whole statement run together on one Markdown line, as newswire renderings print it.

"... 2024 2023 Revenues  $ 47,004  $ 70,764 ...Cost of goods sold  49,044 ..." has
no cells left: words and figures alternate, a figure glued to the next label
("186,717Cost"), figures glued to each other ("3,8703,254", "317(649)"). The line
is split where the printed form leaves no doubt (a comma group is always three
digits; a parenthesis closes a figure), then read as label-then-figures rows.
Figures that cannot be told apart ("252208906873") stay one cell: the interpreter
reports them, the reader does not guess.
"""

from __future__ import annotations

import re

from checker.readers.figures import Piece, is_figure, is_nil, is_year, merge_pieces, strip_footnotes
from checker.readers.grid import Cell, GridRow
from checker.readers.md_headers import header_items, spread
from checker.readers.md_tables import MdTable, figure_text, unescape
from checker.readers.titles import statement_kind

_NOTE = re.compile(
    r"\((?:in|amounts\s+in|dollars\s+in)\s+\$?\s*(?:thousands|millions|billions)[^)]*\)|\(\s*unaudited\s*\)", re.I
)
# Points inside a run of non-space characters where one token ends and the next begins.
_GLUE = re.compile(
    r"(?<=[\d)])(?=[A-Za-z])"  # 186,717Cost, 2023Net, (in $ thousands)Net
    r"|(?<=[^\s$])(?=\$)"  # revenues$
    r"|(?<=\$)(?=[\d(])"  # $3,849
    r"|(?<=\d)(?=\()|(?<=\))(?=[\d($])"  # 317(649)6(1,593)
    r"|(?<=,\d{3})(?=\d)"  # 3,8703,254: a comma group has three digits
    r"|(?<=[a-z]{3})(?=[A-Z][a-z])"  # AdjustmentsInterest, endedDecember
    r"|(?<=:)(?=\S)"  # (income):Interest
)
_DAY_YEAR = re.compile(r"^(\d{1,2},)((?:19|20)\d\d)$")
_HEAD_WORD = re.compile(r"^(?:Totals|Annual|YTD)$")
_DATE_TOKEN = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4}$")


def _tokens(text: str) -> list[tuple[str, int]]:
    """Whitespace tokens, split again at glue points, with their 0-based offsets."""
    out: list[tuple[str, int]] = []
    for m in re.finditer(r"\S+", text):
        tok, base = m.group(0), m.start()
        if len(tok) > 1 and tok[0] in "-–—" and tok[1].isupper():  # "-Lease liabilities": a nil, then a label
            out.append((tok[0], base))
            tok, base = tok[1:], base + 1
        day_year = _DAY_YEAR.match(tok)
        if day_year:  # "31,2024": a day and a year, not a run-together amount
            out += [(day_year.group(1), base), (day_year.group(2), base + len(day_year.group(1)))]
            continue
        cuts = [0, *(g.start() for g in _GLUE.finditer(tok) if 0 < g.start() < len(tok)), len(tok)]
        for a, b in zip(cuts, cuts[1:], strict=False):
            if b > a:
                out.append((tok[a:b], base + a))
    return out


def _value(tok: str) -> bool:
    return tok in ("$", "%", ")") or is_nil(tok) or (is_figure(tok) and not _DATE_TOKEN.match(tok))


def looks_flattened(text: str) -> bool:
    """Many figures, and either dense or laid out with the runs of spaces a table leaves."""
    tokens = _tokens(text)
    values = sum(1 for t, _ in tokens if t != "$" and _value(t) and not is_year(t))
    gaps = len(re.findall(r"\S\s{3,}\S", text))
    return values >= 8 and (values >= 0.2 * len(tokens) or gaps >= values // 2)


def _upper_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def flat_table(text: str, line: int) -> MdTable | None:
    """Rows of a run-together statement line; notes and a trailing next-table title split off."""
    notes = [(" ".join(m.group(0).split()), line) for m in _NOTE.finditer(text)]
    blanked = _NOTE.sub(lambda m: " " * len(m.group(0)), text)
    tokens = _tokens(blanked)
    first_value = next((i for i, (t, _) in enumerate(tokens) if _value(t) and not is_year(t) and t != ")"), None)
    if first_value is None:
        return None
    # The heading ends with the last year or date before the first amount.
    head_end = max(
        (i for i, (t, _) in enumerate(tokens[:first_value]) if is_year(t) or _DATE_TOKEN.match(t)), default=-1
    )
    head_text = blanked[: tokens[head_end][1] + len(tokens[head_end][0])] if head_end >= 0 else ""
    heads = [(kind, t, line, off + 1) for kind, t, off in header_items(head_text)]
    while head_end + 1 < len(tokens) and _HEAD_WORD.match(tokens[head_end + 1][0]):
        head_end += 1  # "... 12/31/24 Totals": the last column's heading, not a label
    rows: list[tuple[list[tuple[str, int]], list[Piece]]] = []
    label: list[tuple[str, int]] = []
    values: list[Piece] = []
    for tok, off in tokens[head_end + 1 :]:
        if _value(tok):
            values.append(Piece(figure_text(tok) if tok not in ("$", "%", ")") else tok, line, off + 1, 0.0))
            continue
        starts_row = tok[:1].isupper() or (tok[:1] == "(" and tok[1:2].isupper())
        if values and starts_row:
            rows.append((label, values))
            label, values = [], []
        elif values:  # "10,544,691 and ..." : figures inside a label
            label += [(p.text, p.column - 1) for p in values]
            values = []
        label.append((tok, off))
    trailing = None
    if label and not values:
        tail = " ".join(t for t, _ in label)
        if statement_kind(tail) or (len(tail) >= 10 and _upper_ratio(tail) > 0.8):
            trailing = (unescape(tail), line)  # the next table's title, run into this line
        else:
            rows.append((label, values))
    elif label or values:
        rows.append((label, values))
    expected = sum(1 for k, *_ in heads if k in ("year", "num")) or sum(1 for k, *_ in heads if k == "date")
    for words, pieces in rows:
        # "... at December 31, 2024 and 2023  -  -": the year ends the label, the dashes are the figures.
        while expected and len(pieces) > expected and is_year(pieces[0].text):
            words.append((pieces[0].text, pieces[0].column - 1))
            pieces.pop(0)
    body: list[GridRow] = []
    for words, pieces in rows:
        sections, item = _split_sections(words)
        for section, off in sections:
            body.append(GridRow(section, [], line, section, 0, off + 1))
        if not item and not pieces:
            continue
        merged = merge_pieces(pieces)
        cells = [Cell(p.text, p.line, p.column, float(j + 1)) for j, p in enumerate(merged)]
        text_label = unescape(" ".join(t for t, _ in item))
        column = item[0][1] + 1 if item else (cells[0].column if cells else 1)
        raw = " ".join([text_label, *(p.text for p in pieces)]).strip()
        body.append(GridRow(strip_footnotes(text_label) if text_label else "", cells, line, raw, 0, column))
    counts = [len(r.cells) for r in body if r.cells]
    years = sum(1 for k, *_ in heads if k in ("year", "num"))
    ncols = years or (max(set(counts), key=counts.count) if counts else 0)
    return MdTable(spread(heads, ncols), body, notes, trailing=trailing)


def _split_sections(words: list[tuple[str, int]]) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """"Current assets: Cash and cash equivalents" is a section line, then the item line."""
    sections: list[list[tuple[str, int]]] = []
    current: list[tuple[str, int]] = []
    for tok, off in words:
        current.append((tok, off))
        if tok.endswith(":"):
            sections.append(current)
            current = []
    if not current and sections:
        current = sections.pop()  # the last "X:" is the line that carries the figures
    return [(unescape(" ".join(t for t, _ in s)), s[0][1]) for s in sections], current
