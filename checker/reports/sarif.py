"""SARIF 2.1.0 for code scanning: failures and findings as results on the lines read.

The reported fact is the primary location, the other facts of the identity are
related locations, and `partialFingerprints` come from `fingerprints.py` so GitHub
keeps an alert's identity when a table moves. Baseline entries become `suppressions`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from checker.engine.results import FAIL, Evaluation, Finding, RunResult
from checker.facts import Source
from checker.reports import ReportOptions, register
from checker.reports.display import describe, locate, where_note
from checker.reports.fingerprints import FINGERPRINT_KEY, fingerprint
from checker.reports.schema import number

SARIF_SCHEMA = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _artifact(path: str) -> dict[str, str]:
    """Repository-relative URIs under %SRCROOT% when possible, so code scanning can link them."""
    p = Path(path)
    try:
        rel = p.resolve().relative_to(Path(os.getcwd()).resolve())
        return {"uri": rel.as_posix(), "uriBaseId": "%SRCROOT%"}
    except (ValueError, OSError):
        return {"uri": p.resolve().as_uri() if p.is_absolute() else p.as_posix()}


def _location(source: Source | None, doc_path: str, message: str | None = None,
              ident: int | None = None) -> dict[str, Any]:
    path, line = locate(source, doc_path)
    physical: dict[str, Any] = {"artifactLocation": _artifact(path)}
    if line is not None:
        region: dict[str, int] = {"startLine": line}
        if source is not None and source.column and source.column > 0:
            region["startColumn"] = source.column
        physical["region"] = region
    loc: dict[str, Any] = {"physicalLocation": physical}
    if ident is not None:
        loc["id"] = ident
    if message:
        loc["message"] = {"text": message}
    return loc


def _suppressions(suppressed: bool) -> dict[str, Any]:
    if not suppressed:
        return {}
    return {"suppressions": [{"kind": "external", "status": "accepted",
                              "justification": "accepted in the tieout baseline"}]}


def _evaluation_result(ev: Evaluation, doc_path: str, rule_index: int) -> dict[str, Any]:
    related = [
        _location(op.source, doc_path,
                  f"{op.label} ({op.concept or 'unmapped'}) = {number(op.value)}{where_note(op.source, doc_path)}", i)
        for i, op in enumerate(ev.operands, 1)
        if op.source is not None
    ]
    result: dict[str, Any] = {
        "ruleId": ev.rule_id,
        "ruleIndex": rule_index,
        "level": _LEVELS.get(ev.severity, "error"),
        "message": {"text": ". ".join(t for t in (describe(ev) + where_note(ev.source, doc_path), ev.message,
                                                   *ev.notes) if t)},
        "locations": [_location(ev.source, doc_path)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(ev, doc_path)},
        "properties": {
            "period": ev.period.key() if ev.period else None,
            "concept": ev.target.concept if ev.target else None,
            "expression": ev.expression,
            "reported": number(ev.reported),
            "computed": number(ev.computed),
            "difference": number(ev.difference),
            "tolerance": number(ev.tolerance),
        },
        **_suppressions(ev.suppressed),
    }
    if related:
        result["relatedLocations"] = related
    return result


def _finding_result(finding: Finding, doc_path: str, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f"tieout/{finding.code}",
        "ruleIndex": rule_index,
        "level": _LEVELS.get(finding.severity, "note"),
        "message": {"text": finding.message},
        "locations": [_location(finding.source, doc_path)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding, doc_path)},
        **_suppressions(finding.suppressed),
    }
    related = [_location(s, doc_path, "related figure", i) for i, s in enumerate(finding.related, 1)]
    if related:
        result["relatedLocations"] = related
    return result


@register("sarif")
def render_sarif(run: RunResult, options: ReportOptions) -> str:
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}

    def rule_index(rule_id: str, title: str, level: str) -> int:
        if rule_id not in index:
            index[rule_id] = len(rules)
            rules.append({"id": rule_id, "name": title.title().replace(" ", "") or rule_id,
                          "shortDescription": {"text": title or rule_id},
                          "defaultConfiguration": {"level": _LEVELS.get(level, "warning")}})
        return index[rule_id]

    results = []
    for doc in run.documents:
        path = doc.document.path
        for ev in doc.evaluations:
            if ev.status == FAIL:
                results.append(_evaluation_result(ev, path, rule_index(ev.rule_id, ev.title, ev.severity)))
        for finding in doc.findings:
            rid = f"tieout/{finding.code}"
            results.append(_finding_result(finding, path, rule_index(rid, finding.code, finding.severity)))
    driver: dict[str, Any] = {
        "name": "tieout",
        "version": options.tool_version or _version(),
        "rules": rules,
    }
    if options.rule_pack_version:
        driver["properties"] = {"rulePackVersion": options.rule_pack_version}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(os.getcwd()).resolve().as_uri() + "/"}},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2) + "\n"


def _version() -> str:
    from checker import __version__

    return __version__
