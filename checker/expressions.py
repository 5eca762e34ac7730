"""Rule expressions: parsed with Python's `ast` against a whitelist, built into sympy.

Rule files may come from strangers, so their text never reaches `eval` or sympy's
string parser (which evals). Only names, numbers, + - * /, parentheses, one
comparison and a few named functions get through.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

import sympy

_FUNCTIONS = {"abs": sympy.Abs, "min": sympy.Min, "max": sympy.Max}
_COMPARISONS = {ast.Eq: "==", ast.LtE: "<=", ast.GtE: ">=", ast.Lt: "<", ast.Gt: ">"}


class ExpressionError(ValueError):
    """A rule expression outside the whitelist; `col` points into the expression text."""

    def __init__(self, message: str, col: int | None = None) -> None:
        super().__init__(message)
        self.col = col


@dataclass(frozen=True)
class Expression:
    text: str
    left: sympy.Expr
    op: str
    right: sympy.Expr

    @property
    def symbols(self) -> list[str]:
        names = {s.name for s in (self.left.free_symbols | self.right.free_symbols)}
        return sorted(names, key=self.text.find)


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


def _build(node: ast.AST) -> sympy.Expr:
    if isinstance(node, ast.Name):
        return sympy.Symbol(node.id)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return sympy.Rational(str(node.value))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _build(node.operand)
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp):
        left, right = _build(node.left), _build(node.right)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Div):
            return left / right
        raise ExpressionError(f"operator {type(node.op).__name__} is not allowed", node.col_offset)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS and not node.keywords:
        args = [_build(a) for a in node.args]
        if not args:
            raise ExpressionError(f"{node.func.id}() needs arguments", node.col_offset)
        return _FUNCTIONS[node.func.id](*args)
    name = type(node).__name__
    raise ExpressionError(f"{name} is not allowed in a rule expression", getattr(node, "col_offset", None))
