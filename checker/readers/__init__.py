"""Readers: every input format ends in a `Document` of facts.

The format is picked by content, not by file extension: an `.htm` exhibit that is
really plain text, or a `.txt` that is Markdown, reads the same as it would if
named right.
"""

from __future__ import annotations

import gzip
import re
import zlib
from dataclasses import replace
from pathlib import Path

from checker.errors import TieoutError
from checker.facts import Document, Fact, Noise, Statement
from checker.readers.entity import entity_name
from checker.readers.grid import Grid
from checker.readers.layout import interpret

_SNIFF = 65536
_GZIP = b"\x1f\x8b"


def sniff(path: Path) -> str:
    """'pdf', 'image', 'xbrl', 'html', 'markdown' or 'text'."""
    try:
        head = _head(path)
    except FileNotFoundError:
        raise TieoutError("no such file", str(path)) from None
    except IsADirectoryError:
        raise TieoutError("is a directory (give files, or a folder to `tieout check`)", str(path)) from None
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:  # a .gz that is not whole
        raise TieoutError(f"cannot decompress: {exc}", str(path)) from None
    except OSError as exc:
        raise TieoutError(f"cannot read: {exc.strerror}", str(path)) from None
    gzipped = path.read_bytes()[:2] == _GZIP
    if head.startswith(b"%PDF"):
        return "pdf" if not gzipped else _compressed(path)
    if head.startswith(b"PK\x03\x04") and gzipped:
        return _compressed(path)
    if head[:8] == b"\x89PNG\r\n\x1a\n" or head[:3] == b"\xff\xd8\xff" or head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image"
    if head.startswith(b"PK\x03\x04"):
        return "xbrl"
    if b"\x00" in head:
        raise TieoutError("binary file, not a statement document (text, HTML, Markdown, PDF or XBRL)", str(path))
    text = head.decode("utf-8", errors="replace")
    low = text.lower()
    if re.search(r"^<s>\s+<c>", low, re.M) or "<caption>" in low and "<td" not in low:
        return "text"  # EDGAR's SGML text tables (<TABLE>, <S>, <C>) are plain text, not HTML
    if "<xbrli:xbrl" in low or "<xbrl" in low and "xbrl.org" in low or "ix:header" in low or "ix:nonfraction" in low:
        return "xbrl"
    try:
        from checker.readers.html import looks_like_html

        if looks_like_html(text):
            return "html"
    except ImportError:
        if "<table" in low or "<html" in low:
            return "html"
    try:
        from checker.readers.markdown import looks_like_markdown

        if looks_like_markdown(text):
            return "markdown"
    except ImportError:
        pass
    return "text"


def _head(path: Path) -> bytes:
    """The first bytes of the document, through gzip when the file is compressed (EDGAR exhibits often are)."""
    with path.open("rb") as fh:
        magic = fh.read(2)
    if magic != _GZIP:
        return path.read_bytes()[:_SNIFF]
    with gzip.open(path, "rb") as fh:
        return fh.read(_SNIFF)


def _compressed(path: Path) -> str:
    raise TieoutError("compressed PDF or XBRL: decompress it first (gzip is read for text, HTML and Markdown)", str(path))


def _text(path: Path) -> str:
    raw = path.read_bytes()
    if raw[:2] == _GZIP:
        raw = gzip.decompress(raw)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def read_document(path: Path, **options: object) -> Document:
    """Read one file into a Document, or raise TieoutError naming it."""
    kind = sniff(path)
    if kind == "xbrl":
        try:
            from checker.readers.xbrl import read_xbrl
        except ImportError:
            raise TieoutError("XBRL input is not supported by this build", str(path)) from None
        return read_xbrl(path, **options)  # type: ignore[arg-type]
    confidence: dict[tuple[int | None, int, int], float] = {}
    if kind in ("pdf", "image"):
        from checker.readers.positional_document import read_positional

        grids, text, kind, confidence = read_positional(path, kind)
    else:
        text = _text(path)
        grids = _grids(path, text, kind)
    doc = Document(path=str(path), format=kind, text_lines=text.splitlines())
    unread: list[tuple[int, Grid]] = []
    for i, grid in enumerate(grids):
        statement, facts, noise = interpret(grid, len(doc.statements))
        if statement is None and any("no readable period" in n.reason for n in noise):
            unread.append((i, grid))  # may name its quarters only ("First Quarter 2022"): read again knowing the others
            continue
        _keep(doc, statement, facts, noise)
    known = list(dict.fromkeys(p for st in doc.statements for p in st.periods))
    for i, grid in unread:
        statement, facts, noise = interpret(grid, len(doc.statements), known)
        if statement is None:  # still unread: its rows are one table's noise, apart from the other unread tables'
            noise = [replace(n, statement=f"table{i + 1}") for n in noise]
        _keep(doc, statement, facts, noise)
    if confidence:
        from checker.readers.positional_document import mark_confidence

        mark_confidence(doc, confidence)
    doc.entity = doc.entity or entity_name(doc.text_lines, doc.statements)
    if not doc.statements:
        raise TieoutError("no financial statement found (looked for balance sheet, income, cash-flow titles)", str(path))
    if kind in ("text", "markdown"):
        from checker.readers.narrative import read_narrative

        in_tables = {n for st in doc.statements for n in range(st.source.line if st.source else 0, max(r.line for r in st.rows) + 1)}
        periods = [p for st in doc.statements for p in st.periods]
        doc.extra["narrative"] = read_narrative(str(path), doc.text_lines, in_tables, periods)
    return doc


def _keep(doc: Document, statement: Statement | None, facts: list[Fact], noise: list[Noise]) -> None:
    doc.noise.extend(noise)
    if statement is not None and statement.rows:
        doc.statements.append(statement)
        doc.facts.extend(facts)


def _grids(path: Path, text: str, kind: str) -> list[Grid]:
    try:
        if kind == "html":
            from checker.readers.html import read_html_grids

            return read_html_grids(path, text)
        if kind == "markdown":
            from checker.readers.markdown import read_markdown_grids

            return read_markdown_grids(path, text)
    except ImportError:
        raise TieoutError(f"{kind} input is not supported by this build", str(path)) from None
    from checker.readers.text import read_text_grids

    return read_text_grids(path, text)
