"""German number formatting for explanations stored as text (templates use the ``de`` filter)."""

from __future__ import annotations


def de(value: float | int | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def signed(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    text = de(abs(value), digits)
    if round(value, digits) == 0:
        return "±" + text
    return ("+" if value > 0 else "−") + text
