"""Evaluating one identity rule in one context, with implied values for what is off or missing."""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache

import sympy

from checker.engine.contexts import Context
from checker.engine.intervals import Interval, IntervalError, compare, evaluate, midpoint
from checker.engine.results import FAIL, PASS, SKIPPED, Evaluation, Operand
from checker.facts import Fact
from checker.formatting import fmt
from checker.rulebook import Rule


def applies(rule: Rule, ctx: Context) -> bool:
    if rule.period == "instant" and not ctx.period.is_instant:
        return False
    if rule.period == "duration" and ctx.period.is_instant:
        return False
    return True


def bound_fact(rule: Rule, var: str, ctx: Context) -> Fact | None:
    """The first concept of the variable's list that the context reports (a nil counts as reported)."""
    nil: Fact | None = None
    for concept in rule.concepts_for(var):
        fact = ctx.facts.get(concept)
        if fact is not None and fact.value is not None:
            return fact
        if fact is not None and nil is None:
            nil = fact
    return nil


def evaluate_identity(rule: Rule, ctx: Context, document: str, diagnose: bool = True) -> Evaluation | None:
    """None when the rule has nothing to bind here; skipped when a required figure is missing."""
    assert rule.expression is not None
    if not applies(rule, ctx):
        return None
    env: dict[str, Interval] = {}
    operands: list[Operand] = []
    missing: list[str] = []
    present = 0
    if any(ctx.facts.get(c) is not None and ctx.facts[c].value is not None for c in rule.unless):
        return None
    for var in rule.variables:
        if var in rule.between:
            span = _between(rule, var, ctx)
            if span is not None:
                lo, hi, rows = span
                env[var] = (lo, hi)
                operands.extend(_operand(var, f) for f in rows)
                continue
        fact = bound_fact(rule, var, ctx)
        if fact is not None and fact.value is not None:
            lo, hi = fact.interval()
            env[var] = (lo, hi)
            operands.append(_operand(var, fact))
            present += 1
            continue
        if var in rule.zero_if_missing:
            env[var] = (Fraction(0), Fraction(0))
            operands.append(Operand(var, fact.concept if fact else None, fact.label if fact else var, None, Fraction(0), Fraction(0), fact.source if fact else None, fact))
            continue
        missing.append(var if fact is None else f"{var} (blank at line {fact.source.line})")
        if fact is not None:
            operands.append(Operand(var, fact.concept, fact.label, None, None, None, fact.source, fact))
    if present == 0 or not all(_reported(bound_fact(rule, v, ctx)) for v in rule.requires):
        return None
    left_sym = rule.expression.left if isinstance(rule.expression.left, sympy.Symbol) else None
    target = next((o for o in operands if left_sym is not None and o.name == left_sym.name), None)
    if target is None:
        target = next((o for o in operands if o.value is not None), None)
    ev = Evaluation(
        rule_id=rule.id,
        title=rule.title,
        message="",
        severity=rule.severity,
        status=SKIPPED,
        document=document,
        expression=rule.expression.text,
        period=ctx.period,
        target=target,
        operands=[o for o in operands if o is not target],
        unit=target.fact.unit if target and target.fact else None,
    )
    if target and target.fact:
        ev.statement = target.fact.statement
    if missing:
        ev.reason = "missing " + ", ".join(missing)
        ev.message = f"{rule.title}: skipped, {ev.reason}"
        if diagnose:
            _implied(rule, env, ev, only=[m.split(" ")[0] for m in missing] if len(missing) == 1 else [])
        return ev
    try:
        left = evaluate(rule.expression.left, env)
        right = evaluate(rule.expression.right, env)
    except IntervalError as exc:
        ev.reason = str(exc)
        ev.message = f"{rule.title}: skipped, {exc}"
        return ev
    ev.reported_low, ev.reported_high = left
    ev.computed_low, ev.computed_high = right
    ev.reported = target.value if target and target.value is not None and left_sym is not None else midpoint(left)
    ev.computed = midpoint(right)
    ev.status = PASS if compare(rule.expression.op, left, right) else FAIL
    ev.message = fill(rule.message, ev, env)
    if ev.status == FAIL and diagnose:
        _implied(rule, env, ev, only=None)
    return ev


def _reported(fact: Fact | None) -> bool:
    return fact is not None and fact.value is not None


def _between(rule: Rule, var: str, ctx: Context) -> tuple[Fraction, Fraction, list[Fact]] | None:
    """The lines printed between two anchors of the rule, summed as printed (layout documents only)."""
    first, last = (bound_fact(rule, v, ctx) for v in rule.between[var])
    if first is None or last is None or first.statement is None or first.statement != last.statement:
        return None
    if first.row is None or last.row is None or first.row >= last.row:
        return None
    taken = {id(bound_fact(rule, v, ctx)) for v in rule.variables if v != var and v not in rule.between}
    rows = sorted(
        (f for f in ctx.facts.values() if f.statement == first.statement and f.row is not None and first.row < f.row < last.row
         and id(f) not in taken and f.unit == first.unit),
        key=lambda f: f.row or 0,
    )
    if any(f.value is None for f in rows):
        return None
    lo = sum((f.interval()[0] for f in rows), Fraction(0))
    hi = sum((f.interval()[1] for f in rows), Fraction(0))
    return lo, hi, rows


def _operand(var: str, fact: Fact) -> Operand:
    lo, hi = fact.interval()
    return Operand(var, fact.concept, fact.label, Fraction(fact.value) if fact.value is not None else None, lo, hi, fact.source, fact)


def _implied(rule: Rule, env: dict[str, Interval], ev: Evaluation, only: list[str] | None) -> None:
    """For each figure, the range that would make the identity hold given the others."""
    assert rule.expression is not None
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
        ev.implied[var] = (lo, hi)


@lru_cache(maxsize=1024)
def solve_for(left: sympy.Expr, right: sympy.Expr, var: str) -> sympy.Expr | None:
    """`var` in terms of the others: directly when the identity is linear in it, else by sympy.solve."""
    sym = sympy.Symbol(var)
    f = left - right
    slope = sympy.diff(f, sym)
    if not slope.has(sym) and slope != 0:
        return sym - f / slope
    try:
        solutions = sympy.solve(sympy.Eq(left, right), sym)
    except (NotImplementedError, ValueError):
        return None
    return solutions[0] if len(solutions) == 1 else None


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
