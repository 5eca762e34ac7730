"""Who published the statements: the company name as the document prints it.

Reports head each document with it, and an auditor filing working papers by company
needs it. XBRL states it (dei); a release says it in two usual places: the line
above a statement title ("NVIDIA CORPORATION AND SUBSIDIARIES") and the lead of the
release ("... -- ImmunoGen, Inc. (Nasdaq: IMGN) today reported ...").
"""

from __future__ import annotations

import html
import re

from checker.facts import Statement

_SUFFIX = re.compile(
    r"\b(?:inc|incorporated|corp|corporation|company|co|ltd|limited|llc|plc|holdings|n\.v|s\.a|l\.p)\b\.?", re.I
)
_NOT_A_NAME = re.compile(r"\d{4}|statements?\b|balance|millions?|thousands?|except|unaudited|ended|as of", re.I)
_SUBSIDIARIES = re.compile(r"\s*(?:,\s*)?and\s+(?:its\s+)?(?:consolidated\s+)?subsidiaries\s*$", re.I)
_LISTING = re.compile(r"\((?:NASDAQ|Nasdaq|NYSE|AMEX|OTC|TSX)[A-Za-z ]{0,12}:\s*[A-Z][A-Z.]{0,6}\)")
_NAME_AT_END = re.compile(r"((?:[A-Z][\w.&'’-]*[,]?\s+(?:and\s+|&\s+|of\s+)?){0,5}[A-Z][\w.&'’-]*\.?)\s*$")
_CONFORMED = re.compile(r"COMPANY CONFORMED NAME:\s*(.+)")


def _plain(line: str) -> str:
    return " ".join(re.sub(r"[|*#_]", " ", html.unescape(re.sub(r"<[^>]*>?", " ", line))).split())


def entity_name(lines: list[str], statements: list[Statement]) -> str | None:
    for line in lines[:60]:
        hit = _CONFORMED.search(line)
        if hit:
            return hit.group(1).strip()
    for st in statements:
        at = st.source.line if st.source else 0
        for k in range(max(0, at - 6), min(len(lines), at)):
            plain = _plain(lines[k])
            text = _SUBSIDIARIES.sub("", plain)
            named = _SUFFIX.search(text) or text != plain  # "MGM RESORTS INTERNATIONAL AND SUBSIDIARIES"
            if named and 0 < len(text) <= 80 and not _NOT_A_NAME.search(text):
                return text
    head = _plain(" ".join(lines[:400]))
    listing = _LISTING.search(head)
    if listing:
        name = _NAME_AT_END.search(head[max(0, listing.start() - 120):listing.start()])
        if name:
            words = name.group(1).split()
            while words and (words[0].lower().endswith("-based") or words[0].lower() in ("and", "of")):
                words.pop(0)
            return " ".join(words).rstrip(",") or None
    return None
