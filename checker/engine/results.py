"""What the engine hands to the reports: evaluations, findings, summaries.

Value objects only. Reports read these and nothing upstream of them, so a new
output format never has to know how a figure was parsed or a rule was bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from checker.facts import Document, Fact, Period, Source

PASS = "pass"
FAIL = "fail"
SKIPPED = "skipped"

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Operand:
    """One fact bound to a rule variable for one evaluation."""

    name: str
    concept: str | None
    label: str
    value: Fraction | None
    low: Fraction | None
    high: Fraction | None
    source: Source | None
    fact: Fact | None = None


@dataclass
class Evaluation:
    """One rule evaluated for one statement and period (or one context)."""

    rule_id: str
    title: str
    message: str
    severity: str
    status: str
    document: str
    expression: str
    statement: str | None = None
    statement_title: str | None = None
    period: Period | None = None
    reported: Fraction | None = None
    reported_low: Fraction | None = None
    reported_high: Fraction | None = None
    computed: Fraction | None = None
    computed_low: Fraction | None = None
    computed_high: Fraction | None = None
    reason: str | None = None
    target: Operand | None = None
    operands: list[Operand] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    implied: dict[str, tuple[Fraction, Fraction]] = field(default_factory=dict)
    # For every figure, the range it could take with the others fixed and the identity still
    # holding (passes included): what the diagnosis weighs a proposed correction against.
    support: dict[str, tuple[Fraction, Fraction]] = field(default_factory=dict)
    unit: str | None = None
    suppressed: bool = False
    relation: str = "=="  # the rule's comparison: an inequality bounds a figure, it does not recompute it

    @property
    def difference(self) -> Fraction | None:
        if self.reported is None or self.computed is None:
            return None
        return self.reported - self.computed

    @property
    def tolerance(self) -> Fraction | None:
        """How far apart the two sides may be and still round to what was printed."""
        if None in (self.reported_low, self.reported_high, self.computed_low, self.computed_high):
            return None
        return (self.reported_high - self.reported_low + self.computed_high - self.computed_low) / 2

    @property
    def source(self) -> Source | None:
        return self.target.source if self.target else None


@dataclass
class Finding:
    """Anything worth telling that is not a rule evaluation: duplicates, gaps, noise, unmapped lines."""

    code: str
    severity: str
    message: str
    document: str
    source: Source | None = None
    related: list[Source] = field(default_factory=list)
    period: Period | None = None
    concept: str | None = None
    suppressed: bool = False


@dataclass
class DocumentResult:
    document: Document
    evaluations: list[Evaluation] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # an input error met while checking a folder: reported, the run goes on
    # rule id -> status -> evaluations counted but not kept as objects (corpus runs keep only failures when
    # the output is a summary: a quarter of EDGAR is tens of thousands of passes nobody reads one by one)
    tallies: dict[str, dict[str, int]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        out = {PASS: 0, FAIL: 0, SKIPPED: 0}
        for ev in self.evaluations:
            out[ev.status] += 1
        for by_status in self.tallies.values():
            for status, n in by_status.items():
                out[status] += n
        return out

    @property
    def mapped_ratio(self) -> float:
        facts = [f for f in self.document.facts if f.value is not None]
        if not facts:
            return 0.0
        return sum(1 for f in facts if f.concept and not f.extension) / len(facts)


@dataclass
class RunResult:
    documents: list[DocumentResult]
    rules_defined: int = 0

    @property
    def errors(self) -> list[str]:
        return [d.error for d in self.documents if d.error]

    def failures(self, threshold: str = "error") -> list[Evaluation]:
        rank = {s: i for i, s in enumerate(SEVERITIES)}
        limit = rank.get(threshold, 0)
        return [
            ev
            for d in self.documents
            for ev in d.evaluations
            if ev.status == FAIL and not ev.suppressed and rank.get(ev.severity, 0) <= limit
        ]
