"""Corpus mode over FSDS: figures read by hand off num.txt rows of real filings.

The 2009q3 slice holds eight filings of the SEC's 2009q3 data set (Entergy, Rockwell
Automation, Netflix, Amazon, Questar, Ecolab, Progress Energy, DirecTV) with every row
they have in sub, num and pre; the Apple slice is the SEC's FY2024 10-K in the current
format. Entergy, Progress Energy and DirecTV carry genuine filing errors (a negative
total, shares tagged in millions, a negative tax expense): see docs/fsds-failures.md.
"""

from __future__ import annotations

import csv
import io
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest

from checker.corpus import check_fsds, rule_concepts, same_results
from checker.engine.contexts import build_contexts
from checker.engine.identity import evaluate_identity
from checker.engine.results import FAIL, PASS, RunResult
from checker.errors import TieoutError
from checker.pipeline import Settings, load
from checker.readers.fsds import filing_documents, infer_decimals, read_fsds
from tests.conftest import DATA, run_cli

SLICE = DATA / "fsds" / "2009q3-eight"
APPLE = DATA / "fsds" / "apple-2024"
# 24 more filings of 2009q3 with the num.txt rows the rules read (non-dimensional) and their IS/BS pre.txt lines:
# the cases the rules learned from the quarter and one genuine filing error of each class (docs/fsds-failures.md)
CASES = DATA / "fsds" / "2009q3-cases"
ENTERGY = "0000065984-09-000179 ENTERGY CORP /DE/ 10-Q/A 20090630"
ROCKWELL = "0000950123-09-029309 ROCKWELL AUTOMATION INC 10-Q 20090630"
AMAZON = "0001193125-09-154174 AMAZON COM INC 10-Q 20090630"
PROGRESS = "0001094093-09-000184 PROGRESS ENERGY INC 10-Q/A 20090630"
DIRECTV = "0001047469-09-007317 DIRECTV GROUP INC 10-Q 20090630"


@pytest.fixture(scope="module")
def book():
    return load(Settings())[1]


@pytest.fixture(scope="module")
def quarter(book) -> RunResult:
    return check_fsds([SLICE], book).run


def _doc(run: RunResult, path: str):
    return next(d for d in run.documents if d.document.path == path)


def _ev(run: RunResult, path: str, rule: str, period: str):
    return next(e for e in _doc(run, path).evaluations if e.rule_id == rule and e.period.key() == period)


@pytest.mark.parametrize(
    ("text", "decimals"),
    [("116000000.0000", -6), ("15003000.0000", -3), ("36616818000.0000", -3), ("0.2200", 2), ("6.0800", 2),
     ("1234567.0000", 0), ("-5000000000.0000", -6), ("0.0000", 0), ("250.5000", 1)],
)
def test_precision_is_inferred_from_trailing_zeros(text: str, decimals: int):
    assert infer_decimals(text) == decimals


def test_reader_keeps_filings_and_rows(book):
    data = read_fsds(SLICE, rule_concepts(book))
    assert len(data.filings) == 8
    assert data.rows_read == 2323  # every num.txt row of the eight filings was read
    docs = {d.path: d for d in filing_documents(data)}
    assets = [f for f in docs[ENTERGY].facts if f.concept == "us-gaap:Assets" and f.period.key() == "2008-12-31"]
    assert len(assets) == 1
    assert assets[0].value == 36616818000 and assets[0].decimals == -3
    assert assets[0].interval() == (Fraction(36616817500), Fraction(36616818500))
    assert assets[0].source.file.endswith("num.txt") and assets[0].source.line > 1


def test_entergy_liabilities_and_equity_reported_negative_fails(quarter: RunResult):
    ev = _ev(quarter, ENTERGY, "BS001", "2008-12-31")
    assert ev.status == FAIL
    assert ev.reported == 36616818000
    assert ev.computed == -36616818000  # the filing tags total liabilities and equity with a minus sign
    assert any("trailing zeros" in n for n in ev.notes)


def test_amazon_ties(quarter: RunResult):
    bs = _ev(quarter, AMAZON, "BS001", "2009-06-30")
    assert bs.status == PASS and bs.reported == 7675000000
    eps = _ev(quarter, AMAZON, "EPS003", "2009-04-01--2009-06-30")
    assert eps.status == PASS  # 142,000,000 / 440,000,000 = 0.3227 -> 0.32


