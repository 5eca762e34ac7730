"""The rule expression tree: what the engines evaluate and solve, checked against sympy on every shipped rule."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction

import pytest
import sympy

from checker.engine.identity import solve_for
from checker.engine.intervals import IntervalError, evaluate
from checker.expressions import from_sympy, isolate, parse_expression
from checker.rulebook import load_rules
from checker.taxonomy import load_taxonomy
from tests.conftest import ROOT, SEED


def _identities():
    book = load_rules(None, load_taxonomy())
    return [(r.id, r.expression, v) for r in book.rules if r.expression and r.expression.op == "==" for v in r.expression.symbols]


@pytest.mark.parametrize(("rule_id", "expression", "var"), _identities())
def test_isolating_a_figure_agrees_with_sympy_solve(rule_id, expression, var):
    """Every figure of every shipped identity, solved both ways, gives the same value."""
    others = [s for s in expression.symbols if s != var]
    env = {s: Fraction(97 + 13 * i, 7) for i, s in enumerate(others)}
    ours = isolate(expression.left, expression.right, var)
    assert ours is not None, f"{rule_id}: {var} not isolated"
    left, right = expression.sympy_sides()
    solutions = sympy.solve(sympy.Eq(left, right), sympy.Symbol(var))
    assert len(solutions) == 1
    theirs = solutions[0].subs({sympy.Symbol(k): sympy.Rational(v.numerator, v.denominator) for k, v in env.items()})
    assert evaluate(ours, {k: (v, v) for k, v in env.items()}) == (Fraction(str(theirs)),) * 2


def test_interval_of_a_quotient_takes_its_corners():
    e = parse_expression("EPS == NetIncome / Shares")
    lo, hi = evaluate(e.right, {"NetIncome": (Fraction(-15_003_500), Fraction(-15_002_500)), "Shares": (Fraction(49_500), Fraction(50_500))})
    assert (lo, hi) == (Fraction(-15_003_500, 49_500), Fraction(-15_002_500, 50_500))
    with pytest.raises(IntervalError):
        evaluate(e.right, {"NetIncome": (Fraction(1), Fraction(2)), "Shares": (Fraction(-1), Fraction(1))})


def test_a_repeated_figure_falls_back_to_sympy():
    e = parse_expression("A == B + A / 2")  # A occurs twice: no inversion, sympy solves 2B
    assert isolate(e.left, e.right, "A") is None
    solution = solve_for(e.left, e.right, "A")
    assert solution is not None and evaluate(solution, {"B": (Fraction(3), Fraction(3))}) == (Fraction(6), Fraction(6))
    assert solve_for(e.left, e.right, "B") == isolate(e.left, e.right, "B")


def test_a_figure_inside_abs_is_not_inverted():
    e = parse_expression("X == abs(Y) + Z")
    assert isolate(e.left, e.right, "Y") is None
    assert isolate(e.left, e.right, "Z") is not None
    assert from_sympy(sympy.Abs(sympy.Symbol("Y"))) == parse_expression("Q == abs(Y)").right


def test_checking_a_release_does_not_import_sympy():
    """sympy's import costs a third of a second, more than the check itself: only symbolic work may pay it."""
    code = ("import sys; from checker.cli import main; code = main(['check', sys.argv[1], '--format', 'json']); "
            "print('sympy' in sys.modules, file=sys.stderr); raise SystemExit(code)")
    proc = subprocess.run([sys.executable, "-c", code, str(SEED)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "False"
