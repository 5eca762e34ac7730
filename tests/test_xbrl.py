"""XBRL filings read through arelle: facts, missing taxonomies, duplicates, Calc 1.1.

The eight filings under tests/data/xbrl are the corpus filings zipped unchanged
(Apple's 10-Q is EDGAR's own zip of its Inline XBRL). Figures asserted here were
read off the instance documents by hand; calculation inconsistencies are compared
with arelle's own command line run with `--calc c11r` on the same filing.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from xbrl_packages import arelle_calc_command, build_package

from checker.engine.calc import calc_evaluations
from checker.errors import TieoutError
from checker.facts import Document, Period
from checker.readers.xbrl import looks_like_xbrl, read_xbrl
from checker.readers.xbrl_load import instance_in_zip

DATA = Path(__file__).parent / "data" / "xbrl"
FILINGS = {
    # filing: a schema the error must name when no package is given
    "aapl_10-K_2010-09-25": "http://taxonomies.xbrl.us/us-gaap/2009/elts/us-gaap-2009-01-31.xsd",
    "aapl_10-Q_2025-03-29": "https://xbrl.fasb.org/srt/2024/elts/srt-2024.xsd",
    "amzn_10-K_2022-12-31": "https://xbrl.fasb.org/srt/2022/elts/srt-2022.xsd",
    "cohu_10-K_2020-12-26": "cohu-20201226.xsd",
    "gahc_10-Q_2024-09-30": "https://xbrl.sec.gov/dei/2024/dei-2024.xsd",
    "nflx_10-K_2009-12-31": "http://taxonomies.xbrl.us/us-gaap/2009/elts/us-gaap-2009-01-31.xsd",
    "nflx_10-Q_2010-09-30": "http://taxonomies.xbrl.us/us-gaap/2009/elts/us-gaap-2009-01-31.xsd",
    "urg_10-K_2020-12-31": "urg-20201231.xsd",
}
# Filings that ship their company schema and linkbases (Cohu and Ur-Energy do not).
LOADABLE = [n for n in FILINGS if not n.startswith(("cohu", "urg"))]


@pytest.fixture(scope="session")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("packages")
    return {name: build_package(DATA / f"{name}.zip", out / f"{name}.zip") for name in LOADABLE}


@pytest.fixture(scope="session")
def loaded(packages: dict[str, Path]):
    @cache
    def read(name: str) -> Document:
        return read_xbrl(DATA / f"{name}.zip", packages=[packages[name]])

    return read


@pytest.fixture(scope="session")
def netflix_xml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Netflix 10-Q as loose files, to read a plain .xml instance (not a zip)."""
    out = tmp_path_factory.mktemp("nflx")
    with zipfile.ZipFile(DATA / "nflx_10-Q_2010-09-30.zip") as zf:
        zf.extractall(out)
    return out / "nflx-20100930.xml"


def facts_of(doc: Document, concept: str, period: Period, dims: tuple = ()) -> list:
    return [f for f in doc.facts if f.concept == concept and f.period == period and f.dimensions == dims]


# --- missing taxonomy -------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FILINGS))
def test_missing_taxonomy_is_an_error_naming_the_schema(name: str) -> None:
    path = DATA / f"{name}.zip"
    with pytest.raises(TieoutError) as err:
        read_xbrl(path, offline=True)
    msg = err.value.message
    assert msg.startswith(f"could not load schema {FILINGS[name]}")
    dropped, total = map(int, re.search(r"\((\d+) of (\d+) facts dropped\)", msg).groups())
    assert 0 < dropped <= total
    assert "--taxonomy-package" in msg and "network access" in msg
    assert err.value.file == str(path)
    assert "\n" not in str(err.value)


def test_netflix_count_matches_arelle_offline_behaviour() -> None:
    # arelle keeps 42 of Netflix's 303 facts offline and calls it a success.
    with pytest.raises(TieoutError, match=r"\(261 of 303 facts dropped\)"):
        read_xbrl(DATA / "nflx_10-Q_2010-09-30.zip")


def test_standard_package_does_not_excuse_a_missing_company_schema(tmp_path: Path) -> None:
    pkg = build_package(DATA / "cohu_10-K_2020-12-26.zip", tmp_path / "cohu.zip")
    with pytest.raises(TieoutError, match=r"could not load schema cohu-20201226\.xsd \(1992 of 1992"):
        read_xbrl(DATA / "cohu_10-K_2020-12-26.zip", packages=[pkg])


def test_missing_package_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TieoutError, match="taxonomy package not found"):
        read_xbrl(DATA / "nflx_10-Q_2010-09-30.zip", packages=[tmp_path / "nope.zip"])


