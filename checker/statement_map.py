"""Mapping the lines of one statement together, not one label at a time.

A reader of a statement knows more than each label: the header a line sits under,
the totals above it ("Deferred income taxes" after "Total current assets" is not a
current asset), whether its figures are money, shares or per-share amounts, the
other lines (two lines cannot both be "Revenues"; "Net income" above the noncontrolling
interest's share is the whole company's), and the filing's other statements.
`tieout map -` and the document mapper (`checker.mapping`) both go through here; the
document mapper leaves the regions and second guesses out (see `map_statement`).

The regions are the same as the map builder's (`taxonomies/build.py` calls `regions`):
the landmark totals above and below a line, the landmarks being listed per statement
in the map (`landmarks:`); a first pass finds them from the labels alone, a second
from the first's region-aware answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from checker.label_normalize import is_section_header, normalize_label
from checker.taxonomy import ACCEPT, Match, Ranking, Taxonomy, to_front

Statement = tuple[str | None, Sequence["StatementLine"]]  # kind ("BS", "IS", ...) and lines in order

# A line printed on the income statement and again on another flow statement is, for 83% of the
# 2009q3 filers' shared labels (729 of 882 IS/CF pairs), the same fact: "Net income" on the cash-flow
# statement is what "Net income" was on the income statement (ProfitLoss when that statement shows
# a noncontrolling interest below it). Such a line takes the income statement's concept when it is
# one of its own candidates.
_FOLLOWS_IS = ("CF", "CI", "EQ")
TOP = "top"  # the region before the first landmark
END = "end"  # ... and after the last
LANDMARK_SURE = 0.6  # an answer this sure may cut the statement into regions
PASSES = 2  # region passes after the label-only one (the second finds "Net income" per share as a landmark)
# Statements whose lines repeat concepts by design: an equity statement's columns are components.
_NO_JOINT = {"EQ", None}
# A statement that shows the noncontrolling interest's share says which of two near-synonyms a line is:
# on a flow statement the "Net income" above "Less: net income attributable to noncontrolling interests"
# is the consolidated figure (ProfitLoss) and the one below it the parent's (NetIncomeLoss); on a balance
# sheet the equity total above the noncontrolling interest is the parent's, the one below it the whole.
# The label alone cannot tell them apart (2009q3: "Net income" is ProfitLoss for 96 filers, NetIncomeLoss
# for 88). Pairs: the parent's concept -> the consolidated one.
_CONSOLIDATED = {
    "NetIncomeLoss": "ProfitLoss",
    "IncomeLossFromContinuingOperations": "IncomeLossFromContinuingOperationsIncludingPortionAttributableToNoncontrollingInterest",
    "ComprehensiveIncomeNetOfTax": "ComprehensiveIncomeNetOfTaxIncludingPortionAttributableToNoncontrollingInterest",
    "StockholdersEquity": "StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest",
}
_PARENT = {whole: parent for parent, whole in _CONSOLIDATED.items()}
_NCI_SHARE = ("NetIncomeLossAttributableToNoncontrollingInterest", "MinorityInterestInNetIncomeLossOfConsolidatedEntities")
_NONCONTROLLING = {
    "IS": _NCI_SHARE,
    "CF": _NCI_SHARE,
    "CI": (*_NCI_SHARE, "ComprehensiveIncomeNetOfTaxAttributableToNoncontrollingInterest"),
    "BS": ("MinorityInterest",),
}
# An equity statement's balance, net income and comprehensive income lines are the whole company's when the
# balance sheet shows a noncontrolling interest (its column is in the statement) and the parent's when not:
# 2009q3 filers split "Beginning balance" between StockholdersEquity and ...IncludingPortionAttributable... so.
_FOLLOWS_BS = ("EQ",)
# An "Other" line of operating activities: the rest of the changes in working capital below such changes, the
# rest of the non-cash adjustments below those (2009q3 filers split "Other, net" between the two by place).
_CHANGE = "IncreaseDecreaseIn"
_OTHER_OPERATING = {
    "change": "IncreaseDecreaseInOtherOperatingCapitalNet",
    "adjustment": "AdjustmentsNoncashItemsToReconcileNetIncomeLossToCashProvidedByUsedInOperatingActivitiesOther",
}
# Between operating and pretax income, a line that is the whole of the non-operating items when alone there is
# "the rest" of them beside other lines (see _one_of_several_below_operating_income).
_OPERATING_INCOME = "OperatingIncomeLoss"
_PRETAX = "IncomeLossFromContinuingOperationsBeforeIncomeTaxes"  # every pretax-income concept's name starts so
_REST_OF = {"NonoperatingIncomeExpense": "OtherNonoperatingIncomeExpense"}


@dataclass(frozen=True)
class StatementLine:
    """One line as a reader sees it: the label, and what its figures are when known."""

    label: str
    unit_type: str | None = None  # "monetary" | "shares" | "perShare"
    section: str | None = None  # the header above it; None: found from the preceding header lines


def regions(landmarks: frozenset[str] | set[str], concepts: Sequence[str | None]) -> list[tuple[str, str]]:
    """Each line's region: the last landmark concept above it (TOP before the first) and the
    first one below it (END after the last). The pair tells "Accounts payable" above "Total
    current liabilities" from one in a balance sheet with no current/noncurrent split."""
    above, current = [], TOP
    for concept in concepts:
        above.append(current)
        if concept in landmarks:
            current = concept
    below, current = [], END
    for concept in reversed(concepts):
        below.append(current)
        if concept in landmarks:
            current = concept
    return list(zip(above, reversed(below), strict=True))