def test_rockwell_discontinued_cash_flow_is_part_of_the_change_in_cash(quarter: RunResult):
    # 352.3 operating - 174.9 investing - 36.4 financing + 46.8 FX - 6.1 discontinued = 181.7 (9 months to June 2008)
    ev = _ev(quarter, ROCKWELL, "CF003", "2007-10-01--2008-06-30")  # discontinued split by activity
    assert ev.status == PASS
    assert ev.reported == 181700000
    assert ev.computed == 181700000


def test_progress_energy_tags_shares_in_millions(quarter: RunResult):
    # num.txt: EarningsPerShareBasic 0.62, NetIncomeLoss 174,000,000, WeightedAverageNumberOfSharesOutstandingBasic 280
    ev = _ev(quarter, PROGRESS, "EPS002", "2009-04-01--2009-06-30")
    assert ev.status == FAIL
    assert ev.reported == Fraction("0.62")
    assert 621000 < ev.computed < 622000  # 174,000,000 / 280: the share count lacks its six zeros


def test_directv_tags_tax_expense_negative(quarter: RunResult):
    # num.txt, three months to June 2009: pretax 660,000,000, IncomeTaxExpenseBenefit -242,000,000,
    # NCI 11,000,000, NetIncomeLoss 418,000,000; an expense is positive in XBRL, so the tax sign is wrong
    ev = _ev(quarter, DIRECTV, "IS003", "2009-04-01--2009-06-30")
    assert ev.status == FAIL
    assert ev.reported == 418000000
    assert ev.computed == 660000000 + 242000000 - 11000000
    tax = next(o for o in ev.operands if o.name == "IncomeTaxExpenseBenefit")
    assert tax.value == -242000000


def test_documents_name_company_form_and_period(quarter: RunResult):
    doc = _doc(quarter, ENTERGY).document
    assert doc.format == "fsds" and doc.entity == "ENTERGY CORP /DE/"
    assert doc.extra["form"] == "10-Q/A" and doc.extra["period"] == "20090630"


def _per_document(data, book) -> list[tuple[object, ...]]:
    out = []
    for doc in filing_documents(data):
        for ctx in build_contexts(doc.facts):
            for rule in book.rules:
                if rule.kind != "identity":
                    continue
                ev = evaluate_identity(rule, ctx, doc.path)
                if ev is not None:
                    exact = (ev.reported, ev.computed) if ev.status == FAIL else ()
                    out.append((doc.path, ev.rule_id, ev.period.key(), ev.status, ev.reason, *exact))
    return sorted(out)


def _vectorised(run: RunResult) -> list[tuple[object, ...]]:
    return sorted(
        (d.document.path, e.rule_id, e.period.key(), e.status, e.reason, *((e.reported, e.computed) if e.status == FAIL else ()))
        for d in run.documents for e in d.evaluations
    )


@pytest.mark.parametrize("folder", [SLICE, APPLE, CASES], ids=["2009q3-slice", "apple-2024", "2009q3-cases"])
def test_vectorised_path_equals_per_document_path(book, folder: Path):
    data = read_fsds(folder, rule_concepts(book))
    vector = _vectorised(check_fsds([folder], book, data=data).run)
    reference = _per_document(data, book)
    assert len(vector) > 20
    assert vector == reference


def test_apple_2024_ties(book):
    run = check_fsds([APPLE], book).run
    (doc,) = run.documents
    assert doc.document.path == "0000320193-24-000123 APPLE INC 10-K 20240930"
    bs = _ev(run, doc.document.path, "BS001", "2024-09-30")
    assert bs.status == PASS and bs.reported == 364980000000
    cf = _ev(run, doc.document.path, "CF001", "2023-10-01--2024-09-30")
    assert cf.status == PASS and cf.reported == -794000000  # 118,254 + 2,935 - 121,983 million


def test_zip_reads_like_the_folder(book, tmp_path: Path):
    archive = tmp_path / "2009q3.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name in ("sub.txt", "num.txt", "pre.txt"):
            z.write(SLICE / name, name)
    assert same_results(check_fsds([archive], book).run, check_fsds([SLICE], book).run)


