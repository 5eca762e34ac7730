"""Rule packs are data: their own test cases run here, and a new rule is a YAML edit."""

from __future__ import annotations

from pathlib import Path

from checker.pipeline import Settings, check_paths, load
from checker.ruletests import run_rule_tests
from tests.conftest import SEED


def test_builtin_rule_cases_pass():
    _, book = load(Settings())
    failures, total = run_rule_tests(book)
    assert total >= 8
    assert failures == []


def test_a_rule_case_that_disagrees_is_reported(tmp_path: Path):
    (tmp_path / "r.yaml").write_text(
        """pack: t
version: "1"
rules:
  - id: T001
    title: balance
    expression: Assets == LiabilitiesAndStockholdersEquity
    message: m
    period: instant
    tests:
      - facts: {Assets: 100, LiabilitiesAndStockholdersEquity: 200}
        expect: pass
""",
        encoding="utf-8",
    )
    _, book = load(Settings(rules=[tmp_path]))
    failures, total = run_rule_tests(book)
    assert total == 1 and len(failures) == 1 and "r.yaml:10" in failures[0] and "got fail" in failures[0]


def test_new_identity_is_a_yaml_edit(tmp_path: Path):
    (tmp_path / "extra.yaml").write_text(
        """pack: house
version: "1"
rules:
  - id: H001
    title: Equity is assets less liabilities shown
    expression: StockholdersEquity == Assets - LiabilitiesCurrent
    message: "equity {reported} vs {computed}"
    period: instant
""",
        encoding="utf-8",
    )
    run = check_paths([SEED], Settings(rules=[tmp_path]))
    evs = [e for e in run.documents[0].evaluations if e.rule_id == "H001"]
    # 142,322 - 13,370 = 128,952 is not 64,823: the long-term liabilities line is missing from this identity.
    assert len(evs) == 2 and all(e.status == "fail" for e in evs)
    assert evs[0].target.source.line == 167


def test_a_rule_can_ask_to_run_per_dimension_member(tmp_path: Path):
    from datetime import date
    from decimal import Decimal

    from checker.engine.results import RunResult  # noqa: F401 - the result type the engine returns
    from checker.engine.run import check_document
    from checker.facts import Document, Fact, Period, Source

    rule = """pack: t
version: "1"
rules:
  - id: D001
    title: balance per segment
    expression: Assets == LiabilitiesAndStockholdersEquity
    message: m
    period: instant
    dimensional: {flag}
"""
    at = Period(end=date(2024, 12, 31))
    seg = (("us-gaap:StatementBusinessSegmentsAxis", "x:RetailMember"),)
    facts = [
        Fact("Assets", Decimal(100), at, "USD", 0, Source("f.xml", 1), concept="us-gaap:Assets"),
        Fact("L&E", Decimal(100), at, "USD", 0, Source("f.xml", 2), concept="us-gaap:LiabilitiesAndStockholdersEquity"),
        Fact("Assets", Decimal(60), at, "USD", 0, Source("f.xml", 3), concept="us-gaap:Assets", dimensions=seg),
        Fact("L&E", Decimal(70), at, "USD", 0, Source("f.xml", 4), concept="us-gaap:LiabilitiesAndStockholdersEquity", dimensions=seg),
    ]
    for flag, expected in (("false", ["pass"]), ("true", ["pass", "fail"])):
        (tmp_path / "r.yaml").write_text(rule.replace("{flag}", flag), encoding="utf-8")
        _, book = load(Settings(rules=[tmp_path]))
        res = check_document(Document(path="f.xml", format="xbrl", facts=list(facts)), book)
        assert sorted(e.status for e in res.evaluations) == sorted(expected)
