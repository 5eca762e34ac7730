"""Any document's facts as OIM xBRL-JSON, the form arelle (and any OIM tool) loads back.

Text and HTML releases carry no taxonomy, so their concepts default to US-GAAP and
the document names a US-GAAP entry point; an XBRL filing keeps its own namespaces,
entity scheme and schema. Facts with no concept cannot be expressed and are left
out (the count is returned under "tieout:omitted" only when asked for).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from checker.facts import Document, Fact, Period

DOCUMENT_TYPE = "https://xbrl.org/2021/xbrl-json"
DEFAULT_TAXONOMY = ("https://xbrl.fasb.org/us-gaap/2024/elts/us-gaap-2024.xsd",)
DEFAULT_NAMESPACES = {
    "us-gaap": "http://fasb.org/us-gaap/2024",
    "dei": "http://xbrl.sec.gov/dei/2024",
    "srt": "http://fasb.org/srt/2024",
}
FIXED_NAMESPACES = {
    "xbrl": "https://xbrl.org/2021",
    "xbrli": "http://www.xbrl.org/2003/instance",
    "iso4217": "http://www.xbrl.org/2003/iso4217",
    "utr": "http://www.xbrl.org/2009/utr",
}
EXTENSION_NS = "https://tieout.invalid/extension/"
ENTITY_SCHEME = "https://tieout.invalid/entity"
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_TOKEN = re.compile(r"[^A-Za-z0-9_.-]+")


def _datetime(d: Any) -> str:
    return f"{d.isoformat()}T00:00:00"


def oim_period(period: Period) -> str:
    """OIM periods are dateTimes: an XBRL date means the end of that day, i.e. next midnight."""
    end = _datetime(period.end + timedelta(days=1))
    if period.start is None:
        return end
    return f"{_datetime(period.start)}/{end}"


def _measure(local: str) -> str:
    if _CURRENCY.match(local):
        return f"iso4217:{local}"
    if local in ("shares", "pure"):
        return f"xbrli:{local}"
    return f"utr:{local}"


def oim_unit(unit: str) -> str | None:
    """None for pure (OIM expresses xbrli:pure by leaving the unit out)."""
    if not unit or unit == "pure":
        return None
    num, _, den = unit.partition("/")
    top = "*".join(_measure(m) for m in num.split("*"))
    return f"{top}/{'*'.join(_measure(m) for m in den.split('*'))}" if den else top


def _concept(name: str) -> str:
    return name if ":" in name else f"us-gaap:{name}"


def _prefix(qname: str) -> str:
    return qname.split(":", 1)[0]


def document_to_xbrl_json(
    doc: Document,
    *,
    taxonomy: Sequence[str] | None = None,
    namespaces: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    ns: dict[str, str] = dict(DEFAULT_NAMESPACES)
    ns.update(doc.extra.get("xbrl_namespaces", {}) or {})  # type: ignore[arg-type]
    ns.update(namespaces or {})
    schema_refs = list(taxonomy or doc.extra.get("xbrl_schema_refs", []) or DEFAULT_TAXONOMY)  # type: ignore[arg-type]
    scheme = str(doc.extra.get("xbrl_entity_scheme") or ENTITY_SCHEME)
    ns["scheme"] = scheme
    facts: dict[str, dict[str, Any]] = {}
    used: set[str] = set()
    for fact in doc.facts:
        if not fact.concept:
            continue
        entry = _fact(fact, doc)
        for q in [entry["dimensions"]["concept"], *_dimension_qnames(fact)]:
            used.add(_prefix(q))
        facts[f"f{len(facts) + 1}"] = entry
    for prefix in sorted(used):
        ns.setdefault(prefix, f"{EXTENSION_NS}{prefix}")
    namespaces_out = {p: u for p, u in ns.items() if p in used or p == "scheme"}
    namespaces_out.update(FIXED_NAMESPACES)
    return {
        "documentInfo": {
            "documentType": DOCUMENT_TYPE,
            "namespaces": dict(sorted(namespaces_out.items())),
            "taxonomy": schema_refs,
        },
        "facts": facts,
    }


def _dimension_qnames(fact: Fact) -> list[str]:
    out = []
    for dim, member in fact.dimensions:
        out.append(_concept(dim))
        if ":" in member and " " not in member:
            out.append(member)
    return out


def _fact(fact: Fact, doc: Document) -> dict[str, Any]:
    entity = _TOKEN.sub("_", fact.entity or doc.entity or "unknown").strip("_") or "unknown"
    dims: dict[str, Any] = {
        "concept": _concept(fact.concept or ""),
        "entity": f"scheme:{entity}",
        "period": oim_period(fact.period),
    }
    unit = oim_unit(fact.unit)
    if unit:
        dims["unit"] = unit
    for dim, member in fact.dimensions:
        dims[_concept(dim)] = member
    entry: dict[str, Any] = {"value": None if fact.value is None else _number(fact)}
    if fact.value is not None and fact.decimals is not None:
        entry["decimals"] = fact.decimals
    entry["dimensions"] = dims
    return entry


def _number(fact: Fact) -> str:
    text = format(fact.value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