def test_truncated_instance_is_an_error_at_its_line(tmp_path: Path, packages: dict[str, Path]) -> None:
    with zipfile.ZipFile(DATA / "nflx_10-Q_2010-09-30.zip") as zf:
        zf.extractall(tmp_path)
    inst = tmp_path / "nflx-20100930.xml"
    lines = inst.read_text(encoding="utf-8").splitlines(keepends=True)
    inst.write_text("".join(lines[:17]) + lines[17][:20], encoding="utf-8")  # cut inside the Assets fact
    with pytest.raises(TieoutError) as err:
        read_xbrl(inst, packages=[packages["nflx_10-Q_2010-09-30"]])
    assert (err.value.file, err.value.line) == (str(inst), 18)
    assert err.value.message.startswith("xmlSchema:syntax: ")


# --- facts ------------------------------------------------------------------


def test_netflix_plain_instance_facts_read_by_hand(netflix_xml: Path, packages: dict[str, Path]) -> None:
    doc = read_xbrl(netflix_xml, packages=[packages["nflx_10-Q_2010-09-30"]])
    assert doc.format == "xbrl" and doc.entity == "NETFLIX INC"
    (assets,) = facts_of(doc, "us-gaap:Assets", Period(end=date(2010, 9, 30)))
    assert assets.value == Decimal("770283000") and assets.decimals == -3 and assets.unit == "USD"
    assert (assets.source.file, assets.source.line) == ("nflx-20100930.xml", 18)
    assert assets.label == "Total assets" and assets.entity == "0001065280" and not assets.extension
    q3 = Period(end=date(2010, 9, 30), start=date(2010, 7, 1))
    (revenue,) = facts_of(doc, "us-gaap:Revenues", q3)
    assert revenue.value == Decimal("553219000") and revenue.source.line == 3936
    (eps,) = facts_of(doc, "us-gaap:EarningsPerShareBasic", q3)
    assert (eps.value, eps.unit, eps.decimals, eps.source.line) == (Decimal("0.73"), "USD/shares", 2, 3900)
    (shares,) = facts_of(doc, "dei:EntityCommonStockSharesOutstanding", Period(end=date(2010, 9, 30)))
    assert shares.value == Decimal("52257495") and shares.decimals is None and shares.unit == "shares"


def test_apple_inline_xbrl_in_edgar_zip(loaded) -> None:
    doc = loaded("aapl_10-Q_2025-03-29")
    (assets,) = facts_of(doc, "us-gaap:Assets", Period(end=date(2025, 3, 29)))
    assert assets.value == Decimal("331233000000") and assets.decimals == -6
    assert assets.source.file == "aapl-20250329.htm" and assets.source.line > 0
    q2 = Period(end=date(2025, 3, 29), start=date(2024, 12, 29))
    assert facts_of(doc, "us-gaap:NetIncomeLoss", q2)[0].value == Decimal("24780000000")
    (eps,) = facts_of(doc, "us-gaap:EarningsPerShareBasic", q2)
    assert (eps.value, eps.unit, eps.decimals) == (Decimal("1.65"), "USD/shares", 2)
    six = Period(end=date(2025, 3, 29), start=date(2024, 9, 29))
    assert facts_of(doc, "us-gaap:EarningsPerShareBasic", six)[0].value == Decimal("4.06")
    dims = (("us-gaap:StatementEquityComponentsAxis", "us-gaap:RetainedEarningsMember"),)
    assert facts_of(doc, "us-gaap:Dividends", q2, dims)[0].value == Decimal("3794000000")
    # Two facts use the SEC's ixt-sec transforms, which arelle-release lacks: kept aside, not guessed.
    assert {s["concept"] for s in doc.extra["xbrl_skipped"]} == {"aapl:NumberOfSignificantVendors"}


def test_loose_inline_htm_reads_like_the_zip(loaded, packages: dict[str, Path], tmp_path: Path) -> None:
    with zipfile.ZipFile(DATA / "aapl_10-Q_2025-03-29.zip") as zf:
        zf.extractall(tmp_path)
    htm = tmp_path / "aapl-20250329.htm"
    assert looks_like_xbrl(htm)
    doc = read_xbrl(htm, packages=[packages["aapl_10-Q_2025-03-29"]])
    assert sorted(map(repr, doc.facts)) == sorted(map(repr, loaded("aapl_10-Q_2025-03-29").facts))
    assert len(doc.facts) == 612 and doc.entity == "Apple Inc."


