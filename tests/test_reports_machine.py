"""JSON, SARIF and JUnit output of real runs on the seed, validated against their schemas."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
from seed_run import check_misread_failures, evaluation, misread_moved_run, misread_run, seed_run

from checker.reports import ReportOptions
from checker.reports.json_report import render_json
from checker.reports.junit import render_junit
from checker.reports.sarif import render_sarif
from checker.reports.schema import SCHEMA_ID, SCHEMA_VERSION, load_schema

DATA = Path(__file__).parent / "data"


def _validate_json(payload: dict) -> None:
    jsonschema.Draft202012Validator(load_schema(), format_checker=jsonschema.FormatChecker()).validate(payload)


def test_seed_json_validates_and_carries_the_figures_read_by_hand() -> None:
    payload = json.loads(render_json(seed_run(), ReportOptions(tool_version="9.9")))
    _validate_json(payload)
    assert payload["schema_version"] == SCHEMA_VERSION and payload["$schema"] == load_schema()["$id"] == SCHEMA_ID
    assert payload["tool"] == {"name": "tieout", "version": "9.9"}
    doc = payload["documents"][0]
    bs001 = next(e for e in doc["evaluations"] if e["rule"] == "BS001" and e["period"]["key"] == "2011-03-31")
    assert (bs001["status"], bs001["reported"], bs001["computed"], bs001["difference"]) == ("pass", 142322000,
                                                                                          142322000, 0)
    assert bs001["source_lines"] == [162, 168]
    skipped = [e for e in doc["evaluations"] if e["status"] == "skipped"]
    assert len(skipped) == 1 and "Research and development (line 182)" in skipped[0]["reason"]
    assert skipped[0]["period"]["key"] == "2009-07-01--2010-03-31"
    summary = payload["summary"]
    assert (summary["failed"], summary["skipped"], summary["passed"]) == (0, 1, summary["evaluations"] - 1)
    total_assets = next(r for s in doc["statements"] if s["kind"] == "BS" for r in s["rows"] if r["line"] == 162)
    assert total_assets["figures"] == {"2011-03-31": "142,322", "2010-06-30": "137,208"}
    eps = next(f for f in doc["facts"] if f["source"]["line"] == 197 and f["period"]["key"] == "2011-01-01--2011-03-31")
    assert (eps["value"], eps["unit"], eps["decimals"]) == ("-0.22", "USD/shares", 2)


def test_misread_json_reports_the_failure_with_its_difference_and_tolerance() -> None:
    payload = json.loads(render_json(misread_run(), ReportOptions()))
    _validate_json(payload)
    failed = [e for e in payload["documents"][0]["evaluations"] if e["status"] == "fail"]
    expected = check_misread_failures(misread_run())
    assert [(e["rule"], e["source"]["line"]) for e in failed] == [(ev.rule_id, ev.source.line) for ev in expected]
    assert all(abs(e["difference"]) == 60000 for e in failed if e["rule"] != "NAR001")  # the prose rounds to $5.2m
    foot = next(e for e in failed if e["rule"] == "FT001")
    assert (foot["reported"], foot["computed"], foot["difference"]) == (5271000, 5211000, 60000)
    assert foot["tolerance"] == 2000  # four figures, each rounded to the nearest thousand
    assert foot["source_lines"] == [179, 174, 175]
    assert payload["summary"]["failed"] == len(expected) == payload["summary"]["errors"]


def test_json_schema_rejects_a_report_missing_its_summary_or_with_a_bad_status() -> None:
    payload = json.loads(render_json(seed_run(), ReportOptions()))
    del payload["summary"]
    payload["documents"][0]["evaluations"][0]["status"] = "ok"
    errors = list(jsonschema.Draft202012Validator(load_schema()).iter_errors(payload))
    assert any("'summary' is a required property" in e.message for e in errors)
    assert any("'ok' is not one of" in e.message for e in errors)


def test_sarif_validates_against_the_official_2_1_0_schema() -> None:
    log = json.loads(render_sarif(misread_run(), ReportOptions()))
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text("utf-8"))
    jsonschema.Draft7Validator(schema).validate(log)
    results = log["runs"][0]["results"]
    foot = next(r for r in results if r["ruleId"] == "FT001")
    assert foot["level"] == "error"
    assert foot["locations"][0]["physicalLocation"]["region"]["startLine"] == 179
    related = foot["relatedLocations"]
    assert [loc["physicalLocation"]["region"]["startLine"] for loc in related] == [174, 174, 175]
    assert "Clinical materials reimbursement" in related[2]["message"]["text"]
    assert "reported 5,271, computed 5,211, difference 60" in foot["message"]["text"]
    op_income = next(r for r in results if r["ruleId"] == "IS001")
    assert [loc["physicalLocation"]["region"]["startLine"] for loc in op_income["relatedLocations"]] == [179, 185]
    assert len(foot["partialFingerprints"]["tieout/v1"]) == 32
    assert foot["partialFingerprints"] != op_income["partialFingerprints"]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[foot["ruleIndex"]]["id"] == "FT001"
    assert {r["ruleId"] for r in results if r["level"] == "note"} >= {"tieout/NOISE"}


def test_sarif_fingerprints_do_not_change_when_the_table_moves_down() -> None:
    before = json.loads(render_sarif(misread_run(), ReportOptions()))["runs"][0]["results"]
    after = json.loads(render_sarif(misread_moved_run(), ReportOptions()))["runs"][0]["results"]
    for rule_id in ("FT001", "IS001"):
        old = next(r for r in before if r["ruleId"] == rule_id)
        new = next(r for r in after if r["ruleId"] == rule_id)
        line = old["locations"][0]["physicalLocation"]["region"]["startLine"]
        assert new["locations"][0]["physicalLocation"]["region"]["startLine"] == line + 10
        assert new["partialFingerprints"] == old["partialFingerprints"]


def test_sarif_marks_baseline_suppressions() -> None:
    run = misread_run()
    evaluation(run, "FT001", "fail").suppressed = True
    log = json.loads(render_sarif(run, ReportOptions()))
    foot = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "FT001")
    assert foot["suppressions"][0]["kind"] == "external"


def test_junit_has_one_testcase_per_evaluation_with_the_right_counts() -> None:
    run = misread_run()
    total = len(run.documents[0].evaluations)
    failed = check_misread_failures(run)
    root = ET.fromstring(render_junit(run, ReportOptions()))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("skipped"), root.get("errors")) == (
        str(total), str(len(failed)), "1", "0")
    cases = root.findall("testsuite/testcase")
    assert len(cases) == total
    failures = [(c.get("line"), c.find("failure")) for c in cases if c.find("failure") is not None]
    assert [line for line, _ in failures] == [str(ev.source.line) for ev in failed]
    assert "computed 5,211" in failures[0][1].get("message") and failures[0][0] == "179"
    skipped = [c for c in cases if c.find("skipped") is not None]
    assert "missing Research and development (line 182)" in skipped[0].find("skipped").get("message")
    assert sum(1 for c in cases if len(c) == 0) == total - len(failed) - 1


def test_junit_counts_a_suppressed_failure_as_skipped() -> None:
    run = misread_run()
    evaluation(run, "FT001", "fail").suppressed = True
    root = ET.fromstring(render_junit(run, ReportOptions()))
    assert (root.get("failures"), root.get("skipped")) == (str(len(check_misread_failures(run)) - 1), "2")
    assert any("suppressed by baseline" in (s.get("message") or "") for s in root.iter("skipped"))


def test_a_figure_inside_a_filing_archive_is_located_on_the_archive_without_a_line() -> None:
    """XBRL facts name the instance inside the zip, sometimes with no line: point at what exists."""
    from dataclasses import replace

    from checker.facts import Source

    run = misread_run()
    ev = evaluation(run, "FT001", "fail")
    ev.target = replace(ev.target, source=Source("nflx-20100930.xml", 0))
    log = json.loads(render_sarif(run, ReportOptions()))
    jsonschema.Draft7Validator(json.loads((DATA / "sarif-schema-2.1.0.json").read_text("utf-8"))).validate(log)
    foot = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "FT001")
    location = foot["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("immunogen-8k-2011-04-28.txt")
    assert "region" not in location


def test_schema_file_name_version_and_payload_agree() -> None:
    """A breaking change needs tieout-report-2.json; the payload's version must name this file's major."""
    schema = load_schema()
    major = SCHEMA_VERSION.split(".")[0]
    assert schema["$id"].endswith(f"/tieout-report-{major}.json")
    assert schema["properties"]["schema_version"]["pattern"] == rf"^{major}\.[0-9]+$"
