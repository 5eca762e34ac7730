"""GitHub workflow-command annotations: escaping and the step summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from seed_run import seed_run

from checker.reports import ReportOptions
from checker.reports.github import command, escape_data, escape_property, render_github


def test_escaping_follows_the_runner_rules() -> None:
    assert escape_data("100% of a\r\nb") == "100%25 of a%0D%0Ab"
    assert escape_property("Total revenues, net: 5%") == "Total revenues%2C net%3A 5%25"
    line = command("error", "reported 5,271: off\nby 60", "a,b:c.txt", 179, "FOOT Column, foots")
    assert line == "::error file=a%2Cb%3Ac.txt,line=179,title=FOOT Column%2C foots::reported 5,271: off%0Aby 60"


def test_seed_failure_becomes_an_error_annotation_on_its_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    out = render_github(seed_run(), ReportOptions()).splitlines()
    errors = [line for line in out if line.startswith("::error ")]
    assert len(errors) == 1
    assert ",line=179," in errors[0]
    assert "title=FOOT Column foots::" in errors[0]
    assert "reported 5,271%2C" not in errors[0]  # commas are escaped only in properties
    assert "%0Aoff by 60 thousand" in errors[0]  # the note rides on an escaped newline
    assert any(line.startswith("::notice ") and ",line=178," in line for line in out)
    assert not any("line=162" in line for line in out)  # passing checks are not annotated


def test_step_summary_is_appended_when_github_sets_the_variable(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    render_github(seed_run(), ReportOptions())
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n")
    assert "| **EXCEPTION** | FOOT |" in text
    assert "## Summary" in text
