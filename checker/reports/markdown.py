"""The working paper as Markdown, for a pull-request comment, a wiki or a CI step summary."""

from __future__ import annotations

from checker.engine.results import RunResult
from checker.reports import ReportOptions, register
from checker.reports.workpaper import DocumentPaper, Workpaper, build

_STATUS = {"exception": "**EXCEPTION**", "accepted": "accepted (baseline)", "skipped": "skipped", "pass": "pass"}


def cell(text: object) -> str:
    """A table cell: pipes escaped, newlines flattened, so a label never breaks the table."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("\r", " ")


def _table(header: list[str], rows: list[list[str]], right: tuple[int, ...] = ()) -> list[str]:
    """A pipe table; `right` lists the columns of figures, aligned right as in a schedule."""
    align = ["---:" if i in right else "---" for i in range(len(header))]
    out = ["| " + " | ".join(cell(h) for h in header) + " |", "| " + " | ".join(align) + " |"]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return out


def _document(doc: DocumentPaper) -> list[str]:
    out = [f"## {cell(doc.entity or doc.path)}", "", f"Document: `{doc.path}`  ", f"Periods: {', '.join(doc.periods)}", ""]
    if doc.error:
        out += [f"> **Not checked:** {cell(doc.error)}", ""]
    checks = doc.checks
    exceptions = [c for c in checks if c.status in ("exception", "accepted")]
    out += ["### Exceptions", ""]
    if exceptions:
        out += _table(
            ["Status", "Rule", "Check", "Period", "Reported", "Computed", "Difference", "Tolerance", "Source lines"],
            [[_STATUS[c.status], c.rule_id, c.message + "".join(f" — {n}" for n in c.notes), c.period, c.reported,
              c.computed, c.difference, c.tolerance, f"{c.file.rsplit('/', 1)[-1]}: " + ", ".join(map(str, c.lines))]
             for c in exceptions], right=(4, 5, 6, 7))
    else:
        out.append("No exceptions.")
    out.append("")
    for sched in doc.schedules:
        out += [f"### {cell(sched.title)}", ""]
        if sched.scale_note:
            out += [f"_({sched.scale_note})_", ""]
        out += _table(["Line", "Item", *sched.columns],
                      [[str(r.line), ("**" + r.label + "**") if r.kind == "total" else r.label,
                        *[(c.printed + (" " + " ".join(f"`{t}`" for t in c.ticks) if c.ticks else "")) for c in r.cells]]
                       for r in sched.rows], right=tuple(range(2, 2 + len(sched.columns))))
        out.append("")
    out += ["### Evaluations", ""]
    out += _table(["Status", "Rule", "Tick", "Check", "Period", "Reported", "Computed", "Difference", "Tolerance",
                   "Lines"],
                  [[_STATUS[c.status], c.rule_id, c.tick if c.status == "pass" else "", c.message
                    + (f" — {c.reason}" if c.reason else ""), c.period, c.reported, c.computed, c.difference,
                    c.tolerance, ", ".join(map(str, c.lines))] for c in checks], right=(5, 6, 7, 8))
    out.append("")
    if doc.findings:
        out += ["### Findings", ""]
        out += _table(["Severity", "Code", "Message", "Where"], [list(f) for f in doc.findings])
        out.append("")
    return out


def render_paper(paper: Workpaper) -> str:
    meta = paper.meta
    tool = meta["tool"]
    out = [
        "# tieout working paper", "",
        f"- Tool: tieout {tool['version']}",  # type: ignore[index]
        f"- Rule pack: {meta['rule_pack_version'] or 'built-in'}",
        f"- Inputs SHA-256: `{meta['inputs_sha256']}`",
        f"- Run at: {meta['generated_at']}", "",
        "## Summary", "",
    ]
    s = paper.summary
    out += _table(["Rules defined", "Rules evaluated", "Evaluations", "Passed", "Failed", "Skipped", "Suppressed",
                   "Findings"],
                  [[str(s[k]) for k in ("rules_defined", "rules_evaluated", "evaluations", "passed", "failed",
                                        "skipped", "suppressed", "findings")]], right=tuple(range(8)))
    out.append("")
    for doc in paper.documents:
        out += _document(doc)
    out += ["### Legend", ""] + [f"- `{mark}` {text}" for mark, text in paper.legend] + [""]
    return "\n".join(out)


@register("markdown")
def render_markdown(run: RunResult, options: ReportOptions) -> str:
    return render_paper(build(run, options))
