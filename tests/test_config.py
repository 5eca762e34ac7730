"""Project config from tieout.yaml or setup.cfg: values, precedence, and line-numbered errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from seed_run import check_misread_failures, misread_run

from checker.config import apply_severity, load_config
from checker.errors import TieoutError

YAML = """\
rules:
  - rules/
  - extra_rules/
taxonomy: taxonomies/us-gaap.yaml
fail_on: warning
baseline: tieout-baseline.yaml
severity:
  BS001: warning
  IS004: off
format: sarif
output:
  - junit=out/tieout.xml
  - html=out/report.html
"""


def test_tieout_yaml_is_found_from_a_subfolder_and_paths_are_relative_to_it(tmp_path: Path) -> None:
    (tmp_path / "tieout.yaml").write_text(YAML)
    (tmp_path / "filings" / "2011").mkdir(parents=True)
    config = load_config(tmp_path / "filings" / "2011")
    assert config.path == str(tmp_path / "tieout.yaml")
    assert config.rules == [tmp_path / "rules", tmp_path / "extra_rules"]
    assert config.taxonomy == tmp_path / "taxonomies/us-gaap.yaml"
    assert (config.fail_on, config.format) == ("warning", "sarif")
    assert config.baseline == tmp_path / "tieout-baseline.yaml"
    assert config.severity == {"BS001": "warning", "IS004": "off"}
    assert config.output == [("junit", tmp_path / "out/tieout.xml"), ("html", tmp_path / "out/report.html")]
    config.validate({"BS001", "IS004", "FOOT"})


def test_setup_cfg_section_gives_the_same_settings(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text(
        "[metadata]\nname = x\n\n[tool:tieout]\nrules = rules\nfail_on = never\nseverity =\n"
        "    BS001: warning\n    IS004 = off\noutput = sarif=out/t.sarif\n")
    config = load_config(tmp_path)
    assert config.rules == [tmp_path / "rules"]
    assert config.fail_on == "never"
    assert config.severity == {"BS001": "warning", "IS004": "off"}
    assert config.output == [("sarif", tmp_path / "out/t.sarif")]
    assert config.lines["severity.IS004"] == 9


def test_no_config_gives_defaults(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    config = load_config(tmp_path)
    assert (config.path, config.rules, config.fail_on, config.severity) == (None, [], None, {})


def test_command_line_values_win_over_the_file(tmp_path: Path) -> None:
    (tmp_path / "tieout.yaml").write_text(YAML)
    config = load_config(tmp_path).merged(fail_on="error", format=None, rules=[])
    assert config.fail_on == "error"  # given on the command line
    assert config.format == "sarif"  # not given: the file's value stays
    assert config.rules == [tmp_path / "rules", tmp_path / "extra_rules"]


def test_severity_overrides_change_and_drop_results() -> None:
    run = misread_run()
    before = len(run.documents[0].evaluations)
    failed = {ev.rule_id for ev in check_misread_failures(run)}
    apply_severity(run, {"FT001": "warning", "EPS001": "off", "tieout/NOISE": "off"})
    evs = run.documents[0].evaluations
    assert len(evs) == before - 4 and not any(ev.rule_id == "EPS001" for ev in evs)  # four periods of EPS
    assert all(ev.severity == "warning" for ev in evs if ev.rule_id == "FT001")
    assert {ev.rule_id for ev in run.failures("error")} == failed - {"FT001"}
    assert {ev.rule_id for ev in run.failures("warning")} == failed
    assert not any(f.code == "NOISE" for f in run.documents[0].findings)


@pytest.mark.parametrize(("text", "line", "message"), [
    ("rules: rules\nfail-on: error\n", 2, "unknown key 'fail-on'"),
    ("fail_on: sometimes\n", 1, "fail_on must be one of error, warning, never"),
    ("severity:\n  BS001: loud\n", 2, "severity of BS001 must be one of error, warning, info, off"),
    ("output:\n  - junit\n", 2, "must be FORMAT=PATH"),
    ("rules: [rules\n", 2, "not valid YAML"),
    ("- rules\n", 1, "must be a mapping"),
])
def test_bad_yaml_config_is_a_one_line_error(tmp_path: Path, text: str, line: int, message: str) -> None:
    (tmp_path / "tieout.yaml").write_text(text)
    with pytest.raises(TieoutError) as err:
        load_config(tmp_path)
    assert (err.value.file, err.value.line) == (str(tmp_path / "tieout.yaml"), line)
    assert message in err.value.message


def test_bad_setup_cfg_key_names_its_line(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("[tool:tieout]\nrules = rules\nbaselines = b.yaml\n")
    with pytest.raises(TieoutError, match="unknown key 'baselines'") as err:
        load_config(tmp_path)
    assert err.value.line == 3


def test_unknown_rule_id_in_severity_overrides_names_its_line(tmp_path: Path) -> None:
    (tmp_path / "tieout.yaml").write_text(YAML.replace("IS004: off", "IS404: off"))
    config = load_config(tmp_path)
    with pytest.raises(TieoutError, match="unknown rule id 'IS404'") as err:
        config.validate({"BS001", "IS004"})
    assert (err.value.file, err.value.line) == (str(tmp_path / "tieout.yaml"), 9)


def test_output_may_also_be_written_as_a_map(tmp_path: Path) -> None:
    (tmp_path / "tieout.yaml").write_text("output:\n  junit: out/t.xml\n  sarif: out/t.sarif\n")
    assert load_config(tmp_path).output == [("junit", tmp_path / "out/t.xml"), ("sarif", tmp_path / "out/t.sarif")]
