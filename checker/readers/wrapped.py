"""Line items whose label the layout wrapped onto a second line.

A converter or a narrow HTML column prints "CASH, CASH EQUIVALENTS, AND RESTRICTED
CASH, BEGINNING OF" on one line and "PERIOD" with the figures on the next, or
"Adjustments to reconcile net income to net cash" over "provided by operating
activities:". Read line by line they would be a section heading and a second,
truncated item; joined they are the one line item the company printed.
"""

from __future__ import annotations

import re

from checker.readers.grid import GridRow

_CONNECTOR = re.compile(r"(?:\b(?:of|and|or|in|for|to|from|on|the|by|with|net|at)|,)\s*$", re.I)


def append_row(body: list[GridRow], row: GridRow) -> None:
    """Add a row, joining it to a label-only row above that visibly continues into it."""
    prev = body[-1] if body else None
    if (
        prev is not None
        and not prev.cells
        and prev.label
        and row.label
        and (_CONNECTOR.search(prev.label) or row.label[:1].islower())
        and not prev.label.endswith(":")
    ):
        body[-1] = GridRow(
            f"{prev.label} {row.label}", row.cells, row.line, f"{prev.raw} {row.raw}".strip(), prev.indent,
            prev.label_column, row.page, prev.bold or row.bold,
        )
        return
    body.append(row)
