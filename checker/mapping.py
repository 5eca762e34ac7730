"""Giving each statement line a concept: a US-GAAP name, or an extension that still foots.

Company lines with no standard concept ("Research and development support") become
extension concepts, so they keep their place in their section's total; they are
listed as unmapped, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import replace

from checker.edge_labels import edge_of
from checker.facts import SHARES, USD, USD_PER_SHARE, Document, Fact, Row
from checker.taxonomy import Taxonomy

_TYPE_FOR_UNIT = {USD_PER_SHARE: "perShare", SHARES: "shares", USD: "monetary"}


def extension_name(label: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", label)
    return "ext:" + ("".join(w[:1].upper() + w[1:] for w in words) or "Unlabelled")


def map_document(doc: Document, taxonomy: Taxonomy) -> None:
    """Set `concept` on every row and fact of a layout document (XBRL facts come with theirs)."""
    if not doc.statements:
        return
    by_row: dict[tuple[str, int], tuple[str, bool]] = {}
    for st in doc.statements:
        # concept -> the periods it already has a line of this statement for; balances at the edges of the
        # cash-flow periods apart, as one balance is often printed twice (end of Q3 = beginning of the next twelve months)
        used: dict[str, set[str]] = {}
        used_at_edges: dict[str, set[str]] = {}
        order = [i for i, r in enumerate(st.rows) if r.kind not in ("header", "duplicate")]
        ghosts = [i for i, r in enumerate(st.rows) if r.kind == "duplicate"]
        matches = {
            i: _concept_for(_label_in_section(st.rows, i), st.kind, next((f.unit for f in st.rows[i].facts.values()), USD), taxonomy, _section_of(st.rows, i))
            for i in order
        }
        # The surest line gets a contested concept: "Provision for income taxes" before a weak guess elsewhere.
        order.sort(key=lambda i: (-matches[i][2], i))
        for idx in order + ghosts:
            row = st.rows[idx]
            if row.kind == "duplicate":
                # An OCR ghost is the same line item as its clean neighbour.
                partner = min(
                    (i for i in order if st.rows[i].label == row.label),
                    key=lambda i: abs(i - idx),
                    default=None,
                )
                if partner is not None:
                    concept, extension = by_row[(st.id, partner)]
                    _apply(row, concept, extension, by_row, st.id, idx)
                    continue
            concept, extension, _score = matches[idx]
            periods = {f.period.key() for f in row.facts.values()}
            at_edge = edge_of(row.label) is not None
            if not extension and (used.get(concept, set()) | (set() if at_edge else used_at_edges.get(concept, set()))) & periods:
                # Two different lines of one statement cannot be the same fact (cash at the beginning
                # and at the end of the period can: they are balances at different instants).
                concept, extension = extension_name(row.label), True
            if extension:
                base, n = concept, 2
                while concept in used:
                    concept, n = f"{base}{n}", n + 1
                st.unmapped.append(row)
            (used_at_edges if at_edge and not extension else used).setdefault(concept, set()).update(periods or {""})
            _apply(row, concept, extension, by_row, st.id, idx)
        st.unmapped.sort(key=lambda r: r.line)
    doc.facts = [_mapped(f, by_row) for f in doc.facts]


def _apply(row: Row, concept: str, extension: bool, by_row: dict[tuple[str, int], tuple[str, bool]], sid: str, idx: int) -> None:
    row.concept = concept
    by_row[(sid, idx)] = (concept, extension)
    for key, fact in row.facts.items():
        row.facts[key] = replace(fact, concept=concept, extension=extension)


def _label_in_section(rows: list[Row], idx: int) -> str:
    """A bare "Total" means the total of its section: "Total" under "Operating expenses:"."""
    label = rows[idx].label
    if label.strip().lower().rstrip(":") not in ("total", "totals", "net", "subtotal"):
        return label
    for j in range(idx - 1, -1, -1):
        if rows[j].kind == "header":
            return f"Total {rows[j].label.rstrip(':')}"
    return label


def _mapped(fact: Fact, by_row: dict[tuple[str, int], tuple[str, bool]]) -> Fact:
    if fact.statement is None or fact.row is None:
        return fact
    hit = by_row.get((fact.statement, fact.row))
    if hit is None:
        return fact
    return replace(fact, concept=hit[0], extension=hit[1])


def _section_of(rows: list[Row], idx: int) -> str | None:
    """The header a line sits under ("Current liabilities:"), up to the last total above it."""
    for j in range(idx - 1, -1, -1):
        if rows[j].kind == "total":
            return None
        if rows[j].kind == "header":
            return rows[j].label
    return None


# A weaker guess than this becomes an extension: a wrong standard concept binds the wrong rules.
ACCEPT = 0.55


def _concept_for(label: str, statement: str, unit: str, taxonomy: Taxonomy, section: str | None = None) -> tuple[str, bool, float]:
    kind = statement if statement in ("BS", "IS", "CF", "CI", "EQ") else None
    match = taxonomy.match(label, kind, section=section, unit_type=_TYPE_FOR_UNIT.get(unit))
    if match.concept and match.accepted and match.score >= ACCEPT:
        concept = taxonomy.get(match.concept)
        wanted = _TYPE_FOR_UNIT.get(unit)
        if concept is None or wanted is None or concept.type == wanted or (wanted == "monetary" and concept.type == "monetary"):
            return match.concept.split(":", 1)[-1], False, match.score
    return extension_name(label), True, 0.0
