"""Footing: every total and subtotal equals the lines it sums, worked out from the layout.

Which lines a total covers is not written anywhere, so it is inferred the way an
auditor reads a schedule: the open lines above it (items not yet totalled, and
earlier subtotals), choosing the run that ties in most columns. One wrong figure in
one column then still fails, because the other columns fix the structure.

Subtotals that do not say "Total" ("Gross profit", "Loss from operations", "Net
loss") are found the same way, with the statement's own signs: a cost printed
positive and subtracted is followed, not flagged. They are accepted only when the
structure ties in most columns, so a coincidence in one column proves nothing.
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction

from checker.engine.contexts import Context, local
from checker.engine.intervals import meets, midpoint
from checker.engine.results import FAIL, PASS, SKIPPED, Evaluation, Operand
from checker.facts import Fact, Row, Statement, column_key
from checker.formatting import fmt
from checker.rulebook import Rule

Component = tuple[int, int]  # (row index, sign)
MAX_SUBTOTAL_PARTS = 7
MAX_PLAIN_PARTS = 14
_SUBTOTAL = re.compile(
    r"gross\s+(profit|margin|loss)|operating\s+(income|loss|profit|earnings)|(income|loss|earnings|profit)s?\b.*\b(from|before)\b"
    r"|^net\b|ebitda|\bbasis$|attributable\s+to"
    r"|^(?!accumulated).*comprehensive\s+(income|loss)|net\s+(increase|decrease|change)|end\s+of\s+(the\s+)?(period|year|quarter)"
    r"|^(total\s+)?(revenues?|net\s+sales)\b.*\bnet\b|segment\s+(income|profit|operating)",
    re.I,
)


def is_subtotal_label(label: str) -> bool:
    return bool(_SUBTOTAL.search(label))


def footing_structure(statement: Statement, contexts: dict[str, Context]) -> dict[int, list[Component]]:
    """For each total (and inferred subtotal) row index, the signed rows it sums."""
    open_rows: list[int] = []
    boundary = 0  # position in open_rows where the current section starts
    structure: dict[int, list[Component]] = {}
    unit_of = {i: _unit(r) for i, r in enumerate(statement.rows)}
    for idx, row in enumerate(statement.rows):
        if row.kind == "header":
            boundary = len(open_rows)
            continue
        if row.kind not in ("item", "total") or not row.concept:
            continue
        pool = [r for r in open_rows if unit_of[r] == unit_of[idx]]
        if row.kind == "total":
            comps = _best_total(statement, row, pool, open_rows[boundary:], contexts)
        elif is_subtotal_label(row.label) and unit_of[idx] == "USD" and len(pool) >= 2:
            comps = _best_subtotal(statement, row, pool, contexts)
        else:
            comps = None
        if comps is None:
            if row.kind == "item":
                open_rows.append(idx)
            continue
        structure[idx] = comps
        used = {i for i, _ in comps}
        open_rows = [r for r in open_rows if r not in used] + [idx]
        boundary = min(boundary, len(open_rows) - 1)
    return structure


def _unit(row: Row) -> str | None:
    return next((f.unit for f in row.facts.values()), None)


def _best_total(statement: Statement, row: Row, pool: list[int], section: list[int], contexts: dict[str, Context]) -> list[Component] | None:
    best: tuple[tuple[int, int, int], list[Component]] | None = None
    for start in range(len(pool) - 1, -1, -1):
        cand = [(i, 1) for i in pool[start:]]
        ties = sum(1 for ctx in contexts.values() if _ties(statement, row, cand, ctx) is True)
        natural = 1 if section and pool[start] == section[0] else 0
        key = (ties, natural, 1 if len(cand) >= 2 else 0)
        if best is None or key > best[0]:
            best = (key, cand)
    if best is None:
        return None
    if best[0][0] == 0:
        # No run of the lines above adds up to it in any column: the layout does not say what it
        # totals (a reconciliation, a memo line), so it is not checked rather than failed.
        return None
    return best[1]


def _best_subtotal(statement: Statement, row: Row, pool: list[int], contexts: dict[str, Context]) -> list[Component] | None:
    periods = [ctx for ctx in contexts.values() if (f := _fact(row, ctx)) is not None and f.value is not None]
    if not periods:
        return None
    best: tuple[tuple[int, int, int], list[Component]] | None = None
    for length in range(2, min(len(pool), MAX_PLAIN_PARTS) + 1):
        rows = pool[-length:]
        # Short runs may mix signs (revenue less costs); long ones only add up, as reconciliations do.
        patterns = itertools.product((1, -1), repeat=length - 1) if length <= MAX_SUBTOTAL_PARTS else [(1,) * (length - 1)]
        for signs in patterns:
            cand = list(zip(rows, (1, *signs), strict=True))
            ties = sum(1 for ctx in periods if _ties(statement, row, cand, ctx) is True)
            key = (ties, -sum(1 for s in signs if s < 0), -length)
            if best is None or key > best[0]:
                best = (key, cand)
    if best is None:
        return None
    ties = best[0][0]
    needed = len(periods) if len(periods) <= 3 else len(periods) - 1
    return best[1] if ties >= needed else None


def _fact(row: Row, ctx: Context) -> Fact | None:
    """The row's own figure in the context. A concept printed on two statements with different figures
    (Intel's "Restructuring and other charges": 2 on the income statement, 1,074 with other charges on
    the cash-flow statement) is footed where it is printed, not as the context's preferred copy."""
    name = local(row.concept)
    if not name:
        return None
    cands = ctx.candidates.get(name, ())
    if len(cands) > 1:
        own = {f.source for f in row.facts.values()}
        mine = next((f for f in cands if f.source in own), None)
        if mine is not None:
            return mine
    return ctx.facts.get(name)


