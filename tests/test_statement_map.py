"""Mapping the lines of one statement together (checker/statement_map.py, `tieout map -`).

Real lines: tests/data/statements/southwest-2009q2-bs.tsv, Southwest Airlines' balance sheet
of its 10-Q for 2009-06-30 as FSDS 2009q3 has it (labels in order, the filer's concepts beside).
It prints "Deferred income taxes" twice: a current asset above "Total current assets" and a
noncurrent liability below "Total current liabilities". One label cannot tell them apart; the
statement can.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from checker.commands import map as map_command
from checker.errors import ExitCode
from checker.statement_map import END, TOP, StatementLine, map_filing, map_statement, regions, sections
from checker.taxonomy import REGION_ABSENT, Taxonomy, load_taxonomy

DATA = Path(__file__).resolve().parent / "data" / "statements"


@pytest.fixture(scope="module")
def tax() -> Taxonomy:
    return load_taxonomy()


def _southwest() -> list[tuple[str, str]]:
    lines = (DATA / "southwest-2009q2-bs.tsv").read_text(encoding="utf-8").splitlines()
    return [(row[0], row[1]) for row in (line.split("\t") for line in lines if not line.startswith("#"))]


def test_the_statement_tells_a_deferred_tax_asset_from_a_liability(tax: Taxonomy) -> None:
    rows = _southwest()
    matches = map_statement([StatementLine(label) for label, _ in rows], "BS", tax)
    deferred = [(m.concept, want) for (label, want), m in zip(rows, matches, strict=True) if label == "Deferred income taxes"]
    assert deferred == [
        ("DeferredTaxAssetsNetCurrent", "DeferredTaxAssetsNetCurrent"),
        ("DeferredTaxLiabilitiesNoncurrent", "DeferredTaxLiabilitiesNoncurrent"),
    ]
    # Label by label, both lines get one answer: one of them is wrong.
    alone = tax.match("Deferred income taxes", "BS").concept
    assert alone in ("DeferredTaxAssetsNetCurrent", "DeferredTaxLiabilitiesNoncurrent")


def test_the_statement_maps_more_of_the_filers_lines_than_labels_alone(tax: Taxonomy) -> None:
    rows = [(label, want) for label, want in _southwest()]
    standard = [i for i, (_, want) in enumerate(rows) if not want.startswith("ext:")]
    together = map_statement([StatementLine(label) for label, _ in rows], "BS", tax)
    alone = [tax.match(label, "BS") for label, _ in rows]
    right_together = sum(together[i].concept == rows[i][1] for i in standard)
    right_alone = sum(alone[i].concept == rows[i][1] for i in standard)
    # 24 standard lines; misses: Accounts payable, Accrued liabilities (the filer chose the
    # unsplit concepts) and "Other deferred liabilities".
    assert right_together >= 21 and right_together > right_alone
    concepts = [m.concept for m in together if m.concept]
    assert len(concepts) == len(set(concepts)), "two lines of one balance sheet share a concept"


def test_regions_are_the_landmarks_around_each_line() -> None:
    marks = {"AssetsCurrent", "Assets"}
    concepts = ["Cash", "AssetsCurrent", "Goodwill", "Assets", "AccountsPayableCurrent"]
    assert regions(marks, concepts) == [
        (TOP, "AssetsCurrent"),
        (TOP, "Assets"),
        ("AssetsCurrent", "Assets"),
        ("AssetsCurrent", END),
        ("Assets", END),
    ]


def test_a_header_is_the_section_of_the_lines_below_until_a_total() -> None:
    labels = ["Current assets:", "Cash", "Total current assets", "Goodwill"]
    assert sections(labels) == [None, "Current assets:", "Current assets:", None]


def test_per_share_lines_under_one_label_are_the_basic_then_the_diluted_figure(tax: Taxonomy) -> None:
    # A loss-making filer's EPS block: the same labels twice, per-share figures.
    lines = [
        StatementLine("Net loss"),
        StatementLine("Basic", "perShare"),
        StatementLine("Diluted", "perShare"),
        StatementLine("Basic", "shares"),
        StatementLine("Diluted", "shares"),
    ]
    got = [m.concept for m in map_statement(lines, "IS", tax)]
    assert got == [
        "NetIncomeLoss",
        "EarningsPerShareBasic",
        "EarningsPerShareDiluted",
        "WeightedAverageNumberOfSharesOutstandingBasic",
        "WeightedAverageNumberOfDilutedSharesOutstanding",
    ]


def _run(stdin: str, *extra: str) -> tuple[int, str]:
    ns = argparse.Namespace(label="-", statement="BS", section=None, unit_type=None, taxonomy=None, each=False)
    for flag in extra:
        setattr(ns, flag, True)
    out = io.StringIO()
    code = map_command.run(ns, stdin=io.StringIO(stdin), stdout=out)
    return code, out.getvalue()


def test_map_stdin_reads_one_statement() -> None:
    text = "Deferred income taxes\nTotal current assets\nTotal assets\nLong-term debt\nDeferred income taxes\n"
    code, out = _run(text)
    assert code == ExitCode.OK
    concepts = [line.split("\t")[1] for line in out.splitlines()]
    assert concepts[0] == "DeferredTaxAssetsNetCurrent" and concepts[4].startswith("DeferredTaxLiabilities")
    code, out = _run(text, "each")
    each = [line.split("\t")[1] for line in out.splitlines()]
    assert each[0] == each[4]


def test_map_stdin_takes_a_unit_after_a_tab() -> None:
    code, out = _run("Basic\tperShare\nBasic\tshares\n")
    assert code == ExitCode.OK
    ns = argparse.Namespace(label="-", statement="IS", section=None, unit_type=None, taxonomy=None, each=False)
    out_io = io.StringIO()
    map_command.run(ns, stdin=io.StringIO("Basic\tperShare\nBasic\tshares\n"), stdout=out_io)
    assert [line.split("\t")[1] for line in out_io.getvalue().splitlines()] == [
        "EarningsPerShareBasic",
        "WeightedAverageNumberOfSharesOutstandingBasic",
    ]
    code, _ = _run("Basic\tdollars\n")
    assert code == ExitCode.INPUT_ERROR


def test_a_region_overrules_a_synonym_its_filers_all_but_never_chose(tax: Taxonomy) -> None:
    # overrides.yaml answers "Other assets" with OtherAssets: right for a sheet with no current/noncurrent
    # split, like the seed's condensed one; below "Total current assets" filers chose OtherAssetsNoncurrent.
    classified = ["Cash", "Inventories", "Total current assets", "Goodwill", "Other assets", "Total assets"]
    condensed = ["Cash, cash equivalents and marketable securities", "Other assets", "Total assets"]
    assert map_statement([StatementLine(x) for x in classified], "BS", tax)[4].concept == "OtherAssetsNoncurrent"
    assert map_statement([StatementLine(x) for x in condensed], "BS", tax)[1].concept == "OtherAssets"
    assert tax.match("Other assets", "BS").concept == "OtherAssets"


def test_the_document_mapper_leaves_regions_and_second_guesses_out(tax: Taxonomy) -> None:
    # The rule packs were written against the label-alone answers, so checker.mapping keeps them (see its
    # docstring): Southwest's two "Deferred income taxes" lines both get the label's one answer.
    lines = [StatementLine(label) for label, _ in _southwest()]
    alone = [m.concept for m in map_statement(lines, "BS", tax, use_regions=False, reassign=False)]
    assert alone == [tax.match(ln.label, "BS").concept for ln in lines]
    # The noncontrolling interest's line still tells the parent's equity from the whole (Intel's Q4 2022
    # balance sheet, tests/data/pdf/intel_q4fy22_statements.pdf), which the rules bind both of.
    intel = [StatementLine(x) for x in ("Total Intel stockholders' equity", "Non-controlling interests", "Total stockholders' equity")]
    assert [m.concept for m in map_statement(intel, "BS", tax, use_regions=False, reassign=False)] == [
        "StockholdersEquity",
        "MinorityInterest",
        "StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest",
    ]


def test_a_cash_flow_line_follows_the_income_statement_line_it_repeats(tax: Taxonomy) -> None:
    # With a noncontrolling interest below it, "Net income" on the income statement is the consolidated
    # figure (ProfitLoss: 87 of 87 filers in that region); the cash-flow statement starts from the same line.
    income = ["Revenues", "Costs and expenses", "Income before income taxes", "Provision for income taxes",
              "Net income", "Less: Net income attributable to noncontrolling interests", "Net income attributable to Acme"]
    cash = ["Net income", "Depreciation and amortization", "Net cash provided by operating activities"]
    filing = [("IS", [StatementLine(x) for x in income]), ("CF", [StatementLine(x) for x in cash])]
    got = map_filing(filing, tax)
    assert got[0][4].concept == "ProfitLoss"
    assert got[1][0].concept == "ProfitLoss"
    assert map_statement(filing[1][1], "CF", tax)[0].concept == "NetIncomeLoss"  # the cash-flow statement alone


def test_map_stdin_reads_a_filing_between_markers() -> None:
    text = "Income before income taxes\nIncome tax expense\nNet income\nNet income attributable to noncontrolling interests\n[CF]\nNet income\n"
    ns = argparse.Namespace(label="-", statement="IS", section=None, unit_type=None, taxonomy=None, each=False)
    out = io.StringIO()
    assert map_command.run(ns, stdin=io.StringIO(text), stdout=out) == ExitCode.OK
    lines = out.getvalue().splitlines()
    assert lines[4] == "[CF]" and len(lines) == 6
    assert lines[2].split("\t")[1] == lines[5].split("\t")[1] == "ProfitLoss"


def test_a_bare_total_is_the_total_of_its_region(tax: Taxonomy) -> None:
    # Without a header, "Total" alone is nothing; after the current assets and before the current
    # liabilities it is the sheet's total assets (6 of 6 filers who printed a bare "Total" there).
    lines = ["Cash", "Inventories", "Total current assets", "Property, plant and equipment, net", "Total",
             "Accounts payable", "Total current liabilities"]
    got = map_statement([StatementLine(x) for x in lines], "BS", tax)
    assert got[4].concept == "Assets"
    assert tax.match("Total", "BS").concept is None


def test_a_concept_no_filer_used_in_the_region_counts_less(tax: Taxonomy) -> None:
    # No 2009 filer put inventories below "Total assets": there, the inventory concept is a weaker guess.
    alone = tax.rank("Inventories", "BS").candidates[0]
    placed = tax.rank("Inventories", "BS", region=("BS>Assets<LiabilitiesCurrent", "BS>Assets")).candidates[0]
    assert alone[0] == placed[0] == "InventoryNet"
    assert placed[1] == pytest.approx(alone[1] * REGION_ABSENT)


def test_map_stdin_each_reads_units_too() -> None:
    ns = argparse.Namespace(label="-", statement="IS", section=None, unit_type=None, taxonomy=None, each=True)
    out = io.StringIO()
    assert map_command.run(ns, stdin=io.StringIO("Basic\tperShare\nBasic\tshares\n"), stdout=out) == ExitCode.OK
    rows = [line.split("\t") for line in out.getvalue().splitlines()]
    assert [r[0] for r in rows] == ["Basic", "Basic"]
    assert [r[1] for r in rows] == ["EarningsPerShareBasic", "WeightedAverageNumberOfSharesOutstandingBasic"]


def _filing(name: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Statements of one filing from a .tsv: "[BS]" starts one, then label<TAB>the filer's concept."""
    statements: list[tuple[str, list[tuple[str, str]]]] = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if line.startswith("["):
            statements.append((line.strip("[]"), []))
        else:
            label, concept = line.split("\t")
            statements[-1][1].append((label, concept))
    return statements


