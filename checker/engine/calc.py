"""The filer's calculation linkbase as tieout evaluations.

The XBRL reader stores arelle's Calculations 1.1 (round-to-nearest) results on the
Document; here each becomes an `Evaluation` with the same target, operands,
intervals and source as a YAML rule, so every report shows them without knowing
they came from a linkbase. arelle's verdict is kept as is: nothing is re-judged.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from checker.engine.results import FAIL, PASS, Evaluation, Operand
from checker.facts import Document

RULE_ID = "CALC11"
TITLE = "Calc linkbase: {concept} adds up (XBRL Calculations 1.1, round-to-nearest)"


def _interval(value: Fraction | None, decimals: int | None) -> tuple[Fraction | None, Fraction | None]:
    if value is None:
        return None, None
    if decimals is None:
        return value, value
    half = Fraction(1, 2) * Fraction(10) ** (-decimals)
    return value - half, value + half


def _operand(item: dict[str, Any], name: str) -> Operand:
    value = item.get("value")
    low, high = _interval(value, item.get("decimals"))
    weight = Fraction(Decimal(item.get("weight", 1)))
    if weight != 1 and value is not None and low is not None and high is not None:
        value, low, high = value * weight, *sorted((low * weight, high * weight))
    return Operand(
        name=name,
        concept=item.get("concept"),
        label=item.get("concept") or name,
        value=value,
        low=low,
        high=high,
        source=item.get("source"),
    )


def _expression(entry: dict[str, Any]) -> str:
    terms = []
    for i, c in enumerate(entry.get("contributors", [])):
        w = Decimal(c.get("weight", 1))
        sign = "-" if w < 0 else "+"
        mag = abs(w)
        coef = "" if mag == 1 else f"{mag.normalize()} * "
        term = f"{coef}{c['concept']}"
        terms.append(term if i == 0 and sign == "+" else f"{sign} {term}")
    return f"{entry['concept']} = {' '.join(terms) or '0'}"


def _evaluation(doc: Document, entry: dict[str, Any], status: str) -> Evaluation:
    reported = entry.get("reported") or (None, None)
    computed = entry.get("computed") or (None, None)
    target = Operand(
        name="total",
        concept=entry["concept"],
        label=entry["concept"],
        value=entry.get("value"),
        low=reported[0],
        high=reported[1],
        source=entry.get("source"),
    )
    operands = [_operand(c, f"item{i + 1}") for i, c in enumerate(entry.get("contributors", []))]
    computed_value = None
    if all(op.value is not None for op in operands):
        computed_value = sum((op.value for op in operands if op.value is not None), Fraction(0))
    notes = [f"context {entry.get('context')}", f"link role {entry.get('linkrole')}"]
    return Evaluation(
        rule_id=RULE_ID,
        title=TITLE.format(concept=entry["concept"].split(":", 1)[-1]),
        message=entry.get("message", ""),
        severity="error",
        status=status,
        document=doc.path,
        expression=_expression(entry),
        statement=entry.get("linkrole"),
        period=entry.get("period"),
        reported=entry.get("value"),
        reported_low=reported[0],
        reported_high=reported[1],
        computed=computed_value,
        computed_low=computed[0],
        computed_high=computed[1],
        target=target,
        operands=operands,
        notes=notes,
        unit=entry.get("unit"),
    )


def calc_evaluations(doc: Document) -> list[Evaluation]:
    """One evaluation per summation arelle checked: its inconsistencies fail, the rest pass."""
    out = [_evaluation(doc, e, FAIL) for e in doc.extra.get("calc11", []) or []]  # type: ignore[union-attr]
    out += [_evaluation(doc, e, PASS) for e in doc.extra.get("calc11_passes", []) or []]  # type: ignore[union-attr]
    out.sort(key=lambda ev: (ev.source.file if ev.source else "", ev.source.line if ev.source else 0))
    return out
