"""Running the test cases a rule file carries (facts in, pass / fail / skipped out).

The same runner serves `tieout rules test` and pytest, so a rule's own examples
are checked wherever the rule pack goes.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from checker.engine.contexts import build_contexts
from checker.engine.identity import evaluate_identity
from checker.facts import SHARES, USD, USD_PER_SHARE, Fact, Period, Source
from checker.rulebook import Rule, RuleBook


def _fact(concept: str, value: float | None, period: Period, rule: Rule, line: int) -> Fact:
    low = concept.lower()
    per_share = "pershare" in low.replace("perbasicshare", "pershare").replace("perdilutedshare", "pershare")
    unit = USD_PER_SHARE if per_share else SHARES if "shares" in low or "numberof" in low else USD
    dec = Decimal(str(value)) if value is not None else None
    decimals = None
    if dec is not None:
        exp = dec.normalize().as_tuple().exponent
        decimals = -int(exp) if isinstance(exp, int) and unit == USD_PER_SHARE else (-3 if unit != USD_PER_SHARE and dec % 1000 == 0 else 0)
    return Fact(concept, dec, period, unit, decimals, Source(rule.file, line), concept=concept)


def _named(rule: Rule, name: str, period: Period) -> tuple[str, Period]:
    """A test fact is named by concept, or by variable (its first concept): needed when two variables share a
    concept at different instants, as cash at the beginning and at the end of the period do."""
    concept = rule.concepts_for(name)[0] if name in rule.bind else name
    edge = rule.at.get(name)
    if edge == "start" and period.start is not None:
        return concept, Period(end=period.start - timedelta(days=1))
    if edge == "end":
        return concept, Period(end=period.end)
    return concept, period


def run_rule_tests(book: RuleBook) -> tuple[list[str], int]:
    failures: list[str] = []
    total = 0
    for rule in book.rules:
        if rule.kind != "identity":
            continue
        period = Period(end=date(2020, 12, 31)) if rule.period == "instant" else Period(end=date(2020, 12, 31), start=date(2020, 1, 1))
        for case in rule.tests:
            total += 1
            facts = []
            for name, value in case.facts.items():
                concept, at = _named(rule, name, period)
                facts.append(_fact(concept, value, at, rule, case.line))
            ctx = next((c for c in build_contexts(facts) if c.period == period), None)
            ev = evaluate_identity(rule, ctx, rule.file) if ctx else None
            status = ev.status if ev is not None else "skipped"
            if status != case.expect:
                failures.append(f"{rule.file}:{case.line}: {rule.id} expected {case.expect}, got {status}" + (f" ({ev.reason})" if ev and ev.reason else ""))
    return failures, total
