"""Baseline files: accepted findings by fingerprint, with reasons, expiry and line-numbered errors."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from seed_run import check_misread_failures, evaluation, misread_moved_run, misread_run

from checker.baseline import apply_baseline, load_baseline, write_baseline
from checker.errors import TieoutError
from checker.reports.fingerprints import fingerprint

TODAY = date(2026, 11, 25)


def test_fingerprint_ignores_line_moves_and_folders_but_not_period_rule_or_name() -> None:
    ev = evaluation(misread_run(), "FT001", "fail")
    moved = evaluation(misread_moved_run(), "FT001", "fail")
    assert (ev.source.line, moved.source.line) == (179, 189)
    fp = fingerprint(ev, "/a/immunogen-8k-2011-04-28.txt")
    assert fingerprint(moved, "/b/c/immunogen-8k-2011-04-28.txt") == fp
    other_period = next(e for e in misread_run().documents[0].evaluations
                        if e.rule_id == "FT001" and e.source.line == 179 and e.status == "pass")
    assert fingerprint(other_period, "/a/immunogen-8k-2011-04-28.txt") != fp
    assert fingerprint(replace(ev, rule_id="IS001"), "/a/immunogen-8k-2011-04-28.txt") != fp
    assert fingerprint(ev, "/a/other.txt") != fp
    noise = next(f for f in misread_run().documents[0].findings if f.code == "NOISE")
    noise_moved = next(f for f in misread_moved_run().documents[0].findings if f.code == "NOISE")
    assert noise.source.line + 10 == noise_moved.source.line
    assert fingerprint(noise, "d.txt") == fingerprint(noise_moved, "d.txt")


def test_written_baseline_suppresses_the_exceptions_and_keeps_them_visible(tmp_path: Path) -> None:
    path = tmp_path / "baseline.yaml"
    path.write_text(write_baseline(misread_run(), reason="OCR misread; the PDF shows 5,211", today=TODAY))
    baseline = load_baseline(path)
    findings = len(misread_run().documents[0].findings)
    failed = check_misread_failures(misread_run())
    assert len(baseline.entries) == len(failed) + findings  # every failure, and every finding
    assert {e.rule for e in baseline.entries} >= {"FT001", "IS001", "tieout/NOISE", "tieout/GAP"}
    assert all(e.reason == "OCR misread; the PDF shows 5,211" for e in baseline.entries)
    baseline.validate({ev.rule_id for ev in failed})
    run = misread_run()
    assert apply_baseline(run, baseline, TODAY) == []
    ev = evaluation(run, "FT001", "fail")
    assert ev.suppressed and ev.status == "fail"  # still reported, marked
    assert run.failures("warning") == []
    assert all(f.suppressed for f in run.documents[0].findings)
    moved = misread_moved_run()  # the same acceptance holds after the table moved ten lines
    assert apply_baseline(moved, baseline, TODAY) == [] and moved.failures("warning") == []


def test_expired_entry_is_a_warning_and_the_finding_counts_again(tmp_path: Path) -> None:
    run = misread_run()
    fp = fingerprint(evaluation(run, "FT001", "fail"), run.documents[0].document.path)
    path = tmp_path / "baseline.yaml"
    path.write_text(f"version: 1\nentries:\n  - fingerprint: {fp}\n    reason: accepted for Q3\n"
                    "    expires: 2026-10-31\n")
    warnings = apply_baseline(run, load_baseline(path), TODAY)
    assert warnings == [f"{path}:3: baseline entry {fp} expired on 2026-10-31; the finding is reported again"]
    assert not evaluation(run, "FT001", "fail").suppressed
    assert len(run.failures("error")) == len(check_misread_failures(run))


def test_entry_matching_nothing_is_reported_as_stale(tmp_path: Path) -> None:
    path = tmp_path / "baseline.yaml"
    path.write_text("version: 1\nentries:\n  - fingerprint: " + "0" * 32 + "\n    reason: fixed long ago\n")
    warnings = apply_baseline(misread_run(), load_baseline(path), TODAY)
    assert len(warnings) == 1 and "matches nothing" in warnings[0] and warnings[0].startswith(f"{path}:3:")


@pytest.mark.parametrize(("text", "line", "message"), [
    ("version: 1\nentries:\n  - fingerprint: " + "a" * 32 + "\n    reason: ok\n    expires: 2026-13-01\n",
     5, "expires '2026-13-01' is not a date"),
    ("version: 1\nentries:\n  - fingerprint: " + "a" * 32 + "\n", 3, "needs a reason"),
    ("version: 1\nentries:\n  - fingerprint: " + "a" * 32 + "\n    reason: ok\n    reviewer: me\n",
     5, "unknown key 'reviewer'"),
    ("version: 1\nentrys: []\n", 2, "unknown key 'entrys'"),
    ("version: 1\nentries:\n  - fingerprint: 12ab\n    reason: ok\n", 3, "not 32 hexadecimal digits"),
    ("version: 1\nentries:\n  - fingerprint: [a\n", 4, "not valid YAML"),
    ("version: 2\n", 1, "unsupported baseline version"),
])
def test_bad_baseline_is_a_one_line_error_with_file_and_line(tmp_path: Path, text: str, line: int,
                                                             message: str) -> None:
    path = tmp_path / "baseline.yaml"
    path.write_text(text)
    with pytest.raises(TieoutError) as err:
        load_baseline(path)
    assert (err.value.file, err.value.line) == (str(path), line)
    assert message in err.value.message
    assert "\n" not in str(err.value)


def test_unknown_rule_id_in_baseline_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "baseline.yaml"
    path.write_text("version: 1\nentries:\n  - fingerprint: " + "a" * 32 + "\n    rule: BS999\n    reason: ok\n")
    baseline = load_baseline(path)
    with pytest.raises(TieoutError, match="unknown rule id 'BS999'") as err:
        baseline.validate({"BS001", "FOOT"})
    assert err.value.line == 3
