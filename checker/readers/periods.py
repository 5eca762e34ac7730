"""Reading column periods off statement headers, in the many ways companies print them.

"Three Months Ended March 31," over "2011  2010", "March 31, 2011  June 30, 2010",
"13 Weeks Ended December 28, 2024", "Fiscal 2024": each column ends up an instant
or a duration with start and end dates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from checker.facts import Period
from checker.readers.grid import HeaderCell

_MONTHS = {
    name.lower(): i
    for i in range(1, 13)
    for name in (calendar.month_name[i], calendar.month_abbr[i], calendar.month_abbr[i] + ".")
}
_MONTHS["sept"] = 9
_MONTHS["sept."] = 9
_MONTH_RE = r"(?P<month>" + "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True)) + r")"
FULL_DATE = re.compile(_MONTH_RE + r"\s+(?P<day>\d{1,2})\s*,?\s*(?P<year>(?:19|20)\d{2})\b", re.I)
MONTH_DAY = re.compile(_MONTH_RE + r"(?:\s+(?P<day>\d{1,2})\b)?(?!\s*,?\s*(?:19|20)\d{2})(?![a-z])", re.I)
NUMERIC_DATE = re.compile(r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19|20)?\d{2})\b")
YEAR = re.compile(r"(?<![\d,.$])(?:FY\s?'?|Fiscal\s+)?(?P<year>(?:19|20)\d{2})(?![\d,.%])", re.I)
SHORT_FY = re.compile(r"\bFY\s?'?(?P<yy>\d{2})\b", re.I)

_WORD_NUM = {
    "one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "nine": 9, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "twenty-six": 26, "twenty six": 26, "twenty-seven": 27, "thirty-nine": 39,
    "thirty nine": 39, "forty": 40, "fifty-two": 52, "fifty two": 52, "fifty-three": 53, "fifty three": 53,
    "sixteen": 16, "twenty-four": 24, "twenty four": 24, "thirty-six": 36, "thirty six": 36,
}
DURATION = re.compile(
    r"(?P<n>\d{1,2}|one|two|three|four|six|nine|twelve|thirteen|fourteen|sixteen|twenty[- ]six|twenty[- ]seven"
    r"|twenty[- ]four|thirty[- ]six|thirty[- ]nine|forty|fifty[- ]two|fifty[- ]three)[\s-]+(?P<unit>months?|weeks?|quarters?)"
    r"|(?P<quarter>\bquarter|\bQ[1-4]\b|\bfourth\s+quarter|\bthird\s+quarter|\bsecond\s+quarter|\bfirst\s+quarter)"
    r"|(?P<year>\byears?\s+ended|\bfiscal\s+year|\bfull\s+year|\btwelve\s+months|\byear[- ]to[- ]date|\bfiscal\s+(?:19|20)\d{2}|\bFY\s?'?\d{2})",
    re.I,
)


@dataclass
class _Slot:
    text: str
    start: float
    end: float
    line: int

    @property
    def center(self) -> float:
        return (self.start + self.end) / 2


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _duration_months(m: re.Match[str]) -> tuple[str, int]:
    if m.group("n"):
        raw = m.group("n").lower()
        n = int(raw) if raw.isdigit() else _WORD_NUM.get(raw.replace(" ", "-"), _WORD_NUM.get(raw, 0))
        unit = m.group("unit").lower()
        if unit.startswith("week"):
            return "weeks", n
        if unit.startswith("quarter"):
            return "months", 3 * n
        return "months", n
    if m.group("quarter"):
        return "months", 3
    return "months", 12


def read_periods(headers: list[list[HeaderCell]], kind: str, context: str = "", ncols: int | None = None) -> list[Period]:
    """Periods of the value columns, left to right; [] when the headers say too little."""
    cells = [c for row in headers for c in row]
    full: list[tuple[_Slot, date]] = []
    years: list[tuple[_Slot, int]] = []
    phrases: list[tuple[_Slot, tuple[str, int], date | None]] = []
    month_days: list[tuple[_Slot, int, int]] = []
    for c in cells:
        text = " ".join(c.text.split())
        for m in FULL_DATE.finditer(text):
            full.append((_Slot(text, c.start, c.end, c.line), _to_date(m.group("month"), m.group("day"), m.group("year"))))
        for m in NUMERIC_DATE.finditer(text):
            y = int(m.group("y"))
            y = y + 2000 if y < 100 else y
            try:
                full.append((_Slot(text, c.start, c.end, c.line), date(y, int(m.group("m")), int(m.group("d")))))
            except ValueError:
                continue
        stripped = FULL_DATE.sub(" ", text)
        for m in DURATION.finditer(text):
            md = MONTH_DAY.search(text)
            end_hint = None
            if md:
                month_days.append((_Slot(text, c.start, c.end, c.line), _MONTHS[md.group("month").lower()], int(md.group("day") or 0)))
            phrases.append((_Slot(text, c.start, c.end, c.line), _duration_months(m), end_hint))
            break
        else:
            if not YEAR.search(stripped):
                found = list(MONTH_DAY.finditer(stripped))
                for k, md in enumerate(found):
                    # Several dates in one cell ("Jun 30, Mar 31, Jun 30,"): spread them over its span.
                    width = (c.end - c.start) / max(1, len(found))
                    slot = _Slot(text, c.start + k * width, c.start + (k + 1) * width, c.line)
                    month_days.append((slot, _MONTHS[md.group("month").lower()], int(md.group("day") or 0)))
        if not FULL_DATE.search(text) and not NUMERIC_DATE.search(text):
            for m in YEAR.finditer(text):
                years.append((_Slot(text, c.start, c.end, c.line), int(m.group("year"))))
            if not YEAR.search(text):
                for m in SHORT_FY.finditer(text):
                    years.append((_Slot(text, c.start, c.end, c.line), 2000 + int(m.group("yy"))))

    instant = kind == "BS"
    if not phrases and not instant and context:
        m = DURATION.search(context)
        if m:
            phrases.append((_Slot(context, float("-inf"), float("inf"), 0), _duration_months(m), None))
    columns: list[tuple[_Slot, date]] = []
    if full and (ncols is None or len(full) >= ncols or len(years) <= len(full)):
        columns = full
    elif years:
        by_year = {d.year: d for _, d in full}
        for j, (slot, y) in enumerate(years):
            if y in by_year and len(by_year) == len(full):
                # "13 Weeks Ended July 3, 2004 and June 28, 2003" over "2004  2003".
                columns.append((slot, by_year[y]))
                continue
            if len(month_days) == len(years):
                md = (month_days[j][1], month_days[j][2])
            else:
                md = _nearest(month_days, slot)
            if md is None:
                ctx = MONTH_DAY.search(context) or FULL_DATE.search(context)
                if ctx is None:
                    return []
                month, day = _MONTHS[ctx.group("month").lower()], int(ctx.group("day") or 0)
            else:
                month, day = md
            try:
                # "Ended December" with no day: the month's end.
                columns.append((slot, date(y, month, day) if day else _month_end(y, month)))
            except ValueError:
                columns.append((slot, _month_end(y, month)))
    if not columns:
        return []
    if len({d for _, d in columns}) < len(columns) and not phrases:
        return []
    if ncols is not None and len(columns) > ncols:
        columns = columns[-ncols:] if len(columns) - ncols < ncols else columns[:ncols]
    if instant or not phrases:
        if not instant and not phrases:
            return []
        return [Period(end=d) for _, d in columns]
    out: list[Period] = []
    n, p = len(columns), len(phrases)
    for j, (slot, d) in enumerate(columns):
        if n % p == 0:
            phrase = phrases[j // (n // p)]
        else:
            phrase = min(phrases, key=lambda ph: abs(ph[0].center - slot.center))
        unit, length = phrase[1]
        out.append(Period.weeks_ending(d, length) if unit == "weeks" else Period.months_ending(d, length))
    return out


def _nearest(month_days: list[tuple[_Slot, int, int]], slot: _Slot) -> tuple[int, int] | None:
    if not month_days:
        return None
    if len({(m, d) for _, m, d in month_days}) == 1:
        return month_days[0][1], month_days[0][2]
    best = min(month_days, key=lambda md: abs(md[0].center - slot.center))
    return best[1], best[2]


def _to_date(month: str, day: str, year: str) -> date:
    m = _MONTHS[month.lower()]
    d = int(day)
    try:
        return date(int(year), m, d)
    except ValueError:
        return _month_end(int(year), m)


def period_in_text(text: str) -> Period | None:
    """The one period a caption names ("For the Three Months Ended March 31, 2022", "At March 31, 2022"),
    for a table whose columns are not periods but entities; None when it names none or several."""
    dates = [_to_date(m.group("month"), m.group("day"), m.group("year")) for m in FULL_DATE.finditer(text)]
    if len(set(dates)) != 1:
        return None
    duration = DURATION.search(text)
    if duration is None:
        first = FULL_DATE.search(text)
        before = text[: first.start()] if first else ""
        return Period(end=dates[0]) if re.search(r"\b(?:at|as\s+of)\s*$", before, re.I) else None
    unit, n = _duration_months(duration)
    return Period.weeks_ending(dates[0], n) if unit == "weeks" else Period.months_ending(dates[0], n)
