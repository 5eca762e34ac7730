"""Cash at the beginning and end of a cash-flow period: dated as instants, tied to the change and to the balance sheet.

Figures read by hand: Amazon's Q3 2024 release (Markdown, $ millions), Apple's Q1 FY23 and
Intel's Q4 2022 statement PDFs, DTE Energy's 10-Q/A in the SEC's 2009q3 data set.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from checker.corpus import check_fsds
from checker.edge_labels import edge_of, without_edge
from checker.engine.results import FAIL, PASS
from checker.facts import Period
from checker.pipeline import Settings, check_paths, load
from tests.conftest import DATA

AMAZON = DATA / "press" / "amazon_2024Q3_earnings-release_pdf2md.md"
APPLE_PDF = DATA / "pdf" / "apple_fy23q1_statements.pdf"
INTEL_PDF = DATA / "pdf" / "intel_q4fy22_statements.pdf"
DTE = DATA / "fsds" / "2009q3-dte"
Q3_2024 = Period(end=date(2024, 9, 30), start=date(2024, 7, 1))


@pytest.mark.parametrize(
    ("label", "edge"),
    [("CASH, CASH EQUIVALENTS, AND RESTRICTED CASH, BEGINNING OF", None),  # the wrapped half carries no period word
     ("CASH, CASH EQUIVALENTS, AND RESTRICTED CASH, BEGINNING OF PERIOD", "start"),
     ("Cash, cash equivalents and restricted cash, ending balances", "end"),
     ("Cash and cash equivalents at end of year", "end"),
     ("Beginning cash and cash equivalents", "start"),
     ("Net increase (decrease) in cash and cash equivalents", None),
     ("Retained earnings, end of period", None)],
)
def test_which_labels_are_balances_at_an_edge(label: str, edge: str | None):
    assert edge_of(label) == edge


def test_the_edge_phrase_comes_off_for_pairing():
    assert without_edge("Cash and cash equivalents, end of period") == "Cash and cash equivalents"


def _run(path: Path):
    return check_paths([path]).documents[0]


def test_amazon_beginning_balance_is_the_instant_before_the_quarter():
    result = _run(AMAZON)
    begin = [f for f in result.document.facts if f.source.line == 81 and f.value is not None]
    assert {(f.period, f.value) for f in begin} >= {
        (Period(end=date(2024, 6, 30)), Decimal("71673000000")),
        (Period(end=date(2022, 12, 31)), Decimal("54253000000")),
        (Period(end=date(2023, 9, 30)), Decimal("50081000000")),  # trailing twelve months to September 2024
    }
    ev = next(e for e in result.evaluations if e.rule_id == "CF002" and e.period == Q3_2024)
    assert ev.status == PASS and ev.reported == 78_677_000_000 and ev.source.line == 114
    operands = {o.name: o.value for o in ev.operands if o.value is not None}
    assert operands["Begin"] == 71_673_000_000 and operands["Change"] == 7_004_000_000
    assert ev.computed == 78_677_000_000  # the exchange-rate effect (690) is inside the change, not added again
    assert sum(e.rule_id == "CF002" and e.status == PASS for e in result.evaluations) == 6


def test_amazon_misprinted_ending_balance_fails(tmp_path: Path):
    lines = AMAZON.read_text(encoding="utf-8").split("\n")
    assert "END OF PERIOD" in lines[113]
    lines[113] = lines[113].replace("$ 78,677             | $ 50,081", "$ 78,767             | $ 50,081", 1)
    copy = tmp_path / AMAZON.name
    copy.write_text("\n".join(lines), encoding="utf-8")
    result = _run(copy)
    failed = [e for e in result.evaluations if e.rule_id == "CF002" and e.status == FAIL]
    assert [(e.period, e.reported, e.computed) for e in failed] == [(Q3_2024, 78_767_000_000, 78_677_000_000)]
    # the three copies of the balance are one line: the finding names the columns, and claims no support it lacks
    (dup,) = [f for f in result.findings if f.code == "DUPLICATE"]
    assert "$78,767 at line 114 under 3 months ended 2024-09-30" in dup.message
    assert "no identity tells them apart here" in dup.message


def test_apple_pdf_change_in_cash_ties_the_two_balances():
    result = _run(APPLE_PDF)
    q1 = Period(end=date(2022, 12, 31), start=date(2022, 10, 1))
    ev = next(e for e in result.evaluations if e.rule_id == "CF002" and e.period == q1)
    assert ev.status == PASS and ev.reported == 21_974_000_000
    operands = {o.name: o.value for o in ev.operands if o.value is not None}
    assert operands["Begin"] == 24_977_000_000 and operands["Change"] == -3_003_000_000


def test_intel_cash_flow_ending_cash_agrees_with_the_balance_sheet():
    result = _run(INTEL_PDF)
    xrefs = [e for e in result.evaluations if e.rule_id == "XREF001" and e.period == Period(end=date(2022, 12, 31))
             and "Cash and cash equivalents" in e.title]
    assert xrefs and all(e.status == PASS and e.reported == 11_144_000_000 for e in xrefs)


def test_dte_cash_reclassified_from_assets_held_for_sale_completes_the_change():
    """DTE Energy, six months to June 30, 2008: 123 + 311 + 11 (reclassified from held for sale) = 445 ($ millions)."""
    book = load(Settings())[1]
    run = check_fsds([DTE], book).run
    evs = {e.period.key(): e for d in run.documents for e in d.evaluations if e.rule_id == "CF002"}
    h1_2008 = evs["2008-01-01--2008-06-30"]
    assert h1_2008.status == PASS and h1_2008.reported == 445_000_000
    assert evs["2009-01-01--2009-06-30"].status == PASS  # 86 - 44 = 42


def test_netflix_xbrl_cash_moves_between_the_year_ends(tmp_path: Path):
    """Netflix 10-K 2009 (XBRL, $ thousands): 139,881 at 2008-12-31, change (5,657), 134,224 at 2009-12-31."""
    from checker.engine.contexts import build_contexts
    from checker.engine.identity import evaluate_identity
    from checker.readers.xbrl import read_xbrl
    from tests.xbrl_packages import build_package

    filing = DATA / "xbrl" / "nflx_10-K_2009-12-31.zip"
    doc = read_xbrl(filing, packages=[build_package(filing, tmp_path / "pkg.zip")])
    rule = load(Settings())[1].by_id("CF002")
    year = next(c for c in build_contexts(doc.facts) if c.period == Period(end=date(2009, 12, 31), start=date(2009, 1, 1)))
    ev = evaluate_identity(rule, year, doc.path)
    assert ev is not None and ev.status == PASS and ev.reported == 134_224_000
    assert {o.name: o.value for o in ev.operands if o.name in ("Begin", "Change")} == {"Begin": 139_881_000, "Change": -5_657_000}
