"""docs/ci.md and .pre-commit-hooks.yaml must describe flags and files that exist."""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path

import yaml

from checker.commands.report_flags import add_report_arguments
from checker.config import KEYS

ROOT = Path(__file__).resolve().parent.parent


def _yaml_blocks() -> list[object]:
    text = (ROOT / "docs" / "ci.md").read_text("utf-8")
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, re.S)]


def test_the_github_actions_job_runs_tieout_with_real_flags() -> None:
    workflow = next(b for b in _yaml_blocks() if isinstance(b, dict) and "jobs" in b)
    steps = workflow["jobs"]["tieout"]["steps"]
    run = next(s["run"] for s in steps if "run" in s and "tieout check" in s["run"])
    words = shlex.split(run)
    assert words[:2] == ["tieout", "check"]
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    add_report_arguments(parser)
    args = parser.parse_args(words[2:])
    assert args.format == "github" and "sarif=out/tieout.sarif" in args.output
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert upload["with"]["sarif_file"] == "out/tieout.sarif"
    assert workflow["permissions"]["security-events"] == "write"


def test_the_documented_config_uses_only_known_keys() -> None:
    config = next(b for b in _yaml_blocks() if isinstance(b, dict) and "severity" in b and "jobs" not in b)
    assert set(config) <= set(KEYS)


def test_pre_commit_hook_entry() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    hook = next(h for h in hooks if h["id"] == "tieout")
    assert hook["entry"].split()[:2] == ["tieout", "check"]
    assert hook["language"] == "python"
    assert re.search(hook["files"], "filings/oracle_8-K_ex99-1.htm")
