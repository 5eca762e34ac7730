"""Rule expressions: parsed with Python's `ast` against a whitelist into a small tree.

Rule files may come from strangers, so their text never reaches `eval` or sympy's
string parser (which evals). Only names, numbers, + - * /, parentheses, one
comparison and a few named functions get through.

The whitelisted tree is the rule's one parsed form. Interval evaluation (the
per-document engine and the vectorised corpus engine) walks it directly, and a
figure that occurs once is isolated by inverting the operations above it. The
sympy equation is built from the same tree, on first use, for the symbolic work
the tree cannot do (solving where a figure occurs more than once): importing
sympy costs about a third of a second, more than the whole check of a release,
so `tieout check` only pays it when a rule needs it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sympy

_FUNCTIONS = ("abs", "min", "max")
_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_COMPARISONS = {ast.Eq: "==", ast.LtE: "<=", ast.GtE: ">=", ast.Lt: "<", ast.Gt: ">"}


class ExpressionError(ValueError):
    """A rule expression outside the whitelist; `col` points into the expression text."""

    def __init__(self, message: str, col: int | None = None) -> None:
        super().__init__(message)
        self.col = col


@dataclass(frozen=True)
class Sym:
    name: str


@dataclass(frozen=True)
class Num:
    value: Fraction


@dataclass(frozen=True)
class Neg:
    arg: Node


@dataclass(frozen=True)
class BinOp:
    op: str  # + - * /
    left: Node
    right: Node


@dataclass(frozen=True)
class Call:
    func: str  # abs, min, max
    args: tuple[Node, ...]


Node = Sym | Num | Neg | BinOp | Call


@dataclass(frozen=True)
class Expression:
    text: str
    left: Node
    op: str
    right: Node

    @cached_property
    def symbols(self) -> list[str]:
        names = dict.fromkeys(names_in(self.left)) | dict.fromkeys(names_in(self.right))
        return sorted(names, key=self.text.find)

    @property
    def left_name(self) -> str | None:
        """The reported figure's name when the left side is a single figure (`Assets == ...`)."""
        return self.left.name if isinstance(self.left, Sym) else None

    def sympy_sides(self) -> tuple[sympy.Expr, sympy.Expr]:
        """The two sides as sympy expressions, built from the whitelisted tree."""
        return to_sympy(self.left), to_sympy(self.right)


def parse_expression(text: str) -> Expression:
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"cannot parse expression: {exc.msg}", exc.offset) from None
    body = tree.body
    if not isinstance(body, ast.Compare) or len(body.ops) != 1:
        raise ExpressionError("an expression must be one comparison such as `A == B + C`", getattr(body, "col_offset", 0))
    op = _COMPARISONS.get(type(body.ops[0]))
    if op is None:
        raise ExpressionError("only ==, <=, >=, < and > compare", body.col_offset)
    return Expression(text=text.strip(), left=_build(body.left), op=op, right=_build(body.comparators[0]))


def _build(node: ast.AST) -> Node:
    if isinstance(node, ast.Name):
        return Sym(node.id)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return Num(Fraction(str(node.value)))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _build(node.operand)
        return Neg(inner) if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp):
        op = _OPERATORS.get(type(node.op))
        if op is None:
            raise ExpressionError(f"operator {type(node.op).__name__} is not allowed", node.col_offset)
        return BinOp(op, _build(node.left), _build(node.right))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS and not node.keywords:
        args = tuple(_build(a) for a in node.args)
        if not args:
            raise ExpressionError(f"{node.func.id}() needs arguments", node.col_offset)
        if node.func.id == "abs" and len(args) != 1:
            raise ExpressionError("abs() takes one argument", node.col_offset)
        return Call(node.func.id, args)
    name = type(node).__name__
    raise ExpressionError(f"{name} is not allowed in a rule expression", getattr(node, "col_offset", None))


def names_in(node: Node) -> list[str]:
    """Every figure's name, in order of appearance, repeats included."""
    if isinstance(node, Sym):
        return [node.name]
    if isinstance(node, Num):
        return []
    if isinstance(node, Neg):
        return names_in(node.arg)
    if isinstance(node, BinOp):
        return names_in(node.left) + names_in(node.right)
    return [n for a in node.args for n in names_in(a)]


def isolate(left: Node, right: Node, var: str) -> Node | None:
    """`var` in terms of the others when it occurs once outside any function, by undoing what is above it.

    None when that is not possible (a repeated figure, or one inside abs/min/max): the caller may then ask sympy.
    """
    if (names_in(left) + names_in(right)).count(var) != 1:
        return None
    side, other = (left, right) if var in names_in(left) else (right, left)
    while not isinstance(side, Sym):
        if isinstance(side, Neg):
            side, other = side.arg, Neg(other)
        elif isinstance(side, BinOp):
            in_left = var in names_in(side.left)
            a, b = side.left, side.right
            if side.op == "+":
                side, other = (a, BinOp("-", other, b)) if in_left else (b, BinOp("-", other, a))
            elif side.op == "-":
                side, other = (a, BinOp("+", other, b)) if in_left else (b, BinOp("-", a, other))
            elif side.op == "*":
                side, other = (a, BinOp("/", other, b)) if in_left else (b, BinOp("/", other, a))
            else:  # "/"
                side, other = (a, BinOp("*", other, b)) if in_left else (b, BinOp("/", a, other))
        else:
            return None
    return other


def to_sympy(node: Node) -> sympy.Expr:
    import sympy

    if isinstance(node, Sym):
        return sympy.Symbol(node.name)
    if isinstance(node, Num):
        return sympy.Rational(node.value.numerator, node.value.denominator)
    if isinstance(node, Neg):
        return -to_sympy(node.arg)
    if isinstance(node, BinOp):
        a, b = to_sympy(node.left), to_sympy(node.right)
        if node.op == "+":
            return a + b
        if node.op == "-":
            return a - b
        return a * b if node.op == "*" else a / b
    func = {"abs": sympy.Abs, "min": sympy.Min, "max": sympy.Max}[node.func]
    return func(*(to_sympy(a) for a in node.args))


def from_sympy(expr: sympy.Expr) -> Node:
    """A sympy result (a solution) back in the tree form the interval evaluators walk."""
    import sympy

    if isinstance(expr, sympy.Symbol):
        return Sym(expr.name)
    if expr.is_Rational:
        return Num(Fraction(int(expr.p), int(expr.q)))
    if isinstance(expr, (sympy.Add, sympy.Mul)):
        op = "+" if isinstance(expr, sympy.Add) else "*"
        parts = [from_sympy(a) for a in expr.args]
        acc = parts[0]
        for p in parts[1:]:
            acc = BinOp(op, acc, p)
        return acc
    if isinstance(expr, sympy.Pow) and expr.exp.is_Integer:
        base, n = from_sympy(expr.base), int(expr.exp)
        acc = base
        for _ in range(abs(n) - 1):
            acc = BinOp("*", acc, base)
        return BinOp("/", Num(Fraction(1)), acc) if n < 0 else acc
    if isinstance(expr, (sympy.Abs, sympy.Min, sympy.Max)):
        name = {sympy.Abs: "abs", sympy.Min: "min", sympy.Max: "max"}[type(expr)]
        return Call(name, tuple(from_sympy(a) for a in expr.args))
    raise ExpressionError(f"no tree form for {expr.func.__name__}")