def test_the_noncontrolling_interest_line_tells_the_consolidated_figure_from_the_parents(tax: Taxonomy) -> None:
    statements = _filing("newmont-2009q2.tsv")
    answers = map_filing([(kind, [StatementLine(label) for label, _ in rows]) for kind, rows in statements], tax)
    got = {(kind, label): m.concept for (kind, rows), ms in zip(statements, answers, strict=True) for (label, _), m in zip(rows, ms, strict=True)}
    # Alone, "Net income" is the parent's figure (the rules' NetIncomeLoss) ...
    assert tax.match("Net income", "IS").concept == "NetIncomeLoss"
    # ... but above "Less: Net income attributable to noncontrolling interests" it is the consolidated one,
    # as Newmont tagged it, and the cash-flow statement's "Net income" follows it.
    assert got[("IS", "Net income")] == "ProfitLoss"
    assert got[("IS", "Net income attributable to Newmont stockholders")] == "NetIncomeLoss"
    assert got[("IS", "Income from continuing operations")] == (
        "IncomeLossFromContinuingOperationsIncludingPortionAttributableToNoncontrollingInterest"
    )
    assert got[("CF", "Net income")] == "ProfitLoss"
    # On the balance sheet the order is the other way round: the parent's equity, the interest, then the whole.
    assert got[("BS", "Total Newmont stockholders' equity")] == "StockholdersEquity"
    assert got[("BS", "Total stockholders' equity")] == "StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest"
    # Without a noncontrolling interest line nothing moves.
    plain = map_statement([StatementLine(x) for x in ("Income before income taxes", "Income taxes", "Net income")], "IS", tax)
    assert plain[-1].concept == "NetIncomeLoss"


