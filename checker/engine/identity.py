"""Evaluating one identity rule in one context, with implied values for what is off or missing."""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache

from checker.engine.contexts import Context
from checker.engine.intervals import Interval, IntervalError, compare, evaluate, midpoint
from checker.engine.results import FAIL, PASS, SKIPPED, Evaluation, Operand
from checker.expressions import ExpressionError, Node, from_sympy, isolate, to_sympy
from checker.facts import Fact, Period
from checker.formatting import fmt
from checker.rulebook import Rule


def applies(rule: Rule, ctx: Context) -> bool:
    if rule.period == "instant" and not ctx.period.is_instant:
        return False
    if rule.period == "duration" and ctx.period.is_instant:
        return False
    return True


def bound_fact(rule: Rule, var: str, ctx: Context, home: str | None = None) -> Fact | None:
    """The first concept of the variable's list that the context reports (a nil counts as reported).

    `home` is the statement of the identity's reported figure: a concept printed on several
    statements (taxes on the income and cash-flow statements) is taken from that one.
    """
    nil: Fact | None = None
    at = rule.at.get(var)
    flow = ctx.period
    if at is not None:
        ctx = ctx.edges.get(at)  # type: ignore[assignment]
        if ctx is None:
            return None
    for concept in rule.concepts_for(var):
        fact = ctx.facts.get(concept)
        if home is not None and fact is not None and fact.statement != home:
            same = [c for c in ctx.candidates.get(concept, []) if c.statement == home and c.value is not None]
            if same:
                fact = max(same, key=lambda c: c.quality)
        if at is not None and fact is not None:
            # a balance printed under this very column first (one misprinted column of three must not fail all three);
            # else one balance printed twice (end of Q3 = beginning of the trailing twelve months): the end of a
            # period is its lower line, the beginning its upper one
            own = [c for c in ctx.candidates.get(concept, []) if c.printed_under == flow and c.value is not None]
            same = [c for c in ctx.candidates.get(concept, []) if c.statement == fact.statement and c.value == fact.value]
            if own:
                fact = own[0]
            elif len(same) > 1:
                fact = (max if at == "end" else min)(same, key=lambda c: c.source.line)
        if fact is not None and fact.value is not None:
            return fact
        if fact is not None and nil is None:
            nil = fact
    return nil


def evaluate_identity(rule: Rule, ctx: Context, document: str, diagnose: bool = True) -> Evaluation | None:
    """None when the rule has nothing to bind here; skipped when a required figure is missing.

    When the reported figure is printed on several statements (net income on the income and
    cash-flow statements), the identity is bound within each in turn and holds if it holds in one.
    """
    assert rule.expression is not None
    left = rule.expression.left_name
    homes: list[str] = []
    left_ctx = ctx.edges.get(rule.at[left]) if left in rule.at else ctx
    for concept in rule.concepts_for(left) if left and left_ctx else ():
        for f in left_ctx.candidates.get(concept, []):
            if f.statement and f.value is not None and f.statement not in homes:
                homes.append(f.statement)
    if len(homes) < 2:
        return _evaluate(rule, ctx, document, diagnose, None)
    first: Evaluation | None = None
    for home in homes:
        ev = _evaluate(rule, ctx, document, False, home)
        if ev is not None and ev.status == PASS:
            return _evaluate(rule, ctx, document, diagnose, home)
        first = first or ev
    return _evaluate(rule, ctx, document, diagnose, None) if first is not None else None


