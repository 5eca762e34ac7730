"""Footing: every total equals the lines it totals, worked out from the statement's layout.

Which lines a total covers is not written anywhere, so it is inferred the way an
auditor reads a schedule: the open lines above it (items not yet totalled, and
subtotals), choosing the run that ties in most columns. One wrong figure in one
column then still fails, because the other columns fix the structure.
"""

from __future__ import annotations

from fractions import Fraction

from checker.engine.contexts import Context, local
from checker.engine.intervals import meets, midpoint
from checker.engine.results import FAIL, PASS, SKIPPED, Evaluation, Operand
from checker.facts import Fact, Row, Statement
from checker.formatting import fmt
from checker.rulebook import Rule


def footing_structure(statement: Statement, contexts: dict[str, Context]) -> dict[int, list[int]]:
    """For each total row index, the row indexes it sums."""
    open_rows: list[int] = []
    boundary = 0  # position in open_rows where the current section starts
    structure: dict[int, list[int]] = {}
    for idx, row in enumerate(statement.rows):
        if row.kind == "header":
            boundary = len(open_rows)
            continue
        if row.kind == "item":
            open_rows.append(idx)
            continue
        if row.kind != "total" or not row.concept:
            continue
        best: tuple[int, int, int, list[int]] | None = None
        for start in range(len(open_rows) - 1, -1, -1):
            cand = open_rows[start:]
            ties = sum(1 for ctx in contexts.values() if _ties(statement, row, cand, ctx) is True)
            natural = 1 if start == boundary else 0
            key = (ties, natural, 1 if len(cand) >= 2 else 0)
            if best is None or key > best[:3]:
                best = (*key, cand)
        if best is None:
            continue
        comps = best[3] if best[0] > 0 else open_rows[boundary:] or best[3]
        structure[idx] = comps
        open_rows = [r for r in open_rows if r not in comps] + [idx]
        boundary = min(boundary, len(open_rows) - 1)
    return structure


def _fact(row: Row, ctx: Context) -> Fact | None:
    name = local(row.concept)
    return ctx.facts.get(name) if name else None


def _ties(statement: Statement, total: Row, comps: list[int], ctx: Context) -> bool | None:
    t = _fact(total, ctx)
    if t is None or t.value is None:
        return None
    lo = hi = Fraction(0)
    for i in comps:
        f = _fact(statement.rows[i], ctx)
        if f is None or f.value is None:
            return None
        a, b = f.interval()
        lo, hi = lo + a, hi + b
    return meets(t.interval(), (lo, hi))


def footing_evaluations(rule: Rule, statement: Statement, contexts: dict[str, Context], document: str) -> list[Evaluation]:
    out: list[Evaluation] = []
    structure = footing_structure(statement, contexts)
    for idx, comps in structure.items():
        total_row = statement.rows[idx]
        for period in statement.periods:
            ctx = contexts.get(period.key())
            if ctx is None:
                continue
            ev = _evaluate(rule, statement, total_row, comps, ctx, document)
            if ev is not None:
                out.append(ev)
    return out


def _evaluate(rule: Rule, st: Statement, total_row: Row, comps: list[int], ctx: Context, document: str) -> Evaluation | None:
    total = _fact(total_row, ctx)
    if total is None:
        return None
    labels = " + ".join(st.rows[i].label for i in comps)
    ev = Evaluation(
        rule_id=rule.id,
        title=f"{total_row.label} foots",
        message="",
        severity=rule.severity,
        status=SKIPPED,
        document=document,
        expression=f"{total_row.label} == {labels}",
        statement=st.id,
        statement_title=st.title,
        period=ctx.period,
        unit=total.unit,
    )
    ev.target = _operand("total", total)
    missing: list[Row] = []
    lo = hi = Fraction(0)
    for i in comps:
        row = st.rows[i]
        f = _fact(row, ctx)
        if f is None or f.value is None:
            missing.append(row)
            if f is not None:
                ev.operands.append(Operand(row.concept or row.label, f.concept, f.label, None, None, None, f.source, f))
            continue
        a, b = f.interval()
        lo, hi = lo + a, hi + b
        ev.operands.append(_operand(row.concept or row.label, f))
    if total.value is None:
        ev.reason = f"total is blank at line {total.source.line}"
        ev.message = f"{total_row.label}: skipped, {ev.reason}"
        return ev
    t_lo, t_hi = total.interval()
    if missing:
        names = ", ".join(f"{r.label} (line {r.line})" for r in missing)
        ev.reason = f"missing {names}"
        ev.message = f"{total_row.label}: skipped, {ev.reason}"
        if len(missing) == 1:
            implied = (t_lo - hi, t_hi - lo)
            ev.implied[missing[0].concept or missing[0].label] = implied
        return ev
    ev.reported, ev.reported_low, ev.reported_high = Fraction(total.value), t_lo, t_hi
    ev.computed, ev.computed_low, ev.computed_high = midpoint((lo, hi)), lo, hi
    ev.status = PASS if meets((t_lo, t_hi), (lo, hi)) else FAIL
    template = rule.message
    ev.message = (
        template.replace("{label}", total_row.label)
        .replace("{reported}", fmt(ev.reported))
        .replace("{computed}", fmt(ev.computed))
        .replace("{difference}", fmt(ev.difference))
        .replace("{components}", labels)
        .replace("{period}", ctx.period.describe())
    )
    if ev.status == FAIL:
        ev.implied["total"] = (lo, hi)
        for op in ev.operands:
            if op.low is not None and op.high is not None:
                ev.implied[op.name] = (op.low + t_lo - hi, op.high + t_hi - lo)
    return ev


def _operand(name: str, fact: Fact) -> Operand:
    lo, hi = fact.interval() if fact.value is not None else (None, None)
    value = Fraction(fact.value) if fact.value is not None else None
    return Operand(name, fact.concept, fact.label, value, lo, hi, fact.source, fact)
