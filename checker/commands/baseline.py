"""`tieout baseline FILE...`: accept every current failure and finding in a new baseline file.

The command runs the same check as `tieout check` (passed in as `check`, so this module
never reaches into the engine) and writes YAML a reviewer then edits: each entry's
reason should say why that exception is acceptable, and may gain an expiry date.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TextIO

from checker.baseline import write_baseline
from checker.engine.results import RunResult
from checker.errors import ExitCode, TieoutError


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    parser = subparsers.add_parser("baseline", help="write a baseline file accepting the current findings")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("-o", "--output", type=Path, default=None, dest="baseline_file",
                        help="baseline file to write (default: stdout)")
    parser.add_argument("--reason", default=None,
                        help="reason recorded on every entry (default: accepted as found, with the date)")
    parser.add_argument("--config", type=Path, default=None, help="tieout.yaml to use")
    return parser


def run_baseline(args: argparse.Namespace, check: Callable[[list[Path]], RunResult], stdout: TextIO,
                 today: date | None = None) -> int:
    """Check the files, then write the baseline to `--output` or stdout; always exit 0 on success."""
    run = check(list(args.files))
    text = write_baseline(run, reason=args.reason, today=today)
    if args.baseline_file is None:
        stdout.write(text)
    else:
        try:
            args.baseline_file.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise TieoutError(f"cannot write baseline: {exc.strerror or exc}", str(args.baseline_file)) from None
    return ExitCode.OK
