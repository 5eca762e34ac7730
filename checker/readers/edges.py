"""Cash at the beginning and end of a cash-flow period: balances, so instants.

A cash-flow statement prints "Cash and cash equivalents, beginning of period" and
"..., end of period" under its duration columns ("Nine months ended September 30").
The figures are balances at the day before the period starts and at its last day,
which is how XBRL tags them too. Read as instants they land in the balance sheet's
context (the cross-statement check then ties them to its cash line) and the
beginning + change = end rule can bind them at the edges of the duration.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from checker.edge_labels import edge_of
from checker.facts import Fact, Period, Statement


def balances_at_edges(statement: Statement, facts: list[Fact]) -> list[Fact]:
    """The facts with each beginning/end cash balance moved to its instant; the rows keep their columns."""
    moved: dict[int, Fact] = {}
    for row in statement.rows:
        edge = edge_of(row.label)
        if edge is None:
            continue
        for key, fact in row.facts.items():
            period = fact.period
            if period.start is None:
                continue
            instant = Period(end=period.end if edge == "end" else period.start - timedelta(days=1))
            new = replace(fact, period=instant, printed_under=period)
            row.facts[key] = new
            moved[id(fact)] = new
    return [moved.get(id(f), f) for f in facts] if moved else facts
