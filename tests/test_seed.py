"""The seed 8-K, read by hand (shared/notes/accounting.md), against what tieout parses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from checker.engine.results import FAIL, PASS, SKIPPED
from checker.facts import Period
from checker.pipeline import Settings, check_paths, load, read
from tests.conftest import SEED

Q3_11 = Period(end=date(2011, 3, 31), start=date(2011, 1, 1))
Q3_10 = Period(end=date(2010, 3, 31), start=date(2010, 1, 1))
YTD_11 = Period(end=date(2011, 3, 31), start=date(2010, 7, 1))
YTD_10 = Period(end=date(2010, 3, 31), start=date(2009, 7, 1))
MAR11 = Period(end=date(2011, 3, 31))
JUN10 = Period(end=date(2010, 6, 30))

BALANCE = {
    "CashCashEquivalentsAndShortTermInvestments": (115_813, 110_298),
    "OtherAssets": (26_509, 26_910),
    "Assets": (142_322, 137_208),
    "LiabilitiesCurrent": (13_370, 13_822),
    "StockholdersEquity": (64_823, 102_048),
    "LiabilitiesAndStockholdersEquity": (142_322, 137_208),
}
OPERATIONS = {
    "Revenues": (5_211, 3_314, 12_800, 9_521),
    "ResearchAndDevelopmentExpense": (15_763, 12_091, 45_192, None),
    "GeneralAndAdministrativeExpense": (4_550, 3_447, 11_602, 10_925),
    "OperatingExpenses": (20_313, 15_538, 56_794, 47_415),
    "OperatingIncomeLoss": (-15_102, -12_224, -43_994, -37_894),
    "NonoperatingIncomeExpense": (99, -3, 1_870, 122),
    "IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest": (-15_003, -12_227, -42_124, -37_772),
    "IncomeTaxExpenseBenefit": (None, -103, None, -265),
    "NetIncomeLoss": (-15_003, -12_124, -42_124, -37_507),
    "WeightedAverageNumberOfShareOutstandingBasicAndDiluted": (68_067, 57_365, 67_996, 57_183),
}
EPS = (Decimal("-0.22"), Decimal("-0.21"), Decimal("-0.62"), Decimal("-0.66"))


@pytest.fixture(scope="module")
def seed_doc():
    settings = Settings()
    taxonomy, _ = load(settings)
    return read(SEED, settings, taxonomy)


@pytest.fixture(scope="module")
def seed_run():
    return check_paths([SEED])


def clean(doc, concept, period):
    """The fact on the clean (first well-formed, non-duplicate) row."""
    rows = [r for s in doc.statements for r in s.rows if r.concept == concept and r.kind in ("item", "total")]
    assert rows, f"no row for {concept}"
    return rows[0].facts.get(period.key())


def test_statements_and_periods(seed_doc):
    kinds = [(s.kind, s.scale) for s in seed_doc.statements]
    assert kinds == [("BS", 3), ("IS", 3)]
    assert seed_doc.statements[0].periods == [MAR11, JUN10]
    assert seed_doc.statements[1].periods == [Q3_11, Q3_10, YTD_11, YTD_10]


@pytest.mark.parametrize("concept", sorted(BALANCE))
def test_balance_sheet_figures(seed_doc, concept):
    for period, expected in zip((MAR11, JUN10), BALANCE[concept], strict=True):
        fact = clean(seed_doc, concept, period)
        assert fact.value == Decimal(expected) * 1000
        assert fact.unit == "USD" and fact.decimals == -3 and fact.period.is_instant


@pytest.mark.parametrize("concept", sorted(OPERATIONS))
def test_operations_figures(seed_doc, concept):
    for period, expected in zip((Q3_11, Q3_10, YTD_11, YTD_10), OPERATIONS[concept], strict=True):
        fact = clean(seed_doc, concept, period)
        if expected is None:
            assert fact is not None and fact.value is None, "a blank cell is nil, not zero and not invented"
            continue
        assert fact.value == Decimal(expected) * 1000, (concept, period)
        assert fact.decimals == -3
        assert fact.unit == ("shares" if "Shares" in concept or "Share" in concept else "USD")


def test_per_share_is_not_scaled(seed_doc):
    for period, expected in zip((Q3_11, Q3_10, YTD_11, YTD_10), EPS, strict=True):
        fact = clean(seed_doc, "EarningsPerShareBasicAndDiluted", period)
        assert fact.value == expected and fact.unit == "USD/shares" and fact.decimals == 2
        assert fact.source.line == 197


def test_sources_point_at_the_printed_figure(seed_doc):
    fact = clean(seed_doc, "Revenues", Q3_11)
    assert (fact.source.line, fact.printed) == (179, "5,211")
    line = SEED.read_text(encoding="utf-8").split("\n")[178]
    assert line[fact.source.column - 1 :].startswith("5,211")


def test_merged_row_is_a_header_and_two_line_items(seed_doc):
    rows = [r for r in seed_doc.statements[1].rows if r.line == 174]
    assert [(r.kind, r.label) for r in rows] == [
        ("header", "Revenues:"),
        ("item", "Research and development support"),
        ("item", "License and milestone fees"),
    ]
    assert [rows[1].facts[p.key()].value for p in (Q3_11, Q3_10, YTD_11, YTD_10)] == [2_190_000, 1_805_000, 5_690_000, 3_870_000]
    assert [rows[2].facts[p.key()].value for p in (Q3_11, Q3_10, YTD_11, YTD_10)] == [858_000, 1_266_000, 3_534_000, 3_924_000]
    assert rows[1].concept.startswith("ext:"), "a company line with no standard concept becomes an extension"


def test_ocr_ghost_rows_are_listed_as_noise(seed_doc):
    assert sorted(n.source.line for n in seed_doc.noise) == [178, 181, 184, 186, 188, 190, 196, 198, 200]
    values = {f.value for f in seed_doc.facts if f.source.line in (178, 181, 184, 186, 188, 190, 196, 198)}
    assert values == set(), "no fact comes from a noise row"


def test_inconsistent_duplicates_are_reported_and_the_consistent_row_wins(seed_run):
    res = seed_run.documents[0]
    dups = sorted((f.source.line, f.related[0].line, f.period.key()) for f in res.findings if f.code == "DUPLICATE")
    assert dups == sorted([(193, 192, YTD_10.key()), (195, 194, Q3_11.key()), (195, 194, YTD_10.key())])
    net = [e for e in res.evaluations if e.rule_id == "IS003" and e.period == Q3_11][0]
    assert net.status == PASS and net.target.source.line == 194


def test_missing_rd_figure_is_a_gap_with_its_implied_value_and_the_ghost_evidence(seed_run):
    res = seed_run.documents[0]
    gap = [f for f in res.findings if f.code == "GAP"]
    assert len(gap) == 1
    assert gap[0].source.line == 182 and gap[0].period == YTD_10
    assert "36,490" in gap[0].message and "line 181" in gap[0].message
    foot = [e for e in res.evaluations if e.rule_id == "FT001" and e.period == YTD_10 and e.target.source.line == 185][0]
    assert foot.status == SKIPPED and "Research and development" in foot.reason
    lo, hi = foot.implied["ResearchAndDevelopmentExpense"]
    assert lo <= 36_490_000 <= hi and hi - lo == 2000


def test_every_identity_holds_on_the_seed(seed_run):
    res = seed_run.documents[0]
    assert res.counts()[FAIL] == 0
    got = {(e.rule_id, e.period.key()) for e in res.evaluations if e.status == PASS}
    for period in (Q3_11, Q3_10, YTD_11, YTD_10):
        for rule in ("IS001", "IS002", "IS003", "EPS001"):
            assert (rule, period.key()) in got
    for period in (MAR11, JUN10):
        assert ("BS001", period.key()) in got
    footed = {(e.target.label, e.period.key()) for e in res.evaluations if e.rule_id == "FT001" and e.status == PASS}
    assert ("Total assets", MAR11.key()) in footed and ("Total liabilities and shareholders' equity", JUN10.key()) in footed
    assert ("Total revenues", YTD_10.key()) in footed and ("Total operating expenses", Q3_11.key()) in footed


def test_eps_passes_only_because_of_rounding(seed_run):
    ev = [e for e in seed_run.documents[0].evaluations if e.rule_id == "EPS001" and e.period == YTD_10][0]
    # -37,507 / 57,183 = -0.65591...; printed -0.66 covers [-0.665, -0.655]
    assert ev.status == PASS
    assert abs(float(ev.computed) - (-37_507 / 57_183)) < 1e-4
    assert ev.difference != 0
