"""Identity rules over a whole corpus at once: one column per concept, one row per context.

The per-document engine (`identity.evaluate_identity`) binds a rule to one context
at a time with exact Fractions; a quarter of EDGAR has tens of thousands of
contexts, so here each rule's sympy expression is compiled once into a function of
numpy arrays (interval arithmetic on column lows and highs, a quotient from its
corners) and run over every context in one call. The binding semantics are the
per-document ones, column-wise: the first concept of a variable's list that the
context reports wins, `zero_if_missing`, `requires`, `unless`, `period`. `between`
bindings are layout-only and fall back to their concept list, as they do for a
document without statements. `optional_terms` are tried as in the per-document
engine (a failure that ties with the term at zero passes); `sign_flexible` is for
printed statements only and never applies to tagged values such as FSDS's.
`dimensional` is not used: corpus contexts are non-dimensional unless the reader
was asked for segments.

Floats stand in for Fractions: every bound is a whole number of the filer's unit
or a short decimal, so sums are exact up to 2**53; comparisons allow a slack of
1e-9 of the magnitudes so a range that touches another exactly (a pass under exact
arithmetic) is not lost to a binary rounding of 0.005.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import sympy

from checker.readers.fsds import FsdsData
from checker.rulebook import Rule, RuleBook

# Status codes in outcome arrays.
NONE, SKIP, PASS, FAIL = 0, 1, 2, 3
_SLACK = 1e-9

Bounds = tuple[np.ndarray, np.ndarray, np.ndarray]  # low, high, error mask
Compiled = Callable[[dict[str, tuple[np.ndarray, np.ndarray]], int], Bounds]


@dataclass
class ContextTable:
    """Every context of a corpus (filing, date, quarters, co-registrant, segments) and its bound facts."""

    filing: np.ndarray  # int32 per context
    ddate: np.ndarray
    qtrs: np.ndarray
    coreg: np.ndarray  # object
    segments: np.ndarray  # object
    columns: dict[str, int]  # concept -> column
    fact: np.ndarray  # (contexts, concepts) int64 row of data, -1 = not reported
    valued: np.ndarray  # (contexts, concepts) bool: reported with a value (not nil)
    low: np.ndarray  # (contexts, concepts) float64
    high: np.ndarray
    # per duration context, the instant context of the month-end before it starts and of its end (-1: none):
    # where `at: start` / `at: end` bindings read balances, as `Context.edges` does for one document
    edge_start: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    edge_end: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.filing)


def bind(data: FsdsData, concepts: set[str]) -> ContextTable:
    """Group rows into contexts and keep one fact per concept: a value before a nil, the most precise, the first."""
    names = sorted(concepts & set(np.unique(data.tag).tolist())) if len(data) else []
    columns = {c: i for i, c in enumerate(names)}
    keep = np.array([t in columns for t in data.tag], dtype=bool) if len(data) else np.zeros(0, dtype=bool)
    rows = np.nonzero(keep)[0]
    concept = np.array([columns[t] for t in data.tag[rows]], dtype=np.int64)
    coreg_codes, coreg = _codes(data.coreg[rows])
    seg_codes, segs = _codes(data.segments[rows])
    filing, ddate, qtrs = data.filing[rows], data.ddate[rows], data.qtrs[rows]
    nil = np.isnan(data.value[rows])
    order = np.lexsort((data.line[rows], data.file[rows], -data.decimals[rows].astype(np.int64), nil, concept, segs, coreg, qtrs, ddate, filing))
    o_filing, o_ddate, o_qtrs, o_coreg, o_segs, o_concept = (a[order] for a in (filing, ddate, qtrs, coreg, segs, concept))
    n = len(order)
    new_ctx = np.ones(n, dtype=bool)
    if n:
        new_ctx[1:] = (
            (o_filing[1:] != o_filing[:-1]) | (o_ddate[1:] != o_ddate[:-1]) | (o_qtrs[1:] != o_qtrs[:-1])
            | (o_coreg[1:] != o_coreg[:-1]) | (o_segs[1:] != o_segs[:-1])
        )
    ctx_id = np.cumsum(new_ctx) - 1
    first = new_ctx.copy()
    if n:
        first[1:] |= o_concept[1:] != o_concept[:-1]
    n_ctx = int(new_ctx.sum())
    fact = np.full((n_ctx, len(names)), -1, dtype=np.int64)
    fact[ctx_id[first], o_concept[first]] = rows[order[first]]
    heads = np.nonzero(new_ctx)[0]
    reported = fact >= 0
    safe = np.where(reported, fact, 0)
    value = data.value[safe] if len(data) else np.zeros(fact.shape)
    valued = reported & ~np.isnan(value)
    half = 0.5 * np.power(10.0, -data.decimals[safe].astype(np.float64)) if len(data) else np.zeros(fact.shape)
    low = np.where(valued, value - half, np.nan)
    high = np.where(valued, value + half, np.nan)
    c_filing, c_ddate, c_qtrs, c_coreg, c_segs = o_filing[heads], o_ddate[heads], o_qtrs[heads], o_coreg[heads], o_segs[heads]
    edge_start, edge_end = _edges(c_filing, c_ddate, c_qtrs, c_coreg, c_segs)
    return ContextTable(
        filing=c_filing, ddate=c_ddate, qtrs=c_qtrs,
        coreg=coreg_codes[c_coreg] if n else np.zeros(0, dtype=object),
        segments=seg_codes[c_segs] if n else np.zeros(0, dtype=object),
        columns=columns, fact=fact, valued=valued, low=low, high=high, edge_start=edge_start, edge_end=edge_end,
    )


def _edges(filing: np.ndarray, ddate: np.ndarray, qtrs: np.ndarray, coreg: np.ndarray, segs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of each duration's start and end instant context. FSDS dates are month-ends, so a duration of
    q quarters ending at month-end D starts after the month-end 3q months earlier."""
    n = len(filing)
    start, end = np.full(n, -1, dtype=np.int64), np.full(n, -1, dtype=np.int64)
    keys = list(zip(filing.tolist(), coreg.tolist(), segs.tolist(), ddate.tolist(), strict=True))
    instants = {k: i for i, (k, q) in enumerate(zip(keys, qtrs.tolist(), strict=True)) if q == 0}
    if not instants:
        return start, end
    before = {(d, q): month_end_before(d, q) for d, q in set(zip(ddate.tolist(), qtrs.tolist(), strict=True)) if q}
    for i, ((f, c, sg, d), q) in enumerate(zip(keys, qtrs.tolist(), strict=True)):
        if q:
            start[i] = instants.get((f, c, sg, before[(d, q)]), -1)
            end[i] = instants.get((f, c, sg, d), -1)
    return start, end


