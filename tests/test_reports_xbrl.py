"""Every format for a real XBRL filing: Netflix's 10-Q for the quarter ended 2010-09-30.

Read by hand in the instance (nflx-20100930.xml): Assets 770,283,000 (line 18) =
LiabilitiesAndStockholdersEquity 770,283,000 (line 27) = Liabilities 578,308,000 +
StockholdersEquity 191,975,000. A copy with line 18's Assets raised to 770,383,000
must fail the balance identity by 100 thousand, reported against the filing with
the instance line named, since code scanning cannot open a file inside a zip.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import jsonschema
import pytest
from xbrl_packages import build_package

from checker.engine.results import RunResult
from checker.pipeline import Settings, check_paths
from checker.reports import ReportOptions, render
from checker.reports.schema import load_schema

DATA = Path(__file__).parent / "data"
FILING = DATA / "xbrl" / "nflx_10-Q_2010-09-30.zip"
INSTANCE = "nflx-20100930.xml"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, RunResult]:
    tmp = tmp_path_factory.mktemp("nflx")
    settings = Settings(packages=[build_package(FILING, tmp / "pkg.zip")])
    changed = tmp / "changed" / FILING.name
    changed.parent.mkdir()
    with zipfile.ZipFile(FILING) as src, zipfile.ZipFile(changed, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == INSTANCE:
                lines = data.split(b"\n")
                assert b"<us-gaap:Assets " in lines[17] and b">770283000<" in lines[17]
                lines[17] = lines[17].replace(b">770283000<", b">770383000<")
                data = b"\n".join(lines)
            dst.writestr(info, data)
    return {"filed": check_paths([FILING], settings), "changed": check_paths([changed], settings)}


def test_json_validates_and_holds_the_hand_read_balance_sheet(runs: dict[str, RunResult]) -> None:
    payload = json.loads(render("json", runs["filed"], ReportOptions()))
    jsonschema.Draft202012Validator(load_schema(), format_checker=jsonschema.FormatChecker()).validate(payload)
    doc = payload["documents"][0]
    assert (doc["format"], doc["entity"]) == ("xbrl", "NETFLIX INC")
    bs001 = next(e for e in doc["evaluations"] if e["rule"] == "BS001" and e["period"]["key"] == "2010-09-30")
    assert (bs001["status"], bs001["reported"], bs001["computed"]) == ("pass", 770283000, 770283000)
    assert (bs001["source"]["file"], bs001["source_lines"]) == (INSTANCE, [18, 27])
    assert payload["summary"]["failed"] == 0


def test_changed_filing_fails_the_balance_identity_in_every_machine_format(runs: dict[str, RunResult]) -> None:
    run = runs["changed"]
    failed = [ev for ev in run.documents[0].evaluations if ev.status == "fail"]
    # The balance identity, and the filer's own calculation linkbase (Assets = its components), by 100 thousand.
    assert sorted((ev.rule_id, abs(ev.difference)) for ev in failed) == [("BS001", 100000), ("CALC11", 100000)]
    log = json.loads(render("sarif", run, ReportOptions()))
    jsonschema.Draft7Validator(json.loads((DATA / "sarif-schema-2.1.0.json").read_text("utf-8"))).validate(log)
    results = log["runs"][0]["results"]
    assert sorted(r["ruleId"] for r in results if not r["ruleId"].startswith("tieout/")) == ["BS001", "CALC11"]
    culprit = next(r for r in results if r["ruleId"] == "tieout/CULPRIT")
    assert "Total assets" in culprit["message"]["text"] and "770,283" in culprit["message"]["text"]
    calc = next(r for r in results if r["ruleId"] == "CALC11")  # no fact object: scale from the rounding interval
    assert "difference 100," in calc["message"]["text"] and "(in thousands)" in calc["message"]["text"]
    result = next(r for r in results if r["ruleId"] == "BS001")
    assert result["level"] == "error"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("changed/nflx_10-Q_2010-09-30.zip")
    assert "region" not in location  # a line of the instance is not a line of the zip
    assert f"(at {INSTANCE}:18)" in result["message"]["text"]
    assert "reported 770,383, computed 770,283, difference 100" in result["message"]["text"]
    assert f"(at {INSTANCE}:27)" in result["relatedLocations"][0]["message"]["text"]
    root = ET.fromstring(render("junit", run, ReportOptions()))
    assert (root.get("tests"), root.get("failures")) == (str(len(run.documents[0].evaluations)), "2")
    errors = [a for a in render("github", run, ReportOptions()).splitlines() if a.startswith("::error")]
    assert len(errors) == 2
    annotation = next(a for a in errors if "title=BS001" in a)
    assert re.match(r"::error file=[^,]*nflx_10-Q_2010-09-30\.zip,title=BS001 Balance sheet balances::", annotation)
    assert f"(at {INSTANCE}%3A18)" not in annotation and f"(at {INSTANCE}:18)" in annotation


def test_working_paper_lists_the_tagged_facts_it_checked(runs: dict[str, RunResult]) -> None:
    md = render("markdown", runs["filed"], ReportOptions())
    assert "### Facts checked (as tagged in the filing)" in md
    # empty cells: other periods whose facts other rules checked (e.g. cash is not negative at 2010-06-30)
    assert re.search(r"\| Total assets \(Assets\) \| 770,283 `F` \|(?:  \|)+ 679,734 `F` \|", md)
    changed = render("markdown", runs["changed"], ReportOptions())
    # `?`: the diagnosis names this figure as the one most likely wrong.
    assert re.search(r"\| Total assets \(Assets\) \| 770,383 `E` `\?` \|(?:  \|)+ 679,734 `F` \|", changed)
    assert "| **EXCEPTION** | BS001 |" in changed


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed (`make browser` in CI)")
def test_filing_working_paper_renders_in_chromium(runs: dict[str, RunResult], tmp_path: Path) -> None:
    page = tmp_path / "nflx.html"
    page.write_text(render("html", runs["changed"], ReportOptions()), encoding="utf-8")
    out = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
                          "--v=0", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0
    assert [line for line in out.stderr.splitlines() if ":CONSOLE" in line] == []
    assert out.stdout.count('<tr class="exception">') == 4 and "NETFLIX INC" in out.stdout  # 2 failures, twice
