"""The CI-facing flags of `tieout check` and what happens after the engine has run.

`--format`, `--output FORMAT=PATH`, `--fail-on`, `--baseline`, `--config` and
`--no-progress` are defined here once, and `finish()` applies the project config,
severity overrides and baseline, writes every requested report and picks the exit
code. The exit code depends on `--fail-on` only, never on what is reported.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TextIO

from checker.baseline import apply_baseline, load_baseline
from checker.config import FAIL_ON, Config, apply_severity, load_config, load_config_file
from checker.engine.results import RunResult
from checker.errors import ExitCode, TieoutError
from checker.reports import ReportOptions, available, render

_RANK = {"error": 0, "warning": 1, "info": 2}


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", default=None, metavar="FORMAT",
                        help=f"report written to stdout: {', '.join(available())} (default: text, or the config's)")
    parser.add_argument("--output", action="append", default=[], metavar="FORMAT=PATH",
                        help="also write FORMAT to PATH; repeatable")
    parser.add_argument("--fail-on", default=None, dest="fail_on", metavar="|".join(FAIL_ON),
                        help="lowest severity that makes the exit code 1 (default: error)")
    parser.add_argument("--baseline", type=Path, default=None, help="YAML file of accepted findings")
    parser.add_argument("--config", type=Path, default=None,
                        help="tieout.yaml to use instead of searching from the current folder")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")


def parse_outputs(values: list[str]) -> list[tuple[str, Path]]:
    """`FORMAT=PATH` pairs; a bad one is a usage error (exit 2)."""
    out = []
    formats = available()
    for value in values:
        fmt, sep, path = value.partition("=")
        if not sep or not path:
            raise TieoutError(f"--output {value!r} must be FORMAT=PATH")
        if fmt not in formats:
            raise TieoutError(f"--output: unknown format {fmt!r} (one of: {', '.join(formats)})")
        out.append((fmt, Path(path)))
    return out


def resolve_config(args: argparse.Namespace, cwd: Path | None = None) -> Config:
    """The project config with the command line on top (flags win)."""
    if getattr(args, "config", None):
        config = load_config_file(args.config)
    else:
        config = load_config(cwd or Path.cwd())
    outputs = parse_outputs(getattr(args, "output", []) or [])
    fail_on = getattr(args, "fail_on", None)
    if fail_on is not None and fail_on not in FAIL_ON:
        raise TieoutError(f"--fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    merged = config.merged(format=getattr(args, "format", None), fail_on=getattr(args, "fail_on", None),
                           baseline=getattr(args, "baseline", None), output=outputs or None)
    if getattr(args, "format", None) and args.format not in available():
        raise TieoutError(f"unknown format {args.format!r} (one of: {', '.join(available())})")
    bad = [fmt for fmt, _ in merged.output if fmt not in available()]
    if merged.format and merged.format not in available():
        bad.append(merged.format)
    if bad:  # only the config file can still hold one
        raise TieoutError(f"unknown format {bad[0]!r} (one of: {', '.join(available())})", config.path,
                          config.lines.get("format") or config.lines.get("output"))
    return merged


def exit_code(run: RunResult, fail_on: str) -> int:
    """1 when an unsuppressed failure or finding is at or above the threshold, else 0."""
    if fail_on == "never":
        return ExitCode.OK
    limit = _RANK[fail_on]
    if run.failures(fail_on):
        return ExitCode.FINDINGS
    for doc in run.documents:
        for finding in doc.findings:
            if not finding.suppressed and _RANK.get(finding.severity, 2) <= limit:
                return ExitCode.FINDINGS
    return ExitCode.OK


def finish(run: RunResult, config: Config, options: ReportOptions, stdout: TextIO, stderr: TextIO,
           rule_ids: set[str] | None = None, today: date | None = None) -> int:
    """Apply overrides and baseline, write the reports, return the exit code."""
    if rule_ids is not None:  # ids the engine made up itself (e.g. a filing's calculation linkbase) count too
        rule_ids = set(rule_ids) | {ev.rule_id for d in run.documents for ev in d.evaluations}
        config.validate(rule_ids)
    apply_severity(run, config.severity)
    if config.baseline is not None:
        baseline = load_baseline(config.baseline)
        if rule_ids is not None:
            baseline.validate(rule_ids)
        for warning in apply_baseline(run, baseline, today or date.today()):
            stderr.write(f"warning: {warning}\n")
    stdout.write(render(config.format or "text", run, options))
    for fmt, path in config.output:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render(fmt, run, options), encoding="utf-8")
        except OSError as exc:
            raise TieoutError(f"cannot write {fmt} report: {exc.strerror or exc}", str(path)) from None
    return exit_code(run, config.fail_on or "error")
