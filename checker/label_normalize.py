"""Normalised statement-line labels: the key both the map builder and the matcher use.

Filers write the same line many ways ("Net loss", "Net income (loss)", "Total
shareholders' equity", "Stockholders equity"). Matching on a normalised key lets
evidence from one filer's wording count for another's. The builder and the
matcher must call the very same function, or learned keys would never be hit.
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})

# Parenthesised alternatives that only say which sign the line may take.
_SIGN_WORDS = (
    r"loss|losses|income|gain|gains|expense|expenses|benefit|provision|profit|earnings|"
    r"deficit|decrease|increase|used|used in|paid|received|charge|credit|deficiency|"
    r"net|used for|uses|provided"
)
_PAREN_SIGN = re.compile(rf"\(\s*(?:{_SIGN_WORDS})(?:\s*[/,]\s*(?:{_SIGN_WORDS}))*\s*\)")
# "(Benefit)/provision", "Income/(loss)", "gain/loss": keep one side.
_SLASH_SIGN = re.compile(rf"(\()?\b({_SIGN_WORDS})\b(\))?\s*/\s*(\()?\b({_SIGN_WORDS})\b(\))?")


def _one_side(m: re.Match[str]) -> str:
    """Keep the side written without parentheses: that is the line's usual sign."""
    return m.group(5) if m.group(1) else m.group(2)
# A parenthetical holding a figure, a date or a footnote marker says nothing about the concept.
_PAREN_DETAIL = re.compile(r"\([^()]*(?:\d|\$|note|see )[^()]*\)|\([a-z]\)|\[[^\]]*\]")
# Explanations in parentheses: "(excludes items shown below)", "(in thousands)", "(unaudited)".
_PAREN_NOTE = re.compile(
    r"\((?:exclud|includ|exclusive|inclusive|in thousands|in millions|unaudited|restated|as adjusted|"
    r"see |refer|shown|described|discussed)[^()]*\)"
)
# What is left once the current portion is taken out is the noncurrent part.
_NONCURRENT = re.compile(
    r",?\s*(?:net of|less|excluding|excluding the|less the|exclusive of)\s+current\s+"
    r"(?:portion|maturities|installments|amounts?)\b[^,;]*|\bnon[\s-]+current\b"
)
_LEAD_OP = re.compile(r"^(?:less|add|plus|deduct|minus)\s*[:\-]\s*|^(?:less|plus|add)\s+")
_TRAIL_NET = re.compile(r",?\s*\bnet(?:\s+of\b.*)?$")
_NET_OF = re.compile(r",\s*net of\b.*$|\s+net of (?:tax|taxes|allowance|allowances|accumulated)\b.*$")
_FOOTNOTE_TAIL = re.compile(r"(?:\s*(?:\*+|\u2020+|\u2021+|\(\d{1,2}\)|\d{1,2}\)))+\s*$")
_ABBREV_DOTS = re.compile(r"\b((?:[a-z]\.){2,})")
_WORD_MAP = {
    "shareholders": "stockholders",
    "shareholder": "stockholders",
    "stockholder": "stockholders",
    "shareowners": "stockholders",
    "shareowner": "stockholders",
    "&": "and",
    "loss": "income",
    "losses": "income",
    "expenses": "expense",
    "revenue": "revenues",
    "taxes": "tax",
    "ended": "end",
    "beginning": "begin",
}
_DROP_LEADING = {"total", "totals", "the"}
_DANGLING = {"at", "as", "of", "on", "in", "for", "to", "and", "through"}
# Dates in a label ("Balance at December 31") say when, not what.
_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}


_CLAUSE_SPLIT = re.compile(r"(,|;|\s[-\u2013]\s)")


def _figure_clauses(text: str) -> str:
    """Drop clauses carrying figures ("Treasury stock - 217,200 shares", ", $5 par"): detail, not concept."""
    parts = _CLAUSE_SPLIT.split(text)
    if len(parts) == 1:
        return text
    kept = [p for p in parts[::2] if not re.search(r"\d", p)]
    return ", ".join(p.strip() for p in kept if p.strip()) if kept else text


