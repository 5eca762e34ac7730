"""Column headings for Markdown tables that lost their layout.

A PDF or web page rendered to Markdown often keeps the words of a statement's
heading ("Three Months Ended", "September 30,", "2024 2023 2024 2023") but not
where they sat. The value columns are still countable, so each heading level is
spread over them evenly: two period phrases over four year columns cover 1-2 and
3-4, the way they were printed. Spans use value-column numbers (1 = first value
column), the same unit as the Cells' positions.
"""

from __future__ import annotations

import re

from checker.readers.grid import HeaderCell

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_COUNT = (
    r"(?:one|two|three|four|six|nine|twelve|thirteen|fourteen|sixteen|twenty[- ]four|twenty[- ]six|twenty[- ]seven"
    r"|thirty[- ]six|thirty[- ]nine|forty|fifty[- ]two|fifty[- ]three|\d{1,2})"
)
_PERIOD = (
    rf"(?:for\s+the\s+)?(?:{_COUNT}[\s-]+(?:months?|weeks?)|(?:fiscal\s+)?years?|quarters?)"
    rf"(?:\s+period)?\s+ended\s*(?:{_MONTH}\s*\d{{1,2}},?)?"
)
# A year belongs to the date only when printed after a space: "December 31,2024 2023" is a
# date heading over two year columns, the first year glued on by the converter.
_DATE = rf"{_MONTH}\s*\d{{1,2}}(?:,?\s+(?:19|20)\d\d\b|,)?"
_NUMERIC_DATE = r"\d{1,2}/\d{1,2}/(?:19|20)?\d\d"
_YEAR = r"(?<![\d.])(?:19|20)\d\d(?![\d.])(?!,\d)"
_ITEM = re.compile(rf"(?P<period>{_PERIOD})|(?P<date>{_DATE})|(?P<num>{_NUMERIC_DATE})|(?P<year>{_YEAR})", re.I)
_FISCAL = (
    rf"(?:{_COUNT}[\s-]+(?:months?|weeks?)|(?:first|second|third|fourth)\s+quarter|quarter|year[- ]to[- ]date|ytd)"
    r"(?:\s+ended)?|fiscal\s+(?:year\s+)?(?:19|20)\d\d|FY\s?'?\d\d(?:\d\d)?|Q[1-4](?:\s*(?:FY)?\s*'?\d\d(?:\d\d)?)?"
)
_HEADERISH = re.compile(rf"^(?:{_PERIOD}|{_DATE}|{_NUMERIC_DATE}|{_YEAR}|as\s+of|{_FISCAL})\W*$", re.I)


def is_header_text(text: str) -> bool:
    """A line that is only a period phrase, a date or a year ("Nine Months Ended", "Sep. 30,", "2024")."""
    return bool(_HEADERISH.match(text.strip()))


def header_items(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, offset) for each period phrase, date and year in run-together heading text."""
    return [(m.lastgroup or "other", " ".join(m.group(0).split()).rstrip(), m.start()) for m in _ITEM.finditer(text)]


def kind_of(text: str) -> str:
    m = _ITEM.fullmatch(text.strip().rstrip(","))
    if m is None:
        m = _ITEM.fullmatch(text.strip())
    return m.lastgroup if m and m.lastgroup else "other"


def spread(items: list[tuple[str, str, int, int]], ncols: int) -> list[list[HeaderCell]]:
    """Header rows from (kind, text, line, column) items in reading order, spread over `ncols` columns."""
    if not items or ncols <= 0:
        return []
    kinds = [k for k, _, _, _ in items]
    # "Sep. 30," "2024" "Dec. 31," "2023": one date per column, its year printed under it.
    if len(items) == 2 * ncols and all(
        kinds[i] == "date" and kinds[i + 1] == "year" for i in range(0, len(items), 2)
    ):
        return [
            [HeaderCell(f"{items[i][1]} {items[i + 1][1]}", j + 1, j + 1, items[i][2]) for j, i in enumerate(range(0, len(items), 2))]
        ]
    levels: list[list[tuple[str, str, int, int]]] = []
    for item in items:
        if levels and levels[-1][0][0] == item[0]:
            levels[-1].append(item)
        else:
            levels.append([item])
    rows: list[list[HeaderCell]] = []
    for level in levels:
        m = len(level)
        if m == ncols:
            rows.append([HeaderCell(t, j + 1, j + 1, line) for j, (_, t, line, _) in enumerate(level)])
        elif m < ncols and ncols % m == 0:
            w = ncols // m
            rows.append([HeaderCell(t, j * w + 1, (j + 1) * w, line) for j, (_, t, line, _) in enumerate(level)])
        else:
            rows.append([HeaderCell(t, 1, ncols, line) for _, t, line, _ in level])
    return rows
