"""Giving each statement line a concept: a US-GAAP name, or an extension that still foots.

Company lines with no standard concept ("Research and development support") become
extension concepts, so they keep their place in their section's total; they are
listed as unmapped, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import replace

from checker.facts import SHARES, USD, USD_PER_SHARE, Document, Fact
from checker.taxonomy import Taxonomy

_TYPE_FOR_UNIT = {USD_PER_SHARE: "perShare", SHARES: "shares", USD: "monetary"}
ACCEPT = 0.5


def extension_name(label: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", label)
    return "ext:" + ("".join(w[:1].upper() + w[1:] for w in words) or "Unlabelled")


def map_document(doc: Document, taxonomy: Taxonomy) -> None:
    """Set `concept` on every row and fact of a layout document (XBRL facts come with theirs)."""
    if not doc.statements:
        return
    by_row: dict[tuple[str, int], tuple[str, bool]] = {}
    for st in doc.statements:
        used: dict[str, str] = {}
        for idx, row in enumerate(st.rows):
            if row.kind == "header":
                continue
            unit = next((f.unit for f in row.facts.values()), USD)
            concept, extension = _concept_for(row.label, st.kind, unit, taxonomy)
            if not extension and concept in used and used[concept] != row.label and row.kind != "duplicate":
                # Two different lines of one statement cannot be the same fact.
                concept, extension = extension_name(row.label), True
            if not extension:
                used.setdefault(concept, row.label)
            else:
                base, n = concept, 2
                while concept in used and used[concept] != row.label:
                    concept, n = f"{base}{n}", n + 1
                used.setdefault(concept, row.label)
            row.concept = concept
            if extension and row.kind != "duplicate":
                st.unmapped.append(row)
            by_row[(st.id, idx)] = (concept, extension)
            for key, fact in row.facts.items():
                row.facts[key] = replace(fact, concept=concept, extension=extension)
    doc.facts = [_mapped(f, by_row) for f in doc.facts]


def _mapped(fact: Fact, by_row: dict[tuple[str, int], tuple[str, bool]]) -> Fact:
    if fact.statement is None or fact.row is None:
        return fact
    hit = by_row.get((fact.statement, fact.row))
    if hit is None:
        return fact
    return replace(fact, concept=hit[0], extension=hit[1])


def _concept_for(label: str, statement: str, unit: str, taxonomy: Taxonomy) -> tuple[str, bool]:
    match = taxonomy.match(label, statement if statement in ("BS", "IS", "CF", "CI", "EQ") else None)
    if match.concept and match.score >= ACCEPT:
        concept = taxonomy.get(match.concept)
        wanted = _TYPE_FOR_UNIT.get(unit)
        if concept is None or wanted is None or concept.type == wanted or (wanted == "monetary" and concept.type == "monetary"):
            return match.concept.split(":", 1)[-1], False
    return extension_name(label), True
