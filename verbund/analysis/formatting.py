"""German number formatting for explanations stored as text (templates use the ``de`` filter)."""

from __future__ import annotations

from verbund.core.numbers import format_decimal


def de(value: float | int | None, digits: int = 1) -> str:
    return format_decimal(value, digits)


def signed(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    text = de(abs(value), digits)
    if round(value, digits) == 0:
        return "±" + text
    return ("+" if value > 0 else "−") + text
