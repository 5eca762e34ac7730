"""The identities as an OCR validator: digit corrections that would make a failed rule tie.

When a rule fails on OCR'd input, the diagnosis already knows what value each
operand would need (`Evaluation.implied`). If that value is one digit away from
what was read, and the digit pair is one OCR typically confuses (5/6, 1/7, 0/8,
3/8 ...), the printed figure was most likely misread: the report says which,
ranked by how unsure Tesseract was of the word and how common the confusion is.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from checker.engine.results import FAIL, DocumentResult, Evaluation
from checker.facts import Fact
from checker.readers.numbers import parse_figure

# How often OCR turns one digit into the other (either way), from shapes that print alike.
_CONFUSION: dict[frozenset[str], float] = {
    frozenset("56"): 0.9, frozenset("58"): 0.6, frozenset("17"): 0.9, frozenset("14"): 0.7, frozenset("08"): 0.9,
    frozenset("38"): 0.9, frozenset("68"): 0.8, frozenset("09"): 0.6, frozenset("06"): 0.6, frozenset("35"): 0.6,
    frozenset("49"): 0.5, frozenset("27"): 0.5, frozenset("89"): 0.6, frozenset("13"): 0.4, frozenset("23"): 0.3,
}
_OTHER = 0.15  # any other single-digit change
MAX_PROPOSALS = 3


@dataclass(frozen=True)
class Correction:
    fact: Fact
    read: str
    proposed: str
    score: float

    def describe(self, rule_title: str) -> str:
        where = self.fact.source.where
        conf = f" (confidence {self.fact.quality:.0%})" if self.fact.quality < 1 else ""
        return f"{where}: read {self.read}{conf}; {self.proposed} would make \"{rule_title}\" tie"


def propose_corrections(result: DocumentResult) -> None:
    """Add the likeliest digit corrections to each failed evaluation's notes."""
    for ev in result.evaluations:
        if ev.status != FAIL or not ev.implied:
            continue
        found = corrections_for(ev)
        if found:
            # Only the proposals nearly as likely as the best: a sure misread needs no runners-up.
            best = found[0].score
            ev.notes.extend(c.describe(ev.title) for c in found[:MAX_PROPOSALS] if c.score >= 0.5 * best)


def corrections_for(ev: Evaluation) -> list[Correction]:
    out: list[Correction] = []
    for op in [*([ev.target] if ev.target else []), *ev.operands]:
        fact = op.fact
        needed = ev.implied.get(op.name) or (ev.implied.get("total") if op is ev.target else None)
        if fact is None or fact.value is None or not fact.printed or needed is None:
            continue
        out.extend(_candidates(fact, needed))
    return sorted(out, key=lambda c: -c.score)


def _candidates(fact: Fact, needed: tuple[Fraction, Fraction]) -> list[Correction]:
    assert fact.value is not None and fact.printed is not None
    shown = parse_figure(fact.printed.replace("!", "$"))
    if shown is None or shown.value == 0:
        return []
    factor = Fraction(fact.value) / Fraction(shown.value)
    lo, hi = needed
    unsure = 1.0 - min(1.0, fact.quality)
    out: list[Correction] = []
    for i, ch in enumerate(fact.printed):
        if not ch.isdigit():
            continue
        for d in "0123456789":
            if d == ch:
                continue
            variant = fact.printed[:i] + d + fact.printed[i + 1 :]
            fig = parse_figure(variant.replace("!", "$"))
            if fig is None:
                continue
            value = Fraction(fig.value) * factor
            if lo <= value <= hi:
                weight = _CONFUSION.get(frozenset(ch + d), _OTHER)
                out.append(Correction(fact, fact.printed, variant, weight * (0.5 + unsure)))
    return out