def _evaluate(rule: Rule, ctx: Context, document: str, diagnose: bool, forced_home: str | None) -> Evaluation | None:
    assert rule.expression is not None
    if not applies(rule, ctx):
        return None
    env: dict[str, Interval] = {}
    operands: list[Operand] = []
    missing: list[str] = []
    present = 0
    if any(ctx.facts.get(c) is not None and ctx.facts[c].value is not None for c in rule.unless):
        return None
    variants: list[tuple[str, dict[str, Interval]]] = []  # the statement's own sign conventions
    left_name = rule.expression.left_name
    anchor = bound_fact(rule, left_name, ctx, forced_home) if left_name else None
    home = anchor.statement if anchor is not None else None
    for var in rule.variables:
        if var in rule.between:
            span = _between(rule, var, ctx, home)
            if span is not None:
                lo, hi, rows = span
                env[var] = (lo, hi)
                operands.extend(_operand(var, f) for f in rows)
                alt = _expenses_subtracted(rows)
                if alt is not None:
                    variants.append(("expense lines between are printed positive and subtracted", {var: alt}))
                every = _all_subtracted(rows)
                if every is not None:
                    variants.append(("the lines between are printed as charges and subtracted", {var: every}))
                # an optional term printed inside the span belongs to it: its line stays in the sum, the term drops out
                # (interest expense printed among the non-operating lines above their total)
                for other in rule.variables:
                    if other in rule.optional_terms and other not in rule.between:
                        inside = _between(rule, var, ctx, home, free=other)
                        if inside is not None and inside[2] != rows:
                            label = next((f.label for f in inside[2] if f not in rows), other)
                            variants.append((f"{label} is printed among the lines between",
                                             {var: (inside[0], inside[1]), other: (Fraction(0), Fraction(0))}))
                continue
        fact = bound_fact(rule, var, ctx, home)
        if fact is not None and var in rule.between and home is not None and fact.statement not in (None, home):
            fact = None  # a line "between" two rows of one statement is never taken from another statement
        if fact is not None and fact.value is not None:
            lo, hi = fact.interval()
            env[var] = (lo, hi)
            operands.append(_operand(var, fact))
            present += 1
            if var in rule.extra_terms:
                env[var] = (Fraction(0), Fraction(0))
                variants.append((f"{fact.label} is outside the figures it belongs to and is added", {var: (lo, hi)}))
                continue
            if var in rule.sign_flexible and fact.statement is not None and fact.value != 0:
                variants.append((f"the statement prints {fact.label} with the opposite sign", {var: (-hi, -lo)}))
            if var in rule.optional_terms:
                variants.append((f"{fact.label} is already inside another figure of the identity", {var: (Fraction(0), Fraction(0))}))
            continue
        if var in rule.zero_if_missing or var in rule.extra_terms:
            env[var] = (Fraction(0), Fraction(0))
            operands.append(Operand(var, fact.concept if fact else None, fact.label if fact else var, None, Fraction(0), Fraction(0), fact.source if fact else None, fact))
            continue
        missing.append(var if fact is None else f"{var} (blank at {fact.source.where})")
        if fact is not None:
            operands.append(Operand(var, fact.concept, fact.label, None, None, None, fact.source, fact))
    if present == 0 or not all(_reported(bound_fact(rule, v, ctx, home)) for v in rule.requires):
        return None
    ev = new_evaluation(rule, operands, ctx.period, document)
    if missing:
        skip(ev, rule, "missing " + ", ".join(missing))
        if diagnose and len(missing) == 1:
            _implied(rule, env, ev, only=[missing[0].split(" ")[0]])
            ev.implied.update(ev.support)
        return ev
    try:
        left = evaluate(rule.expression.left, env)
        right = evaluate(rule.expression.right, env)
    except IntervalError as exc:
        return skip(ev, rule, str(exc))
    status = PASS if compare(rule.expression.op, left, right) else FAIL
    if status == FAIL:
        # Follow the statement's own arithmetic before calling it wrong (sign conventions only).
        combos = [[v] for v in variants] + [[a, b] for i, a in enumerate(variants) for b in variants[i + 1 :] if not set(a[1]) & set(b[1])]
        for combo in combos:
            why = " and ".join(w for w, _ in combo)
            change = {k: v for _, c in combo for k, v in c.items()}
            trial = {**env, **change}
            try:
                t_left, t_right = evaluate(rule.expression.left, trial), evaluate(rule.expression.right, trial)
            except IntervalError:
                continue
            if compare(rule.expression.op, t_left, t_right):
                env, left, right, status = trial, t_left, t_right, PASS
                ev.notes.append(f"ties when {why}")
                break
    settle(ev, rule, left, right, status, env)
    if diagnose:
        _implied(rule, env, ev, only=[v for v in env if v not in rule.between and v not in rule.zero_if_missing or _bound(ev, v)])
        if ev.status == FAIL:
            ev.implied.update(ev.support)
    return ev


