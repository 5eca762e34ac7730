"""The concept map and the label matcher, on labels read off real documents.

Seed labels: /work/shared/seeds/immunogen-8k-2011-04-28.txt lines 154-199 (copy in
examples/). Press labels: Apple's FY2011 Q1 release (8-K ex99-1,
0001193125-11-009392) and Pericom's FY2003 Q4 release (0000891092-03-001810).
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from checker.commands import map as map_command
from checker.errors import TieoutError
from checker.taxonomy import ACCEPT, Taxonomy, extension_name, load_taxonomy, normalize_label

REPO = Path(__file__).resolve().parent.parent
GENERATED = REPO / "taxonomies" / "us-gaap.yaml"
OVERRIDES = REPO / "taxonomies" / "overrides.yaml"
PRETAX = "IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest"
PRETAX_2009 = "IncomeLossFromContinuingOperationsBeforeIncomeTaxesMinorityInterestAndIncomeLossFromEquityMethodInvestments"


@pytest.fixture(scope="module")
def tax() -> Taxonomy:
    return load_taxonomy()


SEED = [
    ("BS", "Cash, cash equivalents and marketable securities", "CashCashEquivalentsAndShortTermInvestments"),
    ("BS", "Other assets", "OtherAssets"),  # filers: OtherAssetsNoncurrent 196, OtherAssets 52; see overrides.yaml
    ("BS", "Total assets", "Assets"),
    ("BS", "Current liabilities", "LiabilitiesCurrent"),
    ("BS", "Long-term portion of deferred revenue and other long-term liabilities", "OtherLiabilitiesNoncurrent"),
    ("BS", "Shareholders' equity", "StockholdersEquity"),
    ("BS", "Total liabilities and shareholders' equity", "LiabilitiesAndStockholdersEquity"),
    ("IS", "License and milestone fees", "LicensesRevenue"),
    ("IS", "Clinical materials reimbursement", "ReimbursementRevenue"),
    ("IS", "Total revenues", "Revenues"),
    ("IS", "Research and development", "ResearchAndDevelopmentExpense"),
    ("IS", "General and administrative", "GeneralAndAdministrativeExpense"),
    ("IS", "Total operating expenses", "OperatingExpenses"),
    ("IS", "Loss from operations", "OperatingIncomeLoss"),
    # 2009 filers: OtherNonoperatingIncomeExpense 26, NonoperatingIncomeExpense 3; the rules need the total (overrides.yaml)
    ("IS", "Other income (expense), net", "NonoperatingIncomeExpense"),
    ("IS", "Loss before taxes", PRETAX),
    ("IS", "(Benefit)/provision for income taxes", "IncomeTaxExpenseBenefit"),
    ("IS", "Net loss", "NetIncomeLoss"),
    ("IS", "Net loss per common share, basic and diluted", "EarningsPerShareBasicAndDiluted"),
    ("IS", "Average common shares outstanding, basic and diluted", "WeightedAverageNumberOfShareOutstandingBasicAndDiluted"),
]


@pytest.mark.parametrize(("statement", "label", "concept"), SEED)
def test_seed_lines_map_to_their_concepts(tax: Taxonomy, statement: str, label: str, concept: str) -> None:
    m = tax.match(label, statement)
    assert m.concept == concept, m
    assert m.score >= ACCEPT and m.accepted


def test_seed_line_without_standard_concept_is_left_for_an_extension(tax: Taxonomy) -> None:
    m = tax.match("Research and development support", "IS")
    assert m.concept is None and not m.accepted
    assert m.method == "rejected"
    assert extension_name("Research and development support") == "ext:ResearchAndDevelopmentSupport"


@pytest.mark.parametrize(
    "label",
    ["Tatal", "Evnonces", "Total assessing assesses", "I f", "Other in serve (servense) and", "N 1 1 1 1 1 1 1", "Expenses:"],
)
def test_garbled_seed_lines_are_rejected(tax: Taxonomy, label: str) -> None:
    for statement in ("IS", "BS", None):
        m = tax.match(label, statement)
        assert m.concept is None, (label, statement, m)
        assert m.score < m.threshold


def test_section_header_is_not_a_line(tax: Taxonomy) -> None:
    assert tax.match("Expenses:", "IS").method == "header"
    assert tax.match("Current assets:", "BS").concept is None


PRESS = [
    # Apple FY2011 Q1 (condensed consolidated statements)
    ("IS", "Net sales", "SalesRevenueNet"),
    ("IS", "Gross margin", "GrossProfit"),
    ("IS", "Research and development (1)", "ResearchAndDevelopmentExpense"),
    ("IS", "Selling, general and administrative (1)", "SellingGeneralAndAdministrativeExpense"),
    ("IS", "Operating income", "OperatingIncomeLoss"),
    ("IS", "Income before provision for income taxes", PRETAX),
    ("IS", "Provision for income taxes", "IncomeTaxExpenseBenefit"),
    ("IS", "Net income", "NetIncomeLoss"),
    ("BS", "Cash and cash equivalents", "CashAndCashEquivalentsAtCarryingValue"),
    ("BS", "Accounts receivable, less allowances of $62 and $55, respectively", "AccountsReceivableNetCurrent"),
    ("BS", "Inventories", "InventoryNet"),
    ("BS", "Total current assets", "AssetsCurrent"),
    ("BS", "Property, plant and equipment, net", "PropertyPlantAndEquipmentNet"),
    ("BS", "Goodwill", "Goodwill"),
    ("BS", "Total current liabilities", "LiabilitiesCurrent"),
    ("BS", "Total liabilities", "Liabilities"),
    ("BS", "Retained earnings", "RetainedEarningsAccumulatedDeficit"),
    ("BS", "Total shareholders\u2019 equity", "StockholdersEquity"),
    ("CF", "Net income", "NetIncomeLoss"),
    ("CF", "Cash generated by operating activities", "NetCashProvidedByUsedInOperatingActivities"),
    ("CF", "Cash used in investing activities", "NetCashProvidedByUsedInInvestingActivities"),
    ("CF", "Cash generated by financing activities", "NetCashProvidedByUsedInFinancingActivities"),
    ("CF", "(Decrease)/increase in cash and cash equivalents", "CashAndCashEquivalentsPeriodIncreaseDecrease"),
    ("CF", "Cash and cash equivalents, end of the period", "CashAndCashEquivalentsAtCarryingValue"),
    # Pericom FY2003 Q4
    ("IS", "Cost of revenues", "CostOfRevenue"),
    ("IS", "Gross profit", "GrossProfit"),
    ("IS", "Loss before income taxes", PRETAX),
    ("IS", "Basic and diluted loss per share", "EarningsPerShareBasicAndDiluted"),
    ("BS", "Accounts payable", "AccountsPayableCurrent"),
    ("BS", "Accrued liabilities", "AccruedLiabilitiesCurrent"),
    ("BS", "Other long term liabilities", "OtherLiabilitiesNoncurrent"),
]


@pytest.mark.parametrize(("statement", "label", "concept"), PRESS)
def test_press_release_lines_map(tax: Taxonomy, statement: str, label: str, concept: str) -> None:
    assert tax.match(label, statement).concept == concept


def test_statement_disambiguates(tax: Taxonomy) -> None:
    # The same words are a balance on the balance sheet and a change on the cash-flow statement.
    assert tax.match("Inventories", "BS").concept == "InventoryNet"
    assert tax.match("Inventories", "CF").concept == "IncreaseDecreaseInInventories"
    assert tax.match("Accounts receivable", "CF").concept == "IncreaseDecreaseInAccountsReceivable"
    assert tax.match("Other", "IS").concept != tax.match("Other", "CF").concept


def test_unseen_wording_is_scored_by_similar_labels(tax: Taxonomy) -> None:
    # A company name is not OCR damage; nobody wrote exactly this label in 2009q3.
    m = tax.match("Net income attributable to Caterpillar", "IS")
    assert (m.concept, m.method) == ("NetIncomeLoss", "learned")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Net loss", "Net income (loss)"),
        ("Net loss", "NET INCOME"),
        ("Total shareholders\u2019 equity", "Stockholders' equity"),
        ("Total shareowners' equity", "stockholders equity"),
        ("(Benefit)/provision for income taxes", "Provision (benefit) for income taxes"),
        ("Income/(loss) from operations", "Loss from operations"),
        ("Other income (expense), net", "Other income"),
        ("Accounts receivable, net", "Accounts receivable"),
        ("Accounts receivable, net of allowance of $5 and $6", "Accounts receivable"),
        ("Revenues (1)", "Revenues"),
        ("Net sales*", "Net sales"),
        ("Less: Cost of sales", "Cost of sales"),
        ("Add: Depreciation", "Depreciation"),
        ("\u201cOther\u201d assets", "Other assets"),
        ("Treasury stock - 217,200 shares", "Treasury stock"),
        ("Balance at December 31", "Balance"),
    ],
)
def test_normalize_label_folds_variants(a: str, b: str) -> None:
    assert normalize_label(a) == normalize_label(b)


def test_normalize_label_keeps_meaning_apart() -> None:
    assert normalize_label("Net sales") != normalize_label("Sales")
    assert normalize_label("Current liabilities") != normalize_label("Liabilities")
    assert normalize_label("I f") == ""
    assert normalize_label("N 1 1 1 1 1 1 1") == ""


RULE_CONCEPTS = {
    "Assets": ("monetary", "instant", "debit"),
    "LiabilitiesAndStockholdersEquity": ("monetary", "instant", "credit"),
    "StockholdersEquity": ("monetary", "instant", "credit"),
    "MinorityInterest": ("monetary", "instant", "credit"),
    "Revenues": ("monetary", "duration", "credit"),
    "RevenueFromContractWithCustomerExcludingAssessedTax": ("monetary", "duration", "credit"),
    "CostOfRevenue": ("monetary", "duration", "debit"),
    "OperatingIncomeLoss": ("monetary", "duration", "credit"),
    PRETAX: ("monetary", "duration", "credit"),
    PRETAX_2009: ("monetary", "duration", "credit"),
    "IncomeTaxExpenseBenefit": ("monetary", "duration", "debit"),
    "NetIncomeLoss": ("monetary", "duration", "credit"),
    "EarningsPerShareBasic": ("perShare", "duration", None),
    "EarningsPerShareBasicAndDiluted": ("perShare", "duration", None),
    "WeightedAverageNumberOfDilutedSharesOutstanding": ("shares", "duration", None),
    "WeightedAverageNumberOfShareOutstandingBasicAndDiluted": ("shares", "duration", None),
    "CashAndCashEquivalentsAtCarryingValue": ("monetary", "instant", "debit"),
    "CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents": ("monetary", "instant", "debit"),
    "OtherComprehensiveIncomeLossNetOfTax": ("monetary", "duration", "credit"),
    "ResearchAndDevelopmentExpense": ("monetary", "duration", "debit"),
}


@pytest.mark.parametrize(("name", "meta"), sorted(RULE_CONCEPTS.items()))
def test_rule_concepts_carry_metadata(tax: Taxonomy, name: str, meta: tuple[str, str, str | None]) -> None:
    c = tax.get(name)
    assert c is not None and name in tax
    assert (c.type, c.period, c.balance) == meta
    assert tax.get(f"us-gaap:{name}") == c


def test_renamed_concept_answers_the_current_name(tax: Taxonomy) -> None:
    assert tax.canonical(PRETAX_2009) == PRETAX
    assert tax.match("Income before income taxes", "IS").concept == PRETAX


def test_second_load_is_cached() -> None:
    assert load_taxonomy() is load_taxonomy()


# ---------------------------------------------------------------- overrides as YAML edits


def test_synonym_in_an_override_file_changes_the_mapping(tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    before = load_taxonomy([GENERATED, OVERRIDES]).match("Research and development support", "IS")
    assert before.concept is None
    extra.write_text('synonyms:\n  IS:\n    "Research and development support": Revenues\n', encoding="utf-8")
    after = load_taxonomy([GENERATED, OVERRIDES, extra]).match("Total research and development support", "IS")
    assert (after.concept, after.method, after.score) == ("Revenues", "override", 1.0)


def test_malformed_override_yaml_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text('synonyms:\n  IS:\n    "Net loss": NetIncomeLoss\n    "Other: [unclosed\n', encoding="utf-8")
    with pytest.raises(TieoutError) as err:
        load_taxonomy([GENERATED, bad])
    assert err.value.file == str(bad)
    assert err.value.line == 4
    assert str(err.value).startswith(f"{bad}:4: ")


def test_synonym_to_unknown_concept_names_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "typo.yaml"
    bad.write_text('synonyms:\n  BS:\n    "Total assets": Assets\n    "Widgets": NoSuchConcept\n', encoding="utf-8")
    with pytest.raises(TieoutError) as err:
        load_taxonomy([GENERATED, bad])
    assert (err.value.file, err.value.line) == (str(bad), 4)
    assert "NoSuchConcept" in err.value.message


def test_bad_concept_metadata_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "meta.yaml"
    bad.write_text("concepts:\n  Widgets: {type: monetary, period: sometimes, balance: debit}\n", encoding="utf-8")
    with pytest.raises(TieoutError) as err:
        load_taxonomy([bad])
    assert err.value.line == 2 and "period" in err.value.message


def test_missing_map_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(TieoutError) as err:
        load_taxonomy([tmp_path / "nope.yaml"])
    assert err.value.file == str(tmp_path / "nope.yaml")


# ---------------------------------------------------------------- tieout map


def _args(label: str, statement: str | None = None, taxonomy: list[Path] | None = None) -> argparse.Namespace:
    return argparse.Namespace(label=label, statement=statement, taxonomy=taxonomy)


def test_map_command_prints_concept_score_and_runner_up() -> None:
    out = io.StringIO()
    assert map_command.run(_args("Total operating expenses", "IS"), stdout=out) == 0
    text = out.getvalue()
    assert "concept:   OperatingExpenses" in text
    assert "runner-up: CostsAndExpenses" in text
    assert "method:    exact" in text


def test_map_command_reads_labels_from_stdin_one_answer_per_line() -> None:
    out = io.StringIO()
    stdin = io.StringIO("Total revenues\nTatal\n\nLoss from operations\n")
    assert map_command.run(_args("-", "IS"), stdin=stdin, stdout=out) == 0
    rows = [line.split("\t") for line in out.getvalue().splitlines()]
    assert [r[0] for r in rows] == ["Total revenues", "Tatal", "Loss from operations"]
    assert all(len(r) == 5 for r in rows)
    assert rows[0][1] == "Revenues" and float(rows[0][2]) >= ACCEPT
    assert rows[1][1] == ""  # garbled: no concept
    assert rows[2][1] == "OperatingIncomeLoss"


def test_map_command_reports_a_bad_map_as_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("concepts: [\n", encoding="utf-8")
    assert map_command.run(_args("Net loss", None, [bad])) == 2
    assert str(bad) in capsys.readouterr().err


def test_map_subcommand_registers_with_argparse() -> None:
    parser = argparse.ArgumentParser(prog="tieout")
    map_command.add_parser(parser.add_subparsers())
    args = parser.parse_args(["map", "Net loss", "--statement", "is"])
    assert args.func is map_command.run and args.statement == "IS"


def test_hand_kept_concept_form_with_labels_list(tmp_path: Path) -> None:
    # The form the project's first hand-written map used: metadata and synonyms on one concept line.
    hand = tmp_path / "hand.yaml"
    hand.write_text(
        "version: 1\nconcepts:\n"
        "  Widgets: {type: monetary, period: instant, balance: debit, label: Widgets, labels: [widget stock on hand]}\n",
        encoding="utf-8",
    )
    tax = load_taxonomy([GENERATED, hand])
    assert tax.get("Widgets") is not None and tax.get("Widgets").period == "instant"
    m = tax.match("Total widget stock on hand", "BS")
    assert (m.concept, m.method) == ("Widgets", "override")


def test_map_module_entry_point(capsys: pytest.CaptureFixture[str]) -> None:
    assert map_command.main(["Total revenues", "--statement", "IS"]) == 0
    assert "concept:   Revenues" in capsys.readouterr().out


def test_overridden_choice_keeps_the_filers_majority_as_runner_up(tax: Taxonomy) -> None:
    # overrides.yaml picks the general concepts for these seed lines; the evidence stays visible.
    assert tax.match("Other assets", "BS").runner_up == "OtherAssetsNoncurrent"
    assert tax.match("Other income (expense), net", "IS").runner_up == "OtherNonoperatingIncomeExpense"


# ---------------------------------------------------------------- hints a document reader can give


@pytest.mark.parametrize(
    ("section", "concept"),
    [
        # Apple FY2011 Q1: "Basic"/"Diluted" under each of these two headers
        ("Earnings per common share:", "EarningsPerShareDiluted"),
        ("Shares used in computing earnings per share:", "WeightedAverageNumberOfDilutedSharesOutstanding"),
    ],
)
def test_section_header_decides_a_bare_line(tax: Taxonomy, section: str, concept: str) -> None:
    assert tax.match("Diluted", "IS", section=section).concept == concept


def test_section_tells_an_asset_from_a_liability(tax: Taxonomy) -> None:
    # Pericom FY2003 Q4 balance sheet: "Deferred income taxes" under "Current Assets:", and again below liabilities.
    assert tax.match("Deferred income taxes", "BS", section="Current Assets:").concept == "DeferredTaxAssetsNetCurrent"
    assert tax.match("Deferred income taxes", "BS", section="Current liabilities:").concept == "DeferredTaxLiabilitiesCurrent"


def test_unit_type_hint_prefers_concepts_of_that_type(tax: Taxonomy) -> None:
    assert tax.match("Diluted", "IS").concept == "WeightedAverageNumberOfDilutedSharesOutstanding"  # label alone
    assert tax.match("Diluted", "IS", unit_type="perShare").concept == "EarningsPerShareDiluted"
    assert tax.match("Diluted", "IS", unit_type="shares").concept == "WeightedAverageNumberOfDilutedSharesOutstanding"


def test_uninformative_section_changes_nothing(tax: Taxonomy) -> None:
    plain = tax.match("Research and development", "IS")
    assert tax.match("Research and development", "IS", section="Evnonces").concept == plain.concept
    assert tax.match("Tatal", "IS", section="Revenues:").concept is None


def test_map_command_takes_the_hints() -> None:
    out = io.StringIO()
    args = argparse.Namespace(label="Diluted", statement="IS", taxonomy=None, section="Earnings per common share:", unit_type=None)
    assert map_command.run(args, stdout=out) == 0
    assert "concept:   EarningsPerShareDiluted" in out.getvalue()


def test_combined_liability_line_is_not_equity(tax: Taxonomy) -> None:
    # Sears 2004 Q2 balance sheet: a line inside total liabilities, not the equity-side MinorityInterest.
    assert tax.match("Minority interest and other liabilities", "BS").concept == "OtherLiabilitiesNoncurrent"
    assert tax.match("Minority interest", "BS").concept == "MinorityInterest"


def test_a_near_tie_goes_to_the_concept_whose_name_says_what_the_label_says(tax: Taxonomy) -> None:
    ranking = tax.rank("Dividend payments on common stock", "CF")
    scores = dict(ranking.candidates)
    # The filers' counts do not tell the two apart (in name order PaymentsOfDividends came first) ...
    assert abs(scores["PaymentsOfDividends"] - scores["PaymentsOfDividendsCommonStock"]) <= 0.02
    # ... the label's words do.
    assert ranking.candidates[0][0] == "PaymentsOfDividendsCommonStock"
