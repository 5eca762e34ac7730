"""The CI flags through the real command line, in a subprocess, on the seed and a misread copy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from checker.reports.schema import load_schema

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "immunogen-8k-2011-04-28.txt"


def tieout(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=cwd,
                          env={"PYTHONPATH": str(ROOT), "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                               **(env or {})}, timeout=300)


@pytest.fixture
def misread(tmp_path: Path) -> Path:
    """The seed with Total revenues (line 179) printed 5,271 instead of 5,211."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    lines[178] = lines[178].replace("5,211", "5,271", 1)
    folder = tmp_path / "filings"
    folder.mkdir()
    path = folder / SEED.name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_every_format_at_once_for_the_seed(tmp_path: Path) -> None:
    out = tieout("check", str(SEED), "--format", "sarif", "--output", f"json={tmp_path}/r.json",
                 "--output", f"junit={tmp_path}/r.xml", "--output", f"html={tmp_path}/r.html",
                 "--output", f"markdown={tmp_path}/r.md", "--output", f"github={tmp_path}/r.gh",
                 "--output", f"text={tmp_path}/r.txt")
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""  # no progress bar off a terminal
    assert json.loads(out.stdout)["version"] == "2.1.0"
    jsonschema.Draft202012Validator(load_schema()).validate(json.loads((tmp_path / "r.json").read_text()))
    assert ET.parse(tmp_path / "r.xml").getroot().get("failures") == "0"
    assert "Tie-out working paper" in (tmp_path / "r.html").read_text()
    assert "No exceptions." in (tmp_path / "r.md").read_text()
    assert "::error" not in (tmp_path / "r.gh").read_text()
    assert "0 failed" in (tmp_path / "r.txt").read_text()


def test_fail_on_changes_the_exit_code_not_the_report(misread: Path) -> None:
    strict = tieout("check", str(misread), "--format", "junit")
    lenient = tieout("check", str(misread), "--format", "junit", "--fail-on", "never")
    assert (strict.returncode, lenient.returncode) == (1, 0)
    assert strict.stdout == lenient.stdout
    failures = [c for c in ET.fromstring(strict.stdout).iter("testcase") if c.find("failure") is not None]
    assert {c.get("line") for c in failures} >= {"179", "187"} and len(failures) >= 2
    assert tieout("check", str(SEED), "--fail-on", "warning").returncode == 1  # the OCR duplicates warn


