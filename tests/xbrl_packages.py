"""Build stub taxonomy packages that let arelle load a test filing offline.

The US-GAAP, DEI, SRT and SEC schemas cannot be downloaded on the test machines,
and arelle offline silently drops every fact whose schema it cannot load. So each
test filing gets a package, built at test time, that declares exactly the concepts,
types and roles the filing refers to at those official URLs, with the period type,
item type and balance the real taxonomy gives them (from the SEC's `tag.txt`
where known, else read off the filing's own facts and units).
"""

from __future__ import annotations

import csv
import sys
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

XLINK = "http://www.w3.org/1999/xlink"
XSD = "http://www.w3.org/2001/XMLSchema"
XBRLI = "http://www.xbrl.org/2003/instance"
XBRLDI = "http://xbrl.org/2006/xbrldi"
LINK = "http://www.xbrl.org/2003/linkbase"
IX_NAMESPACES = {"http://www.xbrl.org/2013/inlineXBRL", "http://www.xbrl.org/2008/inlineXBRL"}

TAGS_TSV = Path(__file__).parent / "data" / "xbrl" / "tags.tsv"


def _arelle_cache() -> Path:
    import arelle

    return Path(arelle.__file__).parent / "resources" / "cache"


def _is_cached(url: str) -> bool:
    """arelle ships the XBRL specification schemas; only the rest needs stubbing."""
    parts = urlsplit(url)
    return (_arelle_cache() / parts.scheme / parts.netloc / parts.path.lstrip("/")).exists()


def _is_remote(url: str) -> bool:
    return url.startswith(("http://", "https://"))


@dataclass
class Needs:
    """What a filing asks of the schemas it cannot find."""

    ns_of_url: dict[str, str] = field(default_factory=dict)
    prefixes: dict[str, str] = field(default_factory=dict)
    concepts: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # url -> names
    roles: dict[str, dict[str, tuple[str, str]]] = field(default_factory=lambda: defaultdict(dict))
    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # ns -> type names
    calc_concepts: set[tuple[str, str]] = field(default_factory=set)
    facts: dict[tuple[str, str], list[tuple[str, str | None]]] = field(default_factory=lambda: defaultdict(list))
    contexts: dict[str, str] = field(default_factory=dict)  # id -> instant|duration
    units: dict[str, str] = field(default_factory=dict)  # id -> monetary|shares|pure|ratio|other
    explicit_dims: set[tuple[str, str]] = field(default_factory=set)
    members: set[tuple[str, str]] = field(default_factory=set)
    typed_dims: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)


def filing_files(filing: Path) -> dict[str, bytes]:
    """The XML documents of a filing given as a directory or a zip."""
    keep = (".xml", ".xsd", ".htm", ".html", ".xhtml")
    if filing.is_dir():
        return {p.name: p.read_bytes() for p in sorted(filing.iterdir()) if p.suffix.lower() in keep}
    with zipfile.ZipFile(filing) as zf:
        return {
            Path(n).name: zf.read(n) for n in zf.namelist() if n.lower().endswith(keep) and not n.endswith("/")
        }


def _qname(text: str, el: etree._Element) -> tuple[str, str] | None:
    text = text.strip()
    prefix, _, local = text.rpartition(":")
    ns = el.nsmap.get(prefix or None)
    return (ns, local) if ns else None