def region_names(statement: str, region: tuple[str, str]) -> tuple[str, str]:
    """The map's names for a region, narrowest first: "BS>Assets<LiabilitiesCurrent", "BS>Assets"."""
    return f"{statement}>{region[0]}<{region[1]}", f"{statement}>{region[0]}"


def sections(labels: Sequence[str]) -> list[str | None]:
    """The header each line sits under ("Current assets:"), until a "Total ..." line closes it."""
    out: list[str | None] = []
    current: str | None = None
    for label in labels:
        if is_section_header(label):
            current = label
            out.append(None)
            continue
        out.append(current)
        if label.strip().lower().startswith("total"):
            current = None
    return out


def rank_statement(
    lines: Sequence[StatementLine], statement: str | None, taxonomy: Taxonomy, *, use_regions: bool = True
) -> list[Ranking]:
    """Each line's candidates, ranked with its header, unit type and (unless told not to) region."""
    heads = sections([ln.label for ln in lines])
    secs = [ln.section if ln.section is not None else head for ln, head in zip(lines, heads, strict=True)]
    first = [
        taxonomy.rank(ln.label, statement, section=sec, unit_type=ln.unit_type)
        for ln, sec in zip(lines, secs, strict=True)
    ]
    marks = taxonomy.landmarks(statement) if use_regions else frozenset()
    if not marks:
        return _structure(first, lines, statement)
    ranked = first
    kind = statement or ""
    for _ in range(PASSES):
        sure = [m.concept if m.score >= LANDMARK_SURE else None for m in (r.match() for r in ranked)]
        ranked = [
            taxonomy.rank(ln.label, kind, section=sec, unit_type=ln.unit_type, region=region_names(kind, region))
            for ln, sec, region in zip(lines, secs, regions(marks, sure), strict=True)
        ]
    return _structure(ranked, lines, statement)


def _structure(rankings: list[Ranking], lines: Sequence[StatementLine], statement: str | None) -> list[Ranking]:
    """What the order of the lines says about near-synonyms the labels cannot tell apart."""
    rankings = _around_noncontrolling(rankings, statement)
    if statement == "IS":
        return _one_of_several_below_operating_income(rankings, lines)
    if statement == "CF":
        return _other_operating_item(rankings)
    return rankings