def test_baseline_command_then_check_with_it(misread: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "tieout-baseline.yaml"
    made = tieout("baseline", str(misread), "-o", str(baseline), "--reason", "OCR misread; PDF shows 5,211")
    assert made.returncode == 0, made.stderr
    assert "reason: OCR misread; PDF shows 5,211" in baseline.read_text()
    out = tieout("check", str(misread), "--format", "json", "--baseline", str(baseline), "--fail-on", "warning")
    assert out.returncode == 0, out.stderr
    evs = json.loads(out.stdout)["documents"][0]["evaluations"]
    failed = [e for e in evs if e["status"] == "fail"]
    assert {e["rule"] for e in failed} >= {"FT001", "IS001"} and all(e["suppressed"] for e in failed)


def test_expired_baseline_entry_warns_and_fails_again(misread: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "b.yaml"
    tieout("baseline", str(misread), "-o", str(baseline))
    text = baseline.read_text().replace("  reason:", "  expires: 2020-01-31\n  reason:", 1)
    baseline.write_text(text)
    out = tieout("check", str(misread), "--baseline", str(baseline))
    assert out.returncode == 1
    assert "expired on 2020-01-31" in out.stderr and out.stderr.startswith("warning: ")


@pytest.mark.parametrize(("text", "line", "message"), [
    ("version: 1\nentries:\n  - fingerprint: " + "a" * 32 + "\n    reason: ok\n    expires: 31/12/2026\n", 5,
     "expires '31/12/2026' is not a date"),
    ("version: 1\nentries:\n  - fingerprint: " + "a" * 32 + "\n    reason: ok\n    ticket: FIN-12\n", 5,
     "unknown key 'ticket'"),
    ("version: 1\nentries:\n  - fingerprint: " + "a" * 32 + "\n    rule: FT999\n    reason: ok\n", 3,
     "unknown rule id 'FT999'"),
])
def test_bad_baseline_exits_2_with_one_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    baseline = tmp_path / "b.yaml"
    baseline.write_text(text)
    out = tieout("check", str(SEED), "--baseline", str(baseline))
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and f"{baseline}:{line}: {message}" in out.stderr
    assert out.stdout == ""


@pytest.mark.parametrize(("text", "line", "message"), [
    ("fail_on: error\nformats: [sarif]\n", 2, "unknown key 'formats'"),
    ("severity:\n  FT001: warning\n  IS404: off\n", 3, "unknown rule id 'IS404'"),
    ("format: pdf\n", 1, "unknown format 'pdf'"),
])
def test_bad_config_exits_2_with_one_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    (tmp_path / "tieout.yaml").write_text(text)
    out = tieout("check", str(SEED), cwd=tmp_path)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and f"{tmp_path / 'tieout.yaml'}:{line}: {message}" in out.stderr


def test_config_sets_format_gate_and_severity_and_flags_win(misread: Path, tmp_path: Path) -> None:
    failing = tieout("check", str(misread), "--format", "json")
    report = json.loads(failing.stdout)["documents"][0]
    rules = sorted({e["rule"] for e in report["evaluations"] if e["status"] == "fail"}
                   | {f"tieout/{f['code']}" for f in report["findings"] if f["severity"] == "error"})
    assert {"FT001", "IS001"} <= set(rules)
    (tmp_path / "tieout.yaml").write_text("format: junit\nfail_on: error\nseverity:\n"
                                          + "".join(f"  {r}: warning\n" for r in rules)
                                          + "output:\n  - sarif=out/t.sarif\n")
    out = tieout("check", str(misread), cwd=tmp_path)
    assert out.returncode == 0, out.stderr  # every failure demoted to a warning
    assert ET.fromstring(out.stdout).get("failures") != "0"  # still reported
    assert json.loads((tmp_path / "out" / "t.sarif").read_text())["runs"][0]["results"][0]["level"] == "warning"
    flagged = tieout("check", str(misread), "--format", "json", "--fail-on", "warning", cwd=tmp_path)
    assert flagged.returncode == 1 and json.loads(flagged.stdout)["schema_version"]


def test_github_format_appends_the_step_summary(misread: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    out = tieout("check", str(misread), "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert out.returncode == 1
    assert out.stdout.count("::error ") >= 2 and ",line=179," in out.stdout and ",line=187," in out.stdout
    assert "| **EXCEPTION** | FT001 |" in summary.read_text()


def test_bad_output_spec_is_a_usage_error() -> None:
    out = tieout("check", str(SEED), "--output", "pdf=x.pdf")
    assert out.returncode == 2 and "unknown format 'pdf'" in out.stderr


@pytest.mark.parametrize(("flags", "message"), [
    (["--fail-on", "sometimes"], "--fail-on must be one of error, warning, never, not 'sometimes'"),
    (["--format", "pdf"], "unknown format 'pdf'"),
    (["--output", "sarif"], "--output 'sarif' must be FORMAT=PATH"),
])
def test_bad_flags_are_one_line_usage_errors(flags: list[str], message: str) -> None:
    out = tieout("check", str(SEED), *flags)
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and message in out.stderr


def test_folder_run_reports_a_bad_document_in_every_format_and_exits_2(tmp_path: Path) -> None:
    folder = tmp_path / "filings"
    folder.mkdir()
    (folder / SEED.name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "broken.txt").write_bytes(bytes(range(256)) * 4)
    out = tieout("check", str(folder), "--format", "junit", "--output", f"json={tmp_path}/r.json",
                 "--output", f"html={tmp_path}/r.html")
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "broken.txt" in out.stderr
    root = ET.fromstring(out.stdout)
    assert root.get("errors") == "1"
    errored = next(c for c in root.iter("testcase") if c.find("error") is not None)
    assert errored.get("classname") == "tieout.broken.txt"
    payload = json.loads((tmp_path / "r.json").read_text())
    jsonschema.Draft202012Validator(load_schema()).validate(payload)
    docs = {Path(d["path"]).name: d for d in payload["documents"]}
    assert docs["broken.txt"]["error"] and docs[SEED.name]["error"] is None
    assert docs[SEED.name]["summary"]["fail"] == 0
    assert "Not checked:" in (tmp_path / "r.html").read_text()


def test_baseline_command_checks_the_config_too(tmp_path: Path) -> None:
    (tmp_path / "tieout.yaml").write_text("severity:\n  FT001: warning\n  XX001: off\n")
    out = tieout("baseline", str(SEED), cwd=tmp_path)
    assert out.returncode == 2 and f"{tmp_path / 'tieout.yaml'}:3: unknown rule id 'XX001'" in out.stderr
    (tmp_path / "tieout.yaml").write_text("severity:\n  tieout/NOISE: off\n")
    out = tieout("baseline", str(SEED), cwd=tmp_path)
    assert out.returncode == 0 and "tieout/NOISE" not in out.stdout and "tieout/GAP" in out.stdout


def test_an_inequality_shows_its_bound_not_a_computed_figure(tmp_path: Path) -> None:
    """NN004 bounds current liabilities at zero: the report prints `>= 0`, and how far off only on a failure."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert lines[164].startswith("Current liabilities")
    lines[164] = lines[164].replace("$ 13,370", "$ (13,370)", 1)
    path = tmp_path / SEED.name
    path.write_text("\n".join(lines), encoding="utf-8")
    text = tieout("check", str(path)).stdout
    failed = next(ln for ln in text.splitlines() if "NN004" in ln and "FAIL" in ln)
    assert ">=" in failed and "off by -13,370" not in failed and "off by 13,370" in failed and "computed" not in failed
    passed = next(ln for ln in text.splitlines() if "NN004" in ln and "pass" in ln)
    assert passed.split("reported")[1].split() == ["13,822", ">=", "0"]
    md = tieout("check", str(path), "--format", "markdown").stdout
    row = next(ln for ln in md.splitlines() if "NN004" in ln and "13,822" in ln)
    assert "≥ 0" in row
