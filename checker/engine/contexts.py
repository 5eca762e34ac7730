"""Binding facts into contexts: same period, entity and dimensions, one fact per concept.

Duplicates (the same concept reported twice in a context) are grouped here; the
engine decides between inconsistent ones by which value the identities support.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from checker.facts import Fact, Period, Statement, column_key


@dataclass
class Context:
    period: Period
    dimensions: tuple[tuple[str, str], ...] = ()
    entity: str | None = None
    facts: dict[str, Fact] = field(default_factory=dict)
    candidates: dict[str, list[Fact]] = field(default_factory=dict)
    # for a duration: the instant contexts of the day before it starts ("start") and of its last day ("end"),
    # where rules find the balances a period's flows move between (cash at beginning + change = cash at end)
    edges: dict[str, Context] = field(default_factory=dict, repr=False)

    def key(self) -> tuple[str, tuple[tuple[str, str], ...], str | None]:
        return (self.period.key(), self.dimensions, self.entity)


def local(concept: str | None) -> str | None:
    return concept.split(":", 1)[-1] if concept else None


def build_contexts(facts: list[Fact], dimensional: bool = False) -> list[Context]:
    """One context per (period, dimensions, entity); non-dimensional facts only by default."""
    groups: dict[tuple[object, ...], Context] = {}
    for fact in facts:
        name = local(fact.concept)
        if name is None:
            continue
        if fact.dimensions and not dimensional:
            continue
        key = (fact.period, fact.dimensions, fact.entity)
        ctx = groups.get(key)
        if ctx is None:
            ctx = groups[key] = Context(fact.period, fact.dimensions, fact.entity)
        ctx.candidates.setdefault(name, []).append(fact)
    for ctx in groups.values():
        for name, cands in ctx.candidates.items():
            ctx.facts[name] = preferred(cands)
    instants = {(c.period.end, c.dimensions, c.entity): c for c in groups.values() if c.period.is_instant}
    for ctx in groups.values():
        if ctx.period.start is not None:
            for edge, day in (("start", ctx.period.start - timedelta(days=1)), ("end", ctx.period.end)):
                other = instants.get((day, ctx.dimensions, ctx.entity))
                if other is not None:
                    ctx.edges[edge] = other
    return sorted(groups.values(), key=lambda c: (c.period.end, c.period.start or c.period.end, c.dimensions))


def preferred(cands: list[Fact]) -> Fact:
    """Best-looking fact: a figure before a nil, then the cleanest scan, then the most precise, then the first."""
    return sorted(
        cands,
        key=lambda f: (
            f.value is None,
            -f.quality,
            -(f.decimals if f.decimals is not None else 99),
            f.source.line,
        ),
    )[0]


def distinct_values(cands: list[Fact]) -> list[list[Fact]]:
    """Candidates grouped by agreement: facts whose rounding ranges meet are one value."""
    groups: list[list[Fact]] = []
    for f in cands:
        if f.value is None:
            continue
        lo, hi = f.interval()
        for g in groups:
            glo, ghi = g[0].interval()
            if lo <= ghi and glo <= hi:
                g.append(f)
                break
        else:
            groups.append([f])
    return groups


def statement_contexts(contexts: list[Context], statement: Statement) -> dict[str, Context]:
    """The contexts of a statement's columns, keyed like `Row.facts`."""
    wanted = {column_key(p, d): (p, d) for p, d in statement.columns()}
    out: dict[str, Context] = {}
    for c in contexts:
        key = column_key(c.period, c.dimensions)
        if key in wanted:
            out[key] = c
    return out
