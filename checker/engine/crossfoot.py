"""Crossfooting: in a consolidating schedule or a GAAP to non-GAAP reconciliation, the total column is
the sum of the others, line by line.

An auditor foots a schedule down and crossfoots it across. A table whose columns are
entities under one period ("Consolidated | Machinery, Energy & Transportation |
Financial Products | Consolidating Adjustments") says its total column by name; each
line of it must equal the same line of the other columns. A reconciliation ("GAAP |
Adj. | Non-GAAP") is the same check with the non-GAAP column as the total, and a bridge
("First Quarter 2021 | Sales Volume | Price | Currency | First Quarter 2022") with the last. A blank cell there is a
nil, which a consolidating schedule prints for zero.
"""

from __future__ import annotations

import re
from fractions import Fraction

from checker.engine.intervals import meets, midpoint
from checker.engine.results import FAIL, PASS, Evaluation, Operand
from checker.facts import USD, Fact, Period, Statement, column_key
from checker.formatting import fmt
from checker.rulebook import Rule

_TOTAL_COLUMN = re.compile(r"^\s*(?:consolidated|total|combined|non[-\s]?gaap|adjusted)\b", re.I)
_ADJUSTMENT_COLUMN = re.compile(r"^\s*adj(?:\.|ustments?)?\s*$", re.I)
COLUMN = "tieout:Column"


def is_reconciliation(st: Statement) -> bool:
    """GAAP | Adj. | Non-GAAP columns: a selection of lines reconciled across, not a schedule to foot down
    (its totals come first and its lines are picked, so footing down would invent failures)."""
    return any(_ADJUSTMENT_COLUMN.match(dict(dims).get(COLUMN, "")) for _, dims in st.columns())


def crossfoot_evaluations(rule: Rule, st: Statement, document: str) -> list[Evaluation]:
    by_period: dict[Period, list[tuple[str, str]]] = {}
    for period, dims in st.columns():
        name = dict(dims).get(COLUMN)
        if name is not None:
            by_period.setdefault(period, []).append((name, column_key(period, dims)))
    out: list[Evaluation] = []
    groups = [(period, columns, _total_of(columns)) for period, columns in by_period.items()]
    bridge = _bridge(st)
    if bridge is not None:
        groups = [bridge]
    for period, columns, total in groups:
        if total is None or len(columns) < 3:
            continue
        total_name, total_key = total
        parts = [c for c in columns if c is not total]
        for row in st.rows:
            total = row.facts.get(total_key)
            if row.kind not in ("item", "total") or total is None or total.value is None or total.unit != USD:
                continue
            cells = [(name, row.facts.get(key)) for name, key in parts]
            if all(f is None or f.value is None for _, f in cells):
                continue  # a line printed in the total column only
            out.append(_evaluate(rule, st, row.label, period, total_name, total, cells, document))
    return out


def _total_of(columns: list[tuple[str, str]]) -> tuple[str, str] | None:
    totals = [c for c in columns if _TOTAL_COLUMN.match(c[0])]
    return totals[0] if len(totals) == 1 else None


def _bridge(st: Statement) -> tuple[Period, list[tuple[str, str]], tuple[str, str]] | None:
    """A bridge ("First Quarter 2021 | Sales Volume | Price Realization | Currency | First Quarter 2022"): the
    first column under an earlier period, every other under one later period; the last is the first plus
    the movements between."""
    cols = [(p, dict(d).get(COLUMN), column_key(p, d)) for p, d in st.columns()]
    if len(cols) < 3 or any(name is None for _, name, _ in cols):
        return None
    first, later = cols[0][0], {p for p, _, _ in cols[1:]}
    if len(later) != 1 or first.end >= cols[-1][0].end:
        return None
    columns = [(str(name), key) for _, name, key in cols]
    return cols[-1][0], columns, columns[-1]


def _evaluate(
    rule: Rule, st: Statement, label: str, period: Period, total_name: str, total: Fact,
    cells: list[tuple[str, Fact | None]], document: str,
) -> Evaluation:
    ev = Evaluation(
        rule_id=rule.id, title=f"{label} crossfoots", message="", severity=rule.severity, status=PASS,
        document=document, expression=f"{total_name} == " + " + ".join(name for name, _ in cells),
        statement=st.id, statement_title=st.title, period=period, unit=total.unit,
    )
    ev.target = _operand(total_name, total)
    lo = hi = Fraction(0)
    for name, f in cells:
        if f is None or f.value is None:
            continue  # nil: nothing for this entity
        a, b = f.interval()
        lo, hi = lo + a, hi + b
        ev.operands.append(_operand(name, f))
    t_lo, t_hi = total.interval()
    ev.reported, ev.reported_low, ev.reported_high = Fraction(total.value or 0), t_lo, t_hi
    ev.computed, ev.computed_low, ev.computed_high = midpoint((lo, hi)), lo, hi
    ev.status = PASS if meets((t_lo, t_hi), (lo, hi)) else FAIL
    ev.message = (
        rule.message.replace("{label}", label).replace("{column}", total_name).replace("{reported}", fmt(ev.reported))
        .replace("{computed}", fmt(ev.computed)).replace("{period}", period.describe())
    )
    ev.support[total_name] = (lo, hi)
    for op in ev.operands:
        assert op.low is not None and op.high is not None
        ev.support[op.name] = (op.low + t_lo - hi, op.high + t_hi - lo)
    if ev.status == FAIL:
        ev.implied.update(ev.support)
    return ev


def _operand(column: str, fact: Fact) -> Operand:
    lo, hi = fact.interval()
    value = Fraction(fact.value) if fact.value is not None else None
    return Operand(column, fact.concept, f"{fact.label} ({column})", value, lo, hi, fact.source, fact)
