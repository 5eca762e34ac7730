"""Issue 8: a release against the filing, and repeated figures within releases.

Apple's Q1 FY2011 release prints a September 25, 2010 balance-sheet column; Apple's
10-K for that date is in XBRL. Read by hand off both: total assets 75,183 million,
total current liabilities 20,722 million, retained earnings 37,169 million.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from xbrl_packages import build_package

from checker.pipeline import Settings, check_paths
from tests.conftest import DATA

RELEASE = DATA / "press" / "apple_FY2011Q1_8-K_ex99-1_0001193125-11-009392.htm"
FILING = DATA / "xbrl" / "aapl_10-K_2010-09-25.zip"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_package(FILING, tmp_path_factory.mktemp("aapl") / "pkg.zip")


def pairs(res, end: str = "2010-09-25"):
    return {e.target.label: e for e in res.evaluations if e.rule_id == "XDOC001" and e.period.key() == end}


def test_release_balance_sheet_ties_to_the_10k(package: Path):
    res = check_paths([RELEASE], Settings(against=[FILING], packages=[package])).documents[0]
    bs = pairs(res)
    assert len(bs) >= 15 and all(e.status == "pass" for e in bs.values())
    assert bs["Total assets"].operands[0].value == 75_183_000_000 and bs["Total assets"].operands[0].concept == "us-gaap:Assets"
    assert bs["Total current liabilities"].reported == 20_722_000_000
    assert bs["Retained earnings"].operands[0].source.file.endswith("aapl-20100925.xml")
    summary = next(f for f in res.findings if f.code == "AGAINST").message
    assert " 0 disagreed" in summary and "agreed" in summary and "only in" in summary
    by_label = [e for e in bs.values() if "matched by label" in e.notes]
    assert all(e.status == "pass" for e in by_label)  # different concepts: paired by label, never a mismatch


def test_a_changed_figure_in_the_release_is_one_disagreement_naming_both_places(package: Path, tmp_path: Path):
    text = RELEASE.read_bytes()
    assert text.count(b"37,169") == 1
    changed = tmp_path / RELEASE.name
    changed.write_bytes(text.replace(b"37,169", b"37,196"))
    res = check_paths([changed], Settings(against=[FILING], packages=[package])).documents[0]
    bad = [e for e in res.evaluations if e.rule_id == "XDOC001" and e.status == "fail"]
    assert len(bad) == 1
    ev = bad[0]
    assert ev.target.label == "Retained earnings" and ev.reported == 37_196_000_000 and ev.computed == 37_169_000_000
    assert ev.target.source.file.endswith(RELEASE.name) and ev.operands[0].source.file.endswith("aapl-20100925.xml")


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("apple_FY2011Q1_8-K_ex99-1_0001193125-11-009392.htm", "Net income"),
        ("amazon_2024Q3_earnings-release_pdf2md.md", "Net income"),
        ("nvidia_FY2023Q1_8-K_ex99-1_press-release.html", "Net income"),
        ("oracle_FY2014Q4_8-K_ex99-1_0001193125-14-242424.htm.gz", "Net income"),
    ],
)
def test_net_income_repeated_on_the_cash_flow_statement_agrees(name: str, label: str, tmp_path: Path):
    path = DATA / "press" / name
    if name.endswith(".gz"):
        path = tmp_path / name[:-3]
        path.write_bytes(gzip.decompress((DATA / "press" / name).read_bytes()))
    res = check_paths([path]).documents[0]
    refs = [e for e in res.evaluations if e.rule_id == "XREF001" and e.target.label == label]
    assert refs and all(e.status == "pass" for e in refs)
    assert all(e.target.fact.statement != e.operands[0].fact.statement for e in refs)


QUARTER = DATA / "xbrl" / "aapl_10-Q_2025-03-29.zip"
DATASET = DATA / "fsds" / "apple-2024"


def test_against_one_filing_of_an_sec_data_set(tmp_path: Path):
    # Apple's 10-Q for March 2025 carries the September 28, 2024 balance sheet of its 10-K, which the
    # SEC's data set dates 2024-09-30 (period ends rounded to a month end): the same figures.
    pkg = build_package(QUARTER, tmp_path / "pkg.zip")
    res = check_paths([QUARTER], Settings(against=[Path(f"{DATASET}#0000320193-24-000123")], packages=[pkg])).documents[0]
    bs = pairs(res, "2024-09-28")
    assert bs["Assets"].status == "pass" and bs["Assets"].operands[0].value == 364_980_000_000
    assert all(e.status == "pass" for e in res.evaluations if e.rule_id == "XDOC001")
    assert len([e for e in res.evaluations if e.rule_id == "XDOC001"]) >= 30


def test_a_data_set_of_several_filings_needs_an_accession():
    from checker.errors import TieoutError

    with pytest.raises(TieoutError, match="is not in this data set"):
        check_paths([QUARTER], Settings(against=[Path(f"{DATASET}#0000000000-00-000000")]))
