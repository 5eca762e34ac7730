"""Project settings from `tieout.yaml` or the `[tool:tieout]` section of setup.cfg.

A team writes its rule folders, taxonomy map, gate and severity overrides once and
every `tieout check` in CI or a pre-commit hook uses them; flags given on the command
line still win (`Config.merged`). Every problem names the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from checker.engine.results import RunResult
from checker.errors import TieoutError
from checker.yaml_lines import compose, line_of, mapping, scalar, sequence

CONFIG_NAMES = ("tieout.yaml", "tieout.yml", ".tieout.yaml")
SETUP_CFG_SECTION = "tool:tieout"
KEYS = ("rules", "taxonomy", "fail_on", "baseline", "severity", "format", "output")
FAIL_ON = ("error", "warning", "never")
SEVERITY_LEVELS = ("error", "warning", "info", "off")


@dataclass
class Config:
    """Settings with the file and line each came from, so later checks can point at them."""

    path: str | None = None
    rules: list[Path] = field(default_factory=list)
    taxonomy: Path | None = None
    fail_on: str | None = None
    baseline: Path | None = None
    severity: dict[str, str] = field(default_factory=dict)
    format: str | None = None
    output: list[tuple[str, Path]] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # "severity.BS001" -> line

    def validate(self, rule_ids: set[str] | list[str]) -> None:
        """Severity overrides must name rules that exist (finding codes may be given as `tieout/CODE`)."""
        known = set(rule_ids)
        for rule_id in self.severity:
            if rule_id not in known and not rule_id.startswith("tieout/"):
                raise TieoutError(f"unknown rule id {rule_id!r} in severity overrides", self.path,
                                  self.lines.get(f"severity.{rule_id}"))

    def merged(self, **flags: object) -> Config:
        """This config with every command-line value that was given (not None, not empty) on top."""
        given = {k: v for k, v in flags.items() if v is not None and v != [] and v != {}}
        unknown = set(given) - set(KEYS)
        if unknown:
            raise TypeError(f"not config keys: {sorted(unknown)}")
        return replace(self, **given)  # type: ignore[arg-type]


def _check_choice(value: str, choices: tuple[str, ...], what: str, path: str, line: int) -> str:
    value = value.strip().lower()
    if value not in choices:
        raise TieoutError(f"{what} must be one of {', '.join(choices)}, not {value!r}", path, line)
    return value


def _output(text: str, path: str, line: int, base: Path) -> tuple[str, Path]:
    fmt, sep, target = text.partition("=")
    if not sep or not fmt.strip() or not target.strip():
        raise TieoutError(f"output {text!r} must be FORMAT=PATH", path, line)
    return fmt.strip(), base / target.strip()


def _set(config: Config, key: str, values: list[tuple[str, int]], pairs: list[tuple[str, str, int]],
         base: Path, line: int) -> None:
    """Store one key's values (already split into scalars or name: value pairs)."""
    path = config.path or ""
    config.lines[key] = line
    if key == "rules":
        config.rules = [base / v for v, _ in values]
    elif key in ("taxonomy", "baseline", "format"):
        if len(values) != 1:
            raise TieoutError(f"{key} takes one value", path, line)
        value = values[0][0]
        if key == "format":
            config.format = value
        else:
            setattr(config, key, base / value)
    elif key == "fail_on":
        if len(values) != 1:
            raise TieoutError("fail_on takes one value", path, line)
        config.fail_on = _check_choice(values[0][0], FAIL_ON, "fail_on", path, values[0][1])
    elif key == "severity":
        for rule_id, level, at in pairs:
            config.severity[rule_id] = _check_choice(level, SEVERITY_LEVELS, f"severity of {rule_id}", path, at)
            config.lines[f"severity.{rule_id}"] = at
    elif key == "output":
        config.output = [_output(v, path, at, base) for v, at in values]
        config.output += [(fmt, base / target) for fmt, target, _ in pairs]