def normalize_label(label: str) -> str:
    """The matching key of a label: lower case, sign variants, "Total" and ", net" folded away."""
    text = unicodedata.normalize("NFKC", label).translate(_QUOTES).lower().strip()
    text = _FOOTNOTE_TAIL.sub("", text)
    text = text.rstrip(":").strip()
    text = _ABBREV_DOTS.sub(lambda m: m.group(1).replace(".", ""), text)
    text = text.replace("'s", "s").replace("s'", "s").replace("'", "")
    text = _LEAD_OP.sub("", text)
    text = _PAREN_NOTE.sub(" ", text)
    text = _NONCURRENT.sub(" noncurrent", text)
    text = _PAREN_DETAIL.sub(" ", text)
    text = _figure_clauses(text)
    text = _SLASH_SIGN.sub(_one_side, text)
    text = _PAREN_SIGN.sub(" ", text)
    text = _NET_OF.sub("", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;")
    text = _TRAIL_NET.sub("", text) if not text.startswith("net") or "," in text else text
    text = text.replace("&", " and ")
    words = [w for w in re.split(r"[^a-z0-9&]+", text) if w]
    words = [_WORD_MAP.get(w, w) for w in words]
    while words and words[0] in _DROP_LEADING:
        words.pop(0)
    # Lone letters and bare numbers are OCR debris or footnote marks, never meaning.
    words = [w for w in words if len(w) > 1 and not w.isdigit() and w not in _MONTHS]
    while words and words[-1] in _DANGLING:  # "Balance at [December 31]"
        words.pop()
    return " ".join(words)


def is_section_header(label: str) -> bool:
    """A line like "Expenses:" introduces rows and carries no figure of its own."""
    stripped = _FOOTNOTE_TAIL.sub("", label.strip())
    return stripped.endswith(":")


BARE_TOTAL = "total"  # the key a bare "Total" line gets in the map's region table (normalize_label gives "")


def region_key(label: str) -> str:
    """The key of a label in the region table: its normalised key, or BARE_TOTAL for a bare "Total".

    A bare "Total" says nothing alone, but between two landmarks it is the total of that block
    ("Total" after the current assets is AssetsCurrent).
    """
    key = normalize_label(label)
    if not key and label.strip().lower().rstrip(":").strip() in ("total", "totals", "subtotal"):
        return BARE_TOTAL
    return key


_PROPER = re.compile(r"(?<=[\s(])([A-Z][a-z][A-Za-z]*)")
_ACRONYM = re.compile(r"\b([A-Z]{2,5})\b")
_CORPORATE = re.compile(r"\b(?:Inc|Corp|Corporation|Company|Co|Ltd|LLC|L\.?P|plc|N\.?V|S\.?A|AG|Group)\b\.?")


def proper_names(label: str) -> set[str]:
    """Capitalised words after the first one ("Net income attributable to Caterpillar").

    Company and brand names are words no map knows; they should not count as OCR
    damage. All-caps labels give no such signal, and a garbled first word is
    still penalised.
    """
    if label.upper() == label:
        return set()
    first = re.search(r"[A-Za-z]+", label)
    start = first.end() if first else 0
    names = {w.lower() for w in _PROPER.findall(label, start)}
    names |= {w.lower() for w in _ACRONYM.findall(label)}
    # "Praxair, Inc. stockholders' equity": a corporate suffix vouches for the capitalised words before it.
    suffix = _CORPORATE.search(label)
    if suffix:
        names |= {w.lower() for w in re.findall(r"\b[A-Z][A-Za-z&]+", label[: suffix.start()])}
    return names


# Words that do not tell two statement lines apart ("Total revenues" is "Revenues").
FILLER_WORDS = frozenset({"and", "of", "the", "total", "net", "for", "to", "in", "a"})


def word_set(label: str, ignore: frozenset[str] = FILLER_WORDS) -> set[str]:
    """The words of a label for overlap tests: lower case, one spelling of equity holders, plural "s" dropped."""
    words = re.findall(r"[a-z]+", label.lower().replace("shareholders", "stockholders"))
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words if w not in ignore}
