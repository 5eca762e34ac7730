"""Labels of balances at the edges of a period: "Cash, beginning of period", "..., ending balances".

The reader dates such lines as instants, the mapper lets the beginning and the end line share
a concept, and the cross-statement check pairs "cash at end of period" with the balance
sheet's "cash" line: all three read the label the same way, here.
"""

from __future__ import annotations

import re

_PERIOD_WORDS = r"(?:the\s+)?(?:period|year|quarter|fiscal\s+(?:year|period|quarter)|month|half|\w+\s+(?:months|weeks)|\w+[-\s]week\s+period)"
_START = re.compile(
    rf"\b(?:beginning|begin|start)\s+of\s+{_PERIOD_WORDS}|\bat\s+beginning\b|^\s*(?:beginning|opening)\b"
    r"|,\s*(?:beginning|opening)(?:\s+balances?)?\s*$",
    re.I,
)
_END = re.compile(
    rf"\bend\s+of\s+{_PERIOD_WORDS}|\bat\s+end\b|^\s*(?:ending|closing)\b|,\s*(?:end|ending|closing)(?:\s+balances?)?\s*$", re.I
)


def edge_of(label: str) -> str | None:
    """'start' or 'end' for a cash balance line of a cash-flow statement, else None."""
    if "cash" not in label.lower():
        return None
    if _START.search(label):
        return "start"
    if _END.search(label):
        return "end"
    return None


def without_edge(label: str) -> str:
    """The label with its beginning/end phrase removed: the balance it names."""
    return _END.sub("", _START.sub("", label)).strip(" ,")
