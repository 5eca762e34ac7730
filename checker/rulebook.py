"""What a rule says: the validated model of the YAML rule packs in `rules/`.

How a rule runs lives in `checker.engine`; keeping the two apart lets a rule file
be checked (unknown key, unknown concept, bad expression: file and line) before
any document is read. The built-in pack loads through the same path as a user's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from checker.errors import TieoutError
from checker.expressions import Expression, ExpressionError, parse_expression
from checker.shipped import shipped_dir
from checker.taxonomy import Taxonomy

RULES_DIR = shipped_dir("rules")
KINDS = ("identity", "footing", "subtotal", "crossfoot", "narrative")
PERIODS = ("instant", "duration", "any")
SEVERITIES = ("error", "warning", "info")
EDGES = ("start", "end")
_RULE_KEYS = {
    "id", "title", "kind", "expression", "message", "severity", "period", "bind", "zero_if_missing",
    "requires", "statements", "tests", "aliases", "description", "tolerance", "unless", "dimensional", "sign_flexible", "optional_terms",
    "extra_terms",
}
_PACK_KEYS = {"pack", "version", "description", "rules"}


# libyaml's loader when PyYAML was built with it: the rule packs load several times faster,
# which counts in the start-up of every `tieout check`.
_SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """Keeps the line of every mapping so errors can say `file:line`."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict[str, Any]:
    seen: set[object] = set()
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode):
            if key.value in seen:  # YAML would keep the last silently: a rule test's second `expect` wins
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key '{key.value}'", key.start_mark)
            seen.add(key.value)
    mapping = _SafeLoader.construct_mapping(loader, node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__keylines__"] = {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass(frozen=True)
class RuleTest:
    facts: dict[str, float | None]
    expect: str
    line: int


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    kind: str
    message: str
    severity: str
    period: str
    file: str
    line: int
    expression: Expression | None = None
    bind: dict[str, tuple[str, ...]] = field(default_factory=dict)
    between: dict[str, tuple[str, str]] = field(default_factory=dict)
    at: dict[str, str] = field(default_factory=dict)  # variable -> "start"/"end": a balance at the edge of a duration
    zero_if_missing: frozenset[str] = frozenset()
    requires: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    dimensional: bool = False  # also run in each dimension member's context (segments, classes of stock)
    sign_flexible: frozenset[str] = frozenset()  # printed documents may show these with either sign
    optional_terms: frozenset[str] = frozenset()  # may already be inside another figure as printed
    extra_terms: frozenset[str] = frozenset()  # zero unless the filer left them outside the figures they belong to
    statements: tuple[str, ...] = ()
    tests: tuple[RuleTest, ...] = ()
    aliases: tuple[str, ...] = ()

    def concepts_for(self, variable: str) -> tuple[str, ...]:
        return self.bind.get(variable, (variable,))

    @property
    def variables(self) -> list[str]:
        return self.expression.symbols if self.expression else []


@dataclass
class RuleBook:
    rules: list[Rule]
    packs: list[tuple[str, str, str]]  # (name, version, file)

    @property
    def version(self) -> str:
        return ", ".join(dict.fromkeys(f"{n} {v}" for n, v, _ in self.packs))

    def by_id(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id or rule_id in r.aliases), None)


def rule_files(paths: Sequence[Path] | None) -> list[Path]:
    out: list[Path] = []
    for p in paths or [RULES_DIR]:
        if p.is_dir():
            out.extend(sorted(p.glob("*.yaml")) + sorted(p.glob("*.yml")))
        elif p.exists():
            out.append(p)
        else:
            raise TieoutError("rules path not found", str(p))
    if not out:
        raise TieoutError("no rule files (*.yaml) found", ", ".join(str(p) for p in paths or [RULES_DIR]))
    return out


def load_rules(paths: Sequence[Path] | None, taxonomy: Taxonomy) -> RuleBook:
    rules: list[Rule] = []
    packs: list[tuple[str, str, str]] = []
    seen: dict[str, str] = {}
    for path in rule_files(paths):
        data = _read_yaml(path)
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
            raise TieoutError("a rule pack needs a 'rules' list", str(path), 1)
        _unknown_keys(data, _PACK_KEYS, path)
        packs.append((str(data.get("pack", path.stem)), str(data.get("version", "0")), str(path)))
        for raw in data["rules"]:
            rule = _rule(raw, path, taxonomy)
            if rule.id in seen:
                raise TieoutError(f"rule id {rule.id} is already defined in {seen[rule.id]}", str(path), rule.line)
            seen[rule.id] = f"{path}:{rule.line}"
            rules.append(rule)
    return RuleBook(rules, packs)


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TieoutError(f"cannot read rule file: {exc}", str(path)) from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise TieoutError(f"malformed YAML: {problem}", str(path), mark.line + 1 if mark else None) from None


def _unknown_keys(raw: dict[str, Any], allowed: set[str], path: Path) -> None:
    for key in raw:
        if key.startswith("__"):
            continue
        if key not in allowed:
            line = raw.get("__keylines__", {}).get(key, raw.get("__line__"))
            raise TieoutError(f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})", str(path), line)


