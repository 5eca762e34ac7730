"""The working paper as one self-contained HTML file an auditor can open, print or archive.

No network, no external CSS or JS: the styles are inline and a Content-Security-Policy
forbids every fetch, so the file renders the same offline in ten years as today.
"""

from __future__ import annotations

from html import escape

from checker.engine.results import RunResult
from checker.reports import ReportOptions, register
from checker.reports.workpaper import LEGEND, CheckLine, DocumentPaper, Schedule, Workpaper, build

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_TICK_NAMES = dict(LEGEND)

_CSS = """
body{font:14px/1.4 Georgia,'Times New Roman',serif;margin:2em auto;max-width:70em;color:#111;padding:0 1em}
h1{font-size:1.6em;border-bottom:3px double #333;padding-bottom:.2em}
h2{font-size:1.3em;margin-top:2em;border-bottom:1px solid #999}
h3{font-size:1.1em;margin-top:1.5em}
table{border-collapse:collapse;margin:.5em 0 1em;width:100%}
th,td{border:1px solid #bbb;padding:.2em .5em;vertical-align:top}
th{background:#eee;text-align:left}
td.num{text-align:right;font-family:'Courier New',monospace;white-space:nowrap}
td.line{color:#666;text-align:right;font-family:monospace}
tr.total td{font-weight:bold;border-top:2px solid #333}
tr.exception td{background:#fde2e2}
tr.exception td.status{color:#a00;font-weight:bold}
tr.accepted td{background:#fff4d6}
tr.skipped td{color:#555;font-style:italic}
.tick{display:inline-block;min-width:1.1em;margin-left:.2em;padding:0 .15em;border-radius:.3em;font:bold 11px sans-serif;
 text-align:center;color:#fff;background:#2b6cb0}
.tick-E{background:#c00}.tick-A{background:#b7791f}.tick-N{background:#2f855a}.tick-R{background:#6b46c1}
.tick-X{background:#2c7a7b}.tick-Q{background:#718096}
dl.meta{display:grid;grid-template-columns:max-content auto;gap:.1em 1em}dl.meta dt{font-weight:bold}
dl.meta dd{margin:0;font-family:monospace;word-break:break-all}
.summary td{text-align:center;font-size:1.2em}
p.error{background:#fde2e2;border-left:4px solid #c00;padding:.4em .8em;font-weight:bold}
@media print{body{margin:0;max-width:none}tr.exception td{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""


def _tick(mark: str) -> str:
    css = "Q" if mark == "?" else mark
    return f'<span class="tick tick-{css}" title="{escape(_TICK_NAMES.get(mark, mark))}">{escape(mark)}</span>'


def _schedule(s: Schedule) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in s.columns)
    body = []
    for r in s.rows:
        cells = "".join(f'<td class="num">{escape(c.printed)}{"".join(_tick(t) for t in c.ticks)}</td>' for c in r.cells)
        body.append(f'<tr class="{escape(r.kind)}"><td class="line">{r.line}</td><td>{escape(r.label)}</td>{cells}</tr>')
    note = f" <small>({escape(s.scale_note)})</small>" if s.scale_note else ""
    return (f"<h3>{escape(s.title)}{note}</h3>\n<table class=\"schedule\"><thead><tr><th>Line</th><th>Item</th>{head}"
            f"</tr></thead><tbody>\n" + "\n".join(body) + "\n</tbody></table>")


_STATUS = {"exception": "EXCEPTION", "accepted": "accepted (baseline)", "skipped": "skipped", "pass": "pass"}


def _checks(checks: list[CheckLine], cls: str) -> str:
    rows = []
    for c in checks:
        detail = escape(c.message)
        if c.reason:
            detail += f"<br><small>{escape(c.reason)}</small>"
        for note in c.notes:
            detail += f"<br><small>{escape(note)}</small>"
        where = (f'<span title="{escape(c.file)}">line{"s" if len(c.lines) > 1 else ""} '
                 f'{", ".join(map(str, c.lines))}</span>') if c.lines else ""
        tick = _tick(c.tick) if c.status == "pass" else (_tick("E") if c.status == "exception" else "")
        rows.append(
            f'<tr class="{c.status}"><td class="status">{_STATUS[c.status]}</td><td>{escape(c.rule_id)}</td>'
            f"<td>{tick}</td><td>{detail}</td><td>{escape(c.period)}</td><td class=\"num\">{escape(c.reported)}</td>"
            f'<td class="num">{escape(c.computed)}</td><td class="num">{escape(c.difference)}</td>'
            f'<td class="num">{escape(c.tolerance)}</td><td class="line">{where}</td></tr>'
        )
    return (f'<table class="{cls}"><thead><tr><th>Status</th><th>Rule</th><th>Tick</th><th>Check</th><th>Period</th>'
            "<th>Reported</th><th>Computed</th><th>Difference</th><th>Tolerance</th><th>Source</th></tr></thead>"
            "<tbody>\n" + "\n".join(rows) + "\n</tbody></table>")


def _document(doc: DocumentPaper) -> str:
    parts = [f"<section class=\"document\"><h2>{escape(doc.entity or doc.path)}</h2>",
             f'<dl class="meta"><dt>Document</dt><dd>{escape(doc.path)}</dd><dt>Entity</dt>'
             f"<dd>{escape(doc.entity or 'not stated')}</dd><dt>Periods</dt><dd>{escape('; '.join(doc.periods))}</dd></dl>"]
    if doc.error:
        parts.append(f'<p class="error">Not checked: {escape(doc.error)}</p>')
    exceptions = [c for c in doc.checks if c.status in ("exception", "accepted")]
    parts.append('<h3 id="exceptions">Exceptions</h3>')
    parts.append(_checks(exceptions, "exceptions") if exceptions else "<p>No exceptions.</p>")
    parts += [_schedule(s) for s in doc.schedules]
    parts.append("<h3>Evaluations</h3>")
    parts.append(_checks(doc.checks, "evaluations"))
    if doc.findings:
        rows = "".join(f"<tr><td>{escape(s)}</td><td>{escape(c)}</td><td>{escape(m)}</td><td>{escape(w)}</td></tr>"
                       for s, c, m, w in doc.findings)
        parts.append("<h3>Findings</h3><table class=\"findings\"><thead><tr><th>Severity</th><th>Code</th>"
                     f"<th>Message</th><th>Where</th></tr></thead><tbody>{rows}</tbody></table>")
    parts.append("</section>")
    return "\n".join(parts)


_SUMMARY_KEYS = [("rules_defined", "Rules defined"), ("rules_evaluated", "Rules evaluated"),
                 ("evaluations", "Evaluations"), ("passed", "Passed"), ("failed", "Failed"), ("skipped", "Skipped"),
                 ("suppressed", "Suppressed"), ("findings", "Findings")]


def render_paper(paper: Workpaper) -> str:
    meta = paper.meta
    tool = meta["tool"]
    docs = "; ".join(d.path for d in paper.documents)
    entities = "; ".join(sorted({d.entity for d in paper.documents if d.entity})) or "not stated"
    periods = "; ".join(dict.fromkeys(p for d in paper.documents for p in d.periods))
    header = (
        '<dl class="meta">'
        f"<dt>Document</dt><dd>{escape(docs)}</dd><dt>Entity</dt><dd>{escape(entities)}</dd>"
        f"<dt>Periods</dt><dd>{escape(periods)}</dd>"
        f"<dt>Rule pack</dt><dd>{escape(str(meta['rule_pack_version'] or 'built-in'))}</dd>"
        f"<dt>Tool</dt><dd>tieout {escape(str(tool['version']))}</dd>"  # type: ignore[index]
        f"<dt>Inputs SHA-256</dt><dd>{escape(str(meta['inputs_sha256']))}</dd>"
        f"<dt>Run at</dt><dd>{escape(str(meta['generated_at']))}</dd></dl>"
    )
    s = paper.summary
    summary = ('<h2 id="summary">Run summary</h2><table class="summary"><thead><tr>'
               + "".join(f"<th>{label}</th>" for _, label in _SUMMARY_KEYS) + "</tr></thead><tbody><tr>"
               + "".join(f'<td data-key="{key}">{s[key]}</td>' for key, _ in _SUMMARY_KEYS) + "</tr></tbody></table>")
    legend = ('<h2 id="legend">Legend</h2><dl class="legend">'
              + "".join(f"<dt>{_tick(m)}</dt><dd>{escape(t)}</dd>" for m, t in paper.legend) + "</dl>")
    body = "\n".join(_document(d) for d in paper.documents)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>tieout working paper — {escape(entities)}</title><style>{_CSS}</style></head><body>\n"
        f"<h1>Tie-out working paper</h1>\n{header}\n{summary}\n{body}\n{legend}\n</body></html>\n"
    )


@register("html")
def render_html(run: RunResult, options: ReportOptions) -> str:
    return render_paper(build(run, options))
