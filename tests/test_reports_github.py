"""GitHub workflow-command annotations: escaping and the step summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from seed_run import check_misread_failures, misread_run

from checker.reports import ReportOptions
from checker.reports.github import command, escape_data, escape_property, render_github


def test_escaping_follows_the_runner_rules() -> None:
    assert escape_data("100% of a\r\nb") == "100%25 of a%0D%0Ab"
    assert escape_property("Total revenues, net: 5%") == "Total revenues%2C net%3A 5%25"
    line = command("error", "reported 5,271: off\nby 60", "a,b:c.txt", 179, "FT001 Total, foots")
    assert line == "::error file=a%2Cb%3Ac.txt,line=179,title=FT001 Total%2C foots::reported 5,271: off%0Aby 60"


def test_misread_failures_become_error_annotations_on_their_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    out = render_github(misread_run(), ReportOptions()).splitlines()
    errors = [line for line in out if line.startswith("::error ")]
    expected = check_misread_failures(misread_run())
    assert [e.split(",line=")[1].split(",")[0] for e in errors] == [str(ev.source.line) for ev in expected]
    assert "title=FT001 Total revenues foots::" in errors[0]
    assert "reported 5,271, computed 5,211, difference 60" in errors[0]  # commas escaped only in properties
    assert "%0ATotal revenues does not foot" in errors[0]  # the rule's message rides on an escaped newline
    assert "\n" not in errors[0] and "\r" not in errors[0]
    warnings = [line for line in out if line.startswith("::warning ")]
    assert any(",line=182," in w and "implies 36,490" in w for w in warnings)  # the gap finding
    assert not any(line.startswith("::notice") for line in out)  # info findings only with verbose
    verbose = render_github(misread_run(), ReportOptions(verbose=True))
    assert "::notice file=" in verbose and ",line=178,title=tieout NOISE::" in verbose


def test_step_summary_is_appended_when_github_sets_the_variable(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    options = ReportOptions()
    render_github(misread_run(), options)
    render_github(misread_run(), options)  # `--format github --output github=...` renders twice
    text = summary.read_text(encoding="utf-8")
    assert text.count("# tieout working paper") == 1
    assert text.startswith("earlier step\n")
    assert "| **EXCEPTION** | FT001 |" in text
    assert "## Summary" in text