def new_evaluation(rule: Rule, operands: list[Operand], period: Period | None, document: str) -> Evaluation:
    """A skipped evaluation of `rule` over its bound operands: the reported figure (the left side's, else the
    first with a value) as target. The per-document and the corpus engines both start here."""
    assert rule.expression is not None
    left_name = rule.expression.left_name
    target = next((o for o in operands if left_name is not None and o.name == left_name), None)
    if target is None:
        target = next((o for o in operands if o.value is not None), None)
    fact = target.fact if target else None
    return Evaluation(
        rule_id=rule.id, title=rule.title, message="", severity=rule.severity, status=SKIPPED, document=document,
        expression=rule.expression.text, relation=rule.expression.op, period=period, target=target,
        operands=[o for o in operands if o is not target], unit=fact.unit if fact else None,
        statement=fact.statement if fact else None,
    )


def skip(ev: Evaluation, rule: Rule, reason: str) -> Evaluation:
    ev.reason = reason
    ev.message = f"{rule.title}: skipped, {reason}"
    return ev


def settle(ev: Evaluation, rule: Rule, left: Interval, right: Interval, status: str, env: dict[str, Interval]) -> None:
    """The two sides' ranges, the reported figure as printed (its midpoint when the left side is a formula),
    the computed midpoint, the status and the message."""
    assert rule.expression is not None
    target = ev.target
    ev.reported_low, ev.reported_high = left
    ev.computed_low, ev.computed_high = right
    printed = target is not None and target.value is not None and rule.expression.left_name is not None
    ev.reported = target.value if printed and target is not None else midpoint(left)
    ev.computed = midpoint(right)
    ev.status = status
    ev.message = fill(rule.message, ev, env)


def _bound(ev: Evaluation, var: str) -> bool:
    return any(o.name == var and o.value is not None for o in [*([ev.target] if ev.target else []), *ev.operands])


def _reported(fact: Fact | None) -> bool:
    return fact is not None and fact.value is not None


def _between(rule: Rule, var: str, ctx: Context, home: str | None = None, free: str | None = None) -> tuple[Fraction, Fraction, list[Fact]] | None:
    """The lines printed between two anchors of the rule, summed as printed (layout documents only).

    The lines of the rule's other variables are left out of the sum, except `free`'s.
    """
    first, last = (bound_fact(rule, v, ctx, home) for v in rule.between[var])
    if first is None or last is None or first.statement is None or first.statement != last.statement:
        return None
    if first.row is None or last.row is None or first.row >= last.row:
        return None
    taken = {id(bound_fact(rule, v, ctx, home)) for v in rule.variables if v not in (var, free) and v not in rule.between}
    span = sorted(
        (f for f in ctx.facts.values() if f.statement == first.statement and f.row is not None and first.row < f.row < last.row
         and f.unit == first.unit),
        key=lambda f: f.row or 0,
    )
    if any(f.value is None and id(f) not in taken for f in span):
        return None
    rows = _without_running_totals(first, span, taken)
    rows = _without_subtotals(rows)
    lo = sum((f.interval()[0] for f in rows), Fraction(0))
    hi = sum((f.interval()[1] for f in rows), Fraction(0))
    return lo, hi, rows


_EXPENSE = re.compile(r"expense|\bcosts?\b|\bfees?\b|accretion|\bcharges?\b|amortization|depreciation|impairment|\bloss\s+on\b|write[- ]?(?:down|off)", re.I)
_INCOME = re.compile(r"income|\bgains?\b|recovery|\(expense\)|\(loss\)|\bnet\b", re.I)


def _all_subtracted(rows: list[Fact]) -> Interval | None:
    """An "Other expense (income)" block: every line printed as a charge and subtracted."""
    if not rows:
        return None
    lo = -sum((f.interval()[1] for f in rows), Fraction(0))
    hi = -sum((f.interval()[0] for f in rows), Fraction(0))
    return lo, hi


