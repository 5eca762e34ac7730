"""Markdown reader: Grids from four real renderings, one test per pattern the converters leave.

Patterns: pipe tables (Amazon, from a PDF), one cell per line (GeoVax), a whole
statement run together on one line with figures glued to labels and to each other
(Aemetis, Nephros), `$` set apart by spaces or glued to the label, the next
statement's title glued to the end of the previous one, "USDA" that is not "USD".
Figures and line numbers were read off the files by hand.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from checker.errors import TieoutError
from checker.facts import SHARES, USD, USD_PER_SHARE
from checker.readers.grid import Grid, GridRow
from checker.readers.html import looks_like_html
from checker.readers.markdown import looks_like_markdown, read_markdown_grids
from checker.readers.titles import statement_kind

DATA = Path(__file__).parent / "data" / "press"
AMAZON = DATA / "amazon_2024Q3_earnings-release_pdf2md.md"
AEMETIS = DATA / "aemetis_2024Q4_newswire.md"
GEOVAX = DATA / "geovax_2024Q3_newswire.md"
NEPHROS = DATA / "nephros_2024Q4_newswire.md"


def row(grid: Grid, label: str, nth: int = 0) -> GridRow:
    rows = [r for r in grid.rows if r.label == label]
    assert len(rows) > nth, f"no row {label!r} in {grid.title!r}: {[r.label for r in grid.rows]}"
    return rows[nth]


def texts(r: GridRow) -> list[str]:
    return [c.text for c in r.cells]


def spans(grid: Grid) -> list[list[tuple[str, float, float]]]:
    return [[(h.text, h.start, h.end) for h in r] for r in grid.headers]


def assert_points_at(path: Path, r: GridRow) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    for cell in r.cells:
        digits = cell.text.lstrip("$(").rstrip(")%")
        at = lines[cell.line - 1][cell.column - 1 :].lstrip("$ (")
        assert at.startswith(digits), (cell, at[:30])


@pytest.fixture(scope="module")
def amazon() -> list[Grid]:
    return read_markdown_grids(AMAZON)


def test_sniffing_by_content() -> None:
    for path in (AMAZON, AEMETIS, GEOVAX, NEPHROS):
        text = path.read_text(encoding="utf-8")
        assert looks_like_markdown(text) and not looks_like_html(text), path.name
    seed = Path(__file__).parents[1] / "examples" / "immunogen-8k-2011-04-28.txt"
    assert not looks_like_markdown(seed.read_text(encoding="utf-8", errors="replace"))


def test_pipe_tables_statements_and_titles(amazon: list[Grid]) -> None:
    assert [(statement_kind(g.title), g.title_line) for g in amazon] == [
        ("CF", 75), ("IS", 126), ("CI", 157), (None, 173), ("BS", 210),
    ]
    # "## AMAZON.COM, INC. Segment Information (in millions) (unaudited)": company and notes
    # become context lines of their own, on the heading's line.
    segment = amazon[3]
    assert segment.title == "Segment Information"
    assert segment.context[-4:] == [
        ("AMAZON.COM, INC.", 173), ("Segment Information", 173), ("(in millions)", 173), ("(unaudited)", 173),
    ]
    # The supplemental metrics tables are neither statements nor segment tables: their
    # own heading decides, not a section line inside them ("Cash Flows and Shares").
    assert not any("Supplemental" in g.title for g in amazon)
    assert all(g.format == "markdown" for g in amazon)


def test_pipe_table_headers_merge_repeated_colspan(amazon: list[Grid]) -> None:
    income = amazon[1]
    assert spans(income) == [
        [("Three Months Ended September 30,", 1, 2), ("Nine Months Ended September 30,", 3, 4)],
        [("2023", 1, 1), ("2024", 2, 2), ("2023", 3, 3), ("2024", 4, 4)],
    ]
    sales = row(income, "Net product sales")
    # "$ 63,171": the `$` and the figure are one cell, the converter's space taken out.
    assert texts(sales) == ["$63,171", "$67,601", "$179,184", "$190,085"]
    assert [c.position for c in sales.cells] == [1, 2, 3, 4]
    assert {c.line for c in sales.cells} == {131}
    assert_points_at(AMAZON, sales)
    assert texts(row(income, "Interest expense")) == ["(806)", "(603)", "(2,469)", "(1,836)"]


def test_pipe_table_wrapped_label_and_sections(amazon: list[Grid]) -> None:
    cash = amazon[0]
    # "... BEGINNING OF" on line 80, "PERIOD" and the figures on line 81: one line item.
    first = cash.rows[0]
    assert first.label == "CASH, CASH EQUIVALENTS, AND RESTRICTED CASH, BEGINNING OF PERIOD"
    assert texts(first)[:2] == ["$50,067", "$71,673"] and first.line == 81
    balance = amazon[4]
    assert [r.label for r in balance.rows[:2]] == ["ASSETS", "Current assets:"]
    assert spans(balance) == [[("December 31, 2023", 1, 1), ("September 30, 2024", 2, 2)]]
    # A dash for nil is "—"; a nil cell keeps its column.
    assert texts(row(balance, "Preferred stock ($0.01 par value; 500 shares authorized; no shares issued or outstanding)")) == ["—", "—"]
    segment = amazon[3]
    assert texts(row(segment, "Operating income (loss)")) == ["$(95)", "$1,301", "$(2,237)", "$2,477"]


def test_one_cell_per_line() -> None:
    income, balance = read_markdown_grids(GEOVAX)
    assert income.title == "Condensed Consolidated Statements of Operations Information"
    assert ("(amounts in thousands, except common share information)", 125) in income.context
    assert ("GEOVAX LABS, INC.", 121) in income.context
    assert spans(income) == [
        [("Three Months Ended", 1, 2), ("Nine Months Ended", 3, 4)],
        [("September 30,", 1, 2), ("September 30,", 3, 4)],
        [("2024", 1, 1), ("2023", 2, 2), ("2024", 3, 3), ("2023", 4, 4)],
    ]
    revenue = row(income, "Revenue from government contract")
    assert revenue.line == 151
    assert texts(revenue) == ["$2,789", "—", "$3,090", "—"]
    assert [c.line for c in revenue.cells] == [153, 155, 157, 159]
    assert texts(row(income, "Net loss")) == ["$(5,815)", "$(8,409)", "$(16,730)", "$(18,374)"]
    # Total operating expenses is printed with no label: four figures after a blank line.
    unlabeled = [r for r in income.rows if not r.label]
    assert [texts(r) for r in unlabeled] == [["8,643", "8,600", "19,890", "19,049"]]
    # "Sep. 30," / "2024" / "Dec. 31," / "2023" on four lines: two column headings.
    assert spans(balance) == [[("Sep. 30, 2024", 1, 1), ("Dec. 31, 2023", 2, 2)]]
    assert texts(row(balance, "Total liabilities and stockholders’ equity")) == ["$11,112", "$9,283"]
    assert texts(row(balance, "Common shares outstanding")) == ["8,609,308", "1,977,152"]


def test_statement_run_together_on_one_line() -> None:
    income, balance, recon = read_markdown_grids(AEMETIS)
    assert (income.title, income.title_line) == ("CONSOLIDATED CONDENSED STATEMENTS OF OPERATIONS", 96)
    assert income.context[-3:] == [
        ("AEMETIS, INC.", 96), ("CONSOLIDATED CONDENSED STATEMENTS OF OPERATIONS", 96),
        ("(In thousands, except per share data)", 96),
    ]
    assert statement_kind(balance.title) == "BS" and balance.title_line == 100
    assert recon.title.startswith("RECONCILIATION OF ADJUSTED EBITDA")
    assert spans(income) == [
        [("For the three months ended December 31,", 1, 2), ("For the years ended December 31,", 3, 4)],
        [("2024", 1, 1), ("2023", 2, 2), ("2024", 3, 3), ("2023", 4, 4)],
    ]
    revenues = row(income, "Revenues")
    assert texts(revenues) == ["$47,004", "$70,764", "$267,640", "$186,717"]
    assert {c.line for c in revenues.cells} == {98}
    assert_points_at(AEMETIS, revenues)
    # "186,717Cost of goods sold": the label glued to the previous figure starts a new row.
    assert texts(row(income, "Cost of goods sold")) == ["49,044", "69,900", "268,220", "184,700"]
    assert texts(row(income, "Net loss")) == ["$(16,197)", "$(25,442)", "$(87,537)", "$(46,420)"]
    # "Other expense (income):Interest expense": a section line, then the item.
    assert row(income, "Other expense (income):").cells == []
    # "December 31,2024 2023": one date over two year columns.
    assert spans(balance) == [[("December 31,", 1, 2)], [("2024", 1, 1), ("2023", 2, 2)]]
    assert texts(row(balance, "Tax credit sale receivable")) == ["12,300", "—"]
    assert texts(row(balance, "Total liabilities and stockholders' deficit")) == ["$259,302", "$243,406"]
    # "USDA cash grants" is a label: USDA is not the currency USD.
    assert texts(row(recon, "USDA cash grants")) == ["—", "—", "—", "(1,774)"]


def test_figures_run_together_and_title_at_end_of_previous_line() -> None:
    grids = read_markdown_grids(NEPHROS)
    titles = [(statement_kind(g.title), g.title_line) for g in grids]
    assert titles == [(None, 45), (None, 45), ("BS", 89), ("IS", 93)]
    recon_2024, recon_2023, balance, income = grids
    # The income statement's title ends line 93, glued to the balance sheet's last figure.
    assert income.title == "CONSOLIDATED STATEMENTS OF OPERATIONS"
    assert ("NEPHROS, INC. AND SUBSIDIARIES", 93) in income.context
    # "NEPHROS, INC. AND SUBSIDIARIESCONSOLIDATED BALANCE SHEETS": company and title glued.
    assert balance.title == "CONSOLIDATED BALANCE SHEETS"
    assert ("NEPHROS, INC. AND SUBSIDIARIES", 89) in balance.context
    assert ("(In thousands, except share and per share amounts)", 95) in income.context
    # "3,8703,25414,16214,238": a comma group has three digits, so the split is certain.
    assert texts(row(income, "Total net revenues")) == ["3,870", "3,254", "14,162", "14,238"]
    # "317(649)6(1,593)": a parenthesis closes a figure.
    assert texts(row(income, "Operating income (loss)")) == ["317", "(649)", "6", "(1,593)"]
    # "252208906873" cannot be split without guessing: kept as printed, one cell.
    assert texts(row(income, "Research and development")) == ["252208906873"]
    # "revenues$ 3,849": the `$` glued to the label goes to the figure.
    assert texts(row(income, "Product revenues")) == ["$3,849", "$3,198", "$14,035", "$14,110"]
    assert texts(row(income, "Weighted average common shares outstanding, diluted")) == [
        "10,555,990", "10,486,286", "10,609,642", "10,386,018",
    ]
    assert spans(balance) == [[("December 31, 2024", 1, 1), ("December 31, 2023", 2, 2)]]
    # "... at December 31, 2024 and 2023  -  -Common stock": the year ends the label.
    preferred = next(r for r in balance.rows if r.label.startswith("Preferred stock"))
    assert preferred.label.endswith("at December 31, 2024 and 2023") and texts(preferred) == ["—", "—"]
    assert texts(row(balance, "TOTAL ASSETS")) == ["$11,210", "$11,861"]
    # "(in $ thousands)" is a note, not part of a label; the 2023 table continues the 2024 one.
    assert ("(in $ thousands)", 49) in recon_2024.context
    assert recon_2023.title == recon_2024.title
    assert texts(row(recon_2024, "Net (loss) income")) == ["(169)", "(289)", "183", "349", "74"]


def test_unreadable_file_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(TieoutError) as err:
        read_markdown_grids(tmp_path / "missing.md")
    assert str(err.value).startswith(str(tmp_path / "missing.md"))


# --- End to end: the real dispatcher (content sniffing) and the shared interpreter -------------


def document(path: Path):
    from checker.readers import read_document, sniff

    assert sniff(path) == "markdown"
    return read_document(path)


def fact(doc, label: str, period: str, nth: int = 0):
    found = [f for f in doc.facts if f.label == label and f.period.key() == period]
    assert len(found) > nth, f"no {label!r} for {period}: {sorted({f.label for f in doc.facts})[:80]}"
    return found[nth]


def test_end_to_end_amazon() -> None:
    doc = document(AMAZON)
    assert [s.kind for s in doc.statements] == ["CF", "IS", "CI", "NG", "BS"]
    q3_2024 = "2024-07-01--2024-09-30"
    sales = fact(doc, "Net product sales", q3_2024)
    assert (sales.value, sales.unit, sales.decimals) == (Decimal("67601000000"), USD, -6)
    assert (sales.source.line, sales.source.column) == (131, 109)
    assert fact(doc, "Diluted earnings per share", "2024-01-01--2024-09-30").value == Decimal("3.67")
    shares = fact(doc, "Diluted", q3_2024)  # under "Weighted-average shares used ...:", in millions
    assert (shares.value, shares.unit) == (Decimal("10735000000"), SHARES)
    assert fact(doc, "Comprehensive income", q3_2024).value == Decimal("17403000000")
    assert fact(doc, "Total assets", "2024-09-30").value == Decimal("584626000000")
    # a balance at the start of the quarter: dated the day before it, under whichever column it was printed
    assert fact(doc, "CASH, CASH EQUIVALENTS, AND RESTRICTED CASH, BEGINNING OF PERIOD", "2024-06-30").value == Decimal(
        "71673000000"
    )


def test_end_to_end_aemetis() -> None:
    doc = document(AEMETIS)
    assert [s.kind for s in doc.statements] == ["IS", "BS", "NG"]
    assert fact(doc, "Revenues", "2024-01-01--2024-12-31").value == Decimal("267640000")
    assert fact(doc, "Net loss", "2024-10-01--2024-12-31").value == Decimal("-16197000")
    eps = fact(doc, "Net loss per common share Basic", "2024-10-01--2024-12-31")
    assert (eps.value, eps.unit) == (Decimal("-0.36"), USD_PER_SHARE)
    assert fact(doc, "Total assets", "2024-12-31").value == Decimal("259302000")


def test_end_to_end_geovax() -> None:
    doc = document(GEOVAX)
    assert [s.kind for s in doc.statements] == ["IS", "BS"]
    assert fact(doc, "Net loss", "2024-01-01--2024-09-30").value == Decimal("-16730000")
    assert fact(doc, "Loss per common share", "2024-07-01--2024-09-30").value == Decimal("-0.91")
    nil = fact(doc, "Revenue from government contract", "2023-07-01--2023-09-30")  # "$         -"
    assert (nil.printed, nil.value) == ("—", 0)
    # "(amounts in thousands, except common share information)": share counts are not scaled.
    shares = fact(doc, "Common shares outstanding", "2024-09-30")
    assert (shares.value, shares.unit) == (Decimal("8609308"), SHARES)
    assert fact(doc, "Total assets", "2023-12-31").value == Decimal("9283000")


def test_end_to_end_nephros() -> None:
    doc = document(NEPHROS)
    assert [s.kind for s in doc.statements] == ["NG", "NG", "BS", "IS"]
    assert fact(doc, "Total net revenues", "2024-01-01--2024-12-31").value == Decimal("14162000")
    assert fact(doc, "Operating income (loss)", "2023-01-01--2023-12-31").value == Decimal("-1593000")
    assert fact(doc, "TOTAL ASSETS", "2024-12-31").value == Decimal("11210000")
    # Digits run together with no separator are reported, never read as one 252-billion figure.
    # The line keeps its place as blanks, so identities that need it are skipped, not failed.
    assert all(f.value is None for f in doc.facts if f.label == "Research and development")
    assert any(n.reason.startswith("figures run together") and "Research and development" in n.text for n in doc.noise)


def test_format_is_picked_by_content_not_extension(tmp_path: Path) -> None:
    from checker.readers import read_document, sniff

    renamed = tmp_path / "amazon-release.txt"
    renamed.write_bytes(AMAZON.read_bytes())
    assert sniff(renamed) == "markdown"
    assert [s.kind for s in read_document(renamed).statements] == ["CF", "IS", "CI", "NG", "BS"]


def test_heading_lines_in_every_period_form() -> None:
    """Column headings as the corpus prints them (NVIDIA, Oracle, Buckle, GeoVax) vs. line items."""
    from checker.readers.md_headers import is_header_text

    for heading in ("Q1 FY23", "Fiscal 2014", "Year Ended May 31,", "Thirteen Weeks Ended", "Thirty-Nine Weeks Ended",
                    "Three Months Ended", "Nine Months Ended", "September 30,", "Sep. 30,", "2024", "Q2 2023"):
        assert is_header_text(heading), heading
    for label in ("Net loss", "Revenue from government contract", "Total assets", "Loss per common share",
                  "Operating expenses:", "Common shares outstanding"):
        assert not is_header_text(label), label


def test_a_segment_table_repeats_its_lines_without_duplicates():
    """Amazon's segment information prints Net sales, Operating expenses and Operating income under each
    segment: the same concepts in one table, four segments, not inconsistent duplicates."""
    from checker.pipeline import check_paths

    path = Path(__file__).parent / "data" / "press" / "amazon_2024Q3_earnings-release_pdf2md.md"
    result = check_paths([path]).documents[0]
    segment = next(st for st in result.document.statements if st.title == "Segment Information")
    assert sum(r.label.startswith("Operating income") for r in segment.rows) == 4
    assert not [f for f in result.findings if f.code == "DUPLICATE"]
