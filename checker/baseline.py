"""Accepted findings: results a team has looked at and decided to live with, for a reason.

A baseline lets CI gate on new exceptions only. Entries match by fingerprint (rule,
concept, period, document name), so they survive edits that move lines. Every entry
must say why it is accepted, and may expire so an acceptance is revisited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from checker.engine.results import FAIL, RunResult
from checker.errors import TieoutError
from checker.reports.fingerprints import fingerprint
from checker.yaml_lines import compose, line_of, mapping, scalar, sequence

BASELINE_VERSION = 1
_ENTRY_KEYS = {"fingerprint", "reason", "expires", "rule", "document", "period", "concept", "message"}
_HEX = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class BaselineEntry:
    fingerprint: str
    reason: str
    expires: date | None = None
    rule: str | None = None
    line: int | None = None


@dataclass
class Baseline:
    path: str
    entries: list[BaselineEntry] = field(default_factory=list)

    def by_fingerprint(self) -> dict[str, BaselineEntry]:
        return {e.fingerprint: e for e in self.entries}

    def validate(self, rule_ids: set[str] | list[str]) -> None:
        """An entry naming a rule the pack does not define is a typo or a stale file."""
        known = set(rule_ids)
        for entry in self.entries:
            if entry.rule and not entry.rule.startswith("tieout/") and entry.rule not in known:
                raise TieoutError(f"unknown rule id {entry.rule!r}", self.path, entry.line)


def _entry(node: yaml.Node, path: Path) -> BaselineEntry:
    items = mapping(node, path, "a baseline entry")
    values: dict[str, str] = {}
    lines: dict[str, int] = {}
    for key, value, line in items:
        if key not in _ENTRY_KEYS:
            raise TieoutError(f"unknown key {key!r} in baseline entry (expected one of: "
                              f"{', '.join(sorted(_ENTRY_KEYS))})", str(path), line)
        values[key] = scalar(value, path, key).strip()
        lines[key] = line_of(value)
    start = line_of(node)
    fp = values.get("fingerprint")
    if not fp:
        raise TieoutError("baseline entry has no fingerprint", str(path), start)
    if not _HEX.match(fp):
        raise TieoutError(f"fingerprint {fp!r} is not 32 hexadecimal digits", str(path), lines["fingerprint"])
    if not values.get("reason"):
        raise TieoutError("baseline entry needs a reason: say why this finding is accepted", str(path),
                          lines.get("reason", start))
    expires = None
    if values.get("expires"):
        try:
            expires = date.fromisoformat(values["expires"])
        except ValueError:
            raise TieoutError(f"expires {values['expires']!r} is not a date (YYYY-MM-DD)", str(path),
                              lines["expires"]) from None
    return BaselineEntry(fp, values["reason"], expires, values.get("rule") or None, start)


def load_baseline(path: Path | str) -> Baseline:
    """Read and check a baseline file; any problem is a `TieoutError` naming file and line."""
    path = Path(path)
    root = compose(path)
    baseline = Baseline(str(path))
    if root is None:
        return baseline
    entries_node = None
    for key, value, line in mapping(root, path, "a baseline file"):
        if key == "version":
            if scalar(value, path, "version") != str(BASELINE_VERSION):
                raise TieoutError(f"unsupported baseline version {value.value!r} (expected {BASELINE_VERSION})",
                                  str(path), line)
        elif key == "entries":
            entries_node = value
        else:
            raise TieoutError(f"unknown key {key!r} (expected version, entries)", str(path), line)
    if entries_node is not None and not (isinstance(entries_node, yaml.ScalarNode) and entries_node.value == ""):
        baseline.entries = [_entry(n, path) for n in sequence(entries_node, path, "entries")]
    seen: dict[str, int | None] = {}
    for entry in baseline.entries:
        if entry.fingerprint in seen:
            raise TieoutError(f"fingerprint {entry.fingerprint} is listed twice (first at line {seen[entry.fingerprint]})",
                              str(path), entry.line)
        seen[entry.fingerprint] = entry.line
    return baseline


def apply_baseline(run: RunResult, baseline: Baseline, today: date) -> list[str]:
    """Mark accepted failures and findings suppressed; return warnings (expired or unused entries)."""
    entries = baseline.by_fingerprint()
    used: set[str] = set()
    warnings: list[str] = []
    expired_seen: set[str] = set()

    def accept(fp: str) -> bool:
        entry = entries.get(fp)
        if entry is None:
            return False
        used.add(fp)
        if entry.expires is not None and entry.expires < today:
            if fp not in expired_seen:
                expired_seen.add(fp)
                warnings.append(f"{baseline.path}:{entry.line}: baseline entry {fp} expired on "
                                f"{entry.expires.isoformat()}; the finding is reported again")
            return False
        return True

    for doc in run.documents:
        for ev in doc.evaluations:
            if ev.status == FAIL and accept(fingerprint(ev, doc.document.path)):
                ev.suppressed = True
        for finding in doc.findings:
            if accept(fingerprint(finding, doc.document.path)):
                finding.suppressed = True
    for entry in baseline.entries:
        if entry.fingerprint not in used:
            warnings.append(f"{baseline.path}:{entry.line}: baseline entry {entry.fingerprint} matches nothing "
                            "in this run; remove it if the finding was fixed")
    return warnings


def write_baseline(run: RunResult, reason: str | None = None, today: date | None = None) -> str:
    """A baseline accepting every current failure and finding, each with a reason to edit."""
    today = today or date.today()
    reason = reason or f"accepted as found when the baseline was written on {today.isoformat()}"
    entries = []
    seen: set[str] = set()
    for doc in run.documents:
        name = Path(doc.document.path).name
        items = [(fingerprint(ev, doc.document.path), ev.rule_id, ev.period, ev.target.concept if ev.target else None,
                  f"{ev.message}") for ev in doc.evaluations if ev.status == FAIL]
        items += [(fingerprint(f, doc.document.path), f"tieout/{f.code}", f.period, f.concept, f.message)
                  for f in doc.findings]
        for fp, rule, period, concept, message in items:
            if fp in seen:
                continue
            seen.add(fp)
            entry: dict[str, str] = {"fingerprint": fp, "rule": rule, "document": name}
            if period is not None:
                entry["period"] = period.key()
            if concept:
                entry["concept"] = concept
            entry["message"] = message
            entry["reason"] = reason
            entries.append(entry)
    header = ("# tieout baseline: findings accepted on purpose. Each entry needs a reason; add\n"
              "# `expires: YYYY-MM-DD` to have an acceptance revisited. Only fingerprint, reason\n"
              "# and expires are used for matching; the other fields are there for the reader.\n")
    body = yaml.safe_dump({"version": BASELINE_VERSION, "entries": entries}, sort_keys=False, allow_unicode=True,
                          width=110)
    return header + body
