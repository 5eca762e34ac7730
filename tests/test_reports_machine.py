"""JSON, SARIF and JUnit output of the seed's figures, validated against their schemas."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
from seed_run import seed_run

from checker.reports import ReportOptions
from checker.reports.junit import render_junit
from checker.reports.sarif import render_sarif
from checker.reports.schema import SCHEMA_VERSION, load_schema, report_payload

DATA = Path(__file__).parent / "data"


def test_json_payload_validates_against_its_schema_and_carries_the_seed_figures() -> None:
    payload = json.loads(json.dumps(report_payload(seed_run(), ReportOptions(tool_version="9.9"))))
    validator = jsonschema.Draft202012Validator(load_schema(), format_checker=jsonschema.FormatChecker())
    validator.validate(payload)
    assert payload["schema_version"] == SCHEMA_VERSION
    assert payload["tool"] == {"name": "tieout", "version": "9.9"}
    doc = payload["documents"][0]
    bs001 = next(e for e in doc["evaluations"] if e["rule_id"] == "BS001")
    assert (bs001["status"], bs001["reported"], bs001["computed"], bs001["difference"]) == ("pass", 142322000,
                                                                                          142322000, 0)
    assert bs001["source_lines"] == [162, 168]
    failed = next(e for e in doc["evaluations"] if e["status"] == "fail")
    assert (failed["reported"], failed["computed"], failed["difference"]) == (5271000, 5211000, 60000)
    assert failed["tolerance"] == 2000  # four figures each rounded to the nearest thousand
    assert failed["source"]["line"] == 179
    skipped = next(e for e in doc["evaluations"] if e["status"] == "skipped")
    assert "line 182" in skipped["reason"]
    summary = payload["summary"]
    assert [summary[k] for k in ("evaluations", "passed", "failed", "skipped", "findings")] == [5, 3, 1, 1, 1]
    totals = next(r for s in doc["statements"] if s["kind"] == "BS" for r in s["rows"] if r["line"] == 162)
    assert totals["figures"] == {"2011-03-31": "142,322", "2010-06-30": "137,208"}


def test_json_schema_rejects_a_report_missing_its_summary() -> None:
    payload = json.loads(json.dumps(report_payload(seed_run(), ReportOptions())))
    del payload["summary"]
    errors = list(jsonschema.Draft202012Validator(load_schema()).iter_errors(payload))
    assert any("summary" in e.message for e in errors)


def test_sarif_validates_against_the_official_2_1_0_schema() -> None:
    log = json.loads(render_sarif(seed_run(), ReportOptions()))
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text("utf-8"))
    jsonschema.Draft7Validator(schema).validate(log)
    results = log["runs"][0]["results"]
    foot = next(r for r in results if r["ruleId"] == "FOOT")
    assert foot["level"] == "error"
    assert foot["locations"][0]["physicalLocation"]["region"]["startLine"] == 179
    related = foot["relatedLocations"]
    assert [loc["physicalLocation"]["region"]["startLine"] for loc in related] == [174, 174, 175]
    assert all(loc["message"]["text"] for loc in related)
    assert "Clinical materials reimbursement" in related[2]["message"]["text"]
    assert len(foot["partialFingerprints"]["tieout/v1"]) == 32
    assert "reported 5,271, computed 5,211, difference 60" in foot["message"]["text"]
    noise = next(r for r in results if r["ruleId"] == "tieout/noise")
    assert noise["level"] == "note"
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["FOOT", "tieout/noise"]
    assert rules[foot["ruleIndex"]]["id"] == "FOOT"


def test_sarif_marks_baseline_suppressions() -> None:
    run = seed_run()
    failed = next(ev for ev in run.documents[0].evaluations if ev.status == "fail")
    failed.suppressed = True
    log = json.loads(render_sarif(run, ReportOptions()))
    foot = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "FOOT")
    assert foot["suppressions"][0]["kind"] == "external"


def test_junit_has_one_testcase_per_evaluation_with_the_right_counts() -> None:
    root = ET.fromstring(render_junit(seed_run(), ReportOptions()))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("skipped"), root.get("errors")) == ("5", "1", "1", "0")
    cases = root.findall("testsuite/testcase")
    assert len(cases) == 5
    failures = [c for c in cases if c.find("failure") is not None]
    assert len(failures) == 1 and failures[0].get("line") == "179"
    assert "computed 5,211" in failures[0].find("failure").get("message")
    skipped = [c for c in cases if c.find("skipped") is not None]
    assert "no figure for 9 months" in skipped[0].find("skipped").get("message")
    passing = [c for c in cases if len(c) == 0]
    assert len(passing) == 3


def test_junit_counts_a_suppressed_failure_as_skipped() -> None:
    run = seed_run()
    next(ev for ev in run.documents[0].evaluations if ev.status == "fail").suppressed = True
    root = ET.fromstring(render_junit(run, ReportOptions()))
    assert (root.get("failures"), root.get("skipped")) == ("0", "2")
    assert any("suppressed by baseline" in (s.get("message") or "") for s in root.iter("skipped"))
