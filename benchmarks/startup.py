"""Start-up time: what a user waits for before tieout does any work.

Prints wall-clock medians (fresh interpreter each run, as a user's shell would):
- the taxonomy map, cold (YAML parsed, word index built: the first run after the map changes,
  TIEOUT_TAXONOMY_CACHE=0) and warm (read from the derived cache next to us-gaap.yaml);
- `tieout check` on the seed, when checker/cli.py is present (target: under 1 s on 2 cores).

    python3 benchmarks/startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "examples" / "immunogen-8k-2011-04-28.txt"
LOAD = "from checker.taxonomy import load_taxonomy; load_taxonomy().match('Tatal', 'IS')"


def wall(cmd: list[str], env: dict[str, str] | None = None, runs: int = 5) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - t0)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.strip()[-300:]}")
    return statistics.median(times), max(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    py = sys.executable
    rows = [
        ("python3 (bare interpreter)", [py, "-c", "pass"], None),
        ("taxonomy load, cold (no cache)", [py, "-c", LOAD], {"TIEOUT_TAXONOMY_CACHE": "0"}),
        ("taxonomy load, warm (cache)", [py, "-c", LOAD], None),
    ]
    subprocess.run([py, "-c", LOAD], cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, check=True)  # fill cache
    if (REPO / "checker" / "cli.py").exists() and SEED.exists():
        rows.append(("tieout check <seed>", [py, "-m", "checker", "check", str(SEED)], None))
    else:
        print("(checker/cli.py not in this tree: `tieout check` not measured)")
    print(f"{'':34}{'median':>9}{'max':>9}   ({args.runs} runs, wall clock)")
    for name, cmd, env in rows:
        med, worst = wall(cmd, env, args.runs)
        print(f"{name:34}{med:8.3f}s{worst:8.3f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