def scan(files: dict[str, bytes]) -> Needs:
    needs = Needs()
    parser = etree.XMLParser(huge_tree=True, remove_comments=True, recover=True)
    for name, data in files.items():
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError:
            continue
        if root is None:
            continue
        is_calc = name.endswith("_cal.xml")
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            for prefix, ns in el.nsmap.items():
                if prefix:
                    needs.prefixes.setdefault(prefix, ns)
            ns, _, local = el.tag[1:].partition("}") if el.tag.startswith("{") else ("", "", el.tag)
            if ns == XSD and local == "import":
                loc = el.get("schemaLocation", "")
                if _is_remote(loc):
                    needs.ns_of_url[loc] = el.get("namespace", "")
            if ns == XSD and local == "element" and el.get("type"):
                q = _qname(el.get("type", ""), el)
                if q:
                    needs.types[q[0]].add(q[1])
            href = el.get(f"{{{XLINK}}}href")
            if href and _is_remote(href) and "#" in href:
                url, frag = href.split("#", 1)
                if local == "loc":
                    needs.concepts[url].add(frag.split("_", 1)[1] if "_" in frag else frag)
                    if is_calc:
                        needs.calc_concepts.add((url, frag.split("_", 1)[-1]))
                elif local in ("roleRef", "arcroleRef"):
                    uri = el.get("roleURI") or el.get("arcroleURI") or ""
                    needs.roles[url][frag] = (local, uri)
            if ns == XBRLI and local == "context":
                period = el.find(f"{{{XBRLI}}}period")
                instant = period is not None and period.find(f"{{{XBRLI}}}instant") is not None
                needs.contexts[el.get("id", "")] = "instant" if instant else "duration"
            elif ns == XBRLI and local == "unit":
                needs.units[el.get("id", "")] = _unit_kind(el)
            elif ns == XBRLDI and local == "explicitMember":
                dim, mem = _qname(el.get("dimension", ""), el), _qname(el.text or "", el)
                if dim:
                    needs.explicit_dims.add(dim)
                if mem:
                    needs.members.add(mem)
            elif ns == XBRLDI and local == "typedMember":
                dim = _qname(el.get("dimension", ""), el)
                child = next((c for c in el if isinstance(c.tag, str)), None)
                if dim and child is not None:
                    cns, _, clocal = child.tag[1:].partition("}")
                    needs.typed_dims[dim] = (cns, clocal)
            elif ns in IX_NAMESPACES and local in ("nonFraction", "nonNumeric", "fraction"):
                q = _qname(el.get("name", ""), el)
                if q:
                    needs.facts[q].append((el.get("contextRef", ""), el.get("unitRef")))
        if root.tag == f"{{{XBRLI}}}xbrl":
            for el in root:
                if not isinstance(el.tag, str) or el.get("contextRef") is None:
                    continue
                cns, _, clocal = el.tag[1:].partition("}")
                needs.facts[(cns, clocal)].append((el.get("contextRef", ""), el.get("unitRef")))
    return needs


def _unit_kind(unit: etree._Element) -> str:
    if unit.find(f"{{{XBRLI}}}divide") is not None:
        return "ratio"
    measure = unit.find(f"{{{XBRLI}}}measure")
    text = (measure.text or "") if measure is not None else ""
    q = _qname(text, measure) if measure is not None else None
    if q and q[0] == "http://www.xbrl.org/2003/iso4217":
        return "monetary"
    if q and q[0] == XBRLI:
        return {"shares": "shares", "pure": "pure"}.get(q[1], "other")
    return "other"


