"""The versioned JSON form of a run, shared by the JSON report and every machine format.

CI scripts and dashboards parse this, so its shape is a contract: it is described by
`json_schema/tieout-report-1.json` and any change to it bumps `SCHEMA_VERSION` (a new
field is a minor bump, a removed or renamed one a major bump and a new schema file).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

from checker.engine.results import (
    FAIL,
    PASS,
    SKIPPED,
    DocumentResult,
    Evaluation,
    Finding,
    Operand,
    RunResult,
)
from checker.facts import Fact, Period, Row, Source, Statement
from checker.reports import ReportOptions
from checker.reports.fingerprints import fingerprint

SCHEMA_VERSION = "1.1"  # 1.1: per-document "error" (folder runs go on past a bad document)
SCHEMA_ID = "https://tieout.invalid/schemas/tieout-report-1.json"


def load_schema() -> dict[str, Any]:
    """The JSON Schema this payload follows, as shipped inside the package."""
    text = resources.files("checker.reports").joinpath("json_schema/tieout-report-1.json").read_text("utf-8")
    return json.loads(text)


def number(value: Fraction | None) -> int | float | None:
    """Exact integers stay integers; other fractions become floats (12 significant digits)."""
    if value is None:
        return None
    if value.denominator == 1:
        return int(value)
    return float(f"{float(value):.12g}")


def period_json(period: Period | None) -> dict[str, Any] | None:
    if period is None:
        return None
    return {
        "key": period.key(),
        "kind": period.kind,
        "start": period.start.isoformat() if period.start else None,
        "end": period.end.isoformat(),
    }


def source_json(source: Source | None) -> dict[str, Any] | None:
    if source is None:
        return None
    return {"file": source.file, "line": source.line, "column": source.column, "page": source.page}


def fact_json(fact: Fact) -> dict[str, Any]:
    return {
        "label": fact.label,
        "concept": fact.concept,
        "value": None if fact.value is None else str(fact.value),
        "printed": fact.printed,
        "decimals": fact.decimals,
        "unit": fact.unit,
        "period": period_json(fact.period),
        "statement": fact.statement,
        "dimensions": {k: v for k, v in fact.dimensions},
        "extension": fact.extension,
        "source": source_json(fact.source),
    }


def _row_json(row: Row) -> dict[str, Any]:
    return {
        "label": row.label,
        "line": row.line,
        "kind": row.kind,
        "concept": row.concept,
        "depth": row.depth,
        "figures": {key: fact.printed or (None if fact.value is None else str(fact.value))
                    for key, fact in row.facts.items()},
    }


def statement_json(statement: Statement) -> dict[str, Any]:
    return {
        "id": statement.id,
        "title": statement.title,
        "kind": statement.kind,
        "scale": statement.scale,
        "periods": [period_json(p) for p in statement.periods],
        "source": source_json(statement.source),
        "rows": [_row_json(r) for r in statement.rows],
        "unmapped": [_row_json(r) for r in statement.unmapped],
    }


def _operand_json(op: Operand) -> dict[str, Any]:
    return {
        "name": op.name,
        "concept": op.concept,
        "label": op.label,
        "value": number(op.value),
        "low": number(op.low),
        "high": number(op.high),
        "source": source_json(op.source),
    }


def source_lines(ev: Evaluation) -> list[int]:
    """Every line of the document an evaluation read, target first."""
    ops = ([ev.target] if ev.target else []) + list(ev.operands)
    lines: list[int] = []
    for op in ops:
        if op.source is not None and op.source.line not in lines:
            lines.append(op.source.line)
    return lines


def evaluation_json(ev: Evaluation, document_path: str) -> dict[str, Any]:
    return {
        "rule": ev.rule_id,
        "title": ev.title,
        "message": ev.message,
        "severity": ev.severity,
        "status": ev.status,
        "reason": ev.reason,
        "expression": ev.expression,
        "statement": ev.statement,
        "statement_title": ev.statement_title,
        "period": period_json(ev.period),
        "unit": ev.unit,
        "reported": number(ev.reported),
        "reported_range": [number(ev.reported_low), number(ev.reported_high)]
        if ev.reported_low is not None else None,
        "computed": number(ev.computed),
        "computed_range": [number(ev.computed_low), number(ev.computed_high)]
        if ev.computed_low is not None else None,
        "difference": number(ev.difference),
        "tolerance": number(ev.tolerance),
        "source": source_json(ev.source),
        "source_lines": source_lines(ev),
        "target": _operand_json(ev.target) if ev.target else None,
        "operands": [_operand_json(op) for op in ev.operands],
        "implied": {name: [number(lo), number(hi)] for name, (lo, hi) in ev.implied.items()},
        "notes": list(ev.notes),
        "suppressed": ev.suppressed,
        "fingerprint": fingerprint(ev, document_path),
    }


def finding_json(finding: Finding, document_path: str) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity,
        "message": finding.message,
        "source": source_json(finding.source),
        "related": [source_json(s) for s in finding.related],
        "period": period_json(finding.period),
        "concept": finding.concept,
        "suppressed": finding.suppressed,
        "fingerprint": fingerprint(finding, document_path),
    }


def summary(run: RunResult) -> dict[str, int]:
    """Counts an auditor or a CI gate reads first; suppressed failures are not failures."""
    evs = [ev for d in run.documents for ev in d.evaluations]
    findings = [f for d in run.documents for f in d.findings]
    return {
        "documents": len(run.documents),
        "rules_defined": run.rules_defined,
        "rules_evaluated": len({ev.rule_id for ev in evs if ev.status != SKIPPED}),
        "evaluations": len(evs),
        "passed": sum(ev.status == PASS for ev in evs),
        "failed": sum(ev.status == FAIL and not ev.suppressed for ev in evs),
        "skipped": sum(ev.status == SKIPPED for ev in evs),
        "suppressed": sum(ev.suppressed for ev in evs) + sum(f.suppressed for f in findings),
        "findings": len(findings),
        "errors": sum(ev.status == FAIL and not ev.suppressed and ev.severity == "error" for ev in evs)
        + sum(f.severity == "error" and not f.suppressed for f in findings),
        "warnings": sum(ev.status == FAIL and not ev.suppressed and ev.severity == "warning" for ev in evs)
        + sum(f.severity == "warning" and not f.suppressed for f in findings),
    }


def inputs_sha256(run: RunResult) -> str:
    """One hash over every input file, so a working paper names exactly what it checked."""
    digest = hashlib.sha256()
    for doc in run.documents:
        path = Path(doc.document.path)
        digest.update(path.name.encode("utf-8") + b"\0")
        if path.is_file():
            digest.update(path.read_bytes())
        else:
            digest.update("\n".join(doc.document.text_lines).encode("utf-8"))
    return digest.hexdigest()


def run_metadata(run: RunResult, options: ReportOptions) -> dict[str, Any]:
    """Tool, rule pack, inputs hash and time; the CLI may fix the time in options.extra."""
    generated = options.extra.get("generated_at")
    if not isinstance(generated, str):
        generated = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    return {
        "tool": {"name": "tieout", "version": options.tool_version or _tool_version()},
        "rule_pack_version": options.rule_pack_version or None,
        "generated_at": generated,
        "inputs_sha256": inputs_sha256(run),
    }


def _tool_version() -> str:
    from checker import __version__

    return __version__


def document_json(result: DocumentResult) -> dict[str, Any]:
    doc = result.document
    return {
        "path": doc.path,
        "format": doc.format,
        "entity": doc.entity,
        "error": result.error,
        "statements": [statement_json(s) for s in doc.statements],
        "facts": [fact_json(f) for f in doc.facts],
        "evaluations": [evaluation_json(ev, doc.path) for ev in result.evaluations],
        "findings": [finding_json(f, doc.path) for f in result.findings],
        "noise": [{"source": source_json(n.source), "text": n.text, "reason": n.reason} for n in doc.noise],
        "summary": {**result.counts(), "facts": len(doc.facts), "mapped": round(result.mapped_ratio, 4),
                    "noise": len(doc.noise)},
    }


def report_payload(run: RunResult, options: ReportOptions) -> dict[str, Any]:
    """The whole run as plain JSON data, conforming to `load_schema()`."""
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        **run_metadata(run, options),
        "documents": [document_json(d) for d in run.documents],
        "summary": summary(run),
    }