def test_other_income_beside_interest_lines_is_the_rest_of_the_non_operating_items(tax: Taxonomy) -> None:
    # Tyco International's 10-Q for 2009-06-30 (FSDS 2009q3 adsh 0001047469-09-007036), lines 11-16:
    # "Other income (expense), net" sits beside the interest lines, and Tyco tagged it OtherNonoperatingIncomeExpense.
    tyco = ["Operating income (loss)", "Interest income", "Interest expense", "Other income (expense), net",
            "Income (loss) from continuing operations before income taxes and minority interest", "Income tax expense"]
    got = [m.concept for m in map_statement([StatementLine(x) for x in tyco], "IS", tax)]
    assert got[3] == "OtherNonoperatingIncomeExpense"
    # Cognizant's (0001193125-09-168966) also has its own total below, which stays the whole.
    cognizant = ["Income from operations", "Interest income", "Other income (expense), net",
                 "Total other income (expense), net", "Income before provision for income taxes"]
    got = [m.concept for m in map_statement([StatementLine(x) for x in cognizant], "IS", tax)]
    assert got[2:4] == ["OtherNonoperatingIncomeExpense", "NonoperatingIncomeExpense"]
    # Alone between the two, the line is the whole of the non-operating items (the seed's layout).
    seed = ["Operating loss", "Other income (expense), net", "Loss before income taxes"]
    assert [m.concept for m in map_statement([StatementLine(x) for x in seed], "IS", tax)][1] == "NonoperatingIncomeExpense"


