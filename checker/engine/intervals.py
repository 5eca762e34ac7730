"""Interval arithmetic over rule expressions: every printed figure is a range.

15,003 in thousands is anything in [15,002.5, 15,003.5] thousand; an identity
holds when the range computed from the inputs meets the reported range (the
round-to-nearest idea of XBRL Calculations 1.1). A quotient takes its extremes
from the corners of its inputs.
"""

from __future__ import annotations

from fractions import Fraction

from checker.expressions import BinOp, Call, Neg, Node, Num, Sym

Interval = tuple[Fraction, Fraction]


class IntervalError(ValueError):
    """Division by a range that contains zero, or a construct with no interval rule."""


def evaluate(node: Node, env: dict[str, Interval]) -> Interval:
    if isinstance(node, Sym):
        return env[node.name]
    if isinstance(node, Num):
        return node.value, node.value
    if isinstance(node, Neg):
        a, b = evaluate(node.arg, env)
        return -b, -a
    if isinstance(node, BinOp):
        x, y = evaluate(node.left, env), evaluate(node.right, env)
        if node.op == "+":
            return x[0] + y[0], x[1] + y[1]
        if node.op == "-":
            return x[0] - y[1], x[1] - y[0]
        return _mul(x, y if node.op == "*" else _reciprocal(y))
    if isinstance(node, Call):
        parts = [evaluate(arg, env) for arg in node.args]
        if node.func == "abs":
            a, b = parts[0]
            if a >= 0:
                return a, b
            if b <= 0:
                return -b, -a
            return Fraction(0), max(-a, b)
        pick = min if node.func == "min" else max
        return pick(p[0] for p in parts), pick(p[1] for p in parts)
    raise IntervalError(f"no interval rule for {type(node).__name__}")


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
