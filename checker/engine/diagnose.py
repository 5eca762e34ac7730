"""Which figure is most likely wrong, and what it should be.

Every evaluation knows, for each of its figures, the range that figure could take with
the others fixed and the identity still holding. A single correction that lands in
the range of many failing evaluations and outside none of the passing ones explains
the failures; among equals, the correction that is the smaller edit of the printed
digits (a typo, a misread) is the likelier one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from checker.engine.results import FAIL, PASS, DocumentResult, Evaluation, Finding
from checker.facts import Fact
from checker.formatting import fmt

Interval = tuple[Fraction, Fraction]


@dataclass
class Candidate:
    fact: Fact
    value: Fraction
    explains: list[Evaluation] = field(default_factory=list)
    breaks: list[Evaluation] = field(default_factory=list)
    edit: int = 0

    def key(self) -> tuple[int, int, int, float]:
        return (len(self.explains), -len(self.breaks), -self.edit, -self.fact.quality)

    def shown(self) -> str:
        scale = -self.fact.decimals if self.fact.decimals is not None and self.fact.decimals < 0 else 0
        places = self.fact.decimals if self.fact.decimals is not None and self.fact.decimals > 0 else 0
        return fmt(self.value / Fraction(10) ** scale, places)


def _uses(ev: Evaluation) -> list[tuple[Fact, Interval]]:
    """Each figure of an evaluation with its supporting range (figures bound alone only)."""
    ops = [*([ev.target] if ev.target else []), *ev.operands]
    names = defaultdict(int)
    for o in ops:
        names[o.name] += 1
    out = []
    for o in ops:
        if o.fact is None or o.value is None or names[o.name] != 1 or o.name not in ev.support:
            continue
        out.append((o.fact, ev.support[o.name]))
    return out


def candidates(result: DocumentResult) -> list[Candidate]:
    failing = [e for e in result.evaluations if e.status == FAIL and not e.suppressed]
    if not failing:
        return []
    ranges: dict[int, list[tuple[Evaluation, Interval]]] = defaultdict(list)
    facts: dict[int, Fact] = {}
    for ev in result.evaluations:
        if ev.status not in (PASS, FAIL):
            continue
        for fact, rng in _uses(ev):
            ranges[id(fact)].append((ev, rng))
            facts[id(fact)] = fact
    out: list[Candidate] = []
    for key, entries in ranges.items():
        fails = [(ev, rng) for ev, rng in entries if ev.status == FAIL]
        if not fails:
            continue
        fact = facts[key]
        value = _best_point([rng for _, rng in fails], fact, [rng for ev, rng in entries if ev.status == PASS])
        if value is None:
            continue
        cand = Candidate(fact=fact, value=value)
        half = _half(fact)
        for ev, (lo, hi) in entries:
            inside = lo - half <= value <= hi + half
            if ev.status == FAIL and inside:
                cand.explains.append(ev)
            elif ev.status == PASS and not inside:
                cand.breaks.append(ev)
        cand.edit = _digit_edits(fact.printed or fmt(fact.value), cand.shown())
        out.append(cand)
    out.sort(key=Candidate.key, reverse=True)
    return out


def _best_point(fail_ranges: list[Interval], fact: Fact, pass_ranges: list[Interval]) -> Fraction | None:
    """A printable value inside as many failing ranges as possible, then as many passing ones."""
    step = Fraction(10) ** (-fact.decimals) if fact.decimals is not None else Fraction(1, 100)
    half = step / 2
    # A printed figure covers half a step either side: it explains a range it merely touches.
    fail_ranges = [(lo - half, hi + half) for lo, hi in fail_ranges]
    pass_ranges = [(lo - half, hi + half) for lo, hi in pass_ranges]
    points: list[Fraction] = []
    for lo, hi in fail_ranges:
        mid = (lo + hi) / 2
        first = _ceil(lo / step) * step
        nearest = round(mid / step) * step
        points.extend(v for v in (nearest, first, _ceil(hi / step) * step - step) if lo <= v <= hi)
    if not points:
        return None
    def score(v: Fraction) -> tuple[int, int, Fraction]:
        covering = [(lo, hi) for lo, hi in fail_ranges if lo <= v <= hi]
        # Within the agreed region, the most precise identity says where the figure belongs.
        lo, hi = min(covering, key=lambda r: r[1] - r[0])
        return (len(covering), sum(1 for lo2, hi2 in pass_ranges if lo2 <= v <= hi2), -abs(v - (lo + hi) / 2))

    return max(points, key=score)


def allowed_range(c: Candidate) -> tuple[Fraction, Fraction] | None:
    """Where the figure may lie for every evaluation it explains to hold."""
    ranges = [r for e in c.explains for f, r in _uses(e) if f is c.fact]
    if not ranges:
        return None
    half = _half(c.fact)
    return max(lo for lo, _ in ranges) - half, min(hi for _, hi in ranges) + half


def _ceil(x: Fraction) -> int:
    return -((-x.numerator) // x.denominator)


def _half(fact: Fact) -> Fraction:
    return Fraction(10) ** (-fact.decimals) / 2 if fact.decimals is not None else Fraction(0)


def _digit_edits(a: str, b: str) -> int:
    """How many printed digits differ; two neighbours swapped count as one slip."""
    da = "".join(ch for ch in a if ch.isdigit())
    db = "".join(ch for ch in b if ch.isdigit())
    if len(da) != len(db):
        return max(len(da), len(db))
    diff = [i for i, (x, y) in enumerate(zip(da, db, strict=True)) if x != y]
    if len(diff) == 2 and diff[1] == diff[0] + 1 and da[diff[0]] == db[diff[1]] and da[diff[1]] == db[diff[0]]:
        return 1
    return len(diff)


def _ghost_evidence(result: DocumentResult, c: Candidate) -> str | None:
    """A noise row next to the culprit (an OCR ghost of it) that shows the proposed value."""
    from checker.engine.run import nearby_evidence

    f = c.fact
    scale = -f.decimals if f.decimals is not None and f.decimals < 0 else 0
    half = _half(f)
    hit = nearby_evidence(result.document, f.source.line, c.value - half, c.value + half, scale)
    if hit is None:
        return None
    return f"line {hit[0]}, a garbled copy of this row, shows {hit[1]}"


def diagnose(result: DocumentResult) -> list[Finding]:
    """The most likely wrong figure first; a second when one figure does not explain every failure."""
    failing = [e for e in result.evaluations if e.status == FAIL and not e.suppressed]
    ranked = candidates(result)
    if not ranked:
        return []
    findings: list[Finding] = []
    unexplained = set(map(id, failing))
    chosen: list[Candidate] = []
    for _ in range(2):
        pool = [c for c in ranked if any(id(e) in unexplained for e in c.explains)]
        if not pool:
            break
        best = max(pool, key=lambda c: (sum(1 for e in c.explains if id(e) in unexplained), *c.key()[1:]))
        chosen.append(best)
        unexplained -= set(map(id, best.explains))
        if not unexplained:
            break
    for n, c in enumerate(chosen):
        f = c.fact
        lead = "most likely wrong" if n == 0 else "also likely wrong"
        rng = allowed_range(c)
        within = ""
        if rng is not None and rng[1] - rng[0] > Fraction(10) ** (-(f.decimals or 0)):
            scale = -f.decimals if f.decimals is not None and f.decimals < 0 else 0
            places = f.decimals if f.decimals is not None and f.decimals > 0 else 0
            within = f" (the identities allow {fmt(rng[0] / Fraction(10) ** scale, places)} to {fmt(rng[1] / Fraction(10) ** scale, places)})"
        message = (
            f"{lead}: {f.label} ({f.source.where}), {f.period.describe()}: reported {f.printed or fmt(f.value)}; "
            f"one change to {c.shown()}{within} resolves {len(c.explains)} failing rule(s) and breaks {len(c.breaks)}"
        )
        rivals = [r for r in ranked if r is not c and r.key() == c.key() and {id(e) for e in r.explains} == {id(e) for e in c.explains}]
        if rivals:
            r = rivals[0]
            message += f"; equally likely: {r.fact.label} ({r.fact.source.where}) at {r.shown()}"
        evidence = _ghost_evidence(result, c)
        if evidence:
            message += f"; {evidence}"
        if n == 0 and len(chosen) == 1 and unexplained:
            message += f"; {len(unexplained)} failure(s) are not explained by a single figure"
        if n == 0 and len(chosen) > 1:
            message += "; no single figure explains every failure, the best pair follows"
        findings.append(Finding("CULPRIT", "info", message, result.document.path, f.source,
                                [e.source for e in c.explains if e.source and e.source != f.source], f.period, f.concept))
        for ev in c.explains:
            ev.notes.append(f"{lead}: {f.label} ({f.source.where}); {c.shown()} would make this tie")
    return findings