def month_end_before(ddate: int, qtrs: int) -> int:
    """The FSDS date (a month-end, YYYYMMDD) the day before a duration of `qtrs` quarters ending at `ddate` starts."""
    y, m = divmod(ddate // 100, 100)
    m -= 3 * qtrs
    while m <= 0:
        m, y = m + 12, y - 1
    return (y * 100 + m) * 100 + calendar.monthrange(y, m)[1]


def _codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if len(values) == 0:
        return np.zeros(0, dtype=object), np.zeros(0, dtype=np.int64)
    uniq, inverse = np.unique(values.astype(str), return_inverse=True)
    return uniq.astype(object), inverse.astype(np.int64)


@dataclass
class RuleOutcome:
    """One rule over every context: rows are the contexts where the rule had something to bind."""

    rule: Rule
    contexts: np.ndarray  # context indices
    status: np.ndarray  # SKIP / PASS / FAIL
    bound: dict[str, np.ndarray]  # variable -> data row bound (-1: none)
    nil: dict[str, np.ndarray]  # variable -> data row of a nil when nothing had a value
    left: tuple[np.ndarray, np.ndarray]
    right: tuple[np.ndarray, np.ndarray]
    error: np.ndarray  # skipped because an interval rule does not apply (division by a range with zero)
    missing: list[list[str]] = field(default_factory=list)


def compile_expression(expr: sympy.Expr) -> Compiled:
    """The expression as a function of interval columns, built once per rule."""
    if isinstance(expr, sympy.Symbol):
        name = expr.name

        def sym(env: dict[str, tuple[np.ndarray, np.ndarray]], n: int) -> Bounds:
            lo, hi = env[name]
            return lo, hi, np.zeros(n, dtype=bool)

        return sym
    if expr.is_Number:
        value = float(sympy.Rational(expr))

        def const(env: dict[str, tuple[np.ndarray, np.ndarray]], n: int) -> Bounds:
            v = np.full(n, value)
            return v, v, np.zeros(n, dtype=bool)

        return const
    if isinstance(expr, sympy.Add):
        terms = [compile_expression(a) for a in expr.args]

        def add(env: dict[str, tuple[np.ndarray, np.ndarray]], n: int) -> Bounds:
            lo, hi, err = np.zeros(n), np.zeros(n), np.zeros(n, dtype=bool)
            for t in terms:
                a, b, e = t(env, n)
                lo, hi, err = lo + a, hi + b, err | e
            return lo, hi, err

        return add
    if isinstance(expr, sympy.Mul):
        factors = [compile_expression(a) for a in expr.args]

        def mul(env: dict[str, tuple[np.ndarray, np.ndarray]], n: int) -> Bounds:
            acc: Bounds = (np.ones(n), np.ones(n), np.zeros(n, dtype=bool))
            for f in factors:
                acc = _mul(acc, f(env, n))
            return acc

        return mul
    if isinstance(expr, sympy.Pow) and expr.exp.is_Integer:
        base, power = compile_expression(expr.base), int(expr.exp)

        def pow_(env: dict[str, tuple[np.ndarray, np.ndarray]], n: int) -> Bounds:
            b = base(env, n)
            if power < 0:
                b = _reciprocal(b)
            acc: Bounds = (np.ones(n), np.ones(n), np.zeros(n, dtype=bool))
            for _ in range(abs(power)):
                acc = _mul(acc, b)
            return acc

        return pow_
    if isinstance(expr, sympy.Abs):
        inner = compile_expression(expr.args[0])

        def abs_(env: dict[str, tuple[np.ndarray, np.ndarray]], n: int) -> Bounds:
            a, b, e = inner(env, n)
            lo = np.where(a >= 0, a, np.where(b <= 0, -b, 0.0))
            hi = np.where(a >= 0, b, np.where(b <= 0, -a, np.maximum(-a, b)))
            return lo, hi, e

        return abs_
    if isinstance(expr, (sympy.Min, sympy.Max)):
        parts = [compile_expression(a) for a in expr.args]
        pick = np.minimum if isinstance(expr, sympy.Min) else np.maximum

        def minmax(env: dict[str, tuple[np.ndarray, np.ndarray]], n: int) -> Bounds:
            got = [p(env, n) for p in parts]
            lo, hi, err = got[0]
            for a, b, e in got[1:]:
                lo, hi, err = pick(lo, a), pick(hi, b), err | e
            return lo, hi, err

        return minmax
    raise ValueError(f"no interval rule for {expr.func.__name__}")


def _mul(x: Bounds, y: Bounds) -> Bounds:
    corners = np.stack([x[0] * y[0], x[0] * y[1], x[1] * y[0], x[1] * y[1]])
    return corners.min(axis=0), corners.max(axis=0), x[2] | y[2]


def _reciprocal(x: Bounds) -> Bounds:
    lo, hi, err = x
    zero = (lo <= 0) & (hi >= 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(zero, np.nan, 1 / hi), np.where(zero, np.nan, 1 / lo), err | zero


def compare(op: str, left: tuple[np.ndarray, np.ndarray], right: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Whether some true values within the two ranges satisfy the comparison (as `intervals.compare`)."""
    (a, b), (c, d) = left, right
    slack = _SLACK * (np.abs(a) + np.abs(b) + np.abs(c) + np.abs(d)) + 1e-12
    if op == "==":
        return (a <= d + slack) & (c <= b + slack)
    if op == "<=":
        return a <= d + slack
    if op == "<":
        return a < d + slack
    if op == ">=":
        return b + slack >= c
    if op == ">":
        return b + slack > c
    raise ValueError(f"unknown comparison {op}")


class CompiledRule:
    """A rule ready to run over any context table: expression compiled once."""

    def __init__(self, rule: Rule) -> None:
        assert rule.expression is not None
        self.rule = rule
        # sympy's form of the rule, built from the same whitelisted tree the per-document path walks:
        # the test that checks a filing both ways checks the two forms against each other too
        left, right = rule.expression.sympy_sides()
        self.left = compile_expression(left)
        self.right = compile_expression(right)

    def run(self, table: ContextTable) -> RuleOutcome:
        rule = self.rule
        n = len(table)
        cols = table.columns
        instant = table.qtrs == 0
        applies = np.ones(n, dtype=bool)
        if rule.period == "instant":
            applies &= instant
        elif rule.period == "duration":
            applies &= ~instant
        for concept in rule.unless:
            if concept in cols:
                applies &= ~table.valued[:, cols[concept]]
        bound: dict[str, np.ndarray] = {}
        nil: dict[str, np.ndarray] = {}
        env: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        present = np.zeros(n, dtype=np.int64)
        missing_any = np.zeros(n, dtype=bool)
        extra: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # extra terms' own bounds: zero until a trial adds them
        for var in rule.variables:
            idx, lo, hi, nil_idx = self._bind(table, var)
            has = idx >= 0
            present += has
            if var in rule.extra_terms:
                extra[var] = (lo, hi)
                lo, hi = np.zeros(n), np.zeros(n)
            elif var in rule.zero_if_missing:
                lo, hi = np.where(has, lo, 0.0), np.where(has, hi, 0.0)
            else:
                missing_any |= ~has
            bound[var], nil[var], env[var] = idx, nil_idx, (lo, hi)
        for var in rule.requires:
            applies &= self._bind(table, var)[0] >= 0
        active = np.nonzero(applies & (present > 0))[0]
        sub_env = {k: (lo[active], hi[active]) for k, (lo, hi) in env.items()}
        m = len(active)
        with np.errstate(invalid="ignore", over="ignore"):
            l_lo, l_hi, l_err = self.left(sub_env, m)
            r_lo, r_hi, r_err = self.right(sub_env, m)
            ok = compare(rule.expression.op, (l_lo, l_hi), (r_lo, r_hi))  # type: ignore[union-attr]
            # optional terms (a figure that may already be inside another): a failure that ties without one, or
            # without two, passes; singles before pairs, in the rule's order, as in identity.evaluate_identity
            # extra terms are added the same way: zero by default, their figure in a trial
            optional = [v for v in rule.variables if v in rule.optional_terms or v in rule.extra_terms]
            combos = [[v] for v in optional] + [[a, b] for i, a in enumerate(optional) for b in optional[i + 1:]]
            for combo in combos:
                has = np.ones(m, dtype=bool)
                for var in combo:
                    has &= bound[var][active] >= 0
                trial = dict(sub_env)
                for var in combo:
                    lo, hi = (extra[var][0][active], extra[var][1][active]) if var in extra else (0.0, 0.0)
                    trial[var] = (np.where(has, lo, sub_env[var][0]), np.where(has, hi, sub_env[var][1]))
                t_lo, t_hi, t_err = self.left(trial, m)
                u_lo, u_hi, u_err = self.right(trial, m)
                rescue = ~ok & has & ~(t_err | u_err) & compare(rule.expression.op, (t_lo, t_hi), (u_lo, u_hi))  # type: ignore[union-attr]
                if rescue.any():
                    l_lo, l_hi = np.where(rescue, t_lo, l_lo), np.where(rescue, t_hi, l_hi)
                    r_lo, r_hi = np.where(rescue, u_lo, r_lo), np.where(rescue, u_hi, r_hi)
                    ok = ok | rescue
        miss = missing_any[active]
        error = (l_err | r_err) & ~miss
        status = np.where(miss | error, SKIP, np.where(ok, PASS, FAIL)).astype(np.int8)
        outcome = RuleOutcome(
            rule=rule, contexts=active, status=status,
            bound={k: v[active] for k, v in bound.items()}, nil={k: v[active] for k, v in nil.items()},
            left=(l_lo, l_hi), right=(r_lo, r_hi), error=error,
        )
        return outcome

    @staticmethod
    def _bind_columns(table: ContextTable, concepts: tuple[str, ...]) -> list[int]:
        return [table.columns[c] for c in concepts if c in table.columns]

    def _bind(self, table: ContextTable, var: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Row bound per context (first valued concept wins), its bounds, and the first nil as a fallback;
        a balance `at` an edge of the period is read in that instant's context."""
        at = self.rule.at.get(var)
        if at is not None:
            edge = table.edge_start if at == "start" else table.edge_end
            ok = edge >= 0
            safe = np.where(ok, edge, 0)
            idx, lo, hi, nil_idx = self._bind_here(table, var)
            return (np.where(ok, idx[safe], -1), np.where(ok, lo[safe], np.nan), np.where(ok, hi[safe], np.nan),
                    np.where(ok, nil_idx[safe], -1))
        return self._bind_here(table, var)

    def _bind_here(self, table: ContextTable, var: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        n = len(table)
        idx = np.full(n, -1, dtype=np.int64)
        nil_idx = np.full(n, -1, dtype=np.int64)
        lo = np.full(n, np.nan)
        hi = np.full(n, np.nan)
        for col in self._bind_columns(table, self.rule.concepts_for(var)):
            take = (idx < 0) & table.valued[:, col]
            idx = np.where(take, table.fact[:, col], idx)
            lo = np.where(take, table.low[:, col], lo)
            hi = np.where(take, table.high[:, col], hi)
            blank = (nil_idx < 0) & (table.fact[:, col] >= 0) & ~table.valued[:, col]
            nil_idx = np.where(blank, table.fact[:, col], nil_idx)
        return idx, lo, hi, nil_idx


def compile_book(book: RuleBook) -> list[CompiledRule]:
    """Every identity rule of the book, compiled; footing rules need a layout and do not apply to FSDS."""
    return [CompiledRule(r) for r in book.rules if r.kind == "identity" and r.expression is not None]


def evaluate(rules: list[CompiledRule], table: ContextTable) -> list[RuleOutcome]:
    return [r.run(table) for r in rules]
