"""The filer's own calculation linkbase, checked by arelle's Calculations 1.1 code.

arelle decides every verdict (round-to-nearest, `ValidateCalcsMode.ROUND_TO_NEAREST`);
this module only turns arelle's results into plain dicts on the Document, so the
engine can report them like any YAML rule while the model is long closed. It also
lists the summations arelle bound and found consistent, so a report can show the
passes and not only "0 findings".
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from typing import Any

from checker.readers.xbrl_model import decimals_of, fact_source, qname_str, unit_of

_RANGE = re.compile(r"^[\[(]\s*(-?[\d.]+(?:E[+-]?\d+)?)\s*,\s*(-?[\d.]+(?:E[+-]?\d+)?)\s*[\])]$", re.I)
INCONSISTENCY = "calc11e:inconsistentCalculationUsingRounding"
SKIPPED_ALL = "calc11e:oimIncompatibleReportWarning"


def parse_range(text: str) -> tuple[Fraction, Fraction] | None:
    m = _RANGE.match(str(text).strip())
    if not m:
        return None
    return Fraction(Decimal(m.group(1))), Fraction(Decimal(m.group(2)))


def _weights(model: Any, linkrole: str, sum_concept: Any) -> dict[Any, Decimal]:
    from arelle import XbrlConst

    out: dict[Any, Decimal] = {}
    for arcrole in (XbrlConst.summationItem, XbrlConst.summationItem11):
        rels = model.relationshipSet(arcrole, linkrole)
        for rel in rels.fromModelObject(sum_concept) if rels else ():
            if rel.toModelObject is not None:
                out[rel.toModelObject] = rel.weightDecimal
    return out


def _fact_value(fact: Any) -> Fraction | None:
    try:
        return Fraction(Decimal(str(fact.xValue)))
    except Exception:  # noqa: BLE001 - a value arelle could not type is reported as unknown
        return None


def _fact_interval(fact: Any) -> tuple[Fraction, Fraction] | None:
    value = _fact_value(fact)
    if value is None:
        return None
    d = decimals_of(fact)
    if d is None:
        return value, value
    half = Fraction(1, 2) * Fraction(10) ** (-d)
    return value - half, value + half


def _contributor(fact: Any, weight: Decimal) -> dict[str, Any]:
    return {
        "concept": qname_str(fact.qname),
        "weight": weight,
        "value": _fact_value(fact),
        "decimals": decimals_of(fact),
        "source": fact_source(fact),
    }


def _summation(head: Any, items: list[tuple[Any, Decimal]], linkrole: str, period_of: Any) -> dict[str, Any]:
    return {
        "concept": qname_str(head.qname),
        "context": head.context.id,
        "period": period_of(head.context),
        "dimensions": bool(head.context.qnameDims),
        "unit": unit_of(head.unit),
        "unit_id": head.unit.id if head.unit is not None else None,
        "linkrole": linkrole,
        "source": fact_source(head),
        "value": _fact_value(head),
        "contributors": [_contributor(f, w) for f, w in items],
    }


def _inconsistency(model: Any, args: dict[str, Any], message: str, period_of: Any) -> dict[str, Any]:
    facts = [o for o in args.get("modelObject", ()) if hasattr(o, "qname")]
    concept_q = args["concept"]
    sums = [f for f in facts if f.qname == concept_q]
    items = [f for f in facts if f.qname != concept_q]
    head = sums[0] if sums else facts[0]
    linkrole = args.get("linkrole", "")
    weights = _weights(model, linkrole, head.concept)
    out = _summation(head, [(f, weights.get(f.concept, Decimal(1))) for f in items], linkrole, period_of)
    out.update(
        reported=parse_range(args.get("reportedSum", "")),
        computed=parse_range(args.get("computedSum", "")),
        message=message,
    )
    return out


def run_calc11(model: Any, period_of: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(inconsistencies, consistent summations, other calc11 messages) for one model.

    The verdicts are arelle's: a binding is listed as consistent only when arelle
    bound it and reported no inconsistency and no other calc11 problem on its facts.
    """
    from arelle import ValidateXbrlCalcs
    from arelle.ValidateXbrlCalcs import ValidateCalcsMode

    ValidateXbrlCalcs.init()
    failures: list[dict[str, Any]] = []
    others: list[dict[str, Any]] = []
    failed_keys: set[tuple[str, Any, tuple[Any, Any]]] = set()
    troubled: set[int] = set()
    ctx_map, unit_map = _equivalences(model)
    for v in ValidateXbrlCalcs.ValidateXbrlCalcs(model, ValidateCalcsMode.ROUND_TO_NEAREST).validate():
        codes = v.codes if isinstance(v.codes, tuple) else (v.codes,)
        try:
            message = v.msg % {k: val for k, val in v.args.items() if k != "modelObject"}
        except (KeyError, TypeError, ValueError):
            message = v.msg
        objs = v.args.get("modelObject", ())
        objs = list(objs) if isinstance(objs, (list, tuple)) else [objs]
        if INCONSISTENCY in codes:
            failures.append(_inconsistency(model, v.args, message, period_of))
            head = next(o for o in objs if hasattr(o, "qname") and o.qname == v.args["concept"])
            failed_keys.add((v.args.get("linkrole", ""), head.concept, _bind_key(head, ctx_map, unit_map)))
        else:
            troubled |= {id(o) for o in objs}
            first = next((o for o in objs if hasattr(o, "sourceline") and hasattr(o, "modelDocument")), None)
            others.append({"code": codes[0], "message": message, "source": fact_source(first) if first else None})
    failures.sort(key=_order)  # arelle walks hash-ordered sets: give reports a stable order
    if any(o["code"] == SKIPPED_ALL for o in others):
        return failures, [], others  # arelle checked nothing: no pass may be claimed
    passes = []
    for linkrole, sum_fact, items in bound_summations(model, ctx_map, unit_map):
        key = (linkrole, sum_fact.concept, _bind_key(sum_fact, ctx_map, unit_map))
        if key in failed_keys or id(sum_fact) in troubled or any(id(f) in troubled for f, _ in items):
            continue
        entry = _consistent(sum_fact, items, linkrole, period_of)
        if entry is not None:
            passes.append(entry)
    return failures, sorted(passes, key=_order), others


