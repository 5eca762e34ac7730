"""Figures and one-line descriptions as a reader of the statement would write them.

Every human-facing format (JUnit messages, SARIF text, annotations, working papers)
shows amounts at the scale the company printed them, so they live in one place.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path, PurePath

from checker.engine.results import FAIL, SKIPPED, Evaluation, Finding
from checker.facts import USD_PER_SHARE, Source

_SCALE_WORDS = {3: "thousands", 6: "millions", 9: "billions"}


def evaluation_scale(ev: Evaluation) -> int:
    """Power of ten the target figure was printed in (3 for a figure in thousands)."""
    fact = ev.target.fact if ev.target else None
    if fact is not None:
        return -fact.decimals if fact.decimals is not None and fact.decimals < 0 else 0
    if ev.reported_low is not None and ev.reported_high is not None:
        # No fact at hand (a calculation-linkbase result): the rounding interval's width is 10^-decimals.
        width = ev.reported_high - ev.reported_low
        if width.denominator == 1 and width >= 10 and str(width.numerator).rstrip("0") == "1":
            return len(str(width.numerator)) - 1
    return 0


def scale_word(scale: int) -> str:
    return _SCALE_WORDS.get(scale, f"10^{scale}" if scale else "units")


def amount(value: Fraction | None, scale: int = 0, unit: str | None = None, places: int | None = None) -> str:
    """`(15,003)` style: thousands separators, parentheses for negatives, per-share to cents."""
    if value is None:
        return "—"
    scaled = value / Fraction(10) ** scale
    if places is None:
        if scaled.denominator == 1:
            places = 0
        elif unit == USD_PER_SHARE and (scaled * 100).denominator != 1:
            places = 4
        else:
            places = 2
    text = f"{abs(float(scaled)):,.{places}f}" if places else f"{abs(round(scaled)):,}"
    return f"({text})" if scaled < 0 else text


def period_text(ev: Evaluation | Finding) -> str:
    return ev.period.describe() if ev.period is not None else "no period"


def describe(ev: Evaluation) -> str:
    """One line: what was checked, for which period, and how far apart the two sides are.

    Rule messages are written for the failing case, so a pass or a skip is described by
    the rule's title; a failure's figures are shown at the printed scale.
    """
    scale = evaluation_scale(ev)
    head = f"{ev.rule_id} {ev.title} ({period_text(ev)})"
    if ev.status == SKIPPED:
        return f"{head}: skipped: {ev.reason or 'no reason given'}"
    if ev.status != FAIL:
        return f"{head}: ties, {amount(ev.reported, scale, ev.unit)} = {amount(ev.computed, scale, ev.unit)}"
    unit = f" (in {scale_word(scale)})" if scale else ""
    return (
        f"{head}: reported {amount(ev.reported, scale, ev.unit)}, computed {amount(ev.computed, scale, ev.unit)}, "
        f"difference {amount(ev.difference, scale, ev.unit)}, tolerance {amount(ev.tolerance, scale, ev.unit)}"
        f"{unit}"
    )


def check_text(ev: Evaluation) -> str:
    """What a working-paper line says: the rule's message when it failed, else its title."""
    return ev.message if ev.status == FAIL and ev.message else ev.title


def locate(source: Source | None, document_path: str) -> tuple[str, int | None]:
    """A path a code-scanning tool can open and the line in it, for a figure's source.

    XBRL facts name the instance file inside a filing (often inside a zip) and may have
    no line; then the document itself is the location and the line is dropped rather
    than pointing at the wrong file.
    """
    if source is None:
        return document_path, None
    line = source.line if source.line and source.line > 0 else None
    candidates = [Path(source.file), Path(document_path).parent / source.file]
    for candidate in candidates:
        if candidate.is_file() and (candidate.suffix.lower() != ".zip"):
            return str(candidate) if candidate != candidates[0] else source.file, line
    return document_path, None


def where_note(source: Source | None, document_path: str) -> str:
    """" (at inner.xml:18)" when `locate` had to fall back to the document, so the line is not lost."""
    path, line = locate(source, document_path)
    if source is None or (line is not None and path in (source.file, str(Path(document_path).parent / source.file))):
        return ""
    return f" (at {source.file}:{source.line})" if source.line else f" (in {source.file})"


def basename(path: str) -> str:
    return PurePath(path.replace("\\", "/")).name
