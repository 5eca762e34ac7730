"""HTML reader: Grids cut from five real earnings-release exhibits, figures read off by hand.

Oracle and Caterpillar are stored gzipped (byte-exact originals, ~1 MB each
unpacked); the reader gets their text and their original file name.
"""

from __future__ import annotations

import gzip
from decimal import Decimal
from pathlib import Path

import pytest

from checker.errors import TieoutError
from checker.facts import SHARES, USD, USD_PER_SHARE
from checker.readers.grid import Grid, GridRow
from checker.readers.html import looks_like_html, read_html_grids
from checker.readers.titles import statement_kind

DATA = Path(__file__).parent / "data" / "press"
APPLE = DATA / "apple_FY2011Q1_8-K_ex99-1_0001193125-11-009392.htm"
BUCKLE = DATA / "buckle_FY2024Q3_8-K_ex99-1_BuckleInc.8-K.EX99.1.html"
NVIDIA = DATA / "nvidia_FY2023Q1_8-K_ex99-1_press-release.html"
ORACLE = DATA / "oracle_FY2014Q4_8-K_ex99-1_0001193125-14-242424.htm.gz"
CATERPILLAR = DATA / "caterpillar_2022Q1_8-K_ex99-1_0000018230-22-000107.htm.gz"


def text_of(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8")


def grids_of(path: Path) -> list[Grid]:
    if path.suffix == ".gz":
        return read_html_grids(path.with_suffix(""), text_of(path))
    return read_html_grids(path)


def row(grid: Grid, label: str, nth: int = 0) -> GridRow:
    rows = [r for r in grid.rows if r.label == label]
    assert len(rows) > nth, f"no row {label!r} in {grid.title!r}: {[r.label for r in grid.rows]}"
    return rows[nth]


def texts(r: GridRow) -> list[str]:
    return [c.text for c in r.cells]


def assert_points_at(source: str, r: GridRow) -> None:
    """Each cell's line:column must point at the figure in the file (sign and `$` excepted)."""
    lines = source.splitlines()
    for cell in r.cells:
        digits = cell.text.lstrip("$(").rstrip(")%")
        at = lines[cell.line - 1][cell.column - 1 :]
        assert at.lstrip("$(").startswith(digits), (cell, at[:40])


@pytest.fixture(scope="module")
def apple() -> list[Grid]:
    return grids_of(APPLE)


def test_sniffing_by_content_not_extension() -> None:
    for path in (APPLE, BUCKLE, NVIDIA, ORACLE, CATERPILLAR):
        assert looks_like_html(text_of(path)), path.name
    for md in sorted(DATA.glob("*.md")):
        assert not looks_like_html(md.read_text(encoding="utf-8")), md.name
    seed = Path(__file__).parents[1] / "examples" / "immunogen-8k-2011-04-28.txt"
    assert not looks_like_html(seed.read_text(encoding="utf-8", errors="replace"))
    # EDGAR plain text wraps its fixed-width tables in SGML <TABLE>/<CAPTION>/<S>/<C> markers.
    sgml = (DATA / "southern_co_2006FY_8-K_ex99-04_0000092122-07-000008.txt").read_text(encoding="utf-8")
    assert "<TABLE>" in sgml and not looks_like_html(sgml)


def test_apple_finds_the_three_statements(apple: list[Grid]) -> None:
    assert [(g.title, statement_kind(g.title)) for g in apple] == [
        ("UNAUDITED CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS", "IS"),
        ("UNAUDITED CONDENSED CONSOLIDATED BALANCE SHEETS", "BS"),
        ("UNAUDITED CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS", "CF"),
    ]
    assert [g.title_line for g in apple] == [60, 394, 860]
    assert all(g.format == "html" and g.file == str(APPLE) for g in apple)


def test_apple_income_statement_headers_and_context(apple: list[Grid]) -> None:
    income = apple[0]
    context = [t for t, _ in income.context]
    assert "Apple Inc." in context
    assert "(in millions, except share amounts which are reflected in thousands and per share amounts)" in context
    # Contact details on the page before the page break are not this table's context.
    assert not any("apple.com" in t for t in context)
    (period,), dates = income.headers
    assert (period.text, period.start, period.end, period.line) == ("Three Months Ended", 2, 7, 77)
    assert [(h.text, h.start, h.end) for h in dates] == [("December 25, 2010", 2, 3), ("December 26, 2009", 6, 7)]


def test_apple_income_statement_rows(apple: list[Grid]) -> None:
    income = apple[0]
    source = text_of(APPLE)
    sales = row(income, "Net sales")
    # The `$` sits in its own cell (column 2); it is glued to the figure in column 3.
    assert texts(sales) == ["$26,741", "$15,683"]
    assert [c.position for c in sales.cells] == [3, 7]
    assert [c.line for c in sales.cells] == [91, 95]
    assert_points_at(source, sales)
    # "Cost of sales (1)": the footnote marker is not part of the label.
    assert texts(row(income, "Cost of sales")) == ["16,443", "9,272"]
    assert row(income, "Operating expenses:").cells == []
    assert texts(row(income, "Diluted", 1)) == ["933,154", "919,783"]
    assert row(income, "Gross margin").indent > row(income, "Net sales").indent
    # Total style: the rule Apple draws in a spacer row above "Gross margin" and the totals.
    assert [r.label for r in income.rows if r.bold][:3] == ["Gross margin", "Total operating expenses", "Operating income"]
    assert not row(income, "Net sales").bold and not row(income, "Cost of sales").bold


def test_apple_balance_sheet_sections_and_split_parentheses(apple: list[Grid]) -> None:
    balance = apple[1]
    assert [r.label for r in balance.rows[:2]] == ["ASSETS:", "Current assets:"]
    assert [[(h.text, h.start, h.end) for h in r] for r in balance.headers] == [
        [("December 25, 2010", 2, 3), ("September 25, 2010", 6, 7)]
    ]
    aoci = row(balance, "Accumulated other comprehensive income/(loss)")
    # "(46" and ")" are two cells in the file: one figure here, at the figure's column.
    assert texts(aoci) == ["114", "(46)"]
    assert [c.position for c in aoci.cells] == [3, 7]
    assert_points_at(text_of(APPLE), aoci)
    assert texts(row(balance, "Total liabilities and shareholders’ equity")) == ["$86,742", "$75,183"]


def test_apple_cash_flow_negatives(apple: list[Grid]) -> None:
    cash = apple[2]
    assert texts(row(cash, "Accounts receivable, net")) == ["(517)", "271"]
    assert texts(row(cash, "Cash used in investing activities")) == ["(10,729)", "(3,958)"]
    assert texts(row(cash, "Cash and cash equivalents, end of the period")) == ["$10,734", "$7,609"]


def test_oracle_statements_and_reconciliations() -> None:
    grids = grids_of(ORACLE)
    titles = [g.title for g in grids]
    assert titles.count("CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS") == 2  # Q4 and the year
    assert titles.count("RECONCILIATION OF SELECTED GAAP MEASURES TO NON-GAAP MEASURES (1)") == 2
    assert "CONDENSED CONSOLIDATED BALANCE SHEETS" in titles
    assert "CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS" in titles
    quarter = grids[0]
    assert ("Q4 FISCAL 2014 FINANCIAL RESULTS", 108) in quarter.context
    assert ("($ in millions, except per share data)", 109) in quarter.context
    # "% of Revenues" and "% Increase (Decrease)" columns are derived: left out, headers and figures.
    assert [[h.text for h in r] for r in quarter.headers] == [["Three Months Ended May 31,"], ["2014", "2013"]]
    licenses = row(quarter, "New software licenses")
    assert texts(licenses) == ["$3,769", "$3,769"]
    assert [c.line for c in licenses.cells] == [204, 212]
    assert [c.position for c in licenses.cells] == [3, 11]
    assert_points_at(text_of(ORACLE), licenses)
    recon = grids[1]
    total = row(recon, "TOTAL REVENUES")  # printed "TOTAL REVENUES (3) (4)"
    assert total.bold
    assert texts(total)[:6] == ["$11,320", "$6", "$11,326", "$10,947", "$14", "$10,961"]
    # A dash for nil stays one cell "—" in its column.
    assert texts(row(recon, "New software licenses"))[:3] == ["3,769", "—", "3,769"]
    year = grids[2]
    assert year.headers[0][0].text == "Year Ended May 31,"


def test_caterpillar_hidden_cells_footnotes_and_one_line_file() -> None:
    grids = grids_of(CATERPILLAR)
    source = text_of(CATERPILLAR)
    by_title = {g.title: g for g in grids}
    income = by_title["Condensed Consolidated Statement of Results of Operations"]
    assert statement_kind(income.title) == "IS"
    assert ("(Dollars in millions except per share data)", 4) in income.context
    # display:none cells take no column, so the years sit over the figures.
    assert [[(h.text, h.start, h.end) for h in r] for r in income.headers] == [
        [("Three Months Ended March 31,", 3, 11)],
        [("2022", 3, 5), ("2021", 9, 11)],
    ]
    sales = row(income, "Sales of Machinery, Energy & Transportation")
    assert texts(sales) == ["$12,886", "$11,191"]
    # The whole statement is on line 4; the column tells the figures apart.
    assert {c.line for c in sales.cells} == {4}
    assert_points_at(source, sales)
    assert texts(row(income, "Revenues of Financial Products")) == ["703", "696"]
    assert [c.position for c in row(income, "Revenues of Financial Products").cells] == [4, 10]
    position = by_title["Condensed Consolidated Statement of Financial Position"]
    assert statement_kind(position.title) == "BS"
    cash_flow = by_title["Condensed Consolidated Statement of Cash Flow"]
    assert statement_kind(cash_flow.title) == "CF"
    supplemental = [g for g in grids if g.title == "Supplemental Data for Results of Operations"]
    assert len(supplemental) == 2
    assert ("For the Three Months Ended March 31, 2022", 4) in supplemental[0].context
    # The small-type footnote reference "1" after the last column is dropped.
    assert texts(row(supplemental[0], "Revenues of Financial Products")) == ["703", "—", "813", "(110)"]
    recon = by_title["Reconciliations of adjusted results to the most directly comparable GAAP measure are as follows:"]
    # "13.7" and "%" sit in two cells: one figure.
    assert texts(row(recon, "Restructuring costs"))[:2] == ["13", "0.1%"]
    segment = by_title["Sales and Revenues by Segment"]
    assert texts(row(segment, "Construction Industries"))[:5] == ["$5,459", "$325", "$421", "$(101)", "$11"]


def test_nvidia_title_inside_the_table() -> None:
    grids = grids_of(NVIDIA)
    titles = [g.title for g in grids]
    assert titles[:3] == [
        "CONDENSED CONSOLIDATED STATEMENTS OF INCOME",
        "CONDENSED CONSOLIDATED BALANCE SHEETS",
        "CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS",
    ]
    assert "RECONCILIATION OF GAAP TO NON-GAAP FINANCIAL MEASURES" in titles
    income = grids[0]
    assert [t for t, _ in income.context] == [
        "NVIDIA CORPORATION",
        "CONDENSED CONSOLIDATED STATEMENTS OF INCOME",
        "(In millions, except per share data)",
        "(Unaudited)",
    ]
    assert [[h.text for h in r] for r in income.headers] == [["Three Months Ended"], ["May 1,", "May 2,"], ["2022", "2021"]]
    revenue = row(income, "Revenue")
    # NVIDIA draws the rule as a bottom border of the line above the total (class names).
    assert row(income, "Gross profit").bold and not revenue.bold and not row(income, "Cost of revenue").bold
    assert texts(revenue) == ["$8,288", "$5,661"]
    assert [c.line for c in revenue.cells] == [1173, 1177]
    assert_points_at(text_of(NVIDIA), revenue)
    cash = grids[2]
    assert texts(row(cash, "Acquisition termination cost")) == ["1,353", "—"]
    # A label wrapped over two table rows (lines 1869 and 1875) is one section line.
    assert cash.rows[1].label == "Adjustments to reconcile net income to net cash provided by operating activities:"
    assert cash.rows[1].cells == []


def test_buckle_weeks_headers_and_section_on_the_date_row() -> None:
    income, balance = grids_of(BUCKLE)
    assert income.title == "CONSOLIDATED STATEMENTS OF INCOME"
    assert ("(Amounts in Thousands Except Per Share Amounts)", 10) in income.context
    assert [(h.text, h.start, h.end) for h in income.headers[0]] == [
        ("Thirteen Weeks Ended", 3, 11),
        ("Thirty-Nine Weeks Ended", 15, 23),
    ]
    assert texts(row(income, "NET INCOME")) == ["$44,172", "$51,762", "$118,270", "$140,338"]
    assert texts(row(income, "Diluted weighted average shares")) == ["50,297", "49,937", "50,230", "49,891"]
    assert_points_at(text_of(BUCKLE), row(income, "NET INCOME"))
    # "February 3, 2024 (1)": the footnote marker leaves the header.
    assert [h.text for h in balance.headers[0]] == ["November 2, 2024", "February 3, 2024", "October 28, 2023"]
    # "ASSETS" shares its row with the dates: it is the first body line, not a note.
    assert balance.rows[0].label == "ASSETS" and balance.rows[0].cells == []
    assert texts(row(balance, "Less accumulated depreciation and amortization")) == ["(365,241)", "(360,200)", "(359,367)"]


def test_table_split_by_a_page_break_stays_one_grid() -> None:
    """Apple's balance sheet cut in two at a page break, the dates repeated: one Grid."""
    source = text_of(APPLE)
    lines = source.splitlines(keepends=True)
    start = lines.index('<TABLE CELLSPACING="0" CELLPADDING="0" WIDTH="100%" BORDER="0" ALIGN="center">\n', 300)
    cut = next(i for i, line in enumerate(lines) if "LIABILITIES AND SHAREHOLDERS" in line) - 1
    header = "".join(lines[start : start + 20])  # the width row and the dates row
    page_break = "</TABLE>\n<p Style='page-break-before:always'>\n<P>Apple Inc.</P><P>2</P>\n"
    split = "".join(lines[:cut]) + page_break + header + "".join(lines[cut:])
    grids = read_html_grids(APPLE, split)
    assert len(grids) == 3
    balance = grids[1]
    whole = grids_of(APPLE)[1]
    assert [r.label for r in balance.rows] == [r.label for r in whole.rows]
    assert texts(row(balance, "Total liabilities and shareholders’ equity")) == ["$86,742", "$75,183"]


def test_malformed_html_does_not_crash() -> None:
    source = text_of(APPLE)
    truncated = source[: source.index("Total current liabilities")]
    grids = read_html_grids(APPLE, truncated)
    assert [statement_kind(g.title) for g in grids] == ["IS", "BS"]
    assert row(grids[1], "Accounts payable").cells[0].text == "$14,301"
    assert read_html_grids(APPLE, "<table><tr><td>Net sales<td>$<td>1<td colspan=x>)</table></div></p>") == []


def test_unreadable_file_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(TieoutError) as err:
        read_html_grids(tmp_path / "missing.htm")
    assert str(err.value).startswith(str(tmp_path / "missing.htm"))


# --- End to end: the real dispatcher (content sniffing) and the shared interpreter -------------


def document(path: Path, tmp_path: Path):
    """read_document on the file as a user would give it (gzipped copies unpacked under their name)."""
    from checker.readers import read_document, sniff

    if path.suffix == ".gz":
        target = tmp_path / path.with_suffix("").name
        target.write_bytes(gzip.decompress(path.read_bytes()))
        path = target
    assert sniff(path) == "html"
    return read_document(path)


def fact(doc, label: str, period: str, nth: int = 0):
    """The nth fact with this label and period key ("2010-09-26--2010-12-25" or "2010-12-25")."""
    found = [f for f in doc.facts if f.label == label and f.period.key() == period]
    assert len(found) > nth, f"no {label!r} for {period}: {sorted({f.label for f in doc.facts})[:80]}"
    return found[nth]


def kinds(doc) -> list[tuple[str, str]]:
    return [(s.kind, s.title) for s in doc.statements]


def test_end_to_end_apple(tmp_path: Path) -> None:
    doc = document(APPLE, tmp_path)
    assert [k for k, _ in kinds(doc)] == ["IS", "BS", "CF"]
    q1 = "2010-09-26--2010-12-25"
    sales = fact(doc, "Net sales", q1)
    assert (sales.value, sales.unit, sales.decimals) == (Decimal("26741000000"), USD, -6)
    assert (sales.source.line, sales.source.column) == (91, 86)
    assert fact(doc, "Diluted", q1).value == Decimal("6.43") and fact(doc, "Diluted", q1).unit == USD_PER_SHARE
    # "Diluted" again under "Shares used in computing earnings per share:", shares in thousands.
    shares = fact(doc, "Diluted", q1, 1)
    assert (shares.value, shares.unit) == (Decimal("933154000"), SHARES)
    assert fact(doc, "Total assets", "2010-09-25").value == Decimal("75183000000")
    # "Common stock, no par value; 1,800,000,000 shares authorized; ...": dollars, though it names shares.
    common = next(f for f in doc.facts if f.label.startswith("Common stock, no par value") and f.period.key() == "2010-09-25")
    assert (common.value, common.unit) == (Decimal("10668000000"), USD)
    assert fact(doc, "Accumulated other comprehensive income/(loss)", "2010-09-25").value == Decimal("-46000000")
    assert fact(doc, "Accounts receivable, net", q1).value == Decimal("-517000000")


def test_end_to_end_buckle_weeks(tmp_path: Path) -> None:
    doc = document(BUCKLE, tmp_path)
    assert [k for k, _ in kinds(doc)] == ["IS", "BS"]
    # Thirty-nine weeks ended November 2, 2024 (a 52/53-week year).
    nine = "2024-02-04--2024-11-02"
    assert fact(doc, "NET INCOME", nine).value == Decimal("118270000")
    # Similar labels on consecutive lines are both real lines in HTML (no OCR ghosts).
    diluted = fact(doc, "Diluted weighted average shares", "2024-08-04--2024-11-02")
    assert (diluted.value, diluted.unit) == (Decimal("50297000"), SHARES)
    assert fact(doc, "Total assets", "2024-02-03").value == Decimal("889810000")
    # Operating expenses' total is printed with a rule over it and no label: a "Total", not noise.
    assert fact(doc, "Total", nine).value == Decimal("248163000")  # 206,454 + 41,709
    assert not [n for n in doc.noise if n.reason == "figures without a label"]


def test_end_to_end_nvidia(tmp_path: Path) -> None:
    doc = document(NVIDIA, tmp_path)
    assert [k for k, _ in kinds(doc)] == ["IS", "BS", "CF", "NG"]
    q1 = "2022-02-02--2022-05-01"
    assert fact(doc, "Revenue", q1).value == Decimal("8288000000")
    assert fact(doc, "Cash, cash equivalents and marketable securities", "2022-05-01").value == Decimal("20338000000")
    # "$" in one cell, "(63" in the next, ")" in a third: one negative figure.
    assert fact(doc, "GAAP other income (expense), net", q1).value == Decimal("-63000000")


def test_end_to_end_oracle(tmp_path: Path) -> None:
    doc = document(ORACLE, tmp_path)
    assert [k for k, _ in kinds(doc)] == ["IS", "NG", "IS", "NG", "BS", "CF"]
    q4, year = "2014-03-01--2014-05-31", "2013-06-01--2014-05-31"
    assert fact(doc, "New software licenses", q4).value == Decimal("3769000000")
    assert fact(doc, "New software licenses", year).value == Decimal("9416000000")
    assert fact(doc, "Basic", q4).value == Decimal("0.81")
    # Percent-of-revenue and change columns are not periods: the income statement reads clean.
    income = doc.statements[0]
    assert not [n for n in doc.noise if n.statement == income.id]
    shares = fact(doc, "Diluted", q4, 1)
    assert (shares.value, shares.unit) == (Decimal("4569000000"), SHARES)
    assert fact(doc, "Cash and cash equivalents", "2014-05-31").value == Decimal("17769000000")


def test_end_to_end_caterpillar(tmp_path: Path) -> None:
    doc = document(CATERPILLAR, tmp_path)
    assert kinds(doc) == [
        ("IS", "Condensed Consolidated Statement of Results of Operations"),
        ("BS", "Condensed Consolidated Statement of Financial Position"),
        ("CF", "Condensed Consolidated Statement of Cash Flow"),
        # the consolidating schedules (columns are entities under a captioned period): footed, not GAAP-mapped
        *[("NG", f"Supplemental Data for {t}") for t in ("Results of Operations", "Financial Position", "Cash Flow") for _ in (1, 2)],
        # segment tables headed "First Quarter 2022 | First Quarter 2021": the quarters of the statements above,
        # and the bridge from the first quarter of 2021 to that of 2022
        ("NG", "Sales and Revenues by Segment"),
        ("NG", "Profit by Segment"),
        ("other", "FINANCIAL PRODUCTS SEGMENT"),
    ]
    q1 = "2022-01-01--2022-03-31"
    sales = fact(doc, "Sales of Machinery, Energy & Transportation", q1)
    assert sales.value == Decimal("12886000000") and sales.source.line == 4
    assert fact(doc, "Profit per common share — diluted", q1).value == Decimal("2.86")
    # "(Millions of dollars)" sets the balance sheet's scale.
    assert fact(doc, "Cash and cash equivalents", "2022-03-31").value == Decimal("6526000000")


def test_repeated_header_row_inside_a_table_is_not_a_line_item() -> None:
    """Apple's balance sheet with its dates row printed again mid-table (as after a page break)."""
    source = text_of(APPLE)
    lines = source.splitlines(keepends=True)
    dates_row = lines[407:415]  # <TR> ... December 25, 2010 ... September 25, 2010 ... </TR>
    assert "December&nbsp;25," in "".join(dates_row) and dates_row[0].startswith("<TR")
    cut = next(i for i, line in enumerate(lines) if "LIABILITIES AND SHAREHOLDERS" in line) - 1
    repeated = "".join(lines[:cut]) + "".join(dates_row) + "".join(lines[cut:])
    balance = read_html_grids(APPLE, repeated)[1]
    assert [r.label for r in balance.rows] == [r.label for r in grids_of(APPLE)[1].rows]


def test_format_is_picked_by_content_not_extension(tmp_path: Path) -> None:
    from checker.readers import read_document, sniff

    renamed = tmp_path / "apple-release.txt"
    renamed.write_bytes(APPLE.read_bytes())
    assert sniff(renamed) == "html"
    doc = read_document(renamed)
    assert doc.format == "html" and [s.kind for s in doc.statements] == ["IS", "BS", "CF"]


def test_caption_is_the_title() -> None:
    """Apple's income statement with its title moved into a <caption> of the table."""
    source = text_of(APPLE)
    title = "UNAUDITED CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS "
    start = source.index('<TABLE CELLSPACING="0"')
    end = source.index("</TABLE>", start)
    table = source[start:end].replace(">", "><CAPTION>" + title + "</CAPTION>", 1)
    (grid,) = read_html_grids(APPLE, "<HTML><BODY>" + table + "</TABLE></BODY></HTML>")
    assert grid.title == title.strip() and statement_kind(grid.title) == "IS"
    assert [h.text for h in grid.headers[-1]] == ["December 25, 2010", "December 26, 2009"]
    assert texts(row(grid, "Net sales")) == ["$26,741", "$15,683"]


def test_windows_1252_dash_read_as_latin_1_is_still_nil() -> None:
    """Oracle's nil cells printed as a raw cp1252 byte 0x97 instead of `&#151;`, decoded as Latin-1."""
    raw = gzip.decompress(ORACLE.read_bytes()).replace(b"&#151;", b"\x97")
    recon = read_html_grids(ORACLE.with_suffix(""), raw.decode("latin-1"))[1]
    assert texts(row(recon, "New software licenses"))[:3] == ["3,769", "—", "3,769"]


def test_title_set_in_a_table_of_its_own() -> None:
    """Apple's income statement with its three heading paragraphs set as a one-column table above it."""
    source = text_of(APPLE)
    start = source.index(' <P STYLE="margin-top:0px;margin-bottom:0px" ALIGN="center"><FONT STYLE="font-family:Times New Roman" SIZE="2"><B>Apple Inc.')
    end = source.index('<TABLE CELLSPACING="0"', start)
    parts = source[start:end].split("</P>")[:3]
    # "Apple Inc." stays a paragraph; the title and the units note go into the table.
    heading = parts[0] + "</P><TABLE>" + "".join(f"<TR><TD>{p}</TD></TR>" for p in parts[1:]) + "</TABLE>\n"
    grids = read_html_grids(APPLE, source[:start] + heading + source[end:])
    assert [g.title for g in grids] == [g.title for g in grids_of(APPLE)]
    assert ("(in millions, except share amounts which are reflected in thousands and per share amounts)", 60) in grids[0].context
    assert ("Apple Inc.", 59) in grids[0].context


def test_a_gzipped_exhibit_is_checked_as_it_is(tmp_path: Path):
    """EDGAR exhibits are often kept compressed: the gzip and the plain file give the same result."""
    plain = tmp_path / ORACLE.with_suffix("").name
    plain.write_bytes(gzip.decompress(ORACLE.read_bytes()))
    from tests.conftest import run_cli

    zipped, unzipped = run_cli("check", str(ORACLE)), run_cli("check", str(plain))
    assert zipped.returncode == unzipped.returncode == 0, zipped.stderr
    assert zipped.stdout.strip().splitlines()[-1] == unzipped.stdout.strip().splitlines()[-1]
    assert " 0 failed" in zipped.stdout.strip().splitlines()[-1]


def test_a_table_without_periods_is_one_finding_not_one_per_row():
    """Caterpillar's sales bridges (columns walk from one quarter to the next: no period to read) are each
    skipped whole: one finding per table names it."""
    from checker.pipeline import check_paths

    result = check_paths([CATERPILLAR]).documents[0]
    noise = [f for f in result.findings if f.code == "NOISE"]
    whole = [f for f in noise if "rows of one table" in f.message]
    # the three segments' sales bridges (a bridge beside a sales-by-region block), the reconciliation of adjusted results
    assert [f.message.split(" rows")[0] for f in whole] == ["9", "9", "9", "6"]
    assert whole[0].message.endswith("Total Sales; North America; Latin America; ...")
    assert len(whole[0].related) == 8
    assert len(noise) == 7 and len(result.document.noise) == 36  # every skipped row is still kept on the document


def test_consolidating_schedules_are_footed_down_and_across(tmp_path: Path):
    """Caterpillar's supplemental consolidating data: columns are entities under the period the caption
    names ("For the Three Months Ended March 31, 2022", "At March 31, 2022"); each column foots and the
    Consolidated column is the sum of the other three on every line."""
    from datetime import date

    from checker.facts import Period
    from checker.pipeline import check_paths

    result = check_paths([CATERPILLAR]).documents[0]
    schedules = [st for st in result.document.statements if st.title.startswith("Supplemental Data")]
    assert [(st.periods[0], len(st.periods)) for st in schedules] == [
        (Period(end=date(2022, 3, 31), start=date(2022, 1, 1)), 4), (Period(end=date(2021, 3, 31), start=date(2021, 1, 1)), 4),
        (Period(end=date(2022, 3, 31)), 4), (Period(end=date(2021, 12, 31)), 4),
        (Period(end=date(2022, 3, 31), start=date(2022, 1, 1)), 4), (Period(end=date(2021, 3, 31), start=date(2021, 1, 1)), 4),
    ]
    assert [m for _, m in (d[-1] for d in schedules[2].column_dims)] == [
        "Consolidated", "Machinery, Energy & Transportation", "Financial Products", "Consolidating Adjustments"]
    across = [e for e in result.evaluations if e.rule_id == "FT003" and e.statement in {st.id for st in schedules}]
    assert len(across) == 182 and all(e.status == "pass" for e in across)
    # Total assets at March 31, 2022 ($ millions): 49,189 + 35,217 + (2,130) = 82,276
    ta = next(e for e in across if e.title == "Total assets crossfoots" and e.period == Period(end=date(2022, 3, 31)))
    assert ta.reported == 82_276_000_000 and [o.value for o in ta.operands] == [49_189_000_000, 35_217_000_000, -2_130_000_000]

    copy = tmp_path / CATERPILLAR.with_suffix("").name
    copy.write_text(text_of(CATERPILLAR).replace("15,761", "15,716", 1), encoding="utf-8")  # Financial Products' current assets
    misread = check_paths([copy]).documents[0]
    (fail,) = [e for e in misread.evaluations if e.rule_id == "FT003" and e.status == "fail"]
    assert (fail.title, fail.reported, fail.computed) == ("Total current assets crossfoots", 42_570_000_000, 42_525_000_000)
    assert any(f.code == "CULPRIT" and "reported 15,716; one change to 15,761" in f.message for f in misread.findings)


def test_gaap_to_non_gaap_reconciliation_crossfoots(tmp_path: Path):
    """Oracle's reconciliation (GAAP | Adj. | Non-GAAP for each year): the adjustment columns belong to
    the year before them, and each line is GAAP plus adjustments; it is not footed down (totals come first)."""
    from checker.pipeline import check_paths

    result = check_paths([ORACLE]).documents[0]
    recon = [st for st in result.document.statements if st.title.startswith("RECONCILIATION OF SELECTED GAAP")]
    assert len(recon) == 2 and [m for _, m in (d[-1] for d in recon[0].column_dims)] == ["GAAP", "Adj.", "Non-GAAP"] * 2
    across = [e for e in result.evaluations if e.rule_id == "FT003"]
    assert len(across) == 68 and all(e.status == "pass" for e in across)
    assert not [e for e in result.evaluations if e.rule_id in ("FT001", "FT002") and e.statement in {st.id for st in recon}]
    revenues = next(e for e in across if e.title == "TOTAL REVENUES crossfoots" and e.reported == 11_326_000_000)
    assert [o.value for o in revenues.operands] == [11_320_000_000, 6_000_000]  # Q4 FY2014, $ millions

    copy = tmp_path / ORACLE.with_suffix("").name
    copy.write_text(text_of(ORACLE).replace("&nbsp;&nbsp;(841<", "&nbsp;&nbsp;(814<", 1), encoding="utf-8")
    failed = [e for e in check_paths([copy]).documents[0].evaluations if e.status == "fail"]
    assert [(e.rule_id, e.title, e.reported, e.computed) for e in failed] == [
        ("FT003", "TOTAL OPERATING EXPENSES crossfoots", 5_570_000_000, 5_597_000_000)]


def test_segment_tables_headed_by_quarter_name_take_the_statements_quarters():
    """"First Quarter 2022 | First Quarter 2021" are the three months ended March 31 the income statement reads;
    the segment tables are footed in a context of their own, so their totals never clash with the GAAP figures."""
    from datetime import date

    from checker.facts import Period
    from checker.pipeline import check_paths

    result = check_paths([CATERPILLAR]).documents[0]
    fp = next(st for st in result.document.statements if st.title == "FINANCIAL PRODUCTS SEGMENT")
    assert fp.periods == [Period(end=date(2022, 3, 31), start=date(2022, 1, 1)), Period(end=date(2021, 3, 31), start=date(2021, 1, 1))]
    revenues = [e for e in result.evaluations if e.statement == fp.id and e.rule_id == "FT001"]
    assert sorted(e.reported for e in revenues) == [761_000_000, 783_000_000] and all(e.status == "pass" for e in revenues)
    assert not [f for f in result.findings if f.code == "DUPLICATE"]


def test_a_bridge_from_one_quarter_to_the_next_crossfoots(tmp_path: Path):
    """Caterpillar's "Sales and Revenues by Segment": First Quarter 2021 + sales volume + price realization +
    currency + inter-segment = First Quarter 2022, segment by segment ($ millions)."""
    from datetime import date

    from checker.facts import Period
    from checker.pipeline import check_paths

    result = check_paths([CATERPILLAR]).documents[0]
    bridge = next(st for st in result.document.statements if st.title == "Sales and Revenues by Segment")
    assert bridge.periods[0] == Period(end=date(2021, 3, 31), start=date(2021, 1, 1))
    assert set(bridge.periods[1:]) == {Period(end=date(2022, 3, 31), start=date(2022, 1, 1))}
    across = [e for e in result.evaluations if e.rule_id == "FT003" and e.statement == bridge.id]
    assert len(across) == 10 and all(e.status == "pass" for e in across)
    ci = next(e for e in across if e.title == "Construction Industries crossfoots")
    assert ci.reported == 6_115_000_000 and [o.value for o in ci.operands] == [5_459_000_000, 325_000_000, 421_000_000, -101_000_000, 11_000_000]

    copy = tmp_path / CATERPILLAR.with_suffix("").name
    copy.write_text(text_of(CATERPILLAR).replace(">6,115&#160;", ">6,151&#160;", 1), encoding="utf-8")
    failed = [e for e in check_paths([copy]).documents[0].evaluations if e.status == "fail"]
    assert [(e.rule_id, e.title, e.reported, e.computed) for e in failed] == [
        ("FT003", "Construction Industries crossfoots", 6_151_000_000, 6_115_000_000)]