def _order(entry: dict[str, Any]) -> tuple[str, int, str, str]:
    src = entry["source"]
    return (src.file, src.line, entry["linkrole"] or "", entry["context"] or "")


def _bind_key(fact: Any, ctx_map: dict[Any, Any], unit_map: dict[Any, Any]) -> tuple[Any, Any]:
    return ctx_map.get(fact.context, fact.context), unit_map.get(fact.unit, fact.unit)


def _consistent(sum_fact: Any, items: list[tuple[Any, Decimal]], linkrole: str, period_of: Any) -> dict[str, Any] | None:
    """A summation arelle found consistent, with its intervals for display (the verdict stays arelle's)."""
    reported = _fact_interval(sum_fact)
    if reported is None:
        return None
    lo = hi = Fraction(0)
    for f, w in items:
        iv = _fact_interval(f)
        if iv is None:
            return None
        a, b = iv[0] * Fraction(w), iv[1] * Fraction(w)
        lo, hi = lo + min(a, b), hi + max(a, b)
    entry = _summation(sum_fact, items, linkrole, period_of)
    entry.update(reported=reported, computed=(lo, hi), message="consistent (Calculations 1.1, round-to-nearest)")
    return entry


def _equivalences(model: Any) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """arelle's own partition of s-equal contexts and units, as its calc check binds them."""
    from arelle.utils.Contexts import partitionModelXbrlContexts
    from arelle.utils.Units import partitionModelXbrlUnits

    ctx_map = {c: ex for ex, *rest in partitionModelXbrlContexts(model).values() for c in (ex, *rest)}
    unit_map = {u: ex for ex, *rest in partitionModelXbrlUnits(model).values() for u in (ex, *rest)}
    return ctx_map, unit_map


def bound_summations(
    model: Any, ctx_map: dict[Any, Any], unit_map: dict[Any, Any]
) -> list[tuple[str, Any, list[tuple[Any, Decimal]]]]:
    """Summation facts with at least one contributing fact in an equal context and unit.

    This lists what arelle binds, to show passes next to failures; whether each
    binding is consistent is arelle's verdict (see `run_calc11`), never recomputed.
    """
    from arelle import XbrlConst

    facts: dict[tuple[Any, Any, Any], list[Any]] = defaultdict(list)
    for f in model.facts:
        if f.concept is not None and f.isNumeric and not f.isNil and f.context is not None:
            facts[(f.concept, ctx_map.get(f.context, f.context), unit_map.get(f.unit, f.unit))].append(f)
    keys_of: dict[Any, set[tuple[Any, Any]]] = defaultdict(set)
    for concept, ctx, unit in facts:
        keys_of[concept].add((ctx, unit))
    out = []
    for arcrole in (XbrlConst.summationItem, XbrlConst.summationItem11):
        for linkrole in sorted(model.relationshipSet(arcrole).linkRoleUris):
            rels = model.relationshipSet(arcrole, linkrole)
            for sum_concept, item_rels in rels.fromModelObjects().items():
                for key in sorted(keys_of.get(sum_concept, ()), key=lambda k: (k[0].id, k[1].id if k[1] is not None else "")):
                    items = [
                        (f, rel.weightDecimal)
                        for rel in item_rels
                        for f in facts.get((rel.toModelObject, *key), [])[:1]
                    ]
                    if items and len(facts[(sum_concept, *key)]) == 1:
                        out.append((linkrole, facts[(sum_concept, *key)][0], items))
    return out
