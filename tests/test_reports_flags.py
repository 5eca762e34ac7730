"""After the engine: config, baseline, several outputs at once, and the --fail-on exit code."""

from __future__ import annotations

import argparse
import io
import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from seed_run import check_misread_failures, misread_run, seed_run

from checker.baseline import write_baseline
from checker.commands.report_flags import exit_code, finish, parse_outputs
from checker.config import Config
from checker.errors import TieoutError
from checker.reports import FORMATS, ReportOptions


def test_fail_on_sets_the_exit_code_only() -> None:
    assert exit_code(seed_run(), "error") == 0
    assert exit_code(seed_run(), "warning") == 1  # the seed's inconsistent OCR duplicates are warnings
    assert exit_code(misread_run(), "error") == 1
    assert exit_code(misread_run(), "never") == 0
    run = misread_run()
    for ev in check_misread_failures(run):
        ev.severity = "warning"
    assert exit_code(run, "error") == 0


def test_finish_writes_every_output_and_reports_identically_whatever_fail_on(tmp_path: Path) -> None:
    config = Config(format="sarif", fail_on="never",
                    output=[("junit", tmp_path / "out" / "t.xml"), ("markdown", tmp_path / "t.md")])
    stdout, stderr = io.StringIO(), io.StringIO()
    failed = check_misread_failures(misread_run())
    code = finish(misread_run(), config, ReportOptions(), stdout, stderr, rule_ids={ev.rule_id for ev in failed})
    assert code == 0
    results = json.loads(stdout.getvalue())["runs"][0]["results"]
    assert [r["ruleId"] for r in results if r["level"] == "error"] == [ev.rule_id for ev in failed]
    assert ET.parse(tmp_path / "out" / "t.xml").getroot().get("failures") == str(len(failed))
    assert "| **EXCEPTION** | FT001 |" in (tmp_path / "t.md").read_text()
    stdout2 = io.StringIO()
    assert finish(misread_run(), Config(format="sarif", fail_on="error"), ReportOptions(), stdout2, stderr) == 1
    assert json.loads(stdout2.getvalue())["runs"][0]["results"] == results


def test_finish_applies_baseline_and_severity(tmp_path: Path) -> None:
    baseline = tmp_path / "b.yaml"
    baseline.write_text(write_baseline(misread_run(), reason="misread, checked on the PDF", today=date(2026, 1, 1)))
    stdout, stderr = io.StringIO(), io.StringIO()
    config = Config(format="junit", baseline=baseline, severity={"EPS001": "off"}, fail_on="warning")
    failed = check_misread_failures(misread_run())
    code = finish(misread_run(), config, ReportOptions(), stdout, stderr,
                  rule_ids={ev.rule_id for ev in failed} | {"EPS001"}, today=date(2026, 11, 25))
    assert code == 0
    root = ET.fromstring(stdout.getvalue())
    total = len(misread_run().documents[0].evaluations) - 4  # EPS001 is off: its four periods go
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == (str(total), "0", str(len(failed) + 1))
    assert stderr.getvalue() == ""


def test_unknown_rule_in_severity_is_rejected_before_anything_is_written() -> None:
    stdout = io.StringIO()
    with pytest.raises(TieoutError, match="unknown rule id 'BS999'"):
        finish(misread_run(), Config(format="junit", severity={"BS999": "off"}), ReportOptions(), stdout,
               io.StringIO(), rule_ids={"BS001"})
    assert stdout.getvalue() == ""


def test_output_pairs_are_parsed_and_checked() -> None:
    assert "html" in FORMATS and "sarif" in FORMATS
    assert parse_outputs(["sarif=a/b.sarif", "html=r.html"]) == [("sarif", Path("a/b.sarif")), ("html", Path("r.html"))]
    with pytest.raises(TieoutError, match="must be FORMAT=PATH"):
        parse_outputs(["sarif"])
    with pytest.raises(TieoutError, match="unknown format 'pdf'"):
        parse_outputs(["pdf=x.pdf"])


def test_report_arguments_parse() -> None:
    from checker.commands.report_flags import add_report_arguments

    parser = argparse.ArgumentParser()
    add_report_arguments(parser)
    args = parser.parse_args(["--format", "sarif", "--output", "junit=j.xml", "--output", "html=r.html",
                              "--fail-on", "warning", "--baseline", "b.yaml"])
    assert (args.format, args.output, args.fail_on, args.baseline) == ("sarif", ["junit=j.xml", "html=r.html"],
                                                                       "warning", Path("b.yaml"))
