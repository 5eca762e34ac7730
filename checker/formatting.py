"""Showing figures the way a statement prints them: grouped, signed, at their precision."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def fmt(value: Fraction | Decimal | int | None, decimals: int | None = None) -> str:
    if value is None:
        return "—"
    places = max(0, decimals) if decimals is not None else _places(value)
    number = Decimal(value.numerator) / Decimal(value.denominator) if isinstance(value, Fraction) else Decimal(value)
    text = f"{number:,.{places}f}"
    return text


def _places(value: Fraction | Decimal | int) -> int:
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return 0
        return 4
    if isinstance(value, Decimal):
        exp = value.normalize().as_tuple().exponent
        return max(0, -int(exp)) if isinstance(exp, int) else 0
    return 0
