"""OIM xBRL-JSON output that arelle itself loads back with the same facts.

Round trip: Netflix's 10-Q is read through arelle, written as xBRL-JSON, loaded
again by arelle (its loadFromOIM plugin, offline, with the test's stub taxonomy
package) and read back; concept, period, unit, dimensions, value and decimals
must all survive. A document whose facts carry bare local names (as the text
readers map them) must come out under "us-gaap:" and load the same way.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from xbrl_packages import build_package

from checker.facts import Document, Fact, Period, Source
from checker.readers.xbrl import read_xbrl
from checker.reports.xbrl_json import DOCUMENT_TYPE, document_to_xbrl_json, oim_period, oim_unit

DATA = Path(__file__).parent / "data" / "xbrl"
US_GAAP_2009 = "http://taxonomies.xbrl.us/us-gaap/2009/elts/us-gaap-2009-01-31.xsd"


@pytest.fixture(scope="module")
def netflix(tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, Path]:
    out = tmp_path_factory.mktemp("nflx-json")
    with zipfile.ZipFile(DATA / "nflx_10-Q_2010-09-30.zip") as zf:
        zf.extractall(out / "filing")
    pkg = build_package(out / "filing", out / "pkg.zip")
    return read_xbrl(out / "filing" / "nflx-20100930.xml", packages=[pkg]), pkg


def load_json_with_arelle(path: Path, pkg: Path) -> Document:
    """arelle loads the JSON (loadFromOIM); its facts come back through tieout's own reader."""
    from arelle.api.Session import Session
    from arelle.logging.handlers.StructuredMessageLogHandler import StructuredMessageLogHandler
    from arelle.RuntimeOptions import RuntimeOptions

    from checker.readers.xbrl import _facts

    options = RuntimeOptions(
        entrypointFile=str(path), plugins="loadFromOIM", workOffline=True, packages=[str(pkg)],
        keepOpen=True, disablePersistentConfig=True, logLevel="WARNING",
    )  # fmt: skip
    with Session() as session:
        session.run(options, logHandler=StructuredMessageLogHandler())
        errors = [m for m in session.get_log_messages() if m["levelname"] in ("ERROR", "WARNING")]
        assert errors == []
        model = session.get_models()[0]
        facts, skipped = _facts(model)
        assert skipped == []
        return Document(path=str(path), format="xbrl", facts=[f for f, _ in facts])


def key(f: Fact) -> tuple:
    return (f.concept, f.period, f.unit, f.dimensions, f.value, f.decimals)


def test_oim_periods_and_units() -> None:
    assert oim_period(Period(end=date(2010, 9, 30))) == "2010-10-01T00:00:00"
    q3 = Period(end=date(2010, 9, 30), start=date(2010, 7, 1))
    assert oim_period(q3) == "2010-07-01T00:00:00/2010-10-01T00:00:00"
    assert oim_unit("USD/shares") == "iso4217:USD/xbrli:shares"
    assert oim_unit("shares") == "xbrli:shares" and oim_unit("pure") is None


def test_xbrl_filing_round_trips_through_arelle(netflix: tuple[Document, Path], tmp_path: Path) -> None:
    doc, pkg = netflix
    data = document_to_xbrl_json(doc)
    assert data["documentInfo"]["documentType"] == DOCUMENT_TYPE
    assert data["documentInfo"]["namespaces"]["us-gaap"] == "http://xbrl.us/us-gaap/2009-01-31"
    assets = [f for f in data["facts"].values() if f["dimensions"]["concept"] == "us-gaap:Assets"]
    assert any(
        a["value"] == "770283000" and a["decimals"] == -3 and a["dimensions"]["period"] == "2010-10-01T00:00:00"
        and a["dimensions"]["unit"] == "iso4217:USD" and a["dimensions"]["entity"] == "scheme:0001065280"
        for a in assets
    )  # fmt: skip
    out = tmp_path / "nflx.json"
    out.write_text(json.dumps(data), encoding="utf-8")
    back = load_json_with_arelle(out, pkg)
    assert len(back.facts) == len(doc.facts) == 282
    assert sorted(map(key, back.facts)) == sorted(map(key, doc.facts))


def test_bare_concepts_default_to_us_gaap(netflix: tuple[Document, Path], tmp_path: Path) -> None:
    doc, pkg = netflix
    # As a text reader would hand them over: local names only, no entity, a source line in a release.
    bare = [
        replace(f, concept=f.local_name, entity=None, source=Source("release.txt", i + 1))
        for i, f in enumerate(doc.facts)
        if f.concept and f.concept.startswith("us-gaap:") and not f.dimensions
    ]
    text_doc = Document(path="release.txt", format="text", facts=bare, entity="Netflix, Inc.")
    data = document_to_xbrl_json(
        text_doc, taxonomy=[US_GAAP_2009], namespaces={"us-gaap": "http://xbrl.us/us-gaap/2009-01-31"}
    )
    concepts = {f["dimensions"]["concept"] for f in data["facts"].values()}
    assert "us-gaap:Assets" in concepts and all(c.startswith("us-gaap:") for c in concepts)
    assert {f["dimensions"]["entity"] for f in data["facts"].values()} == {"scheme:Netflix_Inc."}
    out = tmp_path / "release.json"
    out.write_text(json.dumps(data), encoding="utf-8")
    back = load_json_with_arelle(out, pkg)
    expected = sorted(key(replace(f, concept=f"us-gaap:{f.concept}")) for f in bare)
    assert sorted(map(key, back.facts)) == expected
    (eps,) = [
        f for f in back.facts
        if f.concept == "us-gaap:EarningsPerShareBasic" and f.period == Period(date(2010, 9, 30), date(2010, 7, 1))
    ]  # fmt: skip
    assert (eps.value, eps.unit, eps.decimals) == (Decimal("0.73"), "USD/shares", 2)


def test_facts_without_concept_are_left_out() -> None:
    fact = Fact("Total widgets", Decimal(5), Period(date(2024, 12, 31)), "USD", 0, Source("r.txt", 3))
    data = document_to_xbrl_json(Document(path="r.txt", format="text", facts=[fact]))
    assert data["facts"] == {}
