"""Figures the prose of a release repeats: "a net loss of $15.0 million, or $0.22 per share".

Only reading happens here: each amount with the words it describes, the precision it
was written to, and the period the sentence puts it in. Linking to table facts and
judging agreement is the engine's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from checker.facts import USD, USD_PER_SHARE, Period, Source
from checker.readers.periods import FULL_DATE, _to_date

_AMOUNT = re.compile(
    r"\\?\$\s?(?P<num>\d{1,3}(?:,\d{3})*(?:\.\d+)?)(?:\s?(?P<scale>million|billion|thousand)\b)?(?P<ps>\s+per\s+(?:basic\s+and\s+diluted\s+|diluted\s+|basic\s+)?(?:common\s+)?share)?",
    re.I,
)
_SCALES = {"thousand": 3, "million": 6, "billion": 9}
_SENTENCE = re.compile(r"(?<=[a-z0-9)%])\.\s+(?=[A-Z\"“])")
_BEFORE = re.compile(
    r"(?:^[\s\-*•·]*|[,;(]|\b(?:reported|had|include[sd]?|with|and|compared\s+(?:to|with)|versus|of|approximately))\s*"
    r"(?:(?:a|an|the|its|total)\s+)?(?P<subject>[A-Za-z][A-Za-z0-9&\-' ]{2,80}?)\s+(?:was|were|of|totaled|totalled|amounted\s+to|increased\s+to|decreased\s+to|rose\s+to|fell\s+to|is|are)"
    r"\s+(?:approximately\s+|about\s+)?$",
    re.I,
)
_AFTER = re.compile(r"^\s*(?:of|in)\s+(?P<object>[A-Za-z][A-Za-z&\-' ]{2,80}?)(?=\s*(?:,|\.|;|\bcompared\b|\bfor\b|\bas\s+of\b|\band\b\s+\\?\$|\bin\s+\d|\bin\s+the\b|\bduring\b|$))", re.I)
_COMPARE = re.compile(r"\bcompared\s+(?:to|with)\b|\bversus\b|\bvs\.?", re.I)
_PRIOR = re.compile(r"same\s+(?:quarter|period)|last\s+(?:fiscal\s+)?year|prior\s+(?:fiscal\s+)?year|previous\s+(?:fiscal\s+)?year|a\s+year\s+ago", re.I)
_NINE = re.compile(r"\b(?:first\s+)?nine\s+months\b", re.I)
_SIX = re.compile(r"\b(?:first\s+)?six\s+months\b", re.I)
_YEAR = re.compile(r"\b(?:full\s+year|fiscal\s+year|twelve\s+months|for\s+the\s+year|fiscal\s+(?:19|20)\d{2}|year\s+ended)\b", re.I)
_QUARTER = re.compile(r"\bquarter\b|\bthree\s+months\b|\b[1-4]Q\b|\bQ[1-4]\b|\bthree-month\b", re.I)
_CHANGE = re.compile(
    r"\b(?:up|down|increased?(?:\s+by)?|decreased?(?:\s+by)?|increase\s+of|decrease\s+of|growth\s+of|rose|fell|grew|improvement\s+of|difference|higher|lower|savings\s+of)"
    r"\s*(?:of\s+)?(?:approximately\s+|about\s+|nearly\s+)?$",
    re.I,
)
_EARNINGS = re.compile(r"net\s+(?:income|loss|earnings)|earnings|\bEPS\b", re.I)
_NOT_EPS = re.compile(r"book\s+value|dividend|price|stock\s+price|per\s+share\s+data", re.I)


@dataclass(frozen=True)
class NarrativeFigure:
    """An amount the prose states, with its subject words and its period."""

    subject: str
    value: Decimal
    decimals: int
    unit: str
    period: Period | None
    source: Source
    text: str


def read_narrative(path: str, lines: list[str], skip: set[int], periods: list[Period]) -> list[NarrativeFigure]:
    """Amounts in the prose lines (tables excluded by line number), with their periods."""
    durations = sorted({p for p in periods if not p.is_instant}, key=lambda p: (p.end, -(p.months or 0)), reverse=True)
    out: list[NarrativeFigure] = []
    for text, where in _paragraphs(lines, skip):
        if "$" not in text:
            continue
        offset = 0
        for sentence in _SENTENCE.split(text):
            start = text.find(sentence, offset)
            offset = start + len(sentence)
            for fig in _sentence(path, 0, start, sentence, durations):
                line, col = where(fig.source.column - 1)
                out.append(NarrativeFigure(fig.subject, fig.value, fig.decimals, fig.unit, fig.period, Source(path, line, col), fig.text))
    return out


def _paragraphs(lines: list[str], skip: set[int]):  # type: ignore[no-untyped-def]
    """Prose paragraphs (wrapped lines joined), each with a map from offset back to line and column."""
    block: list[tuple[int, str]] = []

    def flush():  # type: ignore[no-untyped-def]
        if not block:
            return None
        parts, starts = [], []
        pos = 0
        for n, ln in block:
            stripped = ln.strip()
            starts.append((pos, n, len(ln) - len(ln.lstrip())))
            parts.append(stripped)
            pos += len(stripped) + 1
        text = " ".join(parts)

        def where(offset: int) -> tuple[int, int]:
            base = max((s for s in starts if s[0] <= offset), key=lambda s: s[0])
            return base[1], offset - base[0] + base[2] + 1

        return text, where

    for n, line in enumerate(lines, start=1):
        if re.match(r"^\s*(?:[-*•·]|\d+[.)])\s+", line) and block:
            # A bullet starts a paragraph of its own.
            item = flush()
            if item:
                yield item
            block = []
        if n in skip or not line.strip() or len(line.strip()) < 3:
            item = flush()
            if item:
                yield item
            block = []
            continue
        block.append((n, line))
    item = flush()
    if item:
        yield item


def _sentence(path: str, line: int, start: int, text: str, durations: list[Period]) -> list[NarrativeFigure]:
    figures: list[NarrativeFigure] = []
    subjects: list[str] = []
    compare_at = _COMPARE.search(text)

    respectively = "respectively" in text.lower()
    if re.search(r"\b(?:19|20)\d{2}\s*(?:,|and|&)\s*(?:19|20)\d{2}\b", text) and compare_at is None:
        return []  # "twelve months ended ... 2023 and 2024 ... $5,245 million and $2,489 million": which is which is a guess
    after_compare: list[int] = []
    for m in _AMOUNT.finditer(text):
        digits = m.group("num").replace(",", "")
        value = Decimal(digits)
        shown = len(digits.split(".")[1]) if "." in digits else 0
        scale = _SCALES.get((m.group("scale") or "").lower(), 0)
        per_share = bool(m.group("ps"))
        if not scale and not per_share:
            continue  # "$45" with no scale word is too loose to tie to a table
        before = text[: m.start()]
        after = text[m.end() :]
        subject = None
        hit = _AFTER.match(after)
        if hit and not per_share and not _PERIOD_WORDS.match(hit.group("object")):
            subject = hit.group("object")
        if subject is None:
            b = _BEFORE.search(before)
            if b:
                subject = b.group("subject")
        compared = compare_at is not None and m.start() > compare_at.start()
        if per_share:
            context = text[max(0, m.start() - 80) : m.start()]
            if not _EARNINGS.search(context) or _NOT_EPS.search(context):
                continue
            kind = re.search(r"\b(diluted|basic)\b", m.group("ps") or "", re.I)
            subject = f"{kind.group(1).lower()} earnings per share" if kind and "and" not in (m.group("ps") or "") else "earnings per share"
        elif subject is None and subjects and compared and not _CHANGE.search(before):
            # "compared to $3.3 million": the same line item, the other period.
            if respectively:
                after_compare.append(len(after_compare))
                subject = subjects[min(after_compare[-1], len(subjects) - 1)]
            else:
                subject = subjects[-1]
        if _CHANGE.search(before):
            continue  # "up $8.7 million": a change, not a level
        if subject is None:
            continue
        subject = _clean_subject(subject)
        if not subject:
            continue
        if compared and subjects and _word_set(subject) <= _word_set(subjects[-1]):
            # "segment operating income was $5.7 billion, compared with operating income of $4.3 billion"
            subject = subjects[-1]
        if not compared and not per_share:
            subjects.append(subject)
        months = _months_near(text, m.start(), m.end())
        # No period word near the figure: it is not tied to any column (never guessed).
        current = next((p for p in durations if p.months == months), None) if months else None
        prior = _year_before(current) if current else None
        later_year = compare_at is not None and re.search(r"FY\s?\d{2,4}|\b(?:19|20)\d{2}\b", text[compare_at.end():])
        period = _explicit_date(after) or (prior if compared and (_PRIOR.search(text) or later_year) else current)
        if period is None:
            continue
        figures.append(
            NarrativeFigure(
                subject=subject,
                value=value.scaleb(scale),
                decimals=shown - scale,
                unit=USD_PER_SHARE if per_share else USD,
                period=period,
                source=Source(path, line, start + m.start() + 1),
                text=m.group(0),
            )
        )
    return figures


_ANCHORS = re.compile(r"\b(?:reported|had|includes?|included|with|compared\s+(?:to|with)|also|versus|a|an|the|its)\b", re.I)
_PERIOD_WORDS = re.compile(
    r"^(?:the\s+)?(?:same|prior|previous|first|second|third|fourth|last|fiscal|quarter|period|year|trailing|current|comparable|twelve|nine|six|three|\d)",
    re.I,
)


def _word_set(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in ("of", "and", "the", "a", "an")}


def _clean_subject(subject: str) -> str:
    """"ImmunoGen reported a net loss" -> "net loss"; "Operating expenses for 3Q FY2011" -> "Operating expenses"."""
    text = _ANCHORS.split(subject)[-1].strip() or subject.strip()
    return re.split(r"\s+(?:for|in|during|at)\s+", text)[0].strip(" ,")


def _months_near(text: str, start: int, end: int) -> int:
    """The period a figure is stated for: the last period words before it, else the first after it."""
    found: list[tuple[int, int]] = []
    for pattern, months in ((_NINE, 9), (_SIX, 6), (_YEAR, 12), (_QUARTER, 3)):
        found.extend((m.start(), months) for m in pattern.finditer(text))
    before = [f for f in found if f[0] < start]
    if before:
        return max(before)[1]
    after = [f for f in found if f[0] >= end]
    return min(after)[1] if after else 0


def _explicit_date(after: str) -> Period | None:
    m = re.match(r"^[^.$]{0,40}?\bas\s+of\s+", after, re.I)
    if not m:
        return None
    d = FULL_DATE.match(after[m.end() :])
    if not d:
        return None
    return Period(end=_to_date(d.group("month"), d.group("day"), d.group("year")))


def _year_before(p: Period) -> Period:
    def back(d: date) -> date:
        try:
            return d.replace(year=d.year - 1)
        except ValueError:
            return d.replace(year=d.year - 1, day=28)

    return Period(end=back(p.end), start=back(p.start) if p.start else None)