def test_amazon_typed_dimension_and_inf_decimals(loaded) -> None:
    doc = loaded("amzn_10-K_2022-12-31")
    typed = [f for f in doc.facts if any("ExpectedTimingOfSatisfactionStartDateAxis" in d for d, _ in f.dimensions)]
    assert len(typed) == 1 and typed[0].dimensions[0][1] == "2023-01-01"
    (shares,) = facts_of(doc, "dei:EntityCommonStockSharesOutstanding", Period(end=date(2023, 1, 25)))
    assert shares.value == Decimal("10247259757") and shares.decimals is None


def test_consistent_duplicates_merge(loaded) -> None:
    # Amazon tags many figures twice (statement and note) with identical values.
    doc = loaded("amzn_10-K_2022-12-31")
    keys = [(f.concept, f.period, f.unit, f.dimensions) for f in doc.facts]
    assert len(keys) == len(set(keys))
    assert doc.extra["xbrl_duplicates"] == []
    (assets,) = facts_of(doc, "us-gaap:Assets", Period(end=date(2022, 12, 31)))
    assert assets.value == Decimal("462675000000")


def test_inconsistent_duplicates_are_kept_and_reported(tmp_path: Path, packages: dict[str, Path]) -> None:
    with zipfile.ZipFile(DATA / "nflx_10-Q_2010-09-30.zip") as zf:
        zf.extractall(tmp_path)
    inst = tmp_path / "nflx-20100930.xml"
    lines = inst.read_text(encoding="utf-8").splitlines(keepends=True)
    line18 = lines[17]
    assert ">770283000<" in line18
    # A consistent duplicate in millions, and an inconsistent one (a typo'd total).
    lines.insert(18, line18.replace('decimals="-3">770283000', 'decimals="-6">770000000'))
    lines.insert(19, line18.replace(">770283000<", ">770284000<"))
    inst.write_text("".join(lines), encoding="utf-8")
    doc = read_xbrl(inst, packages=[packages["nflx_10-Q_2010-09-30"]], calcs=False)
    found = facts_of(doc, "us-gaap:Assets", Period(end=date(2010, 9, 30)))
    assert sorted(f.value for f in found) == [Decimal("770000000"), Decimal("770283000"), Decimal("770284000")]
    (dup,) = doc.extra["xbrl_duplicates"]
    assert dup["concept"] == "us-gaap:Assets" and dup["period_key"] == "2010-09-30" and dup["unit"] == "USD"
    assert sorted(s.line for s in dup["sources"]) == [18, 19, 20]


@pytest.mark.parametrize(
    "name", ["nflx_10-Q_2010-09-30", "aapl_10-Q_2025-03-29", "amzn_10-K_2022-12-31", "gahc_10-Q_2024-09-30"]
)
def test_statement_facts_bind_per_context(name: str, loaded) -> None:
    """What the balance-sheet, income and EPS rules bind: non-dimensional facts of one period."""
    doc = loaded(name)
    plain = [f for f in doc.facts if not f.dimensions]
    by = {(f.concept, f.period): f for f in plain}
    assets = {f.period for f in plain if f.concept == "us-gaap:Assets"}
    both = {p for p in assets if ("us-gaap:LiabilitiesAndStockholdersEquity", p) in by}
    assert len(both) == 2 and max(assets) in both  # the two balance-sheet dates
    for period in both:
        total = by[("us-gaap:LiabilitiesAndStockholdersEquity", period)]
        assert total.value == by[("us-gaap:Assets", period)].value
    eps = [f for f in plain if f.concept == "us-gaap:EarningsPerShareBasic"]
    assert eps and all(f.unit == "USD/shares" and f.period.start is not None for f in eps)
    assert all(("us-gaap:NetIncomeLoss", f.period) in by for f in eps)


def test_looks_like_xbrl(netflix_xml: Path, tmp_path: Path) -> None:
    assert looks_like_xbrl(netflix_xml)
    assert looks_like_xbrl(DATA / "aapl_10-Q_2025-03-29.zip")
    assert instance_in_zip(DATA / "aapl_10-Q_2025-03-29.zip") == "aapl-20250329.htm"
    assert not looks_like_xbrl(DATA / "tags.tsv")
    page = tmp_path / "release.htm"
    page.write_text("<html><body><table><tr><td>Total assets</td><td>1</td></tr></table></body></html>")
    assert not looks_like_xbrl(page)
    assert not looks_like_xbrl(netflix_xml.with_name("nflx-20100930_cal.xml"))


# --- Calculations 1.1 -------------------------------------------------------


