"""Recognising statement titles and scale notes, shared by every layout reader."""

from __future__ import annotations

import re

_KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("CI", re.compile(r"statements?\s+of\s+comprehensive\s+(income|loss|\(loss\))|comprehensive\s+income\s*\(loss\)\s*$", re.I)),
    ("CF", re.compile(r"cash\s+flows?", re.I)),
    ("EQ", re.compile(r"statements?\s+of\s+(changes\s+in\s+)?(stockholders|shareholders)['’]?\s+equity", re.I)),
    ("BS", re.compile(r"balance\s+sheets?|financial\s+position|financial\s+condition|statements?\s+of\s+condition", re.I)),
    (
        "IS",
        re.compile(
            r"statements?\s+of\s+(consolidated\s+)?(operations|income|earnings|loss|\(?loss\)?)"
            r"|income\s+statements?|results\s+of\s+operations|statements?\s+of\s+operations"
            r"|profit\s+and\s+loss|analysis\s+of\s+consolidated\s+earnings|statements?\s+of\s+net\s+(income|loss)"
            r"|income\s+statement\s+information|statements?\s+of\s+operations\s+information",
            re.I,
        ),
    ),
]

_NON_GAAP = re.compile(
    r"pro\s*-?\s*forma|non[-\s]?gaap|reconciliation\s+of|reconciliations?\s+(?:of|from|to|between)|\bsegment\s+(?:information|results|data|operating|revenues?|income|statements?)|\bby\s+segment"
    r"|\bas\s+adjusted\b|\badjusted\s+(?:ebitda|net|operating|earnings|income)|supplemental\s+(?:information|schedule|data)",
    re.I,
)

_SCALE = re.compile(
    r"\b(?:in|amounts\s+in|dollars\s+in|\$\s*in|expressed\s+in)\s+(?:U\.?S\.?\s*)?\$?\s*(thousands|millions|billions)\b|\((thousands|millions|billions)(?:\s+of\s+(?:U\.?S\.?\s+)?dollars)?\)"
    r"|\$\s*(000|000,000)'?s\b|\bin\s+(000)'?s\b",
    re.I,
)
_SCALE_POWER = {"thousands": 3, "millions": 6, "billions": 9, "000": 3, "000,000": 6}
_SHARES_IN = re.compile(
    r"shares?\s+(?:in|amounts\s+in|(?:amounts\s+)?(?:which\s+)?(?:are\s+)?(?:reflected|presented|shown|stated)\s+in)"
    r"\s+(thousands|millions|billions)",
    re.I,
)
_SHARES_EXCEPT = re.compile(
    r"except\s+(?:for\s+)?(?:per[-\s]share|share)[^)]*?\bshares?\b|except\s+shares?\b|except\s+(?:for\s+)?common\s+shares?\b", re.I
)


def statement_kind(title: str) -> str | None:
    """BS, IS, CF, CI or EQ for a statement title; None for anything else."""
    text = " ".join(title.split())
    if len(text) > 160:
        return None
    for kind, pattern in _KINDS:
        if pattern.search(text):
            return kind
    return None


def table_kind(title: str) -> str | None:
    """Like statement_kind, but segment and non-GAAP tables come back as "NG": footed, kept apart."""
    text = " ".join(title.split())
    if len(text) > 160:
        return None
    if _NON_GAAP.search(text):
        return "NG"
    return statement_kind(text)


def scale_of(text: str) -> int | None:
    """Power of ten a note such as "(in thousands, except per share amounts)" sets."""
    m = _SCALE.search(text)
    if not m:
        return None
    word = next(g for g in m.groups() if g)
    return _SCALE_POWER[word.lower()]


def share_scale_of(text: str, money_scale: int) -> int:
    """Scale of share counts: "shares in thousands" sets it, "except share data" clears it."""
    m = _SHARES_IN.search(text)
    if m:
        return _SCALE_POWER[m.group(1).lower()]
    if _SHARES_EXCEPT.search(text):
        return 0
    return money_scale
