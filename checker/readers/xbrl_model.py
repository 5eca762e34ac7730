"""Reading arelle's model objects into plain values: periods, units, decimals, names.

Shared by the fact reader and the calculation results so both describe a fact the
same way (instance prefix, file and line, period as printed).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from checker.facts import Period, Source


def qname_str(qname: Any) -> str:
    return f"{qname.prefix}:{qname.localName}" if qname.prefix else str(qname.localName)


def fact_source(fact: Any) -> Source:
    return Source(file=Path(fact.modelDocument.uri).name, line=int(fact.sourceline or 0))


def period_of(context: Any) -> Period | None:
    """As printed in the filing: arelle's *Datetime values are the next midnight."""
    if context is None or context.isForeverPeriod:
        return None
    if context.isInstantPeriod:
        return Period(end=context.instantDate)
    start = context.startDatetime
    return Period(end=context.endDate, start=start.date() if start is not None else None)


def unit_of(unit: Any) -> str:
    if unit is None:
        return ""
    num, den = unit.measures
    top = "*".join(q.localName for q in num) or "1"
    return f"{top}/{'*'.join(q.localName for q in den)}" if den else top


def decimals_of(fact: Any) -> int | None:
    """XBRL decimals, None for INF (exact); precision-only facts use arelle's inference."""
    from arelle.ValidateXbrlCalcs import inferredDecimals

    raw = fact.decimals
    if raw is not None and str(raw).strip().upper() == "INF":
        return None
    try:
        d = inferredDecimals(fact)
    except (TypeError, ValueError):
        return None
    if isinstance(d, float) and (math.isinf(d) or math.isnan(d)):
        return None
    return int(d)


def dimensions_of(context: Any) -> tuple[tuple[str, str], ...]:
    dims = []
    for dim_q, dim_val in (context.qnameDims or {}).items():
        if dim_val.isExplicit:
            member = qname_str(dim_val.memberQname) if dim_val.memberQname is not None else ""
        else:
            typed = dim_val.typedMember
            member = (typed.stringValue if typed is not None else "").strip()
        dims.append((qname_str(dim_q), member))
    return tuple(sorted(dims))
