"""Mapping the lines of one statement together, not one label at a time.

A reader of a statement knows more than each label: the header a line sits under,
the totals above it ("Deferred income taxes" after "Total current assets" is not a
current asset), whether its figures are money, shares or per-share amounts, and the
other lines (two lines cannot both be "Revenues"). `tieout map -` and the document
mapper (`checker.mapping`) both go through here, so a statement is mapped the same
way whichever door it came in by.

The regions are the same as the map builder's (`taxonomies/build.py` calls `regions`):
each line's region is the last landmark total above it, the landmarks being listed
per statement in the map (`landmarks:`); the first pass finds them from the labels alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from checker.label_normalize import is_section_header, normalize_label
from checker.taxonomy import ACCEPT, Match, Ranking, Taxonomy

TOP = "top"  # the region before the first landmark
END = "end"  # ... and after the last
LANDMARK_SURE = 0.6  # a first-pass answer this sure may cut the statement into regions
# Statements whose lines repeat concepts by design: an equity statement's columns are components.
_NO_JOINT = {"EQ", None}


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
        return first
    sure = [m.concept if m.score >= LANDMARK_SURE else None for m in (r.match() for r in first)]
    statement = statement or ""
    return [
        taxonomy.rank(ln.label, statement, section=sec, unit_type=ln.unit_type, region=region_names(statement, region))
        for ln, sec, region in zip(lines, secs, regions(marks, sure), strict=True)
    ]


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
            if m.concept and not _may_repeat(taxonomy, m.concept, statement):
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
    runner = m.runner_up_score if m.runner_up_score >= ACCEPT else 0.0
    return m.score - runner


def _may_repeat(taxonomy: Taxonomy, concept: str, statement: str | None) -> bool:
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
