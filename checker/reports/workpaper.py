"""The content of a tie-out working paper, shared by the HTML and Markdown reports.

An auditor ticks each figure of a schedule as they check it; this module decides the
ticks from the evaluations once, so the HTML and Markdown papers can never disagree
about what was footed, recalculated or found to be an exception.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from checker.engine.results import FAIL, PASS, SKIPPED, DocumentResult, Evaluation, RunResult
from checker.facts import Fact, Period, Statement
from checker.reports import ReportOptions
from checker.reports.display import amount, check_text, evaluation_scale, scale_word
from checker.reports.schema import run_metadata, source_lines, summary

FOOTED, CROSS_FOOTED, RECALCULATED, NARRATIVE, EXCEPTION, ACCEPTED, NOTED = "F", "X", "R", "N", "E", "A", "?"

LEGEND: list[tuple[str, str]] = [
    (FOOTED, "footed: the total equals the sum of the lines above it"),
    (CROSS_FOOTED, "cross-footed: agrees with figures in other columns, periods or statements"),
    (RECALCULATED, "recalculated: a ratio or product recomputed from its inputs (e.g. EPS)"),
    (NARRATIVE, "agreed to narrative: the figure matches the text of the release"),
    (EXCEPTION, "exception: the identity does not hold within rounding"),
    (ACCEPTED, "accepted exception: an exception suppressed by the baseline"),
    (NOTED, "see findings: a duplicate, gap or other diagnostic names this figure"),
]


def tick_of(ev: Evaluation) -> str:
    """The kind of check an evaluation performed, from the facts it bound."""
    facts = [op.fact for op in ev.operands if op.fact is not None]
    target = ev.target.fact if ev.target else None
    prose = [op for op in ev.operands if op.fact is None and op.concept is None and op.source is not None]
    if target is not None and target.statement is not None and (prose or any(f.statement is None for f in facts)):
        return NARRATIVE  # a figure read from the release's prose, not from a table
    units = {f.unit for f in facts} | ({target.unit} if target is not None else set())
    if len(units) > 1 or (ev.unit is not None and "/" in ev.unit):
        return RECALCULATED  # a ratio or product: per-share figures from dollars and shares
    if target is not None and any(f.period != target.period or f.statement != target.statement for f in facts):
        return CROSS_FOOTED
    return FOOTED


def _fact_key(fact: Fact) -> tuple[str, int, str]:
    return (fact.source.file, fact.source.line, fact.period.key())


@dataclass
class Cell:
    printed: str
    ticks: list[str] = field(default_factory=list)


@dataclass
class ScheduleRow:
    label: str
    line: int
    kind: str
    cells: list[Cell]


@dataclass
class Schedule:
    title: str
    kind: str
    scale_note: str
    columns: list[str]
    rows: list[ScheduleRow]


@dataclass
class CheckLine:
    """One evaluation as a working-paper line, amounts at the printed scale."""

    status: str  # "exception", "accepted", "skipped", "pass"
    rule_id: str
    message: str
    period: str
    statement: str
    reported: str
    computed: str
    difference: str
    tolerance: str
    lines: list[int]
    file: str
    reason: str
    notes: list[str]
    tick: str


@dataclass
class DocumentPaper:
    path: str
    entity: str
    periods: list[str]
    schedules: list[Schedule]
    checks: list[CheckLine]
    findings: list[tuple[str, str, str, str]]  # severity, code, message, where
    error: str | None = None


@dataclass
class Workpaper:
    meta: dict[str, object]
    documents: list[DocumentPaper]
    summary: dict[str, int]
    legend: list[tuple[str, str]] = field(default_factory=lambda: list(LEGEND))


def _ticks(result: DocumentResult) -> dict[tuple[str, int, str], list[str]]:
    marks: dict[tuple[str, int, str], list[str]] = {}

    def add(fact: Fact | None, mark: str) -> None:
        if fact is not None and mark not in marks.setdefault(_fact_key(fact), []):
            marks[_fact_key(fact)].append(mark)

    for ev in result.evaluations:
        target = ev.target.fact if ev.target else None
        if ev.status == FAIL:
            add(target, ACCEPTED if ev.suppressed else EXCEPTION)
        elif ev.status == PASS and ev.relation == "==":
            # an inequality (not negative, component <= total) bounds a figure; it does not foot or recompute it
            mark = tick_of(ev)
            add(target, mark)
            for op in ev.operands:
                add(op.fact, mark)
    for finding in result.findings:
        if finding.source is not None and finding.period is not None:
            key = (finding.source.file, finding.source.line, finding.period.key())
            if NOTED not in marks.setdefault(key, []):
                marks[key].append(NOTED)
    return marks


def _printed(fact: Fact) -> str:
    if fact.printed:
        return fact.printed
    if fact.value is None:
        return "—"
    scale = -fact.decimals if fact.decimals is not None and fact.decimals < 0 else 0
    return amount(Fraction(fact.value), scale, fact.unit)


def _schedule(statement: Statement, marks: dict[tuple[str, int, str], list[str]]) -> Schedule:
    rows = []
    for row in statement.rows:
        cells = []
        for period in statement.periods:
            fact = row.facts.get(period.key())
            if fact is None:
                cells.append(Cell(""))
                continue
            cells.append(Cell(_printed(fact), list(marks.get(_fact_key(fact), []))))
        rows.append(ScheduleRow(row.label, row.line, row.kind, cells))
    note = f"in {scale_word(statement.scale)}" if statement.scale else ""
    return Schedule(statement.title, statement.kind, note, [p.describe() for p in statement.periods], rows)


def _facts_checked(result: DocumentResult, marks: dict[tuple[str, int, str], list[str]]) -> Schedule | None:
    """For a filing without printed tables (XBRL): the facts the rules read, concept by period."""
    by_key = {(f.concept, f.period.key()): f for f in result.document.facts if f.concept and not f.dimensions}
    used: dict[str, dict[str, Fact]] = {}
    periods: dict[str, Period] = {}
    for ev in result.evaluations:
        for op in [ev.target, *ev.operands]:
            if op is None:
                continue
            fact = op.fact or (by_key.get((op.concept, ev.period.key())) if ev.period else None)
            if fact is None or fact.dimensions or not fact.concept:
                continue
            used.setdefault(fact.concept, {})[fact.period.key()] = fact
            periods[fact.period.key()] = fact.period
    if not used:
        return None
    columns = sorted(periods.values(), key=lambda p: (p.end, p.start or p.end), reverse=True)
    rows = []
    for row_facts in used.values():
        first = next(iter(row_facts.values()))
        cells = [Cell(_printed(row_facts[p.key()]), list(marks.get(_fact_key(row_facts[p.key()]), [])))
                 if p.key() in row_facts else Cell("") for p in columns]
        rows.append(ScheduleRow(f"{first.label} ({first.local_name})" if first.label != first.concept
                                else first.local_name or first.label, first.source.line, "item", cells))
    thousands = sum(1 for r in used.values() for f in r.values() if f.decimals is not None and f.decimals <= -3)
    note = "in thousands, as tagged" if thousands * 2 > sum(len(r) for r in used.values()) else ""
    return Schedule("Facts checked (as tagged in the filing)", "facts", note, [p.describe() for p in columns], rows)


_ORDER = {"exception": 0, "accepted": 1, "skipped": 2, "pass": 3}


def _check(ev: Evaluation) -> CheckLine:
    scale = evaluation_scale(ev)
    if ev.status == FAIL:
        status = "accepted" if ev.suppressed else "exception"
    else:
        status = "skipped" if ev.status == SKIPPED else "pass"
    # an inequality (not negative, component <= total) shows its bound, "≥ 0", and a difference only when it fails
    bound = "" if ev.relation == "==" else ev.relation.replace(">=", "≥").replace("<=", "≤") + " "
    passed_bound = bool(bound) and ev.status == PASS
    return CheckLine(
        status=status, rule_id=ev.rule_id, message=check_text(ev),
        period=ev.period.describe() if ev.period else "",
        statement=ev.statement_title or ev.statement or "",
        reported=amount(ev.reported, scale, ev.unit) if ev.reported is not None else "",
        computed=bound + amount(ev.computed, scale, ev.unit) if ev.computed is not None else "",
        difference=amount(ev.difference, scale, ev.unit) if ev.difference is not None and not passed_bound else "",
        tolerance=amount(ev.tolerance, scale, ev.unit) if ev.tolerance is not None else "",
        lines=source_lines(ev), file=ev.source.file if ev.source else ev.document,
        reason=ev.reason or "", notes=list(ev.notes), tick=tick_of(ev),
    )


def build(run: RunResult, options: ReportOptions) -> Workpaper:
    docs = []
    for result in run.documents:
        doc = result.document
        marks = _ticks(result)
        periods: list[str] = []
        for st in doc.statements:
            for p in st.periods:
                if p.describe() not in periods:
                    periods.append(p.describe())
        checks = sorted((_check(ev) for ev in result.evaluations), key=lambda c: _ORDER[c.status])
        findings = [(f.severity, f.code, f.message + (" [suppressed]" if f.suppressed else ""),
                     str(f.source) if f.source else "") for f in result.findings]
        schedules = [_schedule(st, marks) for st in doc.statements]
        if not schedules:
            tagged = _facts_checked(result, marks)
            schedules = [tagged] if tagged else []
            periods = tagged.columns if tagged else periods
        docs.append(DocumentPaper(doc.path, doc.entity or "", periods, schedules, checks, findings, result.error))
    return Workpaper(run_metadata(run, options), docs, summary(run))
