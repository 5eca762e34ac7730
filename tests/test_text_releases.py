"""Plain-text earnings releases from old EDGAR: fixed-width columns, wrapped labels, change columns.

Every figure asserted here was read off the document by hand.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from checker.facts import Period
from checker.pipeline import check_paths
from tests.conftest import DATA, read_mapped, run_cli

PRESS = DATA / "press"
PERICOM = PRESS / "pericom_FY2003Q4_8-K_ex99-1_0000891092-03-001810.txt"
SEARS = PRESS / "sears_2004Q2_8-K_ex99_0000891092-04-003383.txt"
HORIZON = PRESS / "horizon_financial_FY2006Q4_8-K_body_0000939057-06-000102.txt"
SOUTHERN_06 = PRESS / "southern_co_2006FY_8-K_ex99-04_0000092122-07-000008.txt"
SOUTHERN_04 = PRESS / "southern_co_2004FY_8-K_ex99-01_0000092122-05-000042.txt"


def doc(path: Path):
    return read_mapped(path)


def figure(d, label: str, period: Period, line: int | None = None):
    hits = [f for f in d.facts if f.label == label and f.period == period and not f.dimensions and (line is None or f.source.line == line)]
    assert len(hits) == 1, (label, period, [(f.value, f.source.line) for f in hits])
    return hits[0]


def q(end: date, months: int) -> Period:
    return Period.months_ending(end, months)


def test_pericom_statements_and_figures():
    d = doc(PERICOM)
    assert [(s.kind, s.title) for s in d.statements] == [
        ("IS", "Consolidated Statements of Operations - GAAP"),
        ("NG", "Consolidated Statements of Operations - Pro Forma"),
        ("NG", "Reconciliation of Net Loss In Accordance With GAAP to Pro Forma Net Loss"),
        ("BS", "Condensed Consolidated Balance Sheets"),
    ]
    q4, fy = q(date(2003, 6, 30), 3), q(date(2003, 6, 30), 12)
    assert d.statements[0].periods == [q4, q(date(2003, 3, 31), 3), q(date(2002, 6, 30), 3), fy, q(date(2002, 6, 30), 12)]
    assert figure(d, "Net revenues", q4).value == 11_506_000
    assert figure(d, "Net loss", fy).value == -4_327_000
    rd = figure(d, "Selling, general and administrative", q4)  # a label wrapped over two lines
    assert rd.value == 2_654_000 and rd.source.line == 162
    assert figure(d, "Restructuring charge", q4).value == 0  # printed "---"
    eps = figure(d, "Basic and diluted loss per share", fy)
    assert (eps.value, eps.unit, eps.decimals) == (Decimal("-0.17"), "USD/shares", 2)
    shares = figure(d, "Shares used in computing basic and diluted loss per share", q4)
    assert (shares.value, shares.unit) == (25_705_000, "shares")
    assert figure(d, "Total assets", Period(end=date(2003, 6, 30))).value == 190_236_000


def test_pericom_ties_out_with_subtotals_and_the_reconciliation():
    res = check_paths([PERICOM]).documents[0]
    assert res.counts()["fail"] == 0
    subtotals = {(e.target.label, e.period) for e in res.evaluations if e.rule_id == "FT002" and e.status == "pass"}
    fy = q(date(2003, 6, 30), 12)
    for label in ("Gross profit", "Loss from operations", "Loss before income taxes", "Net loss", "Net loss on a Pro Forma basis"):
        assert (label, fy) in subtotals, label
    pretax = [e for e in res.evaluations if e.rule_id == "IS002" and e.period == fy]
    # Other income and the investment write-down both sit between operating loss and pretax loss.
    # (plus IS002's interest-expense term, not reported here and so zero)
    assert pretax[0].status == "pass" and len([o for o in pretax[0].operands if o.value is not None]) == 3


def test_sears_balance_sheet_with_contra_lines_and_segments():
    d = doc(SEARS)
    assert [s.kind for s in d.statements] == ["BS", "NG", "NG"]
    july = Period(end=date(2004, 7, 3))
    assert figure(d, "Total assets", july).value == 21_927_000_000
    assert figure(d, "Domestic credit card receivables", july).value == 0
    assert figure(d, "Treasury stock - at cost", july).value == -8_740_000_000
    seg = d.statements[1]
    assert seg.periods[0] == Period(end=date(2004, 7, 3), start=date(2004, 4, 4))  # 13 weeks ended July 3, 2004
    assert [dims[-1][1] for dims in seg.column_dims] == ["Domestic", "Domestic", "Sears Canada", "Sears Canada", "Consolidated", "Consolidated"]
    res = check_paths([SEARS]).documents[0]
    assert res.counts()["fail"] == 0
    footed = {e.target.label for e in res.evaluations if e.status == "pass" and e.rule_id in ("FT001", "FT002")}
    assert {"Net credit card receivables", "Total current assets", "Total liabilities and shareholders' equity"} <= footed


def test_horizon_bank_statements_skip_percent_change_columns():
    d = doc(HORIZON)
    assert [s.kind for s in d.statements] == ["IS", "IS", "BS"]
    assert d.statements[0].periods == [q(date(2006, 3, 31), 3), q(date(2005, 12, 31), 3), q(date(2005, 3, 31), 3)]
    assert figure(d, "Total interest income", q(date(2006, 3, 31), 3)).value == 18_992_000
    assert figure(d, "Total liabilities", Period(end=date(2006, 3, 31))).value == 1_003_405_000
    assert check_paths([HORIZON]).documents[0].counts()["fail"] == 0


def test_southern_change_columns_and_month_only_dates():
    d = doc(SOUTHERN_06)
    st = d.statements[0]
    assert st.periods == [q(date(2006, 12, 31), 3), q(date(2005, 12, 31), 3), q(date(2006, 12, 31), 12), q(date(2005, 12, 31), 12)]
    assert figure(d, "Total Revenues", st.periods[0]).value == 3_152_000_000
    assert figure(d, "NET INCOME AS REPORTED (See Notes)", st.periods[2]).value == 1_573_000_000
    assert all(f.value != -164_000_000 for f in d.facts), "the Change column is not a period"
    assert check_paths([SOUTHERN_06]).documents[0].counts()["fail"] == 0


def test_a_release_with_no_statement_is_a_clear_error():
    out = run_cli("check", str(SOUTHERN_04))
    assert out.returncode == 2 and "no financial statement found" in out.stderr


def test_folder_run_summarises_each_document(tmp_path: Path):
    for p in (PERICOM, SOUTHERN_04, SOUTHERN_06):
        (tmp_path / p.name).write_bytes(p.read_bytes())
    out = run_cli("check", str(tmp_path))
    assert out.returncode == 0, out.stderr
    tail = out.stdout.splitlines()[-5:]
    assert any("pericom" in ln and "4 statements" in ln and "0 failed" in ln for ln in tail)
    assert any("southern_co_2004" in ln and "no financial statement" in ln for ln in tail)
    assert tail[-1].startswith("tieout: 3 document(s)")


@pytest.mark.parametrize(("line", "old", "new"), [(156, "$11,506", "$11,606"), (274, "$190,236", "$190,263")])
def test_a_changed_figure_in_a_real_release_fails(tmp_path: Path, line: int, old: str, new: str):
    lines = PERICOM.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path = tmp_path / "pericom.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    res = check_paths([path]).documents[0]
    failed = [e for e in res.evaluations if e.status == "fail"]
    assert failed and all(line in {e.target.source.line, *(o.source.line for o in e.operands if o.source)} for e in failed)