def arelle_calc_cli(filing: Path, packages: list[Path], log: Path) -> set[tuple[str, str]]:
    """(summation concept, context id) of each inconsistency arelle's own CLI reports with --calc c11r."""
    subprocess.run(arelle_calc_command(filing, packages, log), check=True, capture_output=True, timeout=300)
    text = log.read_text(encoding="utf-8")
    # The stub packages must be faithful enough for arelle's full validation: the only errors
    # allowed are the SEC's ixt-sec transforms, which arelle-release does not ship.
    errors = set(re.findall(r'<entry code="([^"]+)" level="error"', text))
    assert errors <= {"ix11.11.1.2:invalidTransformation", "ix11.10.1.2:invalidTransformation"}
    return {
        (m.group(1), m.group(2))
        for m in re.finditer(
            r'code="calc11e:inconsistentCalculationUsingRounding".*?<message concept="([^"]+)".*?contextID="([^"]+)"',
            text,
            re.S,
        )
    }


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("nflx_10-Q_2010-09-30", 0),
        ("aapl_10-Q_2025-03-29", 0),
        ("amzn_10-K_2022-12-31", 20),
        ("nflx_10-K_2009-12-31", 0),
        ("aapl_10-K_2010-09-25", 9),
        ("gahc_10-Q_2024-09-30", 2),
    ],
)
def test_calc11_matches_arelle_command_line(name: str, count: int, loaded, packages, tmp_path: Path) -> None:
    path = DATA / f"{name}.zip"
    ours = {(c["concept"], c["context"]) for c in loaded(name).extra["calc11"]}
    theirs = arelle_calc_cli(path, [packages[name]], tmp_path / "log.xml")
    assert ours == theirs
    assert len(ours) == count
    # Every summation listed as passing has intervals that meet, as Calc 1.1 requires.
    for p in loaded(name).extra["calc11_passes"]:
        (r_lo, r_hi), (c_lo, c_hi) = p["reported"], p["computed"]
        assert max(r_lo, c_lo) <= min(r_hi, c_hi), p


def test_real_srt_package_beside_stubs(loaded, tmp_path: Path) -> None:
    """The real SRT 2024 package (its element schemas, unchanged) serves the srt: concepts."""
    stub = build_package(DATA / "gahc_10-Q_2024-09-30.zip", tmp_path / "stub.zip", skip=["https://xbrl.fasb.org/srt/"])
    assert not [n for n in zipfile.ZipFile(stub).namelist() if "/srt/" in n]
    doc = read_xbrl(DATA / "gahc_10-Q_2024-09-30.zip", packages=[DATA / "srt-2024-elts.zip", stub])
    same = loaded("gahc_10-Q_2024-09-30")
    assert sorted(map(repr, doc.facts)) == sorted(map(repr, same.facts))
    assert any(d == "srt:ConsolidatedEntitiesAxis" for f in doc.facts for d, _ in f.dimensions)
    assert sorted((c["concept"], c["context"]) for c in doc.extra["calc11"]) == sorted(
        (c["concept"], c["context"]) for c in same.extra["calc11"]
    )


def test_calc_evaluations_amazon(loaded) -> None:
    doc = loaded("amzn_10-K_2022-12-31")
    evs = calc_evaluations(doc)
    fails = [e for e in evs if e.status == "fail"]
    passes = [e for e in evs if e.status == "pass"]
    assert len(fails) == 20 and len(passes) == doc.extra["calc11_checked"] - 20 > 0
    assert all(e.rule_id == "CALC11" and e.severity == "error" for e in evs)
    # A segment's Assets at 2022-12-31 in the balance-sheet role, as arelle reports it:
    # reported [64665500000, 64666500000] computed [23346500000, 23347500000].
    (ev,) = [
        e for e in fails
        if e.target.concept == "us-gaap:Assets" and e.period == Period(end=date(2022, 12, 31))
        and e.statement.endswith("ConsolidatedBalanceSheets") and e.reported == 64666000000
    ]  # fmt: skip
    assert (ev.reported_low, ev.reported_high) == (64665500000, 64666500000)
    assert (ev.computed_low, ev.computed_high) == (23346500000, 23347500000)
    assert ev.source.file == "amzn-20221231_htm.xml" and ev.source.line == 10650
    assert ev.unit == "USD" and ev.operands and all(op.source is not None for op in ev.operands)
    assert ev.expression.startswith("us-gaap:Assets = ")


def test_calc_evaluations_netflix_passes_show_the_sum(loaded) -> None:
    evs = calc_evaluations(loaded("nflx_10-Q_2010-09-30"))
    assert evs and all(e.status == "pass" for e in evs)
    (assets,) = [
        e for e in evs if e.target.concept == "us-gaap:Assets" and e.period == Period(end=date(2010, 9, 30))
    ]
    assert assets.reported == 770283000 and assets.computed_low <= 770283000 <= assets.computed_high
    assert assets.computed == sum(op.value for op in assets.operands)
