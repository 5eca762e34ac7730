"""Telling figures from words in table cells, and gluing split signs back on.

HTML and Markdown tables print one figure across several cells: the `$` in its own
cell, the closing `)` of a negative in the next one, a `%` after that. The
interpreter expects one cell per figure "as printed", so both readers merge these
pieces here, the same way, before building a Grid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NIL = "—"

_DASHES = {"-", "–", "—", "―", "--", "---", "−", "‒"}
_NUMBER = re.compile(
    r"^\(?\s*(?:US)?\$?\s*\(?\s*[-−–]?\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*\)?\s*%?\s*\)?(?:\s*[x×])?$",
    re.I,
)
_YEAR = re.compile(r"^(19|20)\d\d$")
_FOOTNOTE = re.compile(r"(?:\s*(?:\(\s*(?:\d{1,2}|[a-z]|[ivx]{1,4})\s*\)|\*{1,3}|[†‡§¹²³⁴⁵⁶⁷⁸⁹]))+\s*$", re.I)
_LEADING_FOOTNOTE = re.compile(r"^\s*(?:\(\s*\d{1,2}\s*\)|\*{1,3}|[†‡§])\s+(?=[A-Za-z])")
_SPACE = re.compile(r"\s+")


def _cp1252(code: int) -> str:
    try:
        return bytes([code]).decode("cp1252")
    except UnicodeDecodeError:
        return ""


# Windows-1252 bytes read as Latin-1 (0x97 for an em dash, 0x92 for an apostrophe).
_C1 = {code: _cp1252(code) for code in range(0x80, 0xA0)}


def clean_text(text: str) -> str:
    """Collapse whitespace (non-breaking spaces included) to single spaces; C1 bytes read as cp1252."""
    return _SPACE.sub(" ", text.translate(_C1).replace("\xa0", " ").replace("\u200b", "")).strip()


def is_nil(text: str) -> bool:
    """A dash printed for zero / not applicable, with or without a `$`."""
    t = text.replace("$", "").replace(" ", "")
    return t in _DASHES


def is_figure(text: str) -> bool:
    """A number as statements print it: `1,234`, `(1,234)`, `$ 0.64`, `12.5%`, or a nil dash."""
    t = text.strip()
    if not t:
        return False
    return is_nil(t) or bool(_NUMBER.match(t))


def is_year(text: str) -> bool:
    """A bare year such as 2024: a column heading, not an amount (amounts carry commas)."""
    return bool(_YEAR.match(text.strip()))


def strip_footnotes(label: str) -> str:
    """Drop trailing footnote markers such as "(1)", "(a)", "*" and leading "(1) " from a label."""
    out = _FOOTNOTE.sub("", label)
    out = _LEADING_FOOTNOTE.sub("", out)
    return out.strip() or label.strip()


@dataclass
class Piece:
    """One non-empty cell to the right of the label before merging."""

    text: str
    line: int
    column: int
    position: float


def _is_prefix(text: str) -> bool:
    t = text.replace(" ", "")
    return t in {"$", "US$", "USD", "(", "$(", "($", "(US$", "US$("}


_SUFFIX = re.compile(r"^\)?(?:%|pts?\.?|bps?\.?|x)?\)?$", re.I)
_CHANGE_HEADER = re.compile(
    r"^\s*%|%\s*(?:of|chg|change|increase|decrease)|\bpercent(?:age)?\b|\bchange\b|\bchg\b|\bvariance\b"
    r"|\bincrease\b|\bdecrease\b|\b[YQ]/[YQ]\b|\bbps\b|\bmargin\s*%",
    re.I,
)


def is_change_header(text: str) -> bool:
    """A column of changes or ratios ("% of Revenues", "$ Change", "Y/Y"), not a period's figures."""
    return bool(_CHANGE_HEADER.search(text))


def _is_suffix(text: str) -> bool:
    t = text.replace(" ", "")
    return bool(t) and bool(_SUFFIX.match(t))


def merge_pieces(pieces: list[Piece]) -> list[Piece]:
    """Glue `$` / `(` cells to the figure after them and `)` / `%` cells to the figure before.

    A nil dash drops a `$` in front of it ("$ —" is printed nil, kept as "—"). A lone
    `$` with no figure after it is dropped.
    """
    out: list[Piece] = []
    prefix = ""
    for piece in pieces:
        text = piece.text.strip()
        if not text:
            continue
        if _is_prefix(text):
            add = text.replace(" ", "").replace("USD", "$").replace("US$", "$")
            if "$" in prefix:
                add = add.replace("$", "")  # a `$` column left empty before another one
            prefix += add
            continue
        if _is_suffix(text) and out and not prefix:
            last = out[-1]
            if last.text != NIL:  # "—" then "%": still nil
                out[-1] = Piece(last.text + text.replace(" ", ""), last.line, last.column, last.position)
            continue
        if is_nil(text):
            out.append(Piece(NIL, piece.line, piece.column, piece.position))
            prefix = ""
            continue
        if prefix:
            if "(" in prefix and text.startswith("("):
                prefix = prefix.replace("(", "")
            text = prefix + text
            prefix = ""
        out.append(Piece(text, piece.line, piece.column, piece.position))
    return out
