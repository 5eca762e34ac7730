from __future__ import annotations

import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
SEED = DATA / "immunogen-8k-2011-04-28.txt"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real command line, in a subprocess: exit code, stdout and stderr as a user sees them."""
    return subprocess.run(
        [sys.executable, "-m", "checker", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=300,
    )


@pytest.fixture
def seed_variant(tmp_path: Path):
    """A copy of the seed with one printed figure replaced on one line."""

    def make(line: int, old: str, new: str) -> Path:
        lines = SEED.read_text(encoding="utf-8").split("\n")
        assert old in lines[line - 1], f"{old!r} not on line {line}: {lines[line - 1]!r}"
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
        out = tmp_path / f"seed-{line}.txt"
        out.write_text("\n".join(lines), encoding="utf-8")
        return out

    return make


@cache
def read_mapped(path: Path):  # type: ignore[no-untyped-def]
    """A document read and mapped as `tieout check` reads it, once per test session."""
    from checker.pipeline import Settings, load, read

    settings = Settings()
    taxonomy, _ = load(settings)
    return read(path, settings, taxonomy)