def _other_operating_item(rankings: list[Ranking]) -> list[Ranking]:
    """An "Other" line of operating activities is one more change in operating assets and liabilities when
    the line above it is one (IncreaseDecreaseIn...), else one more non-cash adjustment (see _OTHER_OPERATING)."""
    tops = _tops(rankings)
    out = list(rankings)
    above: str | None = None
    for i, top in enumerate(tops):
        if top in _OTHER_OPERATING.values():
            change = (above or "").startswith(_CHANGE)
            out[i] = _prefer(rankings[i], _OTHER_OPERATING["change" if change else "adjustment"])
        above = top if top is not None else above
    return out


def _one_of_several_below_operating_income(rankings: list[Ranking], lines: Sequence[StatementLine]) -> list[Ranking]:
    """ "Other income (expense), net" alone between operating income and pretax income is the whole of the
    non-operating items (NonoperatingIncomeExpense, the override's answer); beside "Interest expense" and
    "Interest income" it is the rest of them (OtherNonoperatingIncomeExpense), as filers tag it. A line
    labelled "Total ..." stays the whole."""
    tops = _tops(rankings)
    start = next((i for i, top in enumerate(tops) if top == _OPERATING_INCOME), None)
    if start is None:
        return rankings
    end = next((i for i in range(start + 1, len(tops)) if (tops[i] or "").startswith(_PRETAX)), None)
    if end is None:
        return rankings
    between = [i for i in range(start + 1, end) if tops[i] is not None]
    if len(between) < 2:
        return rankings
    out = list(rankings)
    for i in between:
        if tops[i] in _REST_OF and not lines[i].label.strip().lower().startswith("total"):
            out[i] = _prefer(rankings[i], _REST_OF[tops[i]])
    return out


def _tops(rankings: Sequence[Ranking]) -> list[str | None]:
    return [r.candidates[0][0] if r.candidates and not r.rejected else None for r in rankings]


def _around_noncontrolling(rankings: list[Ranking], statement: str | None) -> list[Ranking]:
    """Parent's or consolidated figure, from which side of the noncontrolling interest's line a line sits
    (see _CONSOLIDATED); a statement without that line is left as it is."""
    shares = _NONCONTROLLING.get(statement or "")
    tops = _tops(rankings)
    at = next((i for i, top in enumerate(tops) if shares and top in shares), None)
    if at is None:
        return rankings
    before, after = (_PARENT, _CONSOLIDATED) if statement == "BS" else (_CONSOLIDATED, _PARENT)
    out = list(rankings)
    for i, top in enumerate(tops):
        table = before if i < at else after if i > at else {}
        if top in table:
            out[i] = _prefer(rankings[i], table[top])
    return out


def assign(
    rankings: Sequence[Ranking], labels: Sequence[str], statement: str | None, taxonomy: Taxonomy
) -> list[Match]:
    """One concept per line of the statement: a concept two lines want goes to the line that
    loses most without it (its score minus its next candidate's); the other takes its next one.

    Lines with the same label may share a concept (filers repeat "Net income attributable to X"),
    and so may balances on a flow statement (cash at the beginning and at the end of the period).
    """
    taken: list[set[str]] = [set() for _ in rankings]
    matches = [r.match() for r in rankings]
    if statement in _NO_JOINT:
        return matches
    # Per-share lines repeat their labels on purpose (the basic block, then the diluted one): not shared.
    keys = [
        f"{normalize_label(label)}#{i}" if r.candidates and taxonomy.kind(r.candidates[0][0]) == "perShare" else normalize_label(label)
        for i, (label, r) in enumerate(zip(labels, rankings, strict=True))
    ]
    for _ in range(4 * len(rankings) + 1):
        claims: dict[str, list[int]] = {}
        for i, m in enumerate(matches):
            if m.concept and not may_repeat(taxonomy, m.concept, statement):
                claims.setdefault(m.concept, []).append(i)
        contested = next(((c, ls) for c, ls in claims.items() if len({keys[i] for i in ls}) > 1), None)
        if contested is None:
            break
        concept, claimants = contested
        winner = max(claimants, key=lambda i: (_regret(matches[i]), -i))
        for i in claimants:
            if keys[i] != keys[winner]:
                taken[i].add(concept)
                matches[i] = rankings[i].match(taken[i])
    return matches


