"""Machine-readable results: per document its statements, facts, evaluations, findings, summary."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from checker.engine.results import DocumentResult, Evaluation, Finding, Operand, RunResult
from checker.facts import Fact, Period, Source
from checker.reports import ReportOptions, register

SCHEMA_VERSION = "1.0"


def num(value: Fraction | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value.denominator == 1 else float(value)


def period(p: Period | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"type": p.kind, "start": p.start.isoformat() if p.start else None, "end": p.end.isoformat(), "key": p.key()}


def source(s: Source | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"file": s.file, "line": s.line, "column": s.column, "page": s.page}


def fact(f: Fact) -> dict[str, Any]:
    return {
        "concept": f.concept,
        "label": f.label,
        "value": None if f.value is None else str(f.value),
        "period": period(f.period),
        "unit": f.unit,
        "decimals": f.decimals,
        "statement": f.statement,
        "extension": f.extension,
        "dimensions": dict(f.dimensions),
        "source": source(f.source),
    }


def operand(o: Operand | None) -> dict[str, Any] | None:
    if o is None:
        return None
    return {"name": o.name, "concept": o.concept, "label": o.label, "value": num(o.value), "low": num(o.low), "high": num(o.high), "source": source(o.source)}


def evaluation(ev: Evaluation) -> dict[str, Any]:
    return {
        "rule": ev.rule_id,
        "title": ev.title,
        "status": ev.status,
        "severity": ev.severity,
        "message": ev.message,
        "reason": ev.reason,
        "expression": ev.expression,
        "statement": ev.statement,
        "period": period(ev.period),
        "unit": ev.unit,
        "reported": num(ev.reported),
        "computed": num(ev.computed),
        "difference": num(ev.difference),
        "tolerance": num(ev.tolerance),
        "reported_range": [num(ev.reported_low), num(ev.reported_high)] if ev.reported_low is not None else None,
        "computed_range": [num(ev.computed_low), num(ev.computed_high)] if ev.computed_low is not None else None,
        "target": operand(ev.target),
        "operands": [operand(o) for o in ev.operands],
        "implied": {k: [num(lo), num(hi)] for k, (lo, hi) in ev.implied.items()},
        "notes": list(ev.notes),
        "suppressed": ev.suppressed,
    }


def finding(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity,
        "message": f.message,
        "source": source(f.source),
        "related": [source(r) for r in f.related],
        "period": period(f.period),
        "concept": f.concept,
        "suppressed": f.suppressed,
    }


def document(d: DocumentResult) -> dict[str, Any]:
    doc = d.document
    return {
        "path": doc.path,
        "format": doc.format,
        "entity": doc.entity,
        "statements": [
            {"id": s.id, "title": s.title, "kind": s.kind, "scale": s.scale, "periods": [period(p) for p in s.periods],
             "line": s.source.line if s.source else None, "unmapped": [r.label for r in s.unmapped]}
            for s in doc.statements
        ],
        "facts": [fact(f) for f in doc.facts],
        "evaluations": [evaluation(e) for e in d.evaluations],
        "findings": [finding(f) for f in d.findings],
        "summary": {**d.counts(), "facts": len(doc.facts), "mapped": round(d.mapped_ratio, 4), "noise": len(doc.noise)},
    }


def as_dict(run: RunResult, options: ReportOptions) -> dict[str, Any]:
    docs = [document(d) for d in run.documents]
    totals = {k: sum(d["summary"][k] for d in docs) for k in ("pass", "fail", "skipped")}
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "tieout", "version": options.tool_version},
        "rule_packs": options.rule_pack_version,
        "documents": docs,
        "summary": {"documents": len(docs), "rules_defined": run.rules_defined, **totals},
    }


@register("json")
def render_json(run: RunResult, options: ReportOptions) -> str:
    return json.dumps(as_dict(run, options), indent=2) + "\n"
