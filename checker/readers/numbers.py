"""Reading printed figures: signs, nils, fillers, and what OCR debris looks like.

A figure is trusted only when it is well formed (grouped by commas, balanced
parentheses); anything with digits that is not is evidence of noise, never a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

NIL_TOKENS = {"-", "—", "–", "--", "---", "nil", "—-", "─", "‒", "―"}
CURRENCY = {"$", "\\$", "US$", "USD", "€", "£", "¥", "!", "dollars", "P", "₱", "PHP", "Php"}

# 1,234 | 1234 | 1,234.56 | .5 | (1,234) | -1,234 | $1,234 | (0.22) | 12% | (12.5)%
_NUMBER = re.compile(
    r"""^(?:\\?\$|US\$|€|£|¥)?\s*(?P<open>\()?\s*(?P<minus>[-−–])?\s*(?:\\?\$|US\$|€|£|¥)?\s*(?P<minus2>[-−–])?\s*
        (?P<int>\d{1,3}(?:,\d{3})+|\d+)?(?P<frac>\.\d+)?\s*(?P<close>\))?\s*(?P<pct>%)?\s*(?P<close2>\))?$""",
    re.X,
)
_HAS_DIGIT = re.compile(r"\d")
_FILLER = re.compile(r"^[\s$\\¢_.=…·:|*†‡]+$")
_JUNK_SYMBOL = re.compile(r"^[^\w\s()\-−–—,.$%]+$|^[ΨФΦφďΨ¢]$", re.U)


@dataclass(frozen=True)
class Figure:
    """A well-formed printed number: its value as shown and how many decimals it shows."""

    value: Decimal
    shown_decimals: int
    percent: bool
    printed: str


def parse_figure(token: str) -> Figure | None:
    """A Figure for a well-formed number, None for anything else (nil, filler, debris)."""
    text = token.strip().replace("\u2009", "").replace("\xa0", " ")
    m = _NUMBER.match(text)
    if not m or (m.group("int") is None and m.group("frac") is None):
        return None
    opened = m.group("open") is not None
    closed = m.group("close") is not None or m.group("close2") is not None
    if opened != closed:
        return None
    digits = (m.group("int") or "0").replace(",", "")
    frac = m.group("frac") or ""
    value = Decimal(digits + frac)
    negative = opened or m.group("minus") is not None or m.group("minus2") is not None
    if negative:
        value = -value
    return Figure(value=value, shown_decimals=len(frac) - 1 if frac else 0, percent=m.group("pct") is not None, printed=text)


NOT_MEANINGFUL = {"na", "n/a", "nm", "n/m", "n.m.", "n.m", "nmf", "*"}


def is_not_meaningful(token: str) -> bool:
    """`NA`, `n/m`: a change column with nothing to say; not a figure, not noise."""
    return token.strip().lower() in NOT_MEANINGFUL


def is_nil(token: str) -> bool:
    t = token.strip().strip("$").strip()
    return t.lower() in NIL_TOKENS or (t != "" and set(t) <= set("-—–_"))


def is_filler(token: str) -> bool:
    """`$`, leaders, underscores: cells that carry no figure and are not noise either."""
    t = token.strip()
    return t == "" or t in CURRENCY or bool(_FILLER.match(t))


def is_junk(token: str) -> bool:
    """Stray symbols OCR puts where a `$` was (¢, Ψ, Ф): no figure, but a sign of a bad scan."""
    t = token.strip()
    return bool(t) and not _HAS_DIGIT.search(t) and not is_filler(t) and not is_nil(t) and bool(_JUNK_SYMBOL.match(t))


def has_digit(token: str) -> bool:
    return bool(_HAS_DIGIT.search(token))


def split_tokens(cell: str) -> list[str]:
    """Split a cell on white space, then glue a lone `$`, `(` or `)` or `%` to its figure."""
    raw = cell.replace("\xa0", " ").split()
    out: list[str] = []
    for tok in raw:
        if out and tok in (")", "%", ")%", "%)"):
            out[-1] += tok
        elif out and out[-1] in ("(", "-", "−", "$(", "($", "(\\$"):
            out[-1] += tok
        else:
            out.append(tok)
    return out


def looks_like_misread_comma(printed: str) -> bool:
    """`12.227` in a table of thousands: a comma OCR read as a point."""
    core = printed.strip("()$\\ -−")
    return bool(re.fullmatch(r"\d{1,3}\.\d{3}", core))