def _rule(raw: Any, path: Path, taxonomy: Taxonomy) -> Rule:
    if not isinstance(raw, dict):
        raise TieoutError("each rule must be a mapping", str(path))
    line = int(raw.get("__line__", 0))
    keyline = raw.get("__keylines__", {})
    _unknown_keys(raw, _RULE_KEYS, path)

    def fail(message: str, key: str | None = None) -> TieoutError:
        return TieoutError(message, str(path), keyline.get(key, line) if key else line)

    rid = raw.get("id")
    if not isinstance(rid, str) or not rid.strip():
        raise fail("rule has no 'id'")
    kind = raw.get("kind", "identity")
    if kind not in KINDS:
        raise fail(f"rule {rid}: kind must be one of {', '.join(KINDS)}", "kind")
    severity = raw.get("severity", "error")
    if severity not in SEVERITIES:
        raise fail(f"rule {rid}: severity must be one of {', '.join(SEVERITIES)}", "severity")
    period = raw.get("period", "any")
    if period not in PERIODS:
        raise fail(f"rule {rid}: period must be one of {', '.join(PERIODS)}", "period")
    message = raw.get("message")
    if not isinstance(message, str):
        raise fail(f"rule {rid}: needs a 'message'")
    expression = None
    bind: dict[str, tuple[str, ...]] = {}
    between: dict[str, tuple[str, str]] = {}
    at: dict[str, str] = {}
    if kind == "identity":
        text = raw.get("expression")
        if not isinstance(text, str):
            raise fail(f"rule {rid}: an identity needs an 'expression'")
        try:
            expression = parse_expression(text)
        except ExpressionError as exc:
            raise fail(f"rule {rid}: {exc}", "expression") from None
        for var, concepts in (raw.get("bind") or {}).items():
            if var.startswith("__"):
                continue
            if isinstance(concepts, dict):
                unknown = set(concepts) - {"concepts", "between", "at", "__line__", "__keylines__"}
                if unknown:
                    raise fail(f"rule {rid}: bind '{var}': unknown key '{sorted(unknown)[0]}' (allowed: at, between, concepts)", "bind")
                span = concepts.get("between")
                if span is not None:
                    if not (isinstance(span, list) and len(span) == 2 and all(isinstance(x, str) for x in span)):
                        raise fail(f"rule {rid}: bind '{var}': 'between' takes two variable names", "bind")
                    between[var] = (span[0], span[1])
                edge = concepts.get("at")
                if edge is not None:
                    if edge not in EDGES:
                        raise fail(f"rule {rid}: bind '{var}': 'at' must be start or end (the balance before or at the end of the period)", "bind")
                    at[var] = edge
                concepts = concepts.get("concepts") or []
            items = (concepts,) if isinstance(concepts, str) else tuple(concepts or ())
            if not items and var not in between:
                raise fail(f"rule {rid}: bind '{var}' lists no concept", "bind")
            bind[var] = items
        for var in expression.symbols:
            for concept in bind.get(var, (var,)):
                if concept not in taxonomy:
                    where = "bind" if var in bind else "expression"
                    raise fail(f"rule {rid}: unknown concept '{concept}' (not in the taxonomy map)", where)
    zero = _names(raw.get("zero_if_missing"), rid, fail, "zero_if_missing")
    requires = _names(raw.get("requires"), rid, fail, "requires")
    unless = _names(raw.get("unless"), rid, fail, "unless")
    for concept in unless:
        if concept not in taxonomy:
            raise fail(f"rule {rid}: unknown concept '{concept}' (not in the taxonomy map)", "unless")
    tests = tuple(_test(t, rid, path) for t in raw.get("tests") or [])
    return Rule(
        id=rid,
        title=str(raw.get("title", rid)),
        kind=kind,
        message=message,
        severity=severity,
        period=period,
        file=str(path),
        line=line,
        expression=expression,
        bind=bind,
        between=between,
        at=at,
        zero_if_missing=frozenset(zero),
        requires=tuple(requires),
        unless=tuple(unless),
        dimensional=bool(raw.get("dimensional", False)),
        sign_flexible=frozenset(_names(raw.get("sign_flexible"), rid, fail, "sign_flexible")),
        optional_terms=frozenset(_names(raw.get("optional_terms"), rid, fail, "optional_terms")),
        extra_terms=frozenset(_names(raw.get("extra_terms"), rid, fail, "extra_terms")),
        statements=tuple(raw.get("statements") or ()),
        tests=tests,
        aliases=tuple(raw.get("aliases") or ()),
    )


def _names(value: Any, rid: str, fail: Any, key: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise fail(f"rule {rid}: '{key}' must be a list of names", key)


def _test(raw: Any, rid: str, path: Path) -> RuleTest:
    if not isinstance(raw, dict) or "facts" not in raw or "expect" not in raw:
        raise TieoutError(f"rule {rid}: each test needs 'facts' and 'expect'", str(path), getattr(raw, "get", lambda *_: None)("__line__"))
    facts = {k: v for k, v in raw["facts"].items() if not k.startswith("__")}
    expect = str(raw["expect"])
    if expect not in ("pass", "fail", "skipped"):
        raise TieoutError(f"rule {rid}: expect must be pass, fail or skipped", str(path), raw.get("__line__"))
    return RuleTest(facts=facts, expect=expect, line=int(raw.get("__line__", 0)))


def all_concepts(rules: Iterable[Rule]) -> set[str]:
    return {c for r in rules for v in r.variables for c in r.concepts_for(v)}
