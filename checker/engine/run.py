"""Running a rule book over one document: bind, resolve duplicates, evaluate, diagnose.

Every failure is collected before anything is reported (no stopping at the first),
and every judgement the engine makes about the data — a duplicate it set aside, a
gap it could not fill, a noise row it skipped — becomes a finding, never silence.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from checker.edge_labels import without_edge
from checker.engine.contexts import (
    Context,
    build_contexts,
    distinct_values,
    local,
    preferred,
    statement_contexts,
)
from checker.engine.footing import footing_evaluations, footing_structure
from checker.engine.identity import evaluate_identity
from checker.engine.results import FAIL, PASS, SKIPPED, DocumentResult, Evaluation, Finding
from checker.facts import Document, Fact, Noise
from checker.formatting import fmt
from checker.label_normalize import word_set
from checker.rulebook import RuleBook


def check_document(doc: Document, book: RuleBook) -> DocumentResult:
    result = DocumentResult(document=doc)
    contexts = build_contexts(doc.facts, dimensional=True)
    result.findings.extend(_resolve_duplicates(doc, book, contexts))
    result.evaluations.extend(_cross_references(doc, contexts))
    result.evaluations.extend(_evaluate_all(doc, book, contexts))
    if doc.format == "xbrl":
        # The filer's own calculation linkbase, checked by arelle's Calculations 1.1 (round to nearest).
        from checker.engine.calc import calc_evaluations

        result.evaluations.extend(calc_evaluations(doc))
    if doc.format == "ocr":
        # A failed identity on OCR'd figures most often means a misread digit: say which one would tie.
        from checker.engine.ocr_corrections import propose_corrections

        propose_corrections(result)
    titles = {s.id: s.title for s in doc.statements}
    for ev in result.evaluations:
        if ev.statement and not ev.statement_title:
            ev.statement_title = titles.get(ev.statement)
    result.findings.extend(_gaps(doc, result.evaluations))
    from checker.engine.diagnose import diagnose

    result.findings.extend(diagnose(result))
    result.findings.extend(_noise_findings(doc))
    result.findings.extend(_unmapped(doc))
    return result


def _evaluate_all(
    doc: Document, book: RuleBook, contexts: list[Context], only: Iterable[str] | None = None, diagnose: bool = True
) -> list[Evaluation]:
    wanted = set(only) if only is not None else None
    out: list[Evaluation] = []
    # Which lines each total sums is read off the layout once per statement, for every footing rule.
    layouts: dict[str, tuple[dict[str, Context], dict[int, list[tuple[int, int]]]]] = {}
    for rule in book.rules:
        if rule.kind == "narrative":
            if wanted is None:
                from checker.engine.narrative import narrative_evaluations

                out.extend(narrative_evaluations(rule, doc))
            continue
        if rule.kind == "crossfoot":
            if wanted is None:
                from checker.engine.crossfoot import crossfoot_evaluations

                out.extend(ev for st in doc.statements for ev in crossfoot_evaluations(rule, st, doc.path))
            continue
        if rule.kind in ("footing", "subtotal"):
            from checker.engine.crossfoot import is_reconciliation

            for st in doc.statements:
                if rule.statements and st.kind not in rule.statements or is_reconciliation(st):
                    continue
                if wanted is not None and not any(local(r.concept) in wanted for r in st.rows):
                    continue
                if st.id not in layouts:
                    periods = statement_contexts(contexts, st)
                    layouts[st.id] = (periods, footing_structure(st, periods))
                periods, structure = layouts[st.id]
                out.extend(footing_evaluations(rule, st, periods, doc.path, structure))
            continue
        if wanted is not None and not any(c in wanted for v in rule.variables for c in rule.concepts_for(v)):
            continue
        for ctx in contexts:
            if ctx.dimensions and not (rule.dimensional and not any(d.startswith("tieout:") for d, _ in ctx.dimensions)):
                continue
            ev = evaluate_identity(rule, ctx, doc.path, diagnose)
            if ev is not None:
                out.append(ev)
    return out


def _resolve_duplicates(doc: Document, book: RuleBook, contexts: list[Context]) -> list[Finding]:
    """XBRL's rule: consistent duplicates merge; of inconsistent ones, the value the identities support wins."""
    findings: list[Finding] = []
    for ctx in contexts:
        if any(d == "tieout:Table" for d, _ in ctx.dimensions):
            continue  # a segment table repeats its line items under each segment: not duplicates of one fact
        for name, cands in ctx.candidates.items():
            groups = distinct_values(cands)
            if len(groups) < 2:
                continue
            scores: list[tuple[int, int, Fact]] = []
            for order, group in enumerate(groups):
                choice = preferred(group)
                ctx.facts[name] = choice
                evs = [e for e in _evaluate_all(doc, book, [ctx], only=[name], diagnose=False) if e.period == ctx.period]
                passed = sum(1 for e in evs if e.status == PASS and _uses(e, choice))
                failed = sum(1 for e in evs if e.status == FAIL and _uses(e, choice))
                scores.append((passed - failed, -order, choice))
            scores.sort(key=lambda s: (s[0], s[2].quality, s[1]), reverse=True)
            winner = scores[0][2]
            supported = scores[0][0] > scores[1][0]  # the winner's value made more identities hold
            ctx.facts[name] = winner
            for _, _, loser in scores[1:]:
                if loser.statement != winner.statement or loser.unit != winner.unit:
                    # the same concept on another statement is a cross-reference (XREF001 ties it where it
                    # should); "Gross profit %" beside "Gross profit" is another measure: neither is a duplicate
                    continue
                findings.append(
                    Finding(
                        code="DUPLICATE",
                        severity="warning",
                        message=(
                            f"inconsistent duplicate: {loser.label} {ctx.period.describe()} is {loser.printed or fmt(loser.value)} "
                            f"at {_where(loser)} but {winner.printed or fmt(winner.value)} at {_where(winner)}; "
                            + (f"{_where(winner)} ties with the identities and is used" if supported
                               else f"no identity tells them apart here; {_where(winner)} is used")
                        ),
                        document=doc.path,
                        source=loser.source,
                        related=[winner.source],
                        period=ctx.period,
                        concept=loser.concept,
                    )
                )
    return findings


