"""The readable tie-out report: by statement and period, one line per rule evaluation.

Figures are shown in the statement's own scale (a table in thousands shows
142,322, not 142,322,000), so the report reads against the printed page.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from checker.engine.results import FAIL, PASS, SKIPPED, DocumentResult, Evaluation, RunResult
from checker.facts import Source
from checker.formatting import fmt
from checker.reports import ReportOptions, register

_STATUS = {PASS: "pass", FAIL: "FAIL", SKIPPED: "skip"}
_SCALE_WORD = {0: "", 3: "in thousands", 6: "in millions", 9: "in billions"}


def display_scale(ev: Evaluation) -> int:
    fact = ev.target.fact if ev.target else None
    if fact is None or fact.decimals is None or fact.decimals > -3:
        return 0
    return (-fact.decimals // 3) * 3


def shown(value: Fraction | None, scale: int, places: int | None = None) -> str:
    if value is None:
        return "—"
    v = value / Fraction(10) ** scale
    if places is not None:
        return fmt(v, places)
    if v.denominator == 1:
        return fmt(v, 0)
    return fmt(v, 4 if scale == 0 and abs(v) < 10 else 1)


@register("text")
def render_text(run: RunResult, options: ReportOptions) -> str:
    out: list[str] = []
    for doc in run.documents:
        out.extend(_document(doc, options))
        out.append("")
    out.append(_run_summary(run))
    return "\n".join(out) + "\n"


def _document(res: DocumentResult, options: ReportOptions) -> list[str]:
    doc = res.document
    lines = [f"== {doc.path}" + (f" ({doc.entity})" if doc.entity else "")]
    if options.rule_pack_version:
        lines.append(f"   rules: {options.rule_pack_version}")
    groups: dict[str | None, dict[str, list[Evaluation]]] = defaultdict(lambda: defaultdict(list))
    for ev in res.evaluations:
        groups[ev.statement][ev.period.describe() if ev.period else ""].append(ev)
    statements = {s.id: s for s in doc.statements}
    order = [s.id for s in doc.statements] + [k for k in groups if k not in statements]
    # titles up to 72 characters stay whole ("Total assets foots (Machinery, Energy & Transportation)")
    width = min(72, max([48, *(len(ev.title) for ev in res.evaluations)]))
    for sid in order:
        if sid not in groups:
            continue
        st = statements.get(sid)
        if st is not None:
            scale = _SCALE_WORD.get(st.scale, f"x10^{st.scale}")
            lines.append("")
            lines.append(f"{st.title}  [{st.kind}{', ' + scale if scale else ''}; {_where(st.source) or 'line ?'}]")
        else:
            lines.append("")
            lines.append("Other evaluations")
        for period, evs in sorted(groups[sid].items(), key=lambda kv: kv[0]):
            lines.append(f"  {period}")
            for ev in sorted(evs, key=lambda e: (e.status != FAIL, e.source.line if e.source else 0)):
                lines.append(_line(ev, width))
    if res.findings:
        lines.append("")
        lines.append("Findings")
        rank = {"error": 0, "warning": 1, "info": 2}
        for f in sorted(res.findings, key=lambda f: (rank.get(f.severity, 3), f.source.line if f.source else 0)):
            where = _where(f.source)
            mark = " (suppressed)" if f.suppressed else ""
            lines.append(f"  {f.severity:<7} {f.code:<9} {where:<{_width(where)}} {f.message}{mark}")
    c = res.counts()
    facts = [f for f in doc.facts if f.value is not None]
    lines.append("")
    lines.append(
        f"{doc.path}: {len(doc.statements)} statements, {len(facts)} facts ({res.mapped_ratio:.0%} mapped), "
        f"{len(doc.noise)} noise rows; evaluations: {c[PASS]} passed, {c[FAIL]} failed, {c[SKIPPED]} skipped"
    )
    return lines


def _where(source: Source | None) -> str:
    """'line 42', or 'p.2 line 14' for a PDF, whose lines are counted per page."""
    return source.where if source is not None else ""


def _width(where: str) -> int:
    return 9 if not where.startswith("p.") else 15


def _line(ev: Evaluation, width: int = 48) -> str:
    scale = display_scale(ev)
    where = _where(ev.source)
    mark = " (suppressed)" if ev.suppressed else ""
    head = f"    {_STATUS[ev.status]:<4} {ev.rule_id:<7} {ev.title[:width]:<{width}} {where:<{_width(where)}}"
    if ev.status == SKIPPED:
        text = f"{head} {ev.reason or ''}"
    else:
        fact = ev.target.fact if ev.target else None
        places = fact.decimals if fact is not None and fact.decimals is not None and fact.decimals > 0 else None
        extra = places + 2 if places is not None else None
        if ev.relation == "==":
            text = (
                f"{head} reported {shown(ev.reported, scale, places):>10}  computed {shown(ev.computed, scale, extra):>10}  "
                f"diff {shown(ev.difference, scale, extra):>7}  tolerance {shown(ev.tolerance, scale, extra)}"
            )
        else:  # an inequality bounds the figure: the bound, and how far past it only when it fails
            text = f"{head} reported {shown(ev.reported, scale, places):>10}  {ev.relation:>2} {shown(ev.computed, scale, extra):>14}"
            if ev.status == FAIL:
                text += f"  off by {shown(abs(ev.difference or 0), scale, extra)}  tolerance {shown(ev.tolerance, scale, extra)}"
    if ev.status == FAIL:
        text += f"\n           {ev.message}"
        for name, (lo, hi) in list(ev.implied.items())[:6]:
            label = next((o.label for o in [*([ev.target] if ev.target else []), *ev.operands] if o.name == name), name)
            text += f"\n           implied {label}: {shown((lo + hi) / 2, scale)}"
    for note in ev.notes:
        text += f"\n           {note}"
    return text + mark


def _run_summary(run: RunResult) -> str:
    totals = {PASS: 0, FAIL: 0, SKIPPED: 0}
    for d in run.documents:
        for k, v in d.counts().items():
            totals[k] += v
    lines = []
    if len(run.documents) > 1:
        lines.append("Summary")
        for d in run.documents:
            c = d.counts()
            if not d.document.statements:
                lines.append(f"  {d.document.path}: {d.findings[0].message if d.findings else 'no statement'}")
                continue
            lines.append(
                f"  {d.document.path}: {len(d.document.statements)} statements, "
                f"{sum(1 for f in d.document.facts if f.value is not None)} facts, {d.mapped_ratio:.0%} mapped, "
                f"{c[PASS]} passed / {c[FAIL]} failed / {c[SKIPPED]} skipped"
            )
    lines.append(
        f"tieout: {len(run.documents)} document(s), {run.rules_defined} rules; "
        f"{totals[PASS]} passed, {totals[FAIL]} failed, {totals[SKIPPED]} skipped"
    )
    return "\n".join(lines)