def _mapped_filing(statements: list[tuple[str, list[tuple[str, str]]]], tax: Taxonomy) -> dict[tuple[str, str], str | None]:
    answers = map_filing([(kind, [StatementLine(label) for label, _ in rows]) for kind, rows in statements], tax)
    return {(kind, label): m.concept for (kind, rows), ms in zip(statements, answers, strict=True) for (label, _), m in zip(rows, ms, strict=True)}


def test_the_equity_statement_totals_follow_the_balance_sheets_noncontrolling_interest(tax: Taxonomy) -> None:
    # Republic Services' 10-Q (FSDS 2009q3): the balance sheet shows "Noncontrolling Interests", so the equity
    # statement's balances are the whole company's, as Republic tagged them.
    statements = _filing("republic-2009q2.tsv")
    got = _mapped_filing(statements, tax)
    whole = "StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest"
    assert got[("EQ", "Beginning Balance")] == got[("EQ", "Ending Balance")] == whole
    assert got[("EQ", "Net income")] == "ProfitLoss"
    # The same statement beside a balance sheet without the interest: the parent's.
    bs = [(label, c) for label, c in statements[0][1] if c not in ("MinorityInterest", whole)]
    got = _mapped_filing([("BS", bs), statements[1]], tax)
    assert got[("EQ", "Beginning Balance")] == "StockholdersEquity"
    assert got[("EQ", "Net income")] == "NetIncomeLoss"


def test_an_other_operating_line_is_what_the_lines_above_it_are(tax: Taxonomy) -> None:
    # Nucor's 10-Q (FSDS 2009q3, 0001193125-09-171521): "Other" closes the changes in operating assets and
    # liabilities; Johnson Controls' (0000950123-09-028880) closes the non-cash adjustments. Each tagged it so.
    nucor = ["Net earnings (loss)", "Depreciation", "Amortization", "Stock-based compensation", "Deferred income taxes",
             "Accounts receivable", "Inventories", "Accounts payable", "Federal income taxes",
             "Salaries, wages and related accruals", "Other", "Cash provided by operating activities"]
    johnson = ["Net income (loss)", "Depreciation", "Amortization of intangibles", "Deferred income taxes",
               "Impairment charges", "Equity-based compensation", "Other", "Accounts receivable", "Inventories",
               "Other current assets", "Accrued income taxes", "Cash provided by operating activities"]
    got = [m.concept for m in map_statement([StatementLine(x) for x in nucor], "CF", tax)]
    assert got[10] == "IncreaseDecreaseInOtherOperatingCapitalNet"
    got = [m.concept for m in map_statement([StatementLine(x) for x in johnson], "CF", tax)]
    assert got[6] == "AdjustmentsNoncashItemsToReconcileNetIncomeLossToCashProvidedByUsedInOperatingActivitiesOther"
