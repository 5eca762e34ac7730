"""`tieout check` and `tieout facts` on XBRL filings, as a user runs them.

The statement rules (balance sheet, income, EPS) must evaluate on the facts of
real filings, not report "0 findings"; a filing whose taxonomy is missing must
exit 2 with the one-line message.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from xbrl_packages import build_package

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data" / "xbrl"
BALANCE_SHEET_DATES = {
    "nflx_10-Q_2010-09-30": {"2009-12-31", "2010-09-30"},
    "aapl_10-Q_2025-03-29": {"2024-09-28", "2025-03-29"},
    "amzn_10-K_2022-12-31": {"2021-12-31", "2022-12-31"},
    "gahc_10-Q_2024-09-30": {"2023-12-31", "2024-09-30"},
}


def tieout(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checker", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=300,
    )


def test_missing_taxonomy_exits_2_with_one_line() -> None:
    out = tieout("check", str(DATA / "nflx_10-Q_2010-09-30.zip"))
    assert out.returncode == 2 and out.stdout == ""
    (line,) = out.stderr.strip().splitlines()
    assert "nflx_10-Q_2010-09-30.zip: could not load schema http://taxonomies.xbrl.us/us-gaap/2009/" in line
    assert "(261 of 303 facts dropped)" in line and "--taxonomy-package ZIP" in line


@pytest.mark.parametrize("name", sorted(BALANCE_SHEET_DATES))
def test_statement_rules_evaluate_on_filings(name: str, tmp_path: Path) -> None:
    filing = DATA / f"{name}.zip"
    pkg = build_package(filing, tmp_path / "pkg.zip")
    out = tieout("check", str(filing), "--taxonomy-package", str(pkg), "--format", "json")
    assert out.returncode in (0, 1), out.stderr
    (doc,) = json.loads(out.stdout)["documents"]
    evs = doc["evaluations"]
    bs = [e for e in evs if e["rule"] == "BS001" and e["status"] == "pass"]
    assert {e["period"]["end"] for e in bs} >= BALANCE_SHEET_DATES[name]
    eps = [e for e in evs if e["rule"] == "EPS002" and e["status"] == "pass"]
    assert eps and all(e["target"]["source"]["line"] > 0 for e in eps)
    assert any(e["rule"].startswith("IS") and e["status"] != "skipped" for e in evs)


def test_facts_as_xbrl_json(tmp_path: Path) -> None:
    filing = DATA / "nflx_10-Q_2010-09-30.zip"
    pkg = build_package(filing, tmp_path / "pkg.zip")
    out = tieout("facts", str(filing), "--taxonomy-package", str(pkg), "--format", "xbrl-json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["documentInfo"]["documentType"] == "https://xbrl.org/2021/xbrl-json"
    assert len(data["facts"]) == 282
    assert any(
        f["dimensions"]["concept"] == "us-gaap:Assets" and f["value"] == "770283000"
        and f["dimensions"]["period"] == "2010-10-01T00:00:00"
        for f in data["facts"].values()
    )  # fmt: skip
