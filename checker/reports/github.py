"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per result.

GitHub parses these lines from the job log, so property values and messages must be
escaped exactly as the runner expects (`%`, CR, LF everywhere; `:` and `,` in
properties too) or a label with a comma silently cuts the annotation short.
"""

from __future__ import annotations

import os
from pathlib import Path

from checker.engine.results import FAIL, RunResult
from checker.reports import ReportOptions, register
from checker.reports.display import describe, locate, where_note

_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Message text: the runner's `escapeData`."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Property values (file, title): the runner's `escapeProperty`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, file: str | None = None, line: int | None = None,
            title: str | None = None) -> str:
    props = []
    if file:
        props.append(f"file={escape_property(file)}")
    if line:
        props.append(f"line={line}")
    if title:
        props.append(f"title={escape_property(title)}")
    head = f"::{level} {','.join(props)}" if props else f"::{level}"
    return f"{head}::{escape_data(message)}"


def _relative(path: str) -> str:
    """GitHub resolves annotation paths against the workspace root."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    try:
        return str(Path(path).resolve().relative_to(Path(workspace or os.getcwd()).resolve()))
    except ValueError:
        return path


@register("github")
def render_github(run: RunResult, options: ReportOptions) -> str:
    """Annotations for failures and findings; appends the Markdown summary when GitHub asks for one."""
    lines = []
    for doc in run.documents:
        for ev in doc.evaluations:
            if ev.status != FAIL or ev.suppressed:
                continue
            path, line = locate(ev.source, doc.document.path)
            text = "\n".join(t for t in (describe(ev) + where_note(ev.source, doc.document.path), ev.message,
                                          *ev.notes) if t)
            lines.append(command(_LEVELS.get(ev.severity, "error"), text, _relative(path), line,
                                 f"{ev.rule_id} {ev.title}"))
        for finding in doc.findings:
            if finding.suppressed or (finding.severity == "info" and not options.verbose):
                continue  # GitHub shows few annotations per step: keep them for what needs a look
            path, line = locate(finding.source, doc.document.path)
            lines.append(command(_LEVELS.get(finding.severity, "notice"), finding.message, _relative(path), line,
                                 f"tieout {finding.code}"))
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path and not options.extra.get("no_step_summary"):
        from checker.reports.markdown import render_markdown

        with open(summary_path, "a", encoding="utf-8") as fh:
            fh.write(render_markdown(run, options) + "\n")
        options.extra["no_step_summary"] = True  # once per run, even if github is also an --output
    return "\n".join(lines) + ("\n" if lines else "")