def _sum(statement: Statement, comps: list[Component], ctx: Context) -> tuple[Fraction, Fraction] | None:
    """The signed sum of the lines; a blank counts as nothing while the structure is being found."""
    lo = hi = Fraction(0)
    for i, sign in comps:
        f = _fact(statement.rows[i], ctx)
        if f is None:
            return None
        if f.value is None:
            continue
        a, b = f.interval()
        if sign > 0:
            lo, hi = lo + a, hi + b
        else:
            lo, hi = lo - b, hi - a
    return lo, hi


def _ties(statement: Statement, total: Row, comps: list[Component], ctx: Context) -> bool | None:
    t = _fact(total, ctx)
    if t is None or t.value is None:
        return None
    s = _sum(statement, comps, ctx)
    if s is None:
        return None
    return meets(t.interval(), s)


def footing_evaluations(
    rule: Rule, statement: Statement, contexts: dict[str, Context], document: str, structure: dict[int, list[Component]]
) -> list[Evaluation]:
    """Evaluations of one footing rule over a structure from `footing_structure`."""
    out: list[Evaluation] = []
    for idx, comps in structure.items():
        total_row = statement.rows[idx]
        if (rule.kind == "footing") != (total_row.kind == "total"):
            continue
        for period, dims in statement.columns():
            ctx = contexts.get(column_key(period, dims))
            if ctx is None:
                continue
            ev = _evaluate(rule, statement, total_row, comps, ctx, document)
            if ev is not None:
                out.append(ev)
    return out


def _describe(st: Statement, comps: list[Component]) -> str:
    text = ""
    for n, (i, sign) in enumerate(comps):
        label = st.rows[i].label
        text += (label if n == 0 and sign > 0 else f"{'+' if sign > 0 else '-'} {label}") if n == 0 else f" {'+' if sign > 0 else '-'} {label}"
    return text.strip()


def _evaluate(rule: Rule, st: Statement, total_row: Row, comps: list[Component], ctx: Context, document: str) -> Evaluation | None:
    total = _fact(total_row, ctx)
    if total is None:
        return None
    labels = _describe(st, comps)
    column = dict(ctx.dimensions).get("tieout:Column")  # a column of a consolidating schedule or a reconciliation
    column = None if column and re.fullmatch(r"S\d+\.group\d+", column) else column  # a group the header leaves unnamed
    title = f"{total_row.label} foots" if rule.kind == "footing" else f"{total_row.label} is its lines above"
    ev = Evaluation(
        rule_id=rule.id,
        title=f"{title} ({column})" if column else title,
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
    blanks: list[Row] = []
    signs: list[int] = []
    lo = hi = Fraction(0)
    for i, sign in comps:
        row = st.rows[i]
        f = _fact(row, ctx)
        if f is None or f.value is None:
            blanks.append(row)
            if f is not None:
                ev.operands.append(Operand(row.concept or row.label, f.concept, f.label, None, None, None, f.source, f))
                signs.append(sign)
            continue
        a, b = f.interval()
        lo, hi = (lo + a, hi + b) if sign > 0 else (lo - b, hi - a)
        ev.operands.append(_operand(row.concept or row.label, f))
        signs.append(sign)
    if total.value is None:
        ev.reason = f"total is blank at {total.source.where}"
        ev.message = f"{total_row.label}: skipped, {ev.reason}"
        return ev
    t_lo, t_hi = total.interval()
    if blanks:
        implied = (t_lo - hi, t_hi - lo)
        if implied[0] <= 0 <= implied[1]:
            # Blanks that the figures say are zero: nothing is missing.
            names = ", ".join(f"{r.label} (line {r.line})" for r in blanks)
            ev.notes.append(f"blank, taken as zero because the figures tie: {names}")
        else:
            names = ", ".join(f"{r.label} (line {r.line})" for r in blanks)
            ev.reason = f"missing {names}"
            ev.message = f"{total_row.label}: skipped, {ev.reason}"
            if len(blanks) == 1:
                sign = next(s for i, s in comps if st.rows[i] is blanks[0])
                ev.implied[blanks[0].concept or blanks[0].label] = implied if sign > 0 else (-implied[1], -implied[0])
            return ev
    ev.reported, ev.reported_low, ev.reported_high = Fraction(total.value), t_lo, t_hi
    ev.computed, ev.computed_low, ev.computed_high = midpoint((lo, hi)), lo, hi
    ev.status = PASS if meets((t_lo, t_hi), (lo, hi)) else FAIL
    ev.message = (
        rule.message.replace("{label}", total_row.label)
        .replace("{reported}", fmt(ev.reported))
        .replace("{computed}", fmt(ev.computed))
        .replace("{difference}", fmt(ev.difference))
        .replace("{components}", labels)
        .replace("{period}", ctx.period.describe())
    )
    ev.support["total"] = (lo, hi)
    for sign, op in zip(signs, ev.operands, strict=True):
        if op.low is not None and op.high is not None:
            d_lo, d_hi = t_lo - hi, t_hi - lo
            ev.support[op.name] = (op.low + d_lo, op.high + d_hi) if sign > 0 else (op.low - d_hi, op.high - d_lo)
    if ev.status == FAIL:
        ev.implied.update(ev.support)
    return ev


def _operand(name: str, fact: Fact) -> Operand:
    lo, hi = fact.interval() if fact.value is not None else (None, None)
    value = Fraction(fact.value) if fact.value is not None else None
    return Operand(name, fact.concept, fact.label, value, lo, hi, fact.source, fact)