def _cross_references(doc: Document, contexts: list[Context]) -> list[Evaluation]:
    """A figure printed in two statements (net income on the income and cash-flow statements) must agree."""
    from checker.engine.compare import _pair

    out: list[Evaluation] = []
    for ctx in contexts:
        for name, cands in ctx.candidates.items():
            chosen = ctx.facts.get(name)
            if chosen is None or chosen.value is None:
                continue
            for other in cands:
                if other is chosen or other.value is None or other.statement == chosen.statement:
                    continue
                if not _alike(other.label, chosen.label):
                    continue  # two different lines the map gave one concept: not the same figure
                kinds = {_kind(doc, other.statement), _kind(doc, chosen.statement)}
                if "CF" in kinds and len(kinds) > 1 and name not in ("NetIncomeLoss", "ProfitLoss") and not ctx.period.is_instant:
                    continue  # a cash-flow add-back is not the income-statement line of the same name (a balance is)
                ev = _pair("XREF001", doc, doc, other, chosen, "same concept")
                ev.title = f"Repeated figure agrees: {other.label}"
                out.append(ev)
    return out


def _where(fact: Fact) -> str:
    """A balance printed under several columns (cash at the end of Q3, of nine months, of twelve) is one
    line at one place: the column tells the copies apart."""
    under = f" under {fact.printed_under.describe()}" if fact.printed_under is not None else ""
    return fact.source.where + under


def _kind(doc: Document, sid: str | None) -> str | None:
    return next((s.kind for s in doc.statements if s.id == sid), None)


