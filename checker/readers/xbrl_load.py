"""Loading a filing through arelle's supported API, and refusing a partial load.

arelle does all XBRL parsing. What it does not do is fail when a schema is missing:
offline, it drops every fact whose concept it cannot resolve and still reports
success. So after each load the facts written in the instance are counted against
the facts arelle kept, and any shortfall becomes a one-line `TieoutError` naming
the schema that did not load.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.errors import TieoutError

IX_NAMESPACES = ("http://www.xbrl.org/2013/inlineXBRL", "http://www.xbrl.org/2008/inlineXBRL")
IX_FACT_TAGS = frozenset(f"{{{ns}}}{t}" for ns in IX_NAMESPACES for t in ("nonFraction", "nonNumeric", "fraction"))
_FILE_IN_MESSAGE = re.compile(r"file: (\S+)\s*$|^(\S+?): file error|File can not be loaded: (\S+)")
_MISSING_CODES = ("IOerror", "FileNotLoadable")
_INSTANCE_SUFFIXES = (".xml", ".xbrl", ".htm", ".html", ".xhtml")
# What arelle logs and then carries on past, but leaves tieout nothing sound to check.
FATAL_CODES = ("xmlSchema:syntax", "xbrl.4.6.1:itemContextRef", "xbrl.4.6.2:numericUnit")
_LINE_IN_MESSAGE = re.compile(r"line (\d+)")


@dataclass
class Loaded:
    """An open arelle model and what arelle said while loading it."""

    model: Any
    messages: list[dict[str, Any]] = field(default_factory=list)
    entry: str = ""


def sniff(head: bytes) -> bool:
    """Is this the start of an XBRL instance or an Inline XBRL document?"""
    text = head.decode("utf-8", "ignore")
    if "http://www.xbrl.org/2003/instance" in text and re.search(r"<(?:\w+:)?xbrl[\s>]", text):
        return True
    return any(ns in text for ns in IX_NAMESPACES)


def instance_in_zip(path: Path) -> str | None:
    """The member of a filing zip that is the instance (Inline XBRL preferred, as EDGAR files it)."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if n.lower().endswith(_INSTANCE_SUFFIXES)]
            found = []
            for name in names:
                with zf.open(name) as fh:
                    head = fh.read(20000)
                if sniff(head):
                    found.append(name)
    except (zipfile.BadZipFile, OSError):
        return None
    found.sort(key=lambda n: (not n.lower().endswith((".htm", ".html", ".xhtml")), len(n)))
    return found[0] if found else None


@contextmanager
def arelle_session() -> Iterator[Any]:
    """One arelle Session at a time: its plugin and package state is process-global."""
    from arelle.api.Session import Session

    session = Session()
    try:
        yield session
    finally:
        session.close()


def load(session: Any, path: Path, *, offline: bool, packages: Sequence[Path]) -> Loaded:
    from arelle.logging.handlers.StructuredMessageLogHandler import StructuredMessageLogHandler
    from arelle.RuntimeOptions import RuntimeOptions

    for pkg in packages:
        if not Path(pkg).is_file():
            raise TieoutError(f"taxonomy package not found: {pkg}", file=str(path))
    entry = str(path)
    if zipfile.is_zipfile(path):
        member = instance_in_zip(path)
        if member is None:
            raise TieoutError("zip holds no XBRL instance or Inline XBRL document", file=str(path))
        entry = f"{path}/{member}"
    options = RuntimeOptions(
        entrypointFile=entry,
        workOffline=offline,
        packages=[str(Path(p).resolve()) for p in packages] or None,
        keepOpen=True,
        disablePersistentConfig=True,
        logLevel="WARNING",
    )
    try:
        session.run(options, logHandler=StructuredMessageLogHandler())
    except Exception as exc:  # noqa: BLE001 - arelle's own failure, reported as one line
        raise TieoutError(f"arelle could not load the filing: {type(exc).__name__}: {exc}", file=str(path)) from None
    messages = list(session.get_log_messages())
    for msg in messages:
        code = msg.get("messageCode")
        if code == "arelle:packageLoadingError":
            raise TieoutError(f"arelle could not load taxonomy package: {msg.get('msg', '').strip()}", file=str(path))
        if code in FATAL_CODES:
            raise _located_error(path, msg)
    models = session.get_models()
    model = models[0] if models else None
    if model is None or model.modelDocument is None:
        first = next((m.get("msg", "") for m in messages if m.get("levelname") == "ERROR"), "not an XBRL document")
        raise TieoutError(f"arelle could not load the filing: {first.strip()}", file=str(path))
    return Loaded(model=model, messages=messages, entry=entry)


def _located_error(path: Path, msg: dict[str, Any]) -> TieoutError:
    """arelle's message as one line, at the instance file and line it points to."""
    text = " ".join(str(msg.get("msg", "")).split())
    refs = msg.get("refs") or [{}]
    href = str(refs[0].get("href") or "")
    line = refs[0].get("sourceLine")
    if line is None:
        m = _LINE_IN_MESSAGE.search(text)
        line = int(m.group(1)) if m else None
    name = href.split("#", 1)[0]
    where = str(path) if not name or Path(name).name == path.name else f"{path} ({Path(name).name})"
    return TieoutError(f"{msg.get('messageCode')}: {text}", file=where, line=int(line) if line else None)


def count_instance_facts(model: Any) -> int:
    """Facts as written in the instance, whether or not arelle could resolve their concepts."""
    doc = model.modelDocument
    roots = list(getattr(model, "ixdsHtmlElements", None) or [])
    if roots:
        return sum(1 for root in roots for el in root.iter() if el.tag in IX_FACT_TAGS and el.get("name"))
    root = doc.xmlRootElement
    return sum(1 for el in root.iter() if isinstance(el.tag, str) and el.get("contextRef") is not None)


def loaded_fact_count(model: Any) -> int:
    return sum(1 for f in model.factsInInstance if not f.isTuple)


def missing_schemas(messages: list[dict[str, Any]]) -> list[str]:
    """URLs of documents arelle reported it could not load, schemas first."""
    urls: list[str] = []
    for msg in messages:
        if msg.get("messageCode") not in _MISSING_CODES:
            continue
        m = _FILE_IN_MESSAGE.search(msg.get("msg", ""))
        url = next((g for g in m.groups() if g), None) if m else None
        if url and url not in urls:
            urls.append(url)
    # The filer's taxonomies first: XBRL's own specification schemas are rarely the one to supply.
    return sorted(urls, key=lambda u: (not u.endswith(".xsd"), "//www.xbrl.org/" in u, urls.index(u)))


def ensure_complete(loaded: Loaded, path: Path, offline: bool = True) -> None:
    """A missing taxonomy is an error, not a pass: every written fact must have loaded."""
    total = count_instance_facts(loaded.model)
    kept = loaded_fact_count(loaded.model)
    urls = missing_schemas(loaded.messages)
    if kept >= total and not urls:
        return
    dropped = max(total - kept, 0)
    remedy = "or allow network access" if offline else "(fetching it from the network failed)"
    if urls:
        more = f" and {len(urls) - 1} more" if len(urls) > 1 else ""
        raise TieoutError(
            f"could not load schema {urls[0]}{more} ({dropped} of {total} facts dropped); "
            f"supply it with --taxonomy-package ZIP {remedy}",
            file=str(path),
        )
    raise TieoutError(
        f"arelle dropped {dropped} of {total} facts whose concepts it could not resolve; "
        f"supply the taxonomy with --taxonomy-package ZIP {remedy}",
        file=str(path),
    )
