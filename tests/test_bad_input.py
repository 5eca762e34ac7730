"""Bad input: one line naming the file (and line), exit 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.expressions import ExpressionError, parse_expression
from tests.conftest import SEED, run_cli

GOOD_RULE = """pack: t
version: "1"
rules:
  - id: X001
    title: balance
    expression: Assets == LiabilitiesAndStockholdersEquity
    message: out of balance
"""


def one_line_error(out, *needles: str) -> None:
    assert out.returncode == 2, (out.stdout, out.stderr)
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert "Traceback" not in out.stderr
    for n in needles:
        assert n in lines[0], lines[0]


def test_missing_file(tmp_path: Path):
    one_line_error(run_cli("check", str(tmp_path / "nope.txt")), "nope.txt", "no such file")


def test_binary_file(tmp_path: Path):
    f = tmp_path / "blob.bin"
    f.write_bytes(bytes(range(256)) * 4)
    one_line_error(run_cli("check", str(f)), "blob.bin", "binary")


def test_document_without_a_statement(tmp_path: Path):
    f = tmp_path / "letter.txt"
    f.write_text("Dear shareholders,\n\nWe had a good year. Revenues were $5.2 million.\n", encoding="utf-8")
    one_line_error(run_cli("check", str(f)), "letter.txt", "no financial statement")


def test_empty_folder(tmp_path: Path):
    one_line_error(run_cli("check", str(tmp_path)), str(tmp_path), "no documents")


def write_rules(tmp_path: Path, text: str) -> Path:
    d = tmp_path / "rules"
    d.mkdir()
    (d / "pack.yaml").write_text(text, encoding="utf-8")
    return d


def test_malformed_rule_yaml_names_file_and_line(tmp_path: Path):
    d = write_rules(tmp_path, GOOD_RULE + "  - id: [unclosed\n")
    one_line_error(run_cli("check", str(SEED), "--rules", str(d)), "pack.yaml:", "malformed YAML")


def test_rule_naming_an_unknown_concept(tmp_path: Path):
    d = write_rules(tmp_path, GOOD_RULE.replace("LiabilitiesAndStockholdersEquity", "LiabilitiesAndStockholderEquity"))
    one_line_error(run_cli("check", str(SEED), "--rules", str(d)), "pack.yaml:6:", "unknown concept 'LiabilitiesAndStockholderEquity'")


def test_expression_that_does_not_parse(tmp_path: Path):
    d = write_rules(tmp_path, GOOD_RULE.replace("Assets == LiabilitiesAndStockholdersEquity", "Assets == (Liabilities +"))
    one_line_error(run_cli("check", str(SEED), "--rules", str(d)), "pack.yaml:6:", "cannot parse expression")


def test_expression_that_tries_to_run_code_is_refused(tmp_path: Path):
    d = write_rules(tmp_path, GOOD_RULE.replace("Assets == LiabilitiesAndStockholdersEquity", "Assets == __import__('os').system('true')"))
    one_line_error(run_cli("check", str(SEED), "--rules", str(d)), "pack.yaml:6:", "not allowed")


def test_a_key_given_twice_is_refused_not_overwritten(tmp_path: Path):
    d = write_rules(tmp_path, GOOD_RULE + "    severity: warning\n    severity: error\n")
    one_line_error(run_cli("check", str(SEED), "--rules", str(d)), "pack.yaml:9:", "duplicate key 'severity'")


def test_unknown_key_in_a_bind_entry(tmp_path: Path):
    rule = GOOD_RULE + "    bind:\n      Assets: {concepts: [Assets], when: start}\n"
    one_line_error(run_cli("check", str(SEED), "--rules", str(write_rules(tmp_path, rule))), "pack.yaml:", "unknown key 'when'")


def test_unknown_bind_option(tmp_path: Path):
    rule = GOOD_RULE + "    bind:\n      Assets: {concepts: [Assets], at: middle}\n"
    one_line_error(run_cli("check", str(SEED), "--rules", str(write_rules(tmp_path, rule))), "pack.yaml:", "'at' must be start or end")


def test_a_compressed_pdf_or_a_broken_gzip_is_named(tmp_path: Path):
    import gzip

    pdf = tmp_path / "statements.pdf.gz"
    pdf.write_bytes(gzip.compress(b"%PDF-1.4 not really"))
    one_line_error(run_cli("check", str(pdf)), "statements.pdf.gz", "compressed PDF or XBRL")
    broken = tmp_path / "release.htm.gz"
    broken.write_bytes(gzip.compress(b"<html><table></table></html>" * 50)[:40])
    one_line_error(run_cli("check", str(broken)), "release.htm.gz", "cannot decompress")


def test_unknown_rule_key(tmp_path: Path):
    d = write_rules(tmp_path, GOOD_RULE + "    severty: error\n")
    one_line_error(run_cli("check", str(SEED), "--rules", str(d)), "pack.yaml:8:", "unknown key 'severty'")


def test_unknown_format():
    one_line_error(run_cli("check", str(SEED), "--format", "pdf"), "unknown format 'pdf'")


@pytest.mark.parametrize(
    "text",
    ["A == B.c", "A == B[0]", "A == (lambda: 1)()", "A == B if C else D", "A == 'x'", "A + B", "A == B == C", "A == open('f')", "A == B ** 2"],
)
def test_expression_whitelist(text: str):
    with pytest.raises(ExpressionError):
        parse_expression(text)


def test_expression_builds_sympy_from_the_tree():
    e = parse_expression("NetIncomeLoss == Pretax - abs(Tax) / 2")
    assert e.op == "==" and e.symbols == ["NetIncomeLoss", "Pretax", "Tax"]
    assert str(e.sympy_sides()[1]) == "Pretax - Abs(Tax)/2"
