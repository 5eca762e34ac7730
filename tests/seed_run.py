"""Real engine runs on the seed, for the report tests.

`seed_run()` checks the seed as filed: every identity ties, one footing is skipped
(Research and development has no nine-month 2010 figure on its line) and the OCR
ghost rows become findings. `misread_run()` checks a copy where line 179's Total
revenues 5,211 reads 5,271, as a bad OCR pass would give: the revenue footing and
the operating-income identity then fail on real lines. Runs are cached and copied,
since the baseline marks results suppressed in place.
"""

from __future__ import annotations

import copy
import tempfile
from functools import cache
from pathlib import Path

from checker.engine.results import Evaluation, RunResult
from checker.pipeline import check_paths

SEED = Path(__file__).parent / "data" / "immunogen-8k-2011-04-28.txt"


@cache
def _seed() -> RunResult:
    return check_paths([SEED])


def _check_copy(lines: list[str]) -> RunResult:
    folder = Path(tempfile.mkdtemp(prefix="tieout-seed-"))
    path = folder / SEED.name  # same name: fingerprints and baselines carry over
    path.write_text("\n".join(lines), encoding="utf-8")
    return check_paths([path])


def _misread_lines() -> list[str]:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert "5,211" in lines[178]
    lines[178] = lines[178].replace("5,211", "5,271", 1)
    return lines


@cache
def _misread() -> RunResult:
    return _check_copy(_misread_lines())


@cache
def _misread_moved() -> RunResult:
    lines = _misread_lines()
    return _check_copy(lines[:153] + ["An inserted paragraph."] * 10 + lines[153:])


def seed_run() -> RunResult:
    return copy.deepcopy(_seed())


def misread_run() -> RunResult:
    return copy.deepcopy(_misread())


def misread_moved_run() -> RunResult:
    """The misread copy with ten lines inserted above the tables."""
    return copy.deepcopy(_misread_moved())


def evaluation(run: RunResult, rule_id: str, status: str, line: int | None = None) -> Evaluation:
    """The one evaluation of a rule with that status (and target line, if given)."""
    found = [ev for d in run.documents for ev in d.evaluations
             if ev.rule_id == rule_id and ev.status == status and (line is None or (ev.source and ev.source.line == line))]
    assert len(found) == 1, [(ev.rule_id, ev.status, str(ev.source)) for ev in found]
    return found[0]


def failures(run: RunResult) -> list[Evaluation]:
    return [ev for d in run.documents for ev in d.evaluations if ev.status == "fail"]


def check_misread_failures(run: RunResult) -> list[Evaluation]:
    """What the misread must do, by hand: Total revenues (line 179) is 60 thousand too high, so
    its footing fails and every identity that uses it (operating loss, line 187) is off by 60."""
    failed = failures(run)
    assert {"FT001", "IS001"} <= {ev.rule_id for ev in failed}
    for ev in failed:
        lines = {op.source.line for op in [ev.target, *ev.operands] if op and op.source}
        assert 179 in lines, ev
        if ev.rule_id == "NAR001":
            # The prose says "$5.2 million": 5,271 is 71 thousand off that, at its precision.
            assert ev.operands[0].source.line == 132, ev
            continue
        assert abs(ev.difference) == 60000, ev
    return failed
