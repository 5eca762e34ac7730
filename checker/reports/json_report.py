"""Machine-readable results, in the versioned shape `schema.py` builds and documents.

The payload (statements, facts, every evaluation, findings, summary) and its JSON
Schema live in `schema.py` and `json_schema/`, so this module only serialises it;
`fact` stays importable for `tieout facts --format json`.
"""

from __future__ import annotations

import json

from checker.engine.results import RunResult
from checker.reports import ReportOptions, register
from checker.reports.schema import SCHEMA_VERSION, report_payload
from checker.reports.schema import fact_json as fact

__all__ = ["SCHEMA_VERSION", "fact", "render_json"]


@register("json")
def render_json(run: RunResult, options: ReportOptions) -> str:
    return json.dumps(report_payload(run, options), indent=2, ensure_ascii=False) + "\n"