def _from_yaml(path: Path) -> Config:
    config = Config(str(path))
    root = compose(path)
    if root is None:
        return config
    for key, node, line in mapping(root, path, "the tieout config"):
        if key not in KEYS:
            raise TieoutError(f"unknown key {key!r} (expected one of: {', '.join(KEYS)})", str(path), line)
        values: list[tuple[str, int]] = []
        pairs: list[tuple[str, str, int]] = []
        # severity is always a map; output may be a map (junit: out.xml) or a list of FORMAT=PATH
        if key == "severity" or (key == "output" and isinstance(node, yaml.MappingNode)):
            pairs = [(k, scalar(v, path, f"{key} of {k}"), at) for k, v, at in mapping(node, path, key)]
        else:
            values = [(scalar(n, path, key), line_of(n)) for n in sequence(node, path, key)]
        _set(config, key, values, pairs, path.parent, line)
    return config


_SECTION = re.compile(r"^\[(?P<name>[^\]]+)\]\s*$")
_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*[=:]\s*(?P<value>.*)$")
_PAIR = re.compile(r"^(?P<name>[^:=\s]+)\s*[:=]\s*(?P<value>\S+)$")


def _from_setup_cfg(path: Path) -> Config | None:
    """The `[tool:tieout]` section, read by hand because configparser forgets line numbers."""
    lines = path.read_text(encoding="utf-8").splitlines()
    raw: dict[str, tuple[int, list[tuple[str, int]]]] = {}
    in_section = found = False
    current: str | None = None
    for number, text in enumerate(lines, 1):
        stripped = text.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue
        section = _SECTION.match(stripped)
        if section and not text[0].isspace():
            in_section = section.group("name").strip() == SETUP_CFG_SECTION
            found = found or in_section
            current = None
            continue
        if not in_section:
            continue
        if text[0].isspace() and current is not None:
            raw[current][1].append((stripped, number))
            continue
        m = _KEY.match(stripped)
        if not m:
            raise TieoutError(f"cannot read {stripped!r} in [{SETUP_CFG_SECTION}]", str(path), number)
        current = m.group("key").replace("-", "_")
        if current not in KEYS:
            raise TieoutError(f"unknown key {m.group('key')!r} (expected one of: {', '.join(KEYS)})", str(path), number)
        first = m.group("value").strip()
        raw[current] = (number, [(v.strip(), number) for v in first.split(",") if v.strip()] if first else [])
    if not found:
        return None
    config = Config(str(path))
    for key, (line, values) in raw.items():
        pairs: list[tuple[str, str, int]] = []
        if key == "severity":
            for text, at in values:
                m = _PAIR.match(text)
                if not m:
                    raise TieoutError(f"severity override {text!r} must read RULE: LEVEL", str(path), at)
                pairs.append((m.group("name"), m.group("value"), at))
            values = []
        _set(config, key, values, pairs, path.parent, line)
    return config


def load_config(start_dir: Path) -> Config:
    """The nearest tieout.yaml (or setup.cfg with [tool:tieout]) in start_dir or a parent; else defaults."""
    start_dir = Path(start_dir).resolve()
    for folder in (start_dir, *start_dir.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return _from_yaml(candidate)
        cfg = folder / "setup.cfg"
        if cfg.is_file():
            found = _from_setup_cfg(cfg)
            if found is not None:
                return found
        if (folder / ".git").exists():
            break
    return Config()


def load_config_file(path: Path) -> Config:
    """An explicitly named config file: a tieout YAML file, or a setup.cfg with [tool:tieout]."""
    path = Path(path)
    if not path.is_file():
        raise TieoutError("config file not found", str(path))
    if path.name == "setup.cfg":
        found = _from_setup_cfg(path)
        if found is None:
            raise TieoutError(f"no [{SETUP_CFG_SECTION}] section", str(path))
        return found
    return _from_yaml(path)


def apply_severity(run: RunResult, overrides: dict[str, str]) -> None:
    """Give rules (and `tieout/CODE` findings) their project severity; `off` drops their results."""
    if not overrides:
        return
    for doc in run.documents:
        doc.evaluations = [ev for ev in doc.evaluations if overrides.get(ev.rule_id) != "off"]
        for ev in doc.evaluations:
            if ev.rule_id in overrides:
                ev.severity = overrides[ev.rule_id]
        doc.findings = [f for f in doc.findings if overrides.get(f"tieout/{f.code}") != "off"]
        for finding in doc.findings:
            level = overrides.get(f"tieout/{finding.code}")
            if level:
                finding.severity = level
