"""Corpus mode: every rule over every filing of one or more FSDS quarters.

read (columns) → bind (context table) → evaluate (each rule once over all contexts)
→ results (one ordinary `DocumentResult` per filing, so every report format renders
a quarter like a folder of documents). The unit of work is a partition of filings,
the same function locally and on Dask workers (`checker.corpus_dask`).

Every evaluation becomes an `Evaluation` (a quarter is ~10,000 of them, a fraction
of a second): failures and skips carry their operands with filer labels and
`num.txt` lines; passes carry their operands too, but no implied values (solving
each identity per variable is the expensive part and only helps to read a failure).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np

from checker.engine.identity import new_evaluation, settle, skip
from checker.engine.intervals import Interval, IntervalError, evaluate
from checker.engine.results import FAIL, PASS, SKIPPED, DocumentResult, Evaluation, Operand, RunResult
from checker.engine.vector import FAIL as FAIL_CODE
from checker.engine.vector import PASS as V_PASS
from checker.engine.vector import SKIP, ContextTable, RuleOutcome, bind, compile_book
from checker.facts import Document, Fact, Period, Source
from checker.readers.fsds import PRECISION_NOTE, FsdsData, fact_at, period_of, read_fsds
from checker.rulebook import RuleBook, all_concepts

_STATUS = {SKIP: SKIPPED, V_PASS: PASS}


@dataclass
class CorpusRun:
    """The results plus what the benchmark and the summary report need to say about the run."""

    run: RunResult
    facts: int = 0  # num.txt rows read
    kept: int = 0  # rows a rule could use
    contexts: int = 0
    timings: dict[str, float] = field(default_factory=dict)


class Progress:
    """A one-line bar on stderr while a corpus runs (only when stderr is a terminal, unless forced)."""

    def __init__(self, enabled: bool | None = None, width: int = 30) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.width = width

    def update(self, done: int, total: int, stage: str) -> None:
        if not self.enabled:
            return
        filled = int(self.width * done / max(total, 1))
        sys.stderr.write(f"\r[{'#' * filled}{' ' * (self.width - filled)}] {done}/{total} {stage:<24}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def rule_concepts(book: RuleBook) -> set[str]:
    return all_concepts(book.rules) | {c for r in book.rules for c in r.unless}


def check_fsds(
    paths: Sequence[Path],
    book: RuleBook,
    scheduler: str | None = None,
    progress: Progress | None = None,
    partitions: int | None = None,
    data: FsdsData | None = None,
    lean: bool = False,
) -> CorpusRun:
    """Read the quarters and evaluate the book; `scheduler` ('local' or tcp://host:port) runs it on Dask.

    `lean` keeps only failures as Evaluation objects (passes and skips are tallied per rule and filing):
    what a summary or a failures CSV needs, at a fraction of the time and of the data a cluster sends back.
    """
    progress = progress or Progress(False)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    concepts = rule_concepts(book)
    if scheduler and data is None and len(paths) > 1:
        # several quarters on a cluster: each worker reads its own quarter (the paths must be visible to the
        # workers: a shared file system), so the client never holds the whole corpus
        from checker.corpus_dask import run_quarters_on_dask

        documents, contexts, rows, kept = run_quarters_on_dask(list(paths), book, scheduler, progress, lean)
        timings["distributed"] = time.perf_counter() - t0
        run = RunResult(documents=documents, rules_defined=len(book.rules))
        return CorpusRun(run=run, facts=rows, kept=kept, contexts=contexts, timings=timings)
    if data is None:
        progress.update(0, 4, "read")
        data = read_fsds(list(paths), concepts)
    timings["read"] = time.perf_counter() - t0
    if scheduler:
        from checker.corpus_dask import run_on_dask

        t1 = time.perf_counter()
        documents, contexts = run_on_dask(data, book, scheduler, partitions, progress, lean)
        timings["distributed"] = time.perf_counter() - t1
    else:
        documents, contexts = check_partition(data, book, timings, progress, lean)
    run = RunResult(documents=documents, rules_defined=len(book.rules))
    return CorpusRun(run=run, facts=data.rows_read, kept=len(data), contexts=contexts, timings=timings)


def check_partition(
    data: FsdsData, book: RuleBook, timings: dict[str, float] | None = None, progress: Progress | None = None,
    lean: bool = False,
) -> tuple[list[DocumentResult], int]:
    """Bind, evaluate and convert one partition of filings (the whole corpus when run locally)."""
    timings = timings if timings is not None else {}
    progress = progress or Progress(False)
    t = time.perf_counter()
    progress.update(1, 4, "bind")
    table = bind(data, rule_concepts(book))
    timings["bind"] = time.perf_counter() - t
    t = time.perf_counter()
    progress.update(2, 4, "evaluate")
    outcomes = [r.run(table) for r in compile_book(book)]
    timings["evaluate"] = time.perf_counter() - t
    t = time.perf_counter()
    progress.update(3, 4, "results")
    documents = to_results(data, table, outcomes, lean)
    timings["results"] = time.perf_counter() - t
    progress.update(4, 4, "done")
    return documents, len(table)


def to_results(data: FsdsData, table: ContextTable, outcomes: list[RuleOutcome], lean: bool = False) -> list[DocumentResult]:
    """One DocumentResult per filing, evaluations in rule order then context order.

    `lean`: only failures become Evaluations; passes and skips are counted per rule in `tallies`.
    """
    results = [
        DocumentResult(document=Document(
            path=f.title, format="fsds", entity=f.name,
            extra={"adsh": f.adsh, "cik": f.cik, "company": f.name, "form": f.form, "period": f.period,
                   "fy": f.fy, "fp": f.fp, "source": f.source, "precision": PRECISION_NOTE},
        ))
        for f in data.filings
    ]
    facts: dict[int, Fact] = {}
    periods: dict[int, Period] = {}

    def fact(i: int) -> Fact:
        got = facts.get(i)
        if got is None:
            got = facts[i] = fact_at(data, i)
        return got

    def light(var: str, i: int) -> Operand:
        """An operand read straight off the columns, for skipped evaluations."""
        tag = str(data.tag[i])
        filing = data.filings[int(data.filing[i])]
        label = data.labels.get((filing.adsh, tag), (None, tag))[1]
        return Operand(var, f"us-gaap:{tag}", label, _fraction(str(data.text[i])), None, None,
                       Source(data.files[int(data.file[i])], int(data.line[i])))

    for out in outcomes:
        rule = out.rule
        assert rule.expression is not None
        variables = rule.variables  # a walk of the expression tree: once per rule, not per context
        # plain lists: indexing numpy scalars one by one costs more than the evaluation itself
        ctxs = out.contexts.tolist()
        status = out.status.tolist()
        filing = table.filing[out.contexts].tolist()
        coreg = table.coreg[out.contexts].tolist()
        reported = ((out.left[0] + out.left[1]) / 2).tolist()
        computed = ((out.right[0] + out.right[1]) / 2).tolist()
        expression = rule.expression.text
        holds = f"{rule.title}: holds"
        if lean:
            keep = []
            for k, st in enumerate(status):
                if st == FAIL_CODE:
                    keep.append(k)
                    continue
                tally = results[filing[k]].tallies.setdefault(rule.id, {})
                name = PASS if st == V_PASS else SKIPPED
                tally[name] = tally.get(name, 0) + 1
        else:
            keep = range(len(ctxs))
        for k in keep:
            ctx = ctxs[k]
            period = periods.get(ctx)
            if period is None:
                period = periods[ctx] = period_of(int(table.ddate[ctx]), int(table.qtrs[ctx]))
            doc = results[filing[k]]
            if status[k] == V_PASS:
                # a pass carries the midpoints of both sides to 1/10,000 of the unit (FSDS's own precision), no
                # operands or ranges: building those for every pass would triple a quarter's time for figures
                # nobody reads
                ev = Evaluation(
                    rule_id=rule.id, title=rule.title, message=holds, severity=rule.severity, status=PASS,
                    document=doc.document.path, expression=expression, relation=rule.expression.op, period=period,
                    reported=_exact(reported[k]), computed=_exact(computed[k]),
                )
            else:
                ev = _evaluation(out, k, rule, variables, period, doc.document.path, fact, light)
            if coreg[k]:
                ev.notes.append(f"co-registrant {coreg[k]}")
            doc.evaluations.append(ev)
    return results


def _exact(x: float) -> Fraction:
    if x.is_integer():
        return Fraction(int(x))
    return Fraction(round(x * 10000), 10000)


def _fraction(text: str) -> Fraction:
    """'123.4500' as a Fraction without the regex of Fraction(str)."""
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    if not frac:
        return Fraction(int(whole))
    sign = -1 if whole.startswith("-") else 1
    return Fraction(int(whole + frac) if sign > 0 else -int(whole.lstrip("-") + frac), 10 ** len(frac))


def _evaluation(out: RuleOutcome, k: int, rule, variables: list[str], period: Period, document: str, fact, light) -> Evaluation:  # type: ignore[no-untyped-def]
    operands: list[Operand] = []
    env: dict[str, Interval] = {}
    missing: list[str] = []
    skipped = int(out.status[k]) == SKIP and not bool(out.error[k])
    for var in variables:
        i = int(out.bound[var][k])
        if i >= 0:
            if skipped:  # a figure is missing: the ranges of the others are never used, nor a Fact
                operands.append(light(var, i))
                continue
            f = fact(i)
            lo, hi = f.interval()
            # an extra term counts only in the trial that rescued a failure: a failure is shown without it
            env[var] = (Fraction(0), Fraction(0)) if var in rule.extra_terms else (lo, hi)
            operands.append(Operand(var, f.concept, f.label, Fraction(f.value), lo, hi, f.source, f))
            continue
        j = int(out.nil[var][k])
        blank = fact(j) if j >= 0 else None
        if var in rule.zero_if_missing or var in rule.extra_terms:
            env[var] = (Fraction(0), Fraction(0))
            operands.append(Operand(var, blank.concept if blank else None, blank.label if blank else var, None,
                                    Fraction(0), Fraction(0), blank.source if blank else None, blank))
            continue
        missing.append(var if blank is None else f"{var} (blank at line {blank.source.line})")
        if blank is not None:
            operands.append(Operand(var, blank.concept, blank.label, None, None, None, blank.source, blank))
    ev = new_evaluation(rule, operands, period, document)
    if missing:
        return skip(ev, rule, "missing " + ", ".join(missing))
    try:
        left = evaluate(rule.expression.left, env)
        right = evaluate(rule.expression.right, env)
    except IntervalError as exc:
        return skip(ev, rule, str(exc))
    status = int(out.status[k])
    if status == SKIP:  # the float path met a division by a range holding zero that exact arithmetic did not
        return skip(ev, rule, "division by a figure that may be zero")
    settle(ev, rule, left, right, _STATUS.get(status, FAIL), env)
    if ev.status == FAIL:
        ev.notes.append(PRECISION_NOTE)
    return ev


def summary_counts(run: RunResult) -> dict[str, dict[str, int]]:
    """Per rule: evaluated, passed, failed, skipped, and the filings with a failure."""
    out: dict[str, dict[str, int]] = {}
    filings: dict[str, set[str]] = {}
    for d in run.documents:
        for ev in d.evaluations:
            row = out.setdefault(ev.rule_id, {PASS: 0, FAIL: 0, SKIPPED: 0})
            row[ev.status] += 1
            if ev.status == FAIL:
                filings.setdefault(ev.rule_id, set()).add(d.document.path)
    for rid, row in out.items():
        row["filings"] = len(filings.get(rid, ()))
    return out


def same_results(a: RunResult, b: RunResult) -> bool:
    """Whether two runs agree evaluation by evaluation (rule, period, status, reported and computed figures)."""
    return _fingerprint(a) == _fingerprint(b)


def _fingerprint(run: RunResult) -> list[tuple[object, ...]]:
    evaluations = [
        (d.document.path, ev.rule_id, ev.period.key() if ev.period else "", ev.status, ev.reported, ev.computed, ev.reason)
        for d in run.documents
        for ev in d.evaluations
    ]
    tallies = [(d.document.path, rid, status, n, None, None, None) for d in run.documents
               for rid, by_status in d.tallies.items() for status, n in by_status.items()]
    return sorted(evaluations + tallies, key=repr)


def facts_per_second(run: CorpusRun, seconds: float) -> float:
    return run.facts / seconds if seconds > 0 else float(np.inf)
