"""JUnit XML: one testcase per evaluation, so CI dashboards list the checks as tests.

A passing evaluation is an empty testcase, a failure carries `<failure>`, a skipped one
`<skipped>` with its reason. A failure accepted in the baseline is reported as skipped
with the word "suppressed", so a dashboard neither loses it nor counts it as broken.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from checker.engine.results import FAIL, SKIPPED, DocumentResult, Evaluation, RunResult
from checker.reports import ReportOptions, register
from checker.reports.display import basename, describe, period_text

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _XML_ILLEGAL.sub("\ufffd", text)


def _testcase(ev: Evaluation, doc: DocumentResult) -> ET.Element:
    classname = f"tieout.{basename(doc.document.path)}.{ev.statement or 'document'}"
    subject = ev.target.label if ev.target else ev.title
    name = f"{ev.rule_id} {subject} [{period_text(ev)}]"
    case = ET.Element("testcase", classname=_clean(classname), name=_clean(name), time="0")
    if ev.source is not None:
        case.set("file", ev.source.file)
        case.set("line", str(ev.source.line))
    if ev.status == FAIL and ev.suppressed:
        ET.SubElement(case, "skipped", message=_clean(f"suppressed by baseline: {describe(ev)}"))
    elif ev.status == FAIL:
        failure = ET.SubElement(case, "failure", message=_clean(describe(ev)), type=f"{ev.rule_id}:{ev.severity}")
        lines = [describe(ev), ev.message, f"expression: {ev.expression}"]
        if ev.source is not None:
            lines.append(f"at {ev.source}")
        lines += [f"  {op.label} = {op.value} at {op.source}" for op in ev.operands if op.source is not None]
        lines += list(ev.notes)
        failure.text = _clean("\n".join(lines))
    elif ev.status == SKIPPED:
        ET.SubElement(case, "skipped", message=_clean(ev.reason or "skipped"))
    return case


def _suite(doc: DocumentResult) -> ET.Element:
    cases = [_testcase(ev, doc) for ev in doc.evaluations]
    if doc.error:  # the document could not be read: one errored case, so the dashboard shows it
        case = ET.Element("testcase", classname=_clean(f"tieout.{basename(doc.document.path)}"),
                          name="read document", time="0", file=doc.document.path)
        ET.SubElement(case, "error", message=_clean(doc.error), type="input")
        cases.append(case)
    failures = sum(1 for c in cases if c.find("failure") is not None)
    skipped = sum(1 for c in cases if c.find("skipped") is not None)
    errors = sum(1 for c in cases if c.find("error") is not None)
    suite = ET.Element("testsuite", name=_clean(doc.document.path), tests=str(len(cases)),
                       failures=str(failures), errors=str(errors), skipped=str(skipped), time="0")
    suite.extend(cases)
    if doc.findings:
        out = ET.SubElement(suite, "system-out")
        out.text = _clean("\n".join(f"{f.severity}: {f.code}: {f.message}" + (f" ({f.source})" if f.source else "")
                                    + (" [suppressed]" if f.suppressed else "") for f in doc.findings))
    return suite


@register("junit")
def render_junit(run: RunResult, options: ReportOptions) -> str:
    suites = [_suite(doc) for doc in run.documents]
    root = ET.Element("testsuites", name="tieout")
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(sum(int(s.get(key, "0")) for s in suites)))
    root.set("time", "0")
    root.extend(suites)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
