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


@pytest.mark.parametrize("folder", [SLICE, APPLE], ids=["2009q3-slice", "apple-2024"])
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
