"""Image-only PDFs: Tesseract's word boxes through the same positional reader as a text layer.

Ideal Marketing: a 200 dpi 1-bit EPSON scan of Philippine audited statements
(balance sheet p1, income statement p4), unchanged from the corpus. Kelly
Communications: pages 9-10 (profit and loss account, balance sheet) of a UK
Companies House paper filing, cut out with qpdf (which also rewrote its broken
cross-reference table). Figures asserted here were read off the page images by hand.
"""

from __future__ import annotations

import shutil
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from checker.engine.results import FAIL, PASS
from checker.facts import Document, Fact, Period
from checker.pipeline import check_paths
from tests.conftest import DATA, read_mapped

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs tesseract-ocr (make ocr-deps)")

IDEAL = DATA / "pdf" / "scan_ideal_marketing_fy2022_fs.pdf"
KELLY = DATA / "pdf" / "scan_kelly_communications_fy2015_p9-10.pdf"
# A scanned page image (1224x1684, 96 dpi recorded), stored as greyscale PNG to halve its size.
GBS = DATA / "pdf" / "img_gbs_concept_advertising_bs_2022.png"


def doc(path: Path) -> Document:
    return read_mapped(path)


@cache
def statuses(path: Path) -> tuple[tuple[str, str], ...]:
    return tuple((ev.rule_id, ev.status) for ev in check_paths([path]).documents[0].evaluations)


def figure(d: Document, kind: str, label: str, period: Period) -> Fact:
    ids = {s.id for s in d.statements if s.kind == kind}
    hits = [f for f in d.facts if f.statement in ids and f.label == label and f.period == period]
    assert len(hits) == 1, (label, period, [(f.value, f.source) for f in hits])
    return hits[0]


def test_ideal_marketing_scan_balance_sheet_and_income_statement():
    d = doc(IDEAL)
    assert d.format == "ocr"
    assert [(s.kind, s.source.page if s.source else None) for s in d.statements][:1] == [("BS", 1)]
    assert {s.kind for s in d.statements} >= {"BS", "IS"}
    end = Period(end=date(2022, 12, 31))
    cash = figure(d, "BS", "Cash", end)  # "3,6" in the Notes column beside it is a note reference, not a figure
    assert cash.value == 10_041_673 and cash.source.page == 1
    assert 0 < cash.quality <= 1  # Tesseract's confidence for the word
    assert figure(d, "BS", "Total Current Assets", end).value == 233_365_059
    assert figure(d, "BS", "Retained Earnings", Period(end=date(2021, 12, 31))).value == 66_227_742
    year = Period.months_ending(date(2022, 12, 31), 12)
    revenue = figure(d, "IS", "REVENUE", year)
    assert revenue.value == 485_192_483 and revenue.source.page == 4
    assert figure(d, "IS", "NET INCOME", year).value == 6_364_665
    # Page 3 is scanned a degree or two askew: each label still meets its figures on the same row.
    assert [s.kind for s in d.statements] == ["BS", "CF", "IS"]
    assert figure(d, "CF", "Depreciation", year).value == 1_205_040
    assert figure(d, "CF", "Inventories", year).value == -35_137_170
    assert figure(d, "CF", "Prior Year Adjustment", Period.months_ending(date(2021, 12, 31), 12)).value == -2_099_882
    assert not [s for s in statuses(IDEAL) if s[1] == FAIL]
    assert {"FT001", "FT002", "IS004"} <= {rule for rule, status in statuses(IDEAL) if status == PASS}


def test_kelly_uk_accounts_scan():
    d = doc(KELLY)
    assert [(s.kind, s.source.page if s.source else None) for s in d.statements] == [("IS", 1), ("BS", 2)]
    year = d.statements[0].periods[0]
    assert year.end == date(2015, 6, 28)  # "FOR THE YEAR ENDED 28 JUNE 2015": day before month
    assert figure(d, "IS", "TURNOVER", year).value == 40_820_331
    assert figure(d, "IS", "Cost of sales", year).value == -35_529_910
    assert figure(d, "IS", "PROFIT FOR THE FINANCIAL PERIOD", year).value == 366_749
    # A dash a few pixels high still sits on its row, not on a line of its own.
    interest = figure(d, "IS", "Interest receivable and similar income", year)
    assert interest.value in (0, None)
    end = Period(end=date(2015, 6, 28))
    assert figure(d, "BS", "NET ASSETS", end).value == 2_009_849
    assert figure(d, "BS", "Debtors", end).value == 19_626_898
    assert figure(d, "BS", "Profit and loss account", Period(end=date(2014, 6, 29))).value == 2_633_050
    assert not [s for s in statuses(KELLY) if s[1] == FAIL]
    assert sum(1 for _, status in statuses(KELLY) if status == PASS) >= 12


def test_gbs_scanned_page_image():
    d = doc(GBS)
    assert [s.kind for s in d.statements] == ["BS"]
    # "As of December 31 2022" in the title block, "Notes 2022 2021" over the columns.
    assert d.statements[0].periods == [Period(end=date(2022, 12, 31)), Period(end=date(2021, 12, 31))]
    end = Period(end=date(2022, 12, 31))
    assert figure(d, "BS", "TOTAL ASSETS", end).value == 4_563_148  # "P 4,563,148": P is the peso sign
    assert figure(d, "BS", "Current Liabilities", Period(end=date(2021, 12, 31))).value == 802_015
    assert figure(d, "BS", "Equity", end).value == 4_256_756  # the note reference 7 beside it is dropped
    assert not [s for s in statuses(GBS) if s[1] == FAIL]
    assert ("BS001", PASS) in statuses(GBS)
