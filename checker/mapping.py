"""Giving each statement line a concept: a US-GAAP name, or an extension that still foots.

Company lines with no standard concept ("Research and development support") become
extension concepts, so they keep their place in their section's total; they are
listed as unmapped, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import replace

from checker.facts import SHARES, USD, USD_PER_SHARE, Document, Fact, Row
from checker.statement_map import StatementLine, map_statement, may_repeat
from checker.taxonomy import Match, Taxonomy

_TYPE_FOR_UNIT = {USD_PER_SHARE: "perShare", SHARES: "shares", USD: "monetary"}


def extension_name(label: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", label)
    return "ext:" + ("".join(w[:1].upper() + w[1:] for w in words) or "Unlabelled")


def map_document(doc: Document, taxonomy: Taxonomy) -> None:
    """Set `concept` on every row and fact of a layout document (XBRL facts come with theirs).

    Each statement goes through `checker.statement_map` like `tieout map -` input (header, unit), but
    without the region table: the rule packs bind the concepts labels get alone (Revenues,
    OperatingExpenses, NonoperatingIncomeExpense), and the 2009 filers' regional choices
    (SalesRevenueNet, CostsAndExpenses, ...) would unbind them. A contested concept goes to the
    surest line and the other becomes an extension, not its second guess: a wrong standard concept
    binds the wrong rules.
    """
    if not doc.statements:
        return
    by_row: dict[tuple[str, int], tuple[str, bool]] = {}
    for st in doc.statements:
        used: dict[str, set[str]] = {}  # concept -> the periods a line of this statement already has it for
        order = [i for i, r in enumerate(st.rows) if r.kind not in ("header", "duplicate")]
        ghosts = [i for i, r in enumerate(st.rows) if r.kind == "duplicate"]
        units = {i: next((f.unit for f in st.rows[i].facts.values()), USD) for i in order}
        lines = [
            StatementLine(_label_in_section(st.rows, i), _TYPE_FOR_UNIT.get(units[i]), _section_of(st.rows, i))
            for i in order
        ]
        kind = st.kind if st.kind in ("BS", "IS", "CF", "CI", "EQ") else None
        answers = map_statement(lines, kind, taxonomy, use_regions=False, reassign=False)
        matches = {
            i: _accepted(ln.label, m, units[i], taxonomy) for i, ln, m in zip(order, lines, answers, strict=True)
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
            repeats = may_repeat(taxonomy, concept, st.kind)
            if not extension and not repeats and used.get(concept, set()) & periods:
                # Two different lines of one statement cannot be the same fact (a balance on a flow statement
                # can: end of Q3 is the beginning of the trailing twelve months).
                concept, extension = extension_name(row.label), True
            if extension:
                base, n = concept, 2
                while concept in used:
                    concept, n = f"{base}{n}", n + 1
                st.unmapped.append(row)
            used.setdefault(concept, set()).update(periods or {""})
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


def _accepted(label: str, match: Match, unit: str, taxonomy: Taxonomy) -> tuple[str, bool, float]:
    """(concept, is_extension, score): the match if it is sure enough and of the line's unit type."""
    if match.concept and match.accepted and match.score >= ACCEPT:
        concept = taxonomy.get(match.concept)
        wanted = _TYPE_FOR_UNIT.get(unit)
        if concept is None or wanted is None or concept.type == wanted:
            return match.concept.split(":", 1)[-1], False, match.score
    return extension_name(label), True, 0.0