def test_cli_prints_the_summary_and_writes_the_failures_csv(tmp_path: Path):
    target = tmp_path / "failures.csv"
    proc = run_cli("check", "--fsds", str(SLICE), "--failures-csv", str(target))
    assert proc.returncode == 1, proc.stderr
    assert "tieout corpus summary: 8 filings" in proc.stdout
    assert "precision inferred from trailing zeros" in proc.stdout
    bs001 = next(line for line in proc.stdout.splitlines() if line.startswith("BS001 "))
    assert bs001.split()[3] == "2"  # Entergy's two balance-sheet dates
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    entergy = [r for r in rows if r["rule"] == "BS001"]
    assert {r["period"] for r in entergy} == {"2008-12-31", "2009-06-30"}
    assert entergy[0]["company"] == "ENTERGY CORP /DE/"


def test_cli_json_renders_filings_as_documents():
    import json

    proc = run_cli("check", "--fsds", str(APPLE), "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    data = json.loads(proc.stdout)
    text = json.dumps(data)
    assert "APPLE INC" in text


def test_missing_num_txt_is_one_line_naming_the_folder(tmp_path: Path):
    (tmp_path / "sub.txt").write_text((SLICE / "sub.txt").read_text(encoding="utf-8"), encoding="utf-8")
    proc = run_cli("check", "--fsds", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"tieout: {tmp_path}: no num.txt in this FSDS folder"


def test_bad_value_names_file_and_line(tmp_path: Path, book):
    for name in ("sub.txt", "pre.txt"):
        (tmp_path / name).write_text((SLICE / name).read_text(encoding="utf-8"), encoding="utf-8")
    lines = (SLICE / "num.txt").read_text(encoding="utf-8").splitlines()
    row = lines[5].split("\t")
    row[1], row[2], row[6], row[8] = "Assets", "us-gaap/2009", "", "12x4"
    lines[5] = "\t".join(row)
    (tmp_path / "num.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(TieoutError) as err:
        read_fsds(tmp_path, rule_concepts(book))
    assert str(err.value) == f"{tmp_path / 'num.txt'}:6: value '12x4' is not a number"


def test_check_needs_documents_or_fsds():
    proc = run_cli("check")
    assert proc.returncode == 2
    assert "--fsds" in proc.stderr


def test_lean_run_keeps_failures_and_counts_the_rest(book, quarter: RunResult):
    from checker.reports import ReportOptions, render

    lean = check_fsds([SLICE], book, lean=True).run
    assert all(e.status == FAIL for d in lean.documents for e in d.evaluations)
    assert [d.counts() for d in lean.documents] == [d.counts() for d in quarter.documents]
    options = ReportOptions(extra={"rules": [(r.id, r.title) for r in book.rules]})
    assert render("summary", lean, options) == render("summary", quarter, options)
    assert render("failures-csv", lean, options) == render("failures-csv", quarter, options)


# ---------------------------------------------------------------- what the rules learned from 2009q3 (figures off num.txt)

AMGEN = "0001193125-09-169378 AMGEN INC 10-Q 20090630"
ALTRIA = "0001193125-09-163472 ALTRIA GROUP, INC. 10-Q/A 20090630"
FIRSTENERGY = "0001031296-09-000021 FIRSTENERGY CORP 10-Q 20090630"
TRANSOCEAN = "0001451505-09-000083 TRANSOCEAN LTD. 10-Q/A 20090630"
MCDERMOTT = "0000708819-09-000013 MCDERMOTT INTERNATIONAL INC 10-Q/A 20090630"
ATT = "0000732717-09-000050 AT&T INC. 10-Q 20090630"
BOEING = "0001193125-09-152905 BOEING CO 10-Q 20090630"
WELLS = "0000950123-09-032191 WELLS FARGO & CO/MN 10-Q 20090630"
AES = "0001193125-09-191566 AES CORP 8-K 20081231"
CSX = "0000277948-09-000113 CSX CORP 10-Q 20090630"
AIG = "0001104659-09-053270 AMERICAN INTERNATIONAL GROUP INC 10-Q/A 20090630"
BBT = "0000092230-09-000076 BB&T CORP 10-Q/A 20090630"
PNC = "0001193125-09-170563 PNC FINANCIAL SERVICES GROUP INC 10-Q 20090630"
METLIFE = "0000950123-09-029190 METLIFE INC 10-Q 20090630"
STJUDE = "0000950123-09-034092 ST JUDE MEDICAL INC 10-Q 20090630"
ITW = "0000049826-09-000066 ILLINOIS TOOL WORKS INC 10-Q 20090630"
QUEST = "0000930413-09-003869 QUEST DIAGNOSTICS INC 10-Q 20090630"
REPUBLIC = "0000950123-09-031596 REPUBLIC SERVICES, INC. 10-Q 20090630"
QUANTA = "0000950123-09-032827 QUANTA SERVICES INC 10-Q 20090630"
L3 = "0000950123-09-029495 L 3 COMMUNICATIONS HOLDINGS INC 10-Q 20090630"
PSA = "0001393311-09-000025 PUBLIC STORAGE 10-Q/A 20090630"
ANADARKO = "0001193125-09-163299 ANADARKO PETROLEUM CORP 10-Q 20090630"
OPENTEXT = "0001193125-09-179839 OPEN TEXT CORP 10-K 20090630"
HERSHEY = "0000047111-09-000038 HERSHEY CO 10-Q 20090630"
Q2_09, H1_09, Q2_08, H1_08 = "2009-04-01--2009-06-30", "2009-01-01--2009-06-30", "2008-04-01--2008-06-30", "2008-01-01--2008-06-30"


@pytest.fixture(scope="module")
def cases(book) -> RunResult:
    return check_fsds([CASES], book).run


def _operand(ev, concept: str):
    return next(o for o in [ev.target, *ev.operands] if o is not None and o.concept == f"us-gaap:{concept}")


def test_is002_interest_expense_beside_other_income(cases: RunResult):
    # Amgen, Q2 2009: operating income 1,457, "Interest expense, net" 150 (InterestExpenseDebt), "Interest and other
    # income, net" 50 (NonoperatingIncomeExpense), pretax 1,357 million
    ev = _ev(cases, AMGEN, "IS002", Q2_09)
    assert ev.status == PASS
    assert ev.reported == 1357000000 and ev.computed == 1457000000 + 50000000 - 150000000


def test_is004_total_cost_of_sales_and_excise_taxes(quarter: RunResult, cases: RunResult):
    # Rockwell, Q2 2008: products 771.3 and services 98.1 tagged beside their total 869.4; 1,475.0 - 869.4 = 605.6
    rockwell = _ev(quarter, ROCKWELL, "IS004", "2008-04-01--2008-06-30")
    assert rockwell.status == PASS and rockwell.computed == 605600000
    # Altria, Q2 2009: net revenues 6,719 include excise taxes 2,125; 6,719 - 2,138 - 2,125 = 2,456
    altria = _ev(cases, ALTRIA, "IS004", Q2_09)
    assert altria.status == PASS and altria.reported == 2456000000 and altria.computed == 2456000000


def test_is001_total_costs_and_expenses_impairment_and_equity_income(cases: RunResult):
    # FirstEnergy, Q2 2009: OperatingExpenses 612 is "Other operating expenses"; CostsAndExpenses 2,469; 3,271 - 2,469 = 802
    fe = _ev(cases, FIRSTENERGY, "IS001", Q2_09)
    assert fe.status == PASS and fe.computed == 802000000
    # Transocean, Q2 2009: 2,882 - 1,690 - 67 impairment + (-4) loss on disposals = 1,121
    rig = _ev(cases, TRANSOCEAN, "IS001", Q2_09)
    assert rig.status == PASS and rig.computed == 2882000000 - 1690000000 - 67000000 - 4000000
    # McDermott, Q2 2008: 1,792,646 - 1,570,774 + 9,252 equity income = 231,124 thousand; the 17 thousand gain on disposals
    # is already inside the total of costs and expenses (a pair of optional terms, the same in both engines)
    mdr = _ev(cases, MCDERMOTT, "IS001", Q2_08)
    assert mdr.status == PASS and mdr.reported == 231124000 and mdr.computed == 1792646000 - 1570774000 + 9252000


def test_is003_equity_income_inside_the_pretax_line(cases: RunResult):
    # AT&T, Q2 2009: pretax 4,889 (tagged with the concept defined as before equity-method income, which the statement
    # prints above it: 231), tax 1,613, NCI 78, net income attributable to AT&T 3,198
    ev = _ev(cases, ATT, "IS003", Q2_09)
    assert ev.status == PASS
    assert ev.reported == 3198000000 and ev.computed == 4889000000 - 1613000000 - 78000000


def test_is003_nci_by_kind_and_disposal_of_a_discontinued_operation(quarter: RunResult, cases: RunResult):
    # Entergy, Q2 2008: "Preferred dividend requirements of subsidiaries" 4,975 is the NCI share; 458,941 - 183,012 - 4,975
    entergy = _ev(quarter, ENTERGY, "IS003", "2008-04-01--2008-06-30")
    assert entergy.status == PASS and entergy.computed == 270954000
    # Boeing, H1 2009: 2,428 - 816 - 4 loss on disposal of a discontinued operation = 1,608
    boeing = _ev(cases, BOEING, "IS003", H1_09)
    assert boeing.status == PASS and boeing.computed == 1608000000


def test_eps003_takes_the_basic_numerator_when_no_diluted_one(cases: RunResult):
    # Wells Fargo, Q2 2009: NetIncomeLossAvailableToCommonStockholdersBasic 2,575 / diluted shares 4,501.6 = 0.572 -> 0.57
    # (net income 3,172, before 597 of preferred dividends, would give 0.70)
    ev = _ev(cases, WELLS, "EPS003", Q2_09)
    assert ev.status == PASS and ev.reported == Fraction("0.57")
    assert abs(ev.computed - Fraction(2575000000, 4501600000)) < Fraction(1, 10000)  # passes carry midpoints to 1/10,000


def test_eps002_takes_the_diluted_numerator_when_no_basic_one(cases: RunResult):
    # L-3, Q2 2009: net income attributable to L-3 225 less 2 allocable to participating securities (two-class method)
    # = 223 million, tagged once as NetIncomeLossAvailableToCommonStockholdersDiluted; 223 / 116.5 = 1.914 -> 1.91
    ev = _ev(cases, L3, "EPS002", Q2_09)
    assert ev.status == PASS and ev.reported == Fraction("1.91")
    assert abs(ev.computed - Fraction(223000000, 116500000)) < Fraction(1, 10000)


def test_eps006_extraordinary_items_per_share_under_the_2009_name(cases: RunResult):
    # AES 8-K, 2006: continuing 0.25 + discontinued 0.09 + extraordinary 0.03 = 0.37
    ev = _ev(cases, AES, "EPS006", "2006-01-01--2006-12-31")
    assert ev.status == PASS and ev.computed == Fraction("0.37")


def test_bs002_redeemable_nci_between_liabilities_and_equity(cases: RunResult):
    # Altria, June 30, 2009: liabilities 32,452 + equity 3,343 + NCI 2 + redeemable NCI 32 = 35,829 million
    ev = _ev(cases, ALTRIA, "BS002", "2009-06-30")
    assert ev.status == PASS and ev.computed == 35829000000


def test_cf001_net_change_printed_before_the_fx_line(cases: RunResult):
    # Quanta Services, Q2 2009: operating 59,428 - investing 42,697 - financing 2,006 = 14,725, the net change as tagged;
    # the FX effect 822 is printed after it (pre.txt line 41 against 40) and is not part of it
    ev = _ev(cases, QUANTA, "CF001", Q2_09)
    assert ev.status == PASS and ev.reported == 14725000 and ev.computed == 59428000 - 42697000 - 2006000


# ---------------------------------------------------------------- one genuine filing error of each class


@pytest.mark.parametrize(
    ("path", "rule", "period", "eps", "quotient"),
    [
        (CSX, "EPS002", Q2_08, "0.95", (947, 948)),  # 385,000,000 / 406,205: shares in thousands
        (AIG, "EPS002", Q2_09, "2.30", (0, 0.00001)),  # 311,000,000 / 135,281,740,000,000: a million times too many shares
        (BBT, "EPS004", Q2_09, "0.20", (0.0002, 0.00021)),  # (208 - 83) million / 602,726,000,000: a thousand times too many
    ],
    ids=["shares-in-thousands", "shares-times-a-million", "shares-times-a-thousand"],
)
def test_share_counts_at_the_wrong_scale(cases: RunResult, path: str, rule: str, period: str, eps: str, quotient: tuple[float, float]):
    ev = _ev(cases, path, rule, period)
    assert ev.status == FAIL and ev.reported == Fraction(eps)
    assert quotient[0] <= ev.computed <= quotient[1]


def test_pnc_tags_net_income_after_preferred_dividends(cases: RunResult):
    # PNC, Q2 2009: NetIncomeLoss 65 (the statement's net income is 207: 65 is what is left for common), preferred
    # dividends 119, basic shares 451 million, EPS 0.14 = 65 / 451; EPS004 takes the dividends off a second time
    ev = _ev(cases, PNC, "EPS004", Q2_09)
    assert ev.status == FAIL and ev.reported == Fraction("0.14")
    assert _operand(ev, "NetIncomeLoss").value == 65000000 and _operand(ev, "PreferredStockDividends").value == 119000000
    assert round(65000000 / 451000000, 2) == 0.14


def test_metlife_leaves_discontinued_operations_per_share_untagged(cases: RunResult):
    # MetLife, Q2 2008: basic EPS 1.28, continuing 1.19, no discontinued per-share figure in the context though
    # discontinued operations are tagged in dollars
    ev = _ev(cases, METLIFE, "EPS006", Q2_08)
    assert ev.status == FAIL and ev.reported == Fraction("1.28") and ev.computed == Fraction("1.19")


def test_st_jude_tags_its_tax_line_with_the_current_tax_concept(cases: RunResult):
    # St Jude, Q2 2009: pretax 299,686, "Income tax expense" 80,316 tagged CurrentIncomeTaxExpenseBenefit (no
    # IncomeTaxExpenseBenefit), net earnings 219,370 thousand
    ev = _ev(cases, STJUDE, "IS003", Q2_09)
    assert ev.status == FAIL and ev.reported == 219370000 and ev.computed == 299686000
    data = read_fsds(CASES, None)
    tagged = {str(t) for t, f in zip(data.tag, data.filing, strict=True) if data.filings[int(f)].adsh == STJUDE.split()[0]}
    assert "CurrentIncomeTaxExpenseBenefit" in tagged and "IncomeTaxExpenseBenefit" not in tagged


def test_itw_tags_interest_expense_negative(cases: RunResult):
    # Illinois Tool Works, Q2 2009: 334,835 operating - 43,886 interest + (-19,839) other = 271,110 pretax, but
    # InterestExpense is tagged -43,886 (an expense is positive in XBRL), so subtracting it adds it
    ev = _ev(cases, ITW, "IS002", Q2_09)
    assert ev.status == FAIL and ev.reported == 271110000
    assert _operand(ev, "InterestExpense").value == -43886000
    assert 334835000 - 43886000 - 19839000 == 271110000


def test_republic_tags_the_nci_share_negative(cases: RunResult):
    # Republic Services, H1 2009: NetIncomeLossAttributableToNoncontrollingInterest -600 thousand on a statement
    # that subtracts it; the identity holds with the sign flipped
    ev = _ev(cases, REPUBLIC, "NCI001", H1_09)
    assert ev.status == FAIL
    assert _operand(ev, "NetIncomeLossAttributableToNoncontrollingInterest").value == -600000


def test_public_storage_tags_diluted_eps_with_the_discontinued_per_share_figure(cases: RunResult):
    # Public Storage, Q2 2008: EarningsPerShareDiluted -0.01 is its discontinued operations per share (custom
    # DiscontinuedOperations -1,286,000 / 168,479,000 shares); continuing operations per diluted share 0.41
    ev = _ev(cases, PSA, "EPS007", Q2_08)
    assert ev.status == FAIL and ev.reported == Fraction("-0.01") and ev.computed == Fraction("0.41")
    assert round(-1286000 / 168479000, 2) == -0.01


def test_anadarko_tags_net_income_before_the_nci_share(cases: RunResult):
    # Anadarko, H1 2008: NetIncomeLoss 309 million, NCI 5; EPS 0.65 = (309 - 5) / 468, while 309 / 468 = 0.660
    ev = _ev(cases, ANADARKO, "EPS002", H1_08)
    assert ev.status == FAIL and ev.reported == Fraction("0.65")
    assert 0.660 < ev.computed < 0.661 and round(304000000 / 468000000, 2) == 0.65


def test_open_text_tags_liabilities_without_current_liabilities(cases: RunResult):
    # Open Text 10-K, June 30, 2009: Liabilities 502,044 + equity 686,464 thousand = 1,188,508 against total
    # liabilities and equity 1,507,236; the difference is exactly LiabilitiesCurrent 318,728
    ev = _ev(cases, OPENTEXT, "BS002", "2009-06-30")
    assert ev.status == FAIL and ev.reported == 1507236000 and ev.computed == 1188508000
    assert ev.reported - ev.computed == 318728000


def test_hershey_tags_shares_in_thousands_beside_a_second_class(cases: RunResult):
    # Hershey, Q2 2009: basic shares 166,846 (thousands) of common stock; Class B per-share figures tagged beside
    ev = _ev(cases, HERSHEY, "EPS002", Q2_09)
    assert ev.status == FAIL and ev.reported == Fraction("0.32")
    assert 427 < ev.computed < 428  # 71,298,000 / 166,846


def test_quest_eps_below_net_income_over_shares_two_class_method(cases: RunResult):
    # Quest Diagnostics, H1 2009: 355,302 / 187,318 thousand shares = 1.897 against basic EPS 1.89: the two-class method
    # takes the participating securities' share off first, and the filing does not tag it (not a filing error)
    ev = _ev(cases, QUEST, "EPS002", H1_09)
    assert ev.status == FAIL and ev.reported == Fraction("1.89")
    assert 1.896 < ev.computed < 1.897


# ---------------------------------------------------------------- the classifier behind docs/fsds-failures.md

def _classifier():
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("fsds_failures", Path(__file__).resolve().parent.parent / "benchmarks" / "fsds_failures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_classifier_names_the_genuine_errors_from_the_filings_own_figures(book):
    classifier = _classifier()
    filings = classifier.read_quarter(CASES)
    run = check_fsds([CASES], book, lean=True).run
    got = {}
    for d in run.documents:
        for ev in d.evaluations:
            cls, verdict, evidence = classifier.classify(ev, filings[d.document.extra["adsh"]])
            got[(d.document.path, ev.rule_id, ev.period.key())] = (cls, verdict, evidence)
    assert got[(CSX, "EPS002", Q2_08)][:2] == ("shares tagged in thousands", "genuine")
    assert got[(AIG, "EPS002", Q2_09)][:2] == ("shares tagged in units times 1,000,000 (a million times too many)", "genuine")
    assert got[(BBT, "EPS004", Q2_09)][:2] == ("shares tagged in units times 1,000 (a thousand times too many)", "genuine")
    assert got[(PNC, "EPS004", Q2_09)][:2] == ("NetIncomeLoss tagged after preferred dividends", "genuine")
    assert got[(METLIFE, "EPS006", Q2_08)][:2] == ("discontinued operations per share not tagged (the dollars are)", "genuine")
    assert got[(STJUDE, "IS003", Q2_09)][:2] == ("the income-tax line tagged with a component concept", "genuine")
    assert "CurrentIncomeTaxExpenseBenefit 80,316,000" in got[(STJUDE, "IS003", Q2_09)][2]
    assert got[(ITW, "IS002", Q2_09)][:2] == ("InterestExpense tagged with the wrong sign", "genuine")
    assert got[(REPUBLIC, "NCI001", H1_09)][:2] == ("NetIncomeLossAttributableToNoncontrollingInterest tagged with the wrong sign", "genuine")
    assert got[(PSA, "EPS007", Q2_08)][:2] == ("EPS tagged with the discontinued operations' per-share figure", "genuine")
    assert got[(ANADARKO, "EPS002", H1_08)][:2] == ("NetIncomeLoss tagged before the noncontrolling interest's share", "genuine")
    assert got[(OPENTEXT, "BS002", "2009-06-30")][:2] == ("Liabilities tagged on the non-current liabilities only", "genuine")
    assert got[(HERSHEY, "EPS002", Q2_09)][:2] == ("shares tagged in thousands, two classes of common stock", "genuine")
    # Quest's EPS is the two-class method's, a figure the filing does not tag: not called an error
    assert got[(QUEST, "EPS002", H1_09)][1] == "untagged"


def test_the_committed_failure_list_accounts_for_every_failure():
    rows = list(csv.DictReader((Path(__file__).resolve().parent.parent / "docs" / "fsds-2009q3-failures.csv").open(encoding="utf-8")))
    doc = (Path(__file__).resolve().parent.parent / "docs" / "fsds-failures.md").read_text(encoding="utf-8")
    assert f"{len(rows)} failed" in doc and f"Every one of the {len(rows)} failures" in doc
    assert all(r["class"] and r["evidence"] and r["adsh"] and r["context"] for r in rows)
    verdicts = {r["verdict"] for r in rows}
    assert verdicts <= {"genuine", "untagged", "rule gap", "unclassified"}
    left = [r for r in rows if r["verdict"] == "unclassified"]
    assert len(left) <= 15
    for r in left:  # each one is listed in the doc
        assert r["company"].split()[0].lower() in doc.lower()
