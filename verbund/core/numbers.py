"""German number notation for text built in Python (messages, PDFs, CSV cells): a decimal
comma and a dot between thousands, "1.234,5". Templates use Django's localisation or the
``de`` filter, which calls this."""

from __future__ import annotations

from decimal import Decimal

_SWAP = str.maketrans(",.", ".,")


def format_decimal(
    value: float | int | Decimal | None,
    digits: int | None = 1,
    *,
    grouping: bool = True,
    none: str = "–",
) -> str:
    """``value`` rounded to ``digits`` decimals in German notation; ``none`` for None.

    ``digits=None`` keeps every digit Python prints (for data exports), without grouping."""
    if value is None:
        return none
    if digits is None:
        return str(value).replace(".", ",")
    text = f"{value:,.{digits}f}" if grouping else f"{value:.{digits}f}"
    return text.translate(_SWAP)


def format_amount(amount: float | int | Decimal) -> str:
    """Money and other amounts: two decimals, dropped when they are zero ("1.500", "12,50")."""
    text = format_decimal(amount, 2)
    return text[:-3] if text.endswith(",00") else text


def format_filesize(size: int) -> str:
    """A byte count for messages about uploads: "1000 Bytes", "20 KB", "12,5 MB", "2 MB"
    (no-break space before the unit; a zero decimal is left out)."""
    if size < 1024:
        return f"{size}\xa0Bytes"
    value, unit = (size / 1024, "KB") if size < 1024 * 1024 else (size / 1024 / 1024, "MB")
    text = format_decimal(value, 1)
    if text.endswith(",0"):
        text = text[:-2]
    return f"{text}\xa0{unit}"