def load_tags(path: Path = TAGS_TSV) -> dict[str, dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return {row["tag"]: row for row in csv.DictReader(fh, delimiter="\t")}


_DATATYPES = {
    "monetary": "xbrli:monetaryItemType",
    "shares": "xbrli:sharesItemType",
    "decimal": "xbrli:decimalItemType",
    "perShare": "xbrli:decimalItemType",
    "percent": "xbrli:pureItemType",
    "pure": "xbrli:pureItemType",
    "integer": "xbrli:integerItemType",
    "date": "xbrli:dateItemType",
    "boolean": "xbrli:booleanItemType",
}
_UNIT_TYPES = {
    "monetary": "xbrli:monetaryItemType",
    "shares": "xbrli:sharesItemType",
    "pure": "xbrli:pureItemType",
    "ratio": "xbrli:decimalItemType",
    "other": "xbrli:decimalItemType",
}


def _element(ns_prefix: str, name: str, needs: Needs, ns: str, url: str, tags: dict[str, dict[str, str]]) -> str:
    key = (ns, name)
    ident = f"{ns_prefix}_{name}"
    if key in needs.typed_dims:
        dom_ns, dom_local = needs.typed_dims[key]
        return (
            f'<xs:element id="{ident}" name="{name}" substitutionGroup="xbrldt:dimensionItem" abstract="true" '
            f'type="xbrli:stringItemType" xbrli:periodType="duration" nillable="true" '
            f'xbrldt:typedDomainRef="#{ns_prefix}_{dom_local}"/>\n'
            f'<xs:element id="{ns_prefix}_{dom_local}" name="{dom_local}" type="xs:string"/>'
        )
    if key in needs.explicit_dims or name.endswith("Axis"):
        return (
            f'<xs:element id="{ident}" name="{name}" substitutionGroup="xbrldt:dimensionItem" abstract="true" '
            f'type="xbrli:stringItemType" xbrli:periodType="duration" nillable="true"/>'
        )
    if name.endswith("Table"):
        return (
            f'<xs:element id="{ident}" name="{name}" substitutionGroup="xbrldt:hypercubeItem" abstract="true" '
            f'type="xbrli:stringItemType" xbrli:periodType="duration" nillable="true"/>'
        )
    tag = tags.get(name, {})
    facts = needs.facts.get(key, [])
    abstract = tag.get("abstract") == "1" or (
        not facts and (key in needs.members or name.endswith(("Member", "Domain", "Abstract", "LineItems")))
    )
    period = {"I": "instant", "D": "duration"}.get(tag.get("iord", ""), "duration")
    if facts:
        kinds = {needs.contexts.get(c, "duration") for c, _ in facts}
        period = "instant" if kinds == {"instant"} else "duration"
    item_type = _DATATYPES.get(tag.get("datatype", ""), "xbrli:stringItemType")
    units = [u for _, u in facts if u]
    if units:
        # The unit the filer used wins for money and shares; a known numeric type stays otherwise.
        kind = needs.units.get(units[0], "other")
        if kind in ("monetary", "shares") or item_type in ("xbrli:stringItemType", "xbrli:dateItemType"):
            item_type = _UNIT_TYPES[kind]
    elif facts:
        item_type = "xbrli:stringItemType"
    elif not tag and (url, name) in needs.calc_concepts and not abstract:
        item_type = "xbrli:monetaryItemType"
    balance = {"D": "debit", "C": "credit"}.get(tag.get("crdr", ""))
    if balance and item_type != "xbrli:monetaryItemType":
        balance = None
    attrs = f' xbrli:balance="{balance}"' if balance else ""
    if abstract:
        item_type, attrs = "xbrli:stringItemType", attrs + ' abstract="true"'
    return (
        f'<xs:element id="{ident}" name="{name}" type="{item_type}" substitutionGroup="xbrli:item" '
        f'xbrli:periodType="{period}" nillable="true"{attrs}/>'
    )


def _roles(roles: dict[str, tuple[str, str]]) -> str:
    out = []
    for ident, (kind, uri) in sorted(roles.items()):
        if kind == "roleRef":
            used = "".join(
                f"<link:usedOn>link:{u}</link:usedOn>"
                for u in ("label", "calculationLink", "presentationLink", "definitionLink", "reference")
            )
            out.append(f'<link:roleType id={quoteattr(ident)} roleURI={quoteattr(uri)}>{used}</link:roleType>')
        else:
            used = "".join(
                f"<link:usedOn>link:{u}</link:usedOn>" for u in ("calculationArc", "presentationArc", "definitionArc")
            )
            out.append(
                f'<link:arcroleType id={quoteattr(ident)} arcroleURI={quoteattr(uri)} cyclesAllowed="undirected">'
                f"{used}</link:arcroleType>"
            )
    return "\n".join(out)


def _schema(url: str, ns: str, needs: Needs, tags: dict[str, dict[str, str]]) -> str:
    prefix = next((p for p, n in needs.prefixes.items() if n == ns), "ns")
    body = [_element(prefix, name, needs, ns, url, tags) for name in sorted(needs.concepts.get(url, ()))]
    for type_name in sorted(needs.types.get(ns, ())):
        base = "xbrli:decimalItemType"
        if any(w in type_name.lower() for w in ("domain", "textblock", "string", "date", "enum")):
            base = "xbrli:stringItemType"
        body.append(
            f'<xs:complexType name="{escape(type_name)}"><xs:simpleContent>'
            f'<xs:restriction base="{base}"/></xs:simpleContent></xs:complexType>'
        )
    roles = _roles(needs.roles.get(url, {}))
    appinfo = f"<xs:annotation><xs:appinfo>{roles}</xs:appinfo></xs:annotation>" if roles else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<xs:schema xmlns:xs="{XSD}" xmlns:xbrli="{XBRLI}" xmlns:link="{LINK}" xmlns:xlink="{XLINK}" '
        f'xmlns:xbrldt="http://xbrl.org/2005/xbrldt" xmlns:{prefix}={quoteattr(ns)} targetNamespace={quoteattr(ns)} '
        'elementFormDefault="qualified" attributeFormDefault="unqualified">\n'
        f"{appinfo}\n"
        f'<xs:import namespace="{XBRLI}" schemaLocation="http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd"/>\n'
        '<xs:import namespace="http://xbrl.org/2005/xbrldt" schemaLocation="http://www.xbrl.org/2005/xbrldt-2005.xsd"/>\n'
        + "\n".join(body)
        + "\n</xs:schema>\n"
    )


