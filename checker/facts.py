"""The one fact model every reader produces and every rule consumes.

A fact is what a statement asserts about one line item in one period. Readers of
text, HTML, Markdown, PDF and XBRL all end here, so the engine and the reports
never need to know where a figure came from beyond its `Source`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

# Units, spelled as XBRL measures would be.
USD = "USD"
SHARES = "shares"
USD_PER_SHARE = "USD/shares"
PURE = "pure"


@dataclass(frozen=True, order=True)
class Period:
    """An instant (start is None) or a duration; dates are inclusive, as printed."""

    end: date
    start: date | None = None

    @property
    def is_instant(self) -> bool:
        return self.start is None

    @property
    def kind(self) -> str:
        return "instant" if self.start is None else "duration"

    @property
    def months(self) -> int | None:
        """Approximate length in months (3, 6, 9, 12), None for an instant."""
        if self.start is None:
            return None
        days = (self.end - self.start).days + 1
        return max(1, round(days / 30.44))

    def key(self) -> str:
        if self.start is None:
            return self.end.isoformat()
        return f"{self.start.isoformat()}--{self.end.isoformat()}"

    def describe(self) -> str:
        if self.start is None:
            return f"as of {self.end.isoformat()}"
        return f"{self.months} months ended {self.end.isoformat()}"

    @staticmethod
    def months_ending(end: date, months: int) -> Period:
        """A duration of whole months ending on `end` (month-end or not)."""
        y, m = end.year, end.month - months
        while m <= 0:
            m += 12
            y -= 1
        last = calendar.monthrange(y, m)[1]
        start = date(y, m, min(end.day, last)) + timedelta(days=1)
        if end.day == calendar.monthrange(end.year, end.month)[1]:
            # Month-end periods start on the 1st: Nine months ended March 31 is Jul 1..Mar 31.
            start = date(y, m, last) + timedelta(days=1)
        return Period(end=end, start=start)

    @staticmethod
    def weeks_ending(end: date, weeks: int) -> Period:
        return Period(end=end, start=end - timedelta(days=7 * weeks - 1))


@dataclass(frozen=True)
class Source:
    """Where a figure was read: enough for an auditor to put a finger on it."""

    file: str
    line: int
    column: int | None = None
    page: int | None = None

    @property
    def where(self) -> str:
        """'line 42', or 'p.2 line 14' where lines are counted per page (PDFs, scans)."""
        return f"p.{self.page} line {self.line}" if self.page is not None else f"line {self.line}"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        if self.column is not None:
            where += f":{self.column}"
        if self.page is not None:
            where += f" (page {self.page})"
        return where


@dataclass(frozen=True)
class Fact:
    """One reported figure.

    `value` is None for a nil cell (blank, dash). `decimals` follows XBRL: -3 for a
    figure shown in thousands, 2 for 0.22, None for exact (INF).
    """

    label: str
    value: Decimal | None
    period: Period
    unit: str
    decimals: int | None
    source: Source
    concept: str | None = None
    statement: str | None = None
    row: int | None = None
    dimensions: tuple[tuple[str, str], ...] = ()
    entity: str | None = None
    quality: float = 1.0
    extension: bool = False
    printed: str | None = None
    notes: tuple[str, ...] = field(default=())
    # a balance printed under a duration column ("cash, end of period" under "Nine months ended"): that column
    printed_under: Period | None = None

    @property
    def local_name(self) -> str | None:
        if self.concept is None:
            return None
        return self.concept.split(":", 1)[-1]

    def interval(self) -> tuple[Fraction, Fraction]:
        """The set of true values that round to what was printed (round-to-nearest)."""
        if self.value is None:
            raise ValueError("nil fact has no interval")
        v = Fraction(self.value)
        if self.decimals is None:
            return v, v
        half = Fraction(1, 2) * Fraction(10) ** (-self.decimals)
        return v - half, v + half


@dataclass(frozen=True)
class Noise:
    """A row judged to be OCR debris: kept so the report can say what was skipped."""

    source: Source
    text: str
    reason: str
    statement: str | None = None
    numbers: tuple[Decimal, ...] = ()


@dataclass
class Row:
    """A statement line as the company printed it: the layout footing rules need."""

    label: str
    line: int
    kind: str  # "item", "total", "header"
    facts: dict[str, Fact] = field(default_factory=dict)  # period key -> fact
    concept: str | None = None
    depth: int = 0


@dataclass
class Statement:
    """One statement table: title, kind (BS, IS, CF, CI, EQ, other), columns, rows."""

    id: str
    title: str
    kind: str
    periods: list[Period]
    rows: list[Row]
    scale: int = 0
    source: Source | None = None
    unmapped: list[Row] = field(default_factory=list)
    dimensions: tuple[tuple[str, str], ...] = ()
    column_dims: list[tuple[tuple[str, str], ...]] = field(default_factory=list)

    def columns(self) -> list[tuple[Period, tuple[tuple[str, str], ...]]]:
        """Each value column as (period, dimensions): segment tables repeat a period per segment."""
        if self.column_dims:
            return list(zip(self.periods, self.column_dims, strict=True))
        return [(p, self.dimensions) for p in self.periods]


def column_key(period: Period, dims: tuple[tuple[str, str], ...] = ()) -> str:
    if not dims:
        return period.key()
    return period.key() + "|" + ",".join(f"{d}={m}" for d, m in dims)


@dataclass
class Document:
    """Everything a reader found in one input."""

    path: str
    format: str
    statements: list[Statement] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    noise: list[Noise] = field(default_factory=list)
    entity: str | None = None
    text_lines: list[str] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)
