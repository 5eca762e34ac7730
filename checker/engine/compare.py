"""Tie-out across documents: the release against the filing, this year's comparatives against last year's.

Facts are paired by concept, period, unit and dimensions and compared at the coarser
precision of the two (a release in millions against a filing in units). Where two
documents chose different concepts for one line, a pair is made only on period,
value and label together, and said to be "matched by label": two different concepts
are never reported as disagreeing.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from checker.engine.intervals import meets, midpoint
from checker.engine.results import FAIL, PASS, Evaluation, Finding, Operand
from checker.facts import Document, Fact, Period
from checker.formatting import fmt
from checker.label_normalize import word_set


def _key(f: Fact) -> tuple[str, str, str, tuple[tuple[str, str], ...]]:
    return ((f.concept or "").split(":", 1)[-1], f.period.key(), f.unit, f.dimensions)


def _comparable(f: Fact) -> bool:
    return f.value is not None and f.concept is not None and not any(d.startswith("tieout:") for d, _ in f.dimensions)


def _coarse(a: Fact, b: Fact) -> tuple[tuple[Fraction, Fraction], tuple[Fraction, Fraction]]:
    """Both figures rounded to the coarser precision of the two, as intervals."""
    decimals = [d for d in (a.decimals, b.decimals) if d is not None]
    if not decimals:
        return a.interval(), b.interval()
    d = min(decimals)
    half = Fraction(10) ** (-d) / 2

    def around(f: Fact) -> tuple[Fraction, Fraction]:
        lo, hi = f.interval()
        return lo - half, hi + half

    return around(a) if a.decimals != d else a.interval(), around(b) if b.decimals != d else b.interval()


def compare(doc: Document, other: Document, rule_id: str = "XDOC001") -> tuple[list[Evaluation], list[Finding]]:
    mine = [f for f in doc.facts if _comparable(f)]
    theirs = _aligned([f for f in other.facts if _comparable(f)], {f.period for f in mine})
    index: dict[tuple[str, str, str, tuple[tuple[str, str], ...]], Fact] = {}
    for f in theirs:
        index.setdefault(_key(f), f)
    shared_periods = {f.period for f in mine} & {f.period for f in theirs}
    evaluations: list[Evaluation] = []
    used: set[int] = set()
    one_sided: list[Fact] = []
    seen: set[tuple[str, str, str, tuple[tuple[str, str], ...]]] = set()
    for f in mine:
        key = _key(f)
        if key in seen or f.period not in shared_periods:
            continue
        seen.add(key)
        g = index.get(key) if not f.extension else None
        how = "same concept"
        if g is None:
            g = _by_label(f, theirs, used)
            how = "matched by label"
        if g is None:
            one_sided.append(f)
            continue
        used.add(id(g))
        evaluations.append(_pair(rule_id, doc, other, f, g, how))
    theirs_only = [g for g in theirs if id(g) not in used and g.period in shared_periods and _key(g) not in seen]
    agreed = sum(1 for e in evaluations if e.status == PASS)
    disagreed = len(evaluations) - agreed
    kinds = {st.id: st.kind for st in doc.statements}
    per: dict[str, list[int]] = {}
    for e in evaluations:
        per.setdefault(kinds.get(e.statement or "", "other"), [0, 0, 0])[0 if e.status == PASS else 1] += 1
    for f in one_sided:
        per.setdefault(kinds.get(f.statement or "", "other"), [0, 0, 0])[2] += 1
    by_statement = "; ".join(f"{k}: {a} agreed, {d} disagreed, {o} only here" for k, (a, d, o) in sorted(per.items()))
    summary = Finding(
        "AGAINST",
        "info" if not disagreed else "warning",
        f"against {other.path}: {agreed} agreed, {disagreed} disagreed, {len(one_sided)} only in this document, "
        f"{len(theirs_only)} only in {other.path} (periods both report: {len(shared_periods)})"
        + (f" — by statement: {by_statement}" if by_statement else ""),
        doc.path,
    )
    findings = [summary]
    for f in one_sided[:50]:
        findings.append(Finding("ONE_SIDED", "info", f"{f.label} ({f.period.describe()}) is not in {other.path}", doc.path, f.source, period=f.period, concept=f.concept))
    return evaluations, findings


def _aligned(theirs: list[Fact], periods: set[Period]) -> list[Fact]:
    """The other document's facts on this one's periods where they differ by days only.

    SEC data sets round each period end to a month end (Apple's September 28 is 0930);
    a 52/53-week quarter ends on a weekday: the same period, not another one.
    """
    by_kind = {}
    for p in periods:
        by_kind.setdefault(p.is_instant, []).append(p)
    out = []
    for f in theirs:
        if f.period in periods:
            out.append(f)
            continue
        close = [p for p in by_kind.get(f.period.is_instant, []) if _near(p, f.period)]
        out.append(replace(f, period=close[0]) if len(close) == 1 else f)
    return out


def _near(a: Period, b: Period, days: int = 7) -> bool:
    if abs((a.end - b.end).days) > days:
        return False
    if a.start is None or b.start is None:
        return a.start is None and b.start is None
    return abs((a.start - b.start).days) <= days


def _by_label(f: Fact, theirs: list[Fact], used: set[int]) -> Fact | None:
    """Another concept for the same line: same period and unit, agreeing value, and most words in common."""
    want = word_set(f.label)
    best: tuple[float, Fact] | None = None
    for g in theirs:
        if id(g) in used or g.period != f.period or g.unit != f.unit or g.dimensions != f.dimensions:
            continue
        a, b = _coarse(f, g)
        if not meets(a, b):
            continue
        have = word_set(g.label) | word_set((g.concept or "").split(":")[-1].replace("And", " and "))
        score = len(want & have) / len(want | have) if want and have else 0.0
        if score >= 0.5 and (best is None or score > best[0]):
            best = (score, g)
    return best[1] if best else None


def _pair(rule_id: str, doc: Document, other: Document, f: Fact, g: Fact, how: str) -> Evaluation:
    a, b = _coarse(f, g)
    ok = meets(a, b)
    ev = Evaluation(
        rule_id=rule_id,
        title=f"Agrees with {other.path.rsplit('/', 1)[-1]}: {f.label}",
        message="",
        severity="error",
        status=PASS if ok else FAIL,
        document=doc.path,
        expression=f"{f.concept} == {g.concept} in {other.path}",
        statement=f.statement,
        period=f.period,
        reported=Fraction(f.value),  # type: ignore[arg-type]
        reported_low=a[0],
        reported_high=a[1],
        computed=midpoint(b),
        computed_low=b[0],
        computed_high=b[1],
        target=Operand("this", f.concept, f.label, Fraction(f.value), a[0], a[1], f.source, f),  # type: ignore[arg-type]
        operands=[Operand("other", g.concept, g.label, Fraction(g.value), b[0], b[1], g.source, g)],  # type: ignore[arg-type]
        unit=f.unit,
    )
    ev.message = (
        f"{f.label} ({f.period.describe()}): {fmt(f.value)} at {f.source} "
        f"{'agrees with' if ok else 'differs from'} {fmt(g.value)} at {g.source}" + (f" ({how})" if how != "same concept" else "")
    )
    if how != "same concept":
        ev.notes.append(how)
    ev.support["this"] = b
    return ev
