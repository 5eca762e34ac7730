"""Diagnosis: the figure most likely wrong, its implied value, and the narrative against the tables."""

from __future__ import annotations

import sys
from pathlib import Path

from checker.pipeline import check_paths
from tests.conftest import DATA, ROOT, SEED

sys.path.insert(0, str(ROOT / "benchmarks"))
import culprit_rate  # noqa: E402


def culprits(path: Path):
    res = check_paths([path]).documents[0]
    return res, [f for f in res.findings if f.code == "CULPRIT"]


def test_changed_total_is_named_with_the_value_that_ties(seed_variant):
    res, found = culprits(seed_variant(179, "5,211", "5,271"))
    assert found[0].source.line == 179
    assert "Total revenues" in found[0].message and "change to 5,211" in found[0].message
    assert "resolves 4 failing rule(s) and breaks 0" in found[0].message  # footing, IS001, subtotal, narrative


def test_a_tie_between_two_figures_is_said_not_hidden(seed_variant):
    # 64,823 -> 64,832 (two digits swapped): 64,129 -> 64,120 on the line above is as small a slip.
    _, found = culprits(seed_variant(167, "64,823", "64,832"))
    named = {found[0].source.line, int(found[0].message.split("equally likely: ")[1].split("(line ")[1].split(")")[0])}
    assert named == {166, 167}
    assert "64,823" in found[0].message and "64,120" in found[0].message


def test_the_first_culprit_is_the_changed_figure_in_nine_of_ten_cases():
    hits, total, misses = culprit_rate.measure(SEED)
    assert total >= 60
    assert hits / total >= 0.9, misses


def test_every_narrative_figure_of_the_seed_is_linked_and_agrees():
    res = check_paths([SEED]).documents[0]
    nar = [e for e in res.evaluations if e.rule_id == "NAR001"]
    assert len(nar) == 20 and all(e.status == "pass" for e in nar)
    by_line = {(e.operands[0].source.line, e.operands[0].source.column): e.target.label for e in nar}
    assert by_line[(130, 34)] == "Net loss"  # "a net loss of $15.0 million"
    assert by_line[(136, 29)] == "Cash, cash equivalents and marketable securities"  # "$115.8 million in cash..."
    assert by_line[(134, 189)] == "Research and development"  # R&D expense, not R&D support revenue


def test_a_changed_sentence_fails(seed_variant):
    path = seed_variant(130, "net loss of \\$15.0 million", "net loss of \\$15.4 million")
    res = check_paths([path]).documents[0]
    failed = [e for e in res.evaluations if e.status == "fail"]
    assert [e.rule_id for e in failed] == ["NAR001"]
    assert failed[0].target.source.line == 194 and failed[0].operands[0].source.line == 130


def test_diagnosis_on_a_real_release_with_a_changed_figure(tmp_path: Path):
    src = DATA / "press" / "pericom_FY2003Q4_8-K_ex99-1_0000891092-03-001810.txt"
    lines = src.read_text(encoding="utf-8").split("\n")
    assert "8,027" in lines[156]
    lines[156] = lines[156].replace("8,027", "8,072", 1)  # Cost of revenues, Q4 FY2003: two digits swapped
    path = tmp_path / "pericom.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    _, found = culprits(path)
    assert found[0].source.line == 157 and "Cost of revenues" in found[0].message and "change to 8,027" in found[0].message
