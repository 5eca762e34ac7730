"""Every format for a real earnings release: Pericom's 8-K exhibit 99.1 for fiscal Q4 2003.

Figures read by hand off its balance sheet (lines 261-290): current assets 148,990 +
4,302 + 9,963 + 1,301 + 1,401 = 165,957; total assets 165,957 + 6,305 + 6,506 +
11,468 = 190,236 (line 274); liabilities 7,913 + equity 182,323 = 190,236 (line 290).
Whatever the engine concludes elsewhere, each format must report it faithfully: one
JUnit testcase per evaluation, one annotation per failure, on the line of the figure.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import jsonschema
import pytest

from checker.engine.results import RunResult
from checker.pipeline import check_paths
from checker.reports import ReportOptions, render
from checker.reports.schema import load_schema

DATA = Path(__file__).parent / "data"
RELEASE = DATA / "reports" / "pericom_FY2003Q4_8-K_ex99-1_0000891092-03-001810.txt"
LINES = RELEASE.read_text(encoding="utf-8").split("\n")


@cache
def _run() -> RunResult:
    return check_paths([RELEASE])


def run() -> RunResult:
    return copy.deepcopy(_run())


def test_json_validates_and_holds_the_hand_read_balance_sheet() -> None:
    payload = json.loads(render("json", run(), ReportOptions()))
    jsonschema.Draft202012Validator(load_schema(), format_checker=jsonschema.FormatChecker()).validate(payload)
    evs = payload["documents"][0]["evaluations"]
    bs001 = next(e for e in evs if e["rule"] == "BS001" and e["period"]["key"] == "2003-06-30")
    assert (bs001["status"], bs001["reported"], bs001["computed"]) == ("pass", 190236000, 190236000)
    assert bs001["source_lines"] == [274, 290]
    current = next(e for e in evs if e["rule"] == "FT001" and e["source"]["line"] == 269
                   and e["period"]["key"] == "2003-06-30")
    assert (current["status"], current["reported"]) == ("pass", 165957000)
    assert len(current["operands"]) == 5


def test_junit_and_annotations_match_the_run_one_for_one() -> None:
    result = run()
    evs = result.documents[0].evaluations
    counts = result.documents[0].counts()
    root = ET.fromstring(render("junit", result, ReportOptions()))
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == (
        str(len(evs)), str(counts["fail"]), str(counts["skipped"]))
    cases = list(root.iter("testcase"))
    for case, ev in zip(cases, evs, strict=True):  # each testcase points at the line printing its figure
        printed = ev.target.fact.printed if ev.target and ev.target.fact else None
        if printed:
            assert printed.strip("$()") in LINES[int(case.get("line")) - 1]
    annotations = render("github", result, ReportOptions()).splitlines()
    errors = [a for a in annotations if a.startswith("::error ")]
    assert len(errors) == counts["fail"]
    assert all("\n" not in a and "\r" not in a for a in annotations)


def test_sarif_validates_and_locates_each_failure_on_its_figure() -> None:
    log = json.loads(render("sarif", run(), ReportOptions()))
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text("utf-8"))
    jsonschema.Draft7Validator(schema).validate(log)
    failures = [r for r in log["runs"][0]["results"] if r["ruleId"][0] != "t"]  # rules, not tieout/ findings
    assert len(failures) == run().documents[0].counts()["fail"]
    fingerprints = {r["partialFingerprints"]["tieout/v1"] for r in failures}
    assert len(fingerprints) == len(failures)  # one identity per period: no two alike
    for r in failures:
        line = r["locations"][0]["physicalLocation"]["region"]["startLine"]
        assert re.search(r"\d", LINES[line - 1])


def test_working_paper_prints_the_schedules_as_the_company_did() -> None:
    md = render("markdown", run(), ReportOptions())
    assert "### Condensed Consolidated Balance Sheets" in md
    assert re.search(r"\| 274 \| \*\*Total assets\*\* \| \$?190,236 `F` \| \$?193,745 `F` \|", md)
    html = render("html", run(), ReportOptions())
    assert "Consolidated Statements of Operations - GAAP" in html
    assert html.count('<tr class="exception">') == 2 * run().documents[0].counts()["fail"]


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed (`make browser` in CI)")
def test_release_working_paper_renders_in_chromium(tmp_path: Path) -> None:
    page = tmp_path / "release.html"
    page.write_text(render("html", run(), ReportOptions()), encoding="utf-8")
    out = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
                          "--v=0", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0
    assert [line for line in out.stderr.splitlines() if ":CONSOLE" in line] == []
    assert 'id="summary"' in out.stdout and "Total assets" in out.stdout
