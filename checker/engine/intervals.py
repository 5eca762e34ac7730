"""Interval arithmetic over sympy expressions: every printed figure is a range.

15,003 in thousands is anything in [15,002.5, 15,003.5] thousand; an identity
holds when the range computed from the inputs meets the reported range (the
round-to-nearest idea of XBRL Calculations 1.1). A quotient takes its extremes
from the corners of its inputs.
"""

from __future__ import annotations

from fractions import Fraction

import sympy

Interval = tuple[Fraction, Fraction]


class IntervalError(ValueError):
    """Division by a range that contains zero, or a construct with no interval rule."""


def evaluate(expr: sympy.Expr, env: dict[str, Interval]) -> Interval:
    if isinstance(expr, sympy.Symbol):
        return env[expr.name]
    if expr.is_Number:
        v = Fraction(str(sympy.Rational(expr)))
        return v, v
    if isinstance(expr, sympy.Add):
        lo = hi = Fraction(0)
        for arg in expr.args:
            a, b = evaluate(arg, env)
            lo, hi = lo + a, hi + b
        return lo, hi
    if isinstance(expr, sympy.Mul):
        acc: Interval = (Fraction(1), Fraction(1))
        for arg in expr.args:
            acc = _mul(acc, evaluate(arg, env))
        return acc
    if isinstance(expr, sympy.Pow) and expr.exp.is_Integer:
        base = evaluate(expr.base, env)
        n = int(expr.exp)
        if n < 0:
            base = _reciprocal(base)
            n = -n
        acc = (Fraction(1), Fraction(1))
        for _ in range(n):
            acc = _mul(acc, base)
        return acc
    if isinstance(expr, sympy.Abs):
        a, b = evaluate(expr.args[0], env)
        if a >= 0:
            return a, b
        if b <= 0:
            return -b, -a
        return Fraction(0), max(-a, b)
    if isinstance(expr, (sympy.Min, sympy.Max)):
        parts = [evaluate(arg, env) for arg in expr.args]
        pick = min if isinstance(expr, sympy.Min) else max
        return pick(p[0] for p in parts), pick(p[1] for p in parts)
    raise IntervalError(f"no interval rule for {expr.func.__name__}")


def _mul(x: Interval, y: Interval) -> Interval:
    corners = [x[0] * y[0], x[0] * y[1], x[1] * y[0], x[1] * y[1]]
    return min(corners), max(corners)


def _reciprocal(x: Interval) -> Interval:
    if x[0] <= 0 <= x[1]:
        raise IntervalError("division by a figure that may be zero")
    return 1 / x[1], 1 / x[0]


def meets(a: Interval, b: Interval) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def compare(op: str, left: Interval, right: Interval) -> bool:
    """Whether some true values within the two ranges satisfy the comparison."""
    if op == "==":
        return meets(left, right)
    if op in ("<=", "<"):
        return left[0] <= right[1] if op == "<=" else left[0] < right[1]
    if op in (">=", ">"):
        return left[1] >= right[0] if op == ">=" else left[1] > right[0]
    raise IntervalError(f"unknown comparison {op}")


def midpoint(x: Interval) -> Fraction:
    return (x[0] + x[1]) / 2
