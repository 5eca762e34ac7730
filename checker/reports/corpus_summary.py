"""Corpus views of a run: a summary (failure rate per rule, worst filings) and a CSV of every failure.

Written for FSDS quarters (hundreds of filings, where a per-document listing is
too long to read) but computed from `RunResult` alone, so a folder run gets the
same summary.
"""

from __future__ import annotations

import csv
import io

from checker.engine.results import FAIL, PASS, SKIPPED, RunResult
from checker.formatting import fmt
from checker.reports import ReportOptions, register

WORST = 10


@register("summary")
def render_summary(run: RunResult, options: ReportOptions) -> str:
    counts: dict[str, dict[str, int]] = {}
    titles: dict[str, str] = {}
    failing: dict[str, set[str]] = {}
    per_doc: list[tuple[int, int, str]] = []
    for rid, title in options.extra.get("rules", []) or []:  # type: ignore[union-attr]
        counts.setdefault(rid, {PASS: 0, FAIL: 0, SKIPPED: 0})
        titles[rid] = title
    for d in run.documents:
        fails = 0
        evaluated = 0
        for ev in d.evaluations:
            row = counts.setdefault(ev.rule_id, {PASS: 0, FAIL: 0, SKIPPED: 0})
            titles.setdefault(ev.rule_id, ev.title)
            row[ev.status] += 1
            if ev.status == FAIL:
                fails += 1
                failing.setdefault(ev.rule_id, set()).add(d.document.path)
            if ev.status != SKIPPED:
                evaluated += 1
        for rid, by_status in d.tallies.items():
            row = counts.setdefault(rid, {PASS: 0, FAIL: 0, SKIPPED: 0})
            titles.setdefault(rid, rid)
            for status, n in by_status.items():
                row[status] += n
                if status == FAIL:
                    fails += n
                    failing.setdefault(rid, set()).add(d.document.path)
                if status != SKIPPED:
                    evaluated += n
        per_doc.append((fails, evaluated, d.document.path))
    lines = [f"tieout corpus summary: {len(run.documents)} filings, {len(counts)} rules"]
    if any(d.document.format == "fsds" for d in run.documents):
        lines.append("note: FSDS values carry no decimals; precision inferred from trailing zeros (at most millions)")
    if options.rule_pack_version:
        lines.append(f"rules: {options.rule_pack_version}")
    lines.append("")
    lines.append(f"{'rule':<10} {'evaluated':>9} {'passed':>7} {'failed':>7} {'skipped':>8} {'fail rate':>9} {'filings':>8}  title")
    for rid, row in counts.items():
        evaluated = row[PASS] + row[FAIL]
        rate = f"{row[FAIL] / evaluated:.1%}" if evaluated else "-"
        lines.append(
            f"{rid:<10} {evaluated:>9} {row[PASS]:>7} {row[FAIL]:>7} {row[SKIPPED]:>8} {rate:>9} {len(failing.get(rid, ())):>8}  {titles[rid]}"
        )
    worst = sorted((p for p in per_doc if p[0]), key=lambda p: (-p[0], p[2]))[:WORST]
    if worst:
        lines.append("")
        lines.append(f"Worst filings (most failures, top {WORST})")
        for fails, evaluated, path in worst:
            lines.append(f"  {fails:>4} failed of {evaluated:>4}  {path}")
    total = {k: sum(r[k] for r in counts.values()) for k in (PASS, FAIL, SKIPPED)}
    lines.append("")
    lines.append(
        f"tieout: {len(run.documents)} filing(s), {run.rules_defined} rules; "
        f"{total[PASS]} passed, {total[FAIL]} failed, {total[SKIPPED]} skipped"
    )
    return "\n".join(lines) + "\n"


CSV_COLUMNS = (
    "document", "company", "form", "filing_period", "rule", "severity", "period", "reported", "computed",
    "difference", "tolerance", "concept", "source", "notes", "message",
)


@register("failures-csv")
def render_failures_csv(run: RunResult, options: ReportOptions) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for d in run.documents:
        extra = d.document.extra
        for ev in d.evaluations:
            if ev.status != FAIL:
                continue
            writer.writerow([
                d.document.path, extra.get("company", d.document.entity or ""), extra.get("form", ""), extra.get("period", ""),
                ev.rule_id, ev.severity, ev.period.key() if ev.period else "", fmt(ev.reported), fmt(ev.computed),
                fmt(ev.difference), fmt(ev.tolerance), ev.target.concept if ev.target and ev.target.concept else "",
                str(ev.source) if ev.source else "", "; ".join(ev.notes), ev.message,
            ])
    return buf.getvalue()