def _namespace_of(url: str, needs: Needs) -> str | None:
    if url in needs.ns_of_url:
        return needs.ns_of_url[url]
    for name in needs.concepts.get(url, ()):
        for (ns, local) in needs.facts:
            if local == name and ns:
                return ns
    for ident in needs.roles.get(url, {}):
        return f"urn:tieout:stub:{ident}"
    return None


def stub_schemas(
    filing: Path, tags: dict[str, dict[str, str]] | None = None, skip: Sequence[str] = ()
) -> dict[str, str]:
    """URL -> schema text for every remote schema the filing refers to that arelle lacks.

    `skip` lists URL prefixes another (real) package supplies.
    """
    tags = load_tags() if tags is None else tags
    needs = scan(filing_files(filing))
    urls = set(needs.ns_of_url) | set(needs.concepts) | set(needs.roles)
    out = {}
    for url in sorted(urls):
        if _is_cached(url) or not url.endswith(".xsd") or url.startswith(tuple(skip)):
            continue
        ns = _namespace_of(url, needs)
        if ns is None:
            continue
        out[url] = _schema(url, ns, needs, tags)
    return out


def build_package(
    filing: Path, out: Path, tags: dict[str, dict[str, str]] | None = None, skip: Sequence[str] = ()
) -> Path:
    """Write a taxonomy package zip (META-INF/taxonomyPackage.xml + catalog.xml) to `out`.

    One rewrite per schema folder, so a real package for another folder of the
    same host (e.g. the SRT beside stubbed US-GAAP) is never shadowed.
    """
    schemas = stub_schemas(filing, tags, skip)
    top = out.stem
    folders = sorted({u.rsplit("/", 1)[0] + "/" for u in schemas})
    rewrites = "\n".join(
        f'<rewriteURI uriStartString="{f}" rewritePrefix="../{urlsplit(f).scheme}/{urlsplit(f).netloc}{urlsplit(f).path}"/>'
        for f in folders
    )
    catalog = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">\n{rewrites}\n</catalog>\n'
    )
    package = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tp:taxonomyPackage xmlns:tp="http://xbrl.org/2016/taxonomy-package" xml:lang="en">\n'
        f"<tp:identifier>urn:tieout:test:{escape(top)}</tp:identifier>\n"
        f"<tp:name>tieout test stub for {escape(filing.name)}</tp:name>\n"
        "<tp:version>1</tp:version>\n<tp:publisher>tieout tests</tp:publisher>\n"
        "<tp:publicationDate>2026-01-01</tp:publicationDate>\n"
        "</tp:taxonomyPackage>\n"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{top}/META-INF/taxonomyPackage.xml", package)
        zf.writestr(f"{top}/META-INF/catalog.xml", catalog)
        for url, text in schemas.items():
            parts = urlsplit(url)
            zf.writestr(f"{top}/{parts.scheme}/{parts.netloc}{parts.path}", text)
    return out


def needed_concept_names(filings: list[Path]) -> set[str]:
    """Every standard concept name the filings refer to (to cut tags.tsv out of tag.txt)."""
    names: set[str] = set()
    for filing in filings:
        needs = scan(filing_files(filing))
        for url, concepts in needs.concepts.items():
            if not _is_cached(url):
                names |= concepts
        names |= {local for (_ns, local) in needs.facts}
    return names


def arelle_calc_command(filing: Path, packages: Sequence[Path], log: Path) -> list[str]:
    """arelle's own command line for loading a filing (an EDGAR zip's instance, or the file) offline with
    the given taxonomy packages and running its Calculations 1.1 check: what tieout is compared against."""
    from checker.readers.xbrl_load import instance_in_zip

    entry = f"{filing}/{instance_in_zip(filing)}" if filing.suffix == ".zip" else str(filing)
    return [
        sys.executable, "-m", "arelle.CntlrCmdLine", "--file", entry, "--validate", "--calc", "c11r",
        "--packages", "|".join(str(p) for p in packages), "--internetConnectivity", "offline",
        "--disablePersistentConfig", "--logFile", str(log),
    ]  # fmt: skip
