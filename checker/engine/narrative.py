"""Narrative against tables: each figure the prose repeats, linked to its table fact and ticked.

"$15.0 million" covers 14.95-15.05 million: the check is made at the precision the
sentence was written to, so prose that rounds is never flagged, and prose that
disagrees always is.
"""

from __future__ import annotations

from fractions import Fraction

from checker.engine.intervals import meets, midpoint
from checker.engine.results import FAIL, PASS, Evaluation, Operand
from checker.facts import USD_PER_SHARE, Document, Fact
from checker.formatting import fmt
from checker.label_normalize import FILLER_WORDS, word_set
from checker.readers.narrative import NarrativeFigure
from checker.rulebook import Rule

# Prose adds "fees" and "expenses" to the names of table lines ("license and milestone fees").
_PROSE_FILLER = FILLER_WORDS | {"fees", "from", "expense", "expenses"}
LINK_THRESHOLD = 0.75


def _words(text: str) -> set[str]:
    return word_set(text, _PROSE_FILLER)


def link(figure: NarrativeFigure, facts: list[Fact]) -> tuple[Fact, float] | None:
    """The table fact a sentence's figure repeats: same period and unit, most words in common."""
    want = _words(figure.subject)
    best: tuple[Fact, float] | None = None
    for f in facts:
        if f.value is None or f.dimensions or f.period != figure.period or f.statement is None:
            continue
        if (figure.unit == USD_PER_SHARE) != (f.unit == USD_PER_SHARE):
            continue
        have = _words(f.label)
        if figure.unit == USD_PER_SHARE:
            label = f.label.lower()
            wanted = figure.subject.split()[0] if figure.subject.split()[0] in ("diluted", "basic") else None
            score = 1.0 if wanted is None or wanted in label or ("basic and diluted" in label) else 0.5
        elif not want or not have:
            continue
        else:
            score = len(want & have) / len(want | have)
        if best is None or score > best[1] or (score == best[1] and f.quality > best[0].quality):
            best = (f, score)
    if best is None or best[1] < LINK_THRESHOLD:
        return None
    return best


def narrative_evaluations(rule: Rule, doc: Document) -> list[Evaluation]:
    figures: list[NarrativeFigure] = list(doc.extra.get("narrative", []))  # type: ignore[arg-type]
    facts = [f for f in doc.facts if f.quality >= 0.9]
    out: list[Evaluation] = []
    for fig in figures:
        hit = link(fig, facts)
        if hit is None:
            continue
        fact = hit[0]
        half = Fraction(10) ** (-fig.decimals) / 2
        said = Fraction(fig.value)
        # A loss written as "a net loss of $15.0 million" is a positive amount of a negative figure.
        if fact.value is not None and fact.value < 0 and said > 0:
            said = -said
        n_lo, n_hi = said - half, said + half
        t_lo, t_hi = fact.interval()
        target = Operand("table", fact.concept, fact.label, Fraction(fact.value), t_lo, t_hi, fact.source, fact)
        told = Operand("narrative", None, f"“{fig.subject}” in the text", said, n_lo, n_hi, fig.source, None)
        ev = Evaluation(
            rule_id=rule.id,
            title=f"Narrative agrees: {fact.label}",
            message="",
            severity=rule.severity,
            status=PASS if meets((t_lo, t_hi), (n_lo, n_hi)) else FAIL,
            document=doc.path,
            expression=f"{fact.label} == text '{fig.text.strip()}'",
            statement=fact.statement,
            period=fact.period,
            reported=Fraction(fact.value),
            reported_low=t_lo,
            reported_high=t_hi,
            computed=midpoint((n_lo, n_hi)),
            computed_low=n_lo,
            computed_high=n_hi,
            target=target,
            operands=[told],
            unit=fact.unit,
        )
        ev.support["table"] = (n_lo, n_hi)
        ev.message = (
            rule.message.replace("{label}", fact.label)
            .replace("{text}", fig.text.strip())
            .replace("{line}", str(fig.source.line))
            .replace("{reported}", fmt(ev.reported))
            .replace("{period}", fact.period.describe())
        )
        if ev.status == FAIL:
            ev.implied["table"] = (n_lo, n_hi)
        out.append(ev)
    return out