def _alike(a: str, b: str) -> bool:
    # "Cash and cash equivalents, end of period" on the cash-flow statement is the balance sheet's line
    wa, wb = word_set(without_edge(a)), word_set(without_edge(b))
    return bool(wa) and wa == wb


def _uses(ev: Evaluation, fact: Fact) -> bool:
    return any(o.fact is fact for o in [*([ev.target] if ev.target else []), *ev.operands])


def _gaps(doc: Document, evaluations: list[Evaluation]) -> list[Finding]:
    """A blank where a figure belongs: say what the identities imply and whether a nearby line shows it."""
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for ev in evaluations:
        if ev.status != SKIPPED or not ev.implied or not ev.period:
            continue
        for name, (lo, hi) in ev.implied.items():
            op = next((o for o in ev.operands if o.name == name and o.value is None), None)
            if op is None or op.source is None:
                continue
            key = (name, ev.period.key())
            if key in seen:
                continue
            seen.add(key)
            decimals = ev.target.fact.decimals if ev.target and ev.target.fact else None
            scale = -decimals if decimals is not None and decimals < 0 else 0
            shown = fmt((lo + hi) / 2 / Fraction(10) ** scale, 0 if scale else None)
            message = (
                f"{op.label}, {ev.period.describe()} ({op.source.where}): no figure; "
                f"the {ev.title[0].lower() + ev.title[1:]} check implies {shown}"
            )
            related = []
            evidence = nearby_evidence(doc, op.source.line, lo, hi, scale)
            if evidence is not None:
                message += f"; line {evidence[0]}, skipped as noise, shows {evidence[1]}"
                related.append(evidence[2])
                ev.notes.append(f"line {evidence[0]} (skipped as noise) shows {evidence[1]}, the implied value")
            ev.notes.insert(0, f"implied {op.label} = {shown}")
            out.append(Finding("GAP", "warning", message, doc.path, op.source, related, ev.period, op.concept))
    return out


def nearby_evidence(doc: Document, line: int, lo: Fraction, hi: Fraction, scale: int, reach: int = 3):  # type: ignore[no-untyped-def]
    """A noise row within a few lines that carries a figure inside [lo, hi]."""
    for noise in sorted(doc.noise, key=lambda n: abs(n.source.line - line)):
        if abs(noise.source.line - line) > reach:
            continue
        for number in noise.numbers:
            value = Fraction(number) * Fraction(10) ** scale
            if lo <= value <= hi or lo <= -value <= hi:
                return noise.source.line, fmt(number), noise.source
    return None


_TABLE_NOISE = 4  # this many rows of one table skipped for one reason are one finding, not a screenful


def _noise_findings(doc: Document) -> list[Finding]:
    """One finding per skipped row; a table skipped whole (a segment table whose columns are not periods)
    is one finding that names its rows, so the report stays readable."""
    groups: dict[tuple[str | None, str], list[Noise]] = {}
    for n in doc.noise:
        groups.setdefault((n.statement, n.reason), []).append(n)
    out: list[Finding] = []
    for (_, reason), rows in groups.items():
        if len(rows) < _TABLE_NOISE or rows[0].statement is None:
            out.extend(Finding("NOISE", "info", f"skipped as noise ({n.reason}): {n.text[:80]}", doc.path, n.source) for n in rows)
            continue
        labels = [n.text.split("|", 1)[0].strip()[:40] for n in rows[:3]]
        out.append(Finding(
            "NOISE", "info",
            f"{len(rows)} rows of one table skipped as noise ({reason}): {'; '.join(labels)}; ...",
            doc.path, rows[0].source, related=[n.source for n in rows[1:]],
        ))
    return out


def _unmapped(doc: Document) -> list[Finding]:
    out = []
    for st in doc.statements:
        for row in st.unmapped:
            out.append(
                Finding(
                    "UNMAPPED",
                    "info",
                    f"no US-GAAP concept for '{row.label}'; kept as extension {row.concept} in its section's total",
                    doc.path,
                    next((f.source for f in row.facts.values()), None),
                    concept=row.concept,
                )
            )
    return out
