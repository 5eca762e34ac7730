"""XBRL and Inline XBRL filings become tieout facts, through arelle only.

tieout never parses XBRL: arelle loads the filing (plain instance, Inline XBRL, or
an EDGAR zip), and this module copies each numeric fact into the one fact model
with its concept, period, dimensions, unit, decimals and the file and line it was
written on. A load that lost facts to a missing schema stops with an error (see
`xbrl_load`), and the filer's calculation linkbase is checked by arelle's
Calculations 1.1 code while the model is open (see `xbrl_calc11`).
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from checker.errors import TieoutError
from checker.facts import Document, Fact
from checker.readers.xbrl_calc11 import run_calc11
from checker.readers.xbrl_load import arelle_session, ensure_complete, instance_in_zip, load, sniff
from checker.readers.xbrl_model import decimals_of, dimensions_of, fact_source, period_of, qname_str, unit_of

# Namespaces of the standard taxonomies: anything else is the filer's extension.
_STANDARD_HOSTS = ("fasb.org", "xbrl.us", "xbrl.sec.gov", "www.xbrl.org", "xbrl.ifrs.org")


def looks_like_xbrl(path: Path) -> bool:
    """By content: an xbrli:xbrl root, Inline XBRL markup, or a zip holding either."""
    path = Path(path)
    try:
        if zipfile.is_zipfile(path):
            return instance_in_zip(path) is not None
        with path.open("rb") as fh:
            return sniff(fh.read(20000))
    except OSError:
        return False


def read_xbrl(
    path: Path, *, offline: bool = True, packages: Sequence[Path] = (), calcs: bool = True
) -> Document:
    """One numeric tieout fact per XBRL fact, plus arelle's Calc 1.1 results in `doc.extra`.

    Offline by default: a filing must bring its taxonomy (`packages`), since a
    partial load is refused rather than checked. `calc11_checked` counts the
    summations arelle bound whose verdict is reported (failures plus passes).
    """
    path = Path(path)
    if not path.is_file():
        raise TieoutError("no such file", file=str(path))
    with arelle_session() as session:
        loaded = load(session, path, offline=offline, packages=packages)
        ensure_complete(loaded, path, offline)
        model = loaded.model
        doc = Document(path=str(path), format="xbrl")
        facts, skipped = _facts(model)
        doc.facts, duplicates = _merge_duplicates(model, facts)
        doc.entity = _entity_name(model)
        doc.extra["xbrl_duplicates"] = duplicates
        doc.extra["xbrl_skipped"] = skipped
        doc.extra["xbrl_namespaces"] = _namespaces(model)
        doc.extra["xbrl_schema_refs"] = _schema_refs(model)
        doc.extra["xbrl_entry"] = loaded.entry
        doc.extra["xbrl_entity_scheme"] = next(
            (c.entityIdentifier[0] for c in model.contexts.values()), None
        )
        if calcs:
            try:
                failures, passes, others = run_calc11(model, period_of)
            except Exception as exc:  # noqa: BLE001 - arelle's calc code failing is reported, not a traceback
                raise TieoutError(f"arelle's calculation check failed: {type(exc).__name__}: {exc}", str(path)) from None
            doc.extra["calc11"] = failures
            doc.extra["calc11_passes"] = passes
            doc.extra["calc11_messages"] = others
            doc.extra["calc11_checked"] = len(failures) + len(passes)
    return doc


def _value(fact: Any) -> Decimal | None:
    if fact.isNil:
        return None
    x = fact.xValue
    if isinstance(x, Decimal):
        return x
    return Decimal(str(x))


def _label(concept: Any) -> str:
    label = concept.label(fallbackToQname=False, lang="en") if concept is not None else None
    return label or (concept.qname.localName if concept is not None else "")


def _is_extension(namespace: str) -> bool:
    return not any(host in (namespace or "") for host in _STANDARD_HOSTS)


def _facts(model: Any) -> tuple[list[tuple[Fact, Any]], list[dict[str, Any]]]:
    from arelle.XmlValidateConst import VALID

    out: list[tuple[Fact, Any]] = []
    skipped: list[dict[str, Any]] = []
    for f in model.factsInInstance:
        if f.isTuple or f.concept is None or not f.isNumeric:
            continue
        period = period_of(f.context)
        try:
            if f.xValid < VALID or period is None:
                raise InvalidOperation
            value = _value(f)
        except (InvalidOperation, ValueError, TypeError):
            skipped.append({"concept": qname_str(f.qname), "source": fact_source(f), "value": f.value})
            continue
        fact = Fact(
            label=_label(f.concept),
            value=value,
            period=period,
            unit=unit_of(f.unit),
            decimals=decimals_of(f),
            source=fact_source(f),
            concept=qname_str(f.qname),
            dimensions=dimensions_of(f.context),
            entity=f.context.entityIdentifier[1] if f.context is not None else None,
            extension=_is_extension(f.qname.namespaceURI),
        )
        out.append((fact, f))
    # arelle holds facts in a set: order them by place, then aspects, so output is stable.
    out.sort(key=lambda pair: _fact_order(pair[0]))
    return out, skipped


def _fact_order(f: Fact) -> tuple[Any, ...]:
    return (f.source.file, f.source.line, f.concept or "", f.period.key(), f.dimensions, f.unit, str(f.value))


def _precision_then_place(f: Fact) -> tuple[Any, ...]:
    """The duplicate kept: most precise (INF first), then the first written."""
    return (-(f.decimals if f.decimals is not None else 10**6), _fact_order(f))


def _merge_duplicates(model: Any, facts: list[tuple[Fact, Any]]) -> tuple[list[Fact], list[dict[str, Any]]]:
    """XBRL's rule, by arelle's duplicate code: consistent duplicates merge, inconsistent ones stay."""
    from arelle.ValidateDuplicateFacts import getDuplicateFactSets

    by_model = {id(mf): fact for fact, mf in facts}
    drop: set[int] = set()
    report: list[dict[str, Any]] = []
    for dup_set in getDuplicateFactSets([mf for _, mf in facts], includeSingles=False):
        members = [mf for mf in dup_set.facts if id(mf) in by_model]
        if len(members) < 2:
            continue
        if dup_set.areAllConsistent:
            keep = min(members, key=lambda mf: _precision_then_place(by_model[id(mf)]))
            drop |= {id(mf) for mf in members if mf is not keep}
            continue
        first = by_model[id(members[0])]
        report.append(
            {
                "concept": first.concept,
                "period_key": first.period.key(),
                "unit": first.unit,
                "dimensions": first.dimensions,
                "values": [by_model[id(mf)].value for mf in members],
                "decimals": [by_model[id(mf)].decimals for mf in members],
                "sources": [by_model[id(mf)].source for mf in members],
            }
        )
    return [fact for fact, mf in facts if id(mf) not in drop], report


def _entity_name(model: Any) -> str | None:
    for f in model.factsInInstance:
        if f.qname is not None and f.qname.localName == "EntityRegistrantName" and f.value:
            return " ".join(str(f.value).split())
    for ctx in model.contexts.values():
        return ctx.entityIdentifier[1]
    return None


def _namespaces(model: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in model.factsInInstance:
        q = f.qname
        if q is not None and q.prefix and q.prefix not in out:
            out[q.prefix] = q.namespaceURI
    return out


def _schema_refs(model: Any) -> list[str]:
    """The taxonomy entry points the instance names (schemaRef), resolved as arelle found them."""
    refs = []
    for doc, ref in model.modelDocument.referencesDocument.items():
        if "href" in getattr(ref, "referenceTypes", ()) and doc.uri.endswith(".xsd"):
            refs.append(doc.uri)
    return refs