def _expenses_subtracted(rows: list[Fact]) -> Interval | None:
    """The same lines with expense lines printed positive taken as subtractions."""
    flipped = False
    lo = hi = Fraction(0)
    for f in rows:
        a, b = f.interval()
        if _EXPENSE.search(f.label) and not _INCOME.search(f.label) and f.value is not None and f.value > 0:
            a, b = -b, -a
            flipped = True
        lo, hi = lo + a, hi + b
    return (lo, hi) if flipped else None


def _without_running_totals(anchor: Fact, span: list[Fact], taken: set[int]) -> list[Fact]:
    """Drop lines that restate the running total from the anchor ("Profit of consolidated companies"
    after pretax income and the tax line): they are subtotals, not further items."""
    running = [anchor.interval()]
    kept: list[Fact] = []
    for f in span:
        if f.value is None:
            continue
        lo, hi = f.interval()
        if id(f) in taken:
            running = ([(a + lo, b + hi) for a, b in running] + [(a - hi, b - lo) for a, b in running])[:8]
            continue
        if any(lo <= b and a <= hi for a, b in running):
            running = [(lo, hi)]
            continue
        kept.append(f)
        running = [(a + lo, b + hi) for a, b in running]
    return kept


def _without_subtotals(rows: list[Fact]) -> list[Fact]:
    """Drop lines summed by a later line ("Total other income"): counting both would count them twice."""
    kept: list[Fact] = []
    run: list[Fact] = []  # lines since the last subtotal
    for f in rows:
        lo, hi = f.interval()
        if len(run) >= 2:
            s_lo = sum((x.interval()[0] for x in run), Fraction(0))
            s_hi = sum((x.interval()[1] for x in run), Fraction(0))
            if lo <= s_hi and s_lo <= hi:
                ids = {id(x) for x in run}
                kept = [k for k in kept if id(k) not in ids] + [f]
                run = [f]
                continue
        run.append(f)
        kept.append(f)
    return kept


def _operand(var: str, fact: Fact) -> Operand:
    lo, hi = fact.interval()
    return Operand(var, fact.concept, fact.label, Fraction(fact.value) if fact.value is not None else None, lo, hi, fact.source, fact)


def _implied(rule: Rule, env: dict[str, Interval], ev: Evaluation, only: list[str] | None) -> None:
    """For each figure, the range that would make the identity hold given the others."""
    assert rule.expression is not None
    if rule.expression.op != "==":
        # an inequality (X >= 0, component <= total) allows a half-line, not the point solving the equation
        # would give: a point would make every other value "break" a passing inequality in the diagnosis
        return
    targets = only if only is not None else list(env)
    if only == []:
        return
    for var in targets:
        solution = solve_for(rule.expression.left, rule.expression.right, var)
        if solution is None:
            continue
        others = {k: v for k, v in env.items() if k != var}
        try:
            lo, hi = evaluate(solution, others)
        except (IntervalError, KeyError):
            continue
        ev.support[var] = (lo, hi)


@lru_cache(maxsize=1024)
def solve_for(left: Node, right: Node, var: str) -> Node | None:
    """`var` in terms of the others: by undoing the operations above it, else by sympy.solve."""
    solution = isolate(left, right, var)
    if solution is not None:
        return solution
    import sympy

    sym = sympy.Symbol(var)
    lhs, rhs = to_sympy(left), to_sympy(right)
    try:
        solutions = sympy.solve(sympy.Eq(lhs, rhs), sym)
    except (NotImplementedError, ValueError):
        return None
    if len(solutions) != 1:
        return None
    try:
        return from_sympy(solutions[0])
    except ExpressionError:
        return None


def fill(template: str, ev: Evaluation, env: dict[str, Interval] | None = None) -> str:
    """Fill `{name}` placeholders only: no attribute access, no format specs from rule text."""
    values: dict[str, str] = {
        "reported": fmt(ev.reported),
        "computed": fmt(ev.computed),
        "difference": fmt(ev.difference),
        "tolerance": fmt(ev.tolerance),
        "period": ev.period.describe() if ev.period else "",
        "label": ev.target.label if ev.target else "",
    }
    for o in [*([ev.target] if ev.target else []), *ev.operands]:
        values.setdefault(o.name, fmt(o.value))
    return re.sub(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", lambda m: values.get(m.group(1), m.group(0)), template)
