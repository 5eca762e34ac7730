"""The command line on the seed and on copies of it with one figure changed."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SEED, run_cli


def test_seed_checks_clean_exit_0():
    out = run_cli("check", str(SEED))
    assert out.returncode == 0, out.stderr
    assert "0 failed" in out.stdout
    assert "36,490" in out.stdout


@pytest.mark.parametrize(
    ("line", "old", "new", "rules", "culprit_line"),
    [
        (179, "5,211", "5,271", {"FT001", "IS001", "FT002", "NAR001"}, 179),
        (167, "64,823", "64,832", {"FT001"}, 168),
        (197, "(0.22)", "(0.27)", {"EPS001", "NAR001"}, 197),
        (162, "142,322", "142,332", {"FT001", "BS001"}, 162),
        (191, "(15,003)", "(15,030)", {"IS002", "IS003", "FT002"}, 191),
    ],
)
def test_one_changed_figure_fails_the_rules_that_use_it(seed_variant, line, old, new, rules, culprit_line):
    path = seed_variant(line, old, new)
    out = run_cli("check", str(path), "--format", "json")
    assert out.returncode == 1, out.stderr
    report = json.loads(out.stdout)
    failed = [e for e in report["documents"][0]["evaluations"] if e["status"] == "fail"]
    assert {e["rule"] for e in failed} == rules
    lines = {e["target"]["source"]["line"] for e in failed} | {o["source"]["line"] for e in failed for o in e["operands"] if o["source"]}  # unreported zero-if-missing operands have no line
    assert line in lines and culprit_line in lines
    text = run_cli("check", str(path))
    assert text.returncode == 1 and "FAIL" in text.stdout and f"line {culprit_line}" in text.stdout


def test_facts_command_lists_concepts_periods_and_lines():
    out = run_cli("facts", str(SEED))
    assert out.returncode == 0
    row = [ln for ln in out.stdout.splitlines() if ln.startswith("Assets ") and "2011-03-31" in ln]
    assert row and "142,322,000" in row[0] and "line 162" in row[0] and "-3" in row[0]


def test_rules_test_runs_the_cases_in_rule_files():
    out = run_cli("rules", "test")
    assert out.returncode == 0, out.stdout
    assert "0 failed" in out.stdout