def _regret(m: Match) -> float:
    """How much surer a line is of its answer than of its next one. A next candidate under the acceptance
    threshold still counts: a weak line with nothing else ("Franchise revenue, total": Revenues 0.48) does
    not outbid a sure one with a fair second guess ("Total revenues": Revenues 0.80, then 0.41)."""
    return m.score - m.runner_up_score


def may_repeat(taxonomy: Taxonomy, concept: str, statement: str | None) -> bool:
    """A balance on a flow statement (cash at the beginning and at the end of the period) may be printed on
    several lines: they are different instants, or one balance printed twice."""
    c = taxonomy.get(concept)
    return statement in ("CF", "IS", "CI") and c is not None and c.period == "instant"


def map_statement(
    lines: Sequence[StatementLine],
    statement: str | None,
    taxonomy: Taxonomy,
    *,
    use_regions: bool = True,
    reassign: bool = True,
) -> list[Match]:
    """The concept of every line of one statement, in order (headers: concept None).

    The document mapper (checker.mapping) passes `use_regions=False`, because the rule packs were
    written against the concepts labels get alone, and `reassign=False`: it turns the loser of a
    contested concept into an extension rather than binding rules to its second guess.
    """
    statement = statement.upper() if statement else None
    rankings = rank_statement(lines, statement, taxonomy, use_regions=use_regions)
    if not reassign:
        return [r.match() for r in rankings]
    return assign(rankings, [ln.label for ln in lines], statement, taxonomy)


def map_filing(statements: Sequence[Statement], taxonomy: Taxonomy) -> list[list[Match]]:
    """Every statement of one filing, each as `map_statement` maps it, except that a flow-statement
    line repeating an income-statement label takes the income statement's concept (see _FOLLOWS_IS),
    and the equity statement's totals are the whole or the parent's as the balance sheet says (see
    _FOLLOWS_BS)."""
    kinds = [kind.upper() if kind else None for kind, _ in statements]
    rankings = [rank_statement(lines, kind, taxonomy) for kind, (_, lines) in zip(kinds, statements, strict=True)]
    answers: list[list[Match] | None] = [None] * len(statements)
    on_is: dict[str, str] = {}
    noncontrolling: bool | None = None  # whether the balance sheet shows a noncontrolling interest; None: no sheet
    for first in ("IS", "BS"):
        for n, kind in enumerate(kinds):
            if kind != first:
                continue
            labels = [ln.label for ln in statements[n][1]]
            answers[n] = done = assign(rankings[n], labels, kind, taxonomy)
            if kind == "IS":
                for label, m in zip(labels, done, strict=True):
                    if m.concept:
                        on_is.setdefault(normalize_label(label), m.concept)
            else:
                noncontrolling = bool(noncontrolling) or any(m.concept in _NONCONTROLLING["BS"] for m in done)
    for n, kind in enumerate(kinds):
        if answers[n] is not None:
            continue
        lines = statements[n][1]
        ranked = rankings[n]
        if kind in _FOLLOWS_IS and on_is:
            ranked = [_prefer(r, on_is.get(normalize_label(ln.label))) for r, ln in zip(ranked, lines, strict=True)]
        if kind in _FOLLOWS_BS and noncontrolling is not None:
            table = _CONSOLIDATED if noncontrolling else _PARENT
            ranked = [_prefer(r, table.get(top or "")) for r, top in zip(ranked, _tops(ranked), strict=True)]
        answers[n] = assign(ranked, [ln.label for ln in lines], kind, taxonomy)
    return [a or [] for a in answers]


def _prefer(ranking: Ranking, concept: str | None) -> Ranking:
    """The ranking with `concept` moved to the front, if it is an acceptable candidate."""
    if concept is None or ranking.rejected:
        return ranking
    scores = dict(ranking.candidates)
    if scores.get(concept, 0.0) < ACCEPT or ranking.candidates[0][0] == concept:
        return ranking
    return Ranking(to_front(ranking.candidates, concept, ranking.candidates[0][1]), ranking.method)
