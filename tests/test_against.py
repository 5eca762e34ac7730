"""Tie-out across documents (`--against`) and across statements within one."""

from __future__ import annotations

import json
from pathlib import Path

from checker.pipeline import Settings, check_paths
from tests.conftest import DATA, run_cli

PERICOM = DATA / "press" / "pericom_FY2003Q4_8-K_ex99-1_0000891092-03-001810.txt"


def changed_copy(tmp_path: Path, line: int, old: str, new: str) -> Path:
    lines = PERICOM.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    out = tmp_path / "pericom-copy.txt"
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


def test_a_document_agrees_with_itself():
    res = check_paths([PERICOM], Settings(against=[PERICOM])).documents[0]
    pairs = [e for e in res.evaluations if e.rule_id == "XDOC001"]
    assert len(pairs) > 100 and all(e.status == "pass" for e in pairs)


def test_one_changed_figure_is_one_disagreement_naming_both_places(tmp_path: Path):
    other = changed_copy(tmp_path, 274, "$190,236", "$190,263")
    out = run_cli("check", str(PERICOM), "--against", str(other), "--format", "json")
    report = json.loads(out.stdout)
    doc = report["documents"][0]
    bad = [e for e in doc["evaluations"] if e["rule"] == "XDOC001" and e["status"] == "fail"]
    assert len(bad) == 1
    assert bad[0]["target"]["source"]["line"] == 274 and bad[0]["operands"][0]["source"]["file"].endswith("pericom-copy.txt")
    assert bad[0]["reported"] == 190_236_000 and bad[0]["computed"] == 190_263_000
    summary = [f for f in doc["findings"] if f["code"] == "AGAINST"][0]["message"]
    assert " 1 disagreed" in summary
    assert "BS: " in summary and "1 disagreed" in summary.split("BS: ")[1]  # counted per statement
    assert out.returncode == 1


def test_a_release_in_millions_agrees_with_a_filing_in_thousands(tmp_path: Path):
    # The same balance sheet printed one scale coarser: figures agree at the coarser precision.
    text = PERICOM.read_text(encoding="utf-8").replace("(In thousands)\n                                                   As of", "(In millions)\n                                                   As of")
    lines = text.split("\n")
    for i in range(262, 290):
        lines[i] = lines[i].replace("$190,236", " $190.2").replace("$193,745", " $193.7")
    coarse = tmp_path / "coarse.txt"
    coarse.write_text("\n".join(lines), encoding="utf-8")
    res = check_paths([PERICOM], Settings(against=[coarse])).documents[0]
    total = [e for e in res.evaluations if e.rule_id == "XDOC001" and e.target.label == "Total assets"]
    assert total and all(e.status == "pass" for e in total)
