"""Files with one column per year ("31.12.2006", …, "2017", "Dez 2013"): one indicator's time
series. A column counts as a year column when its header is nothing but a date or a year."""

from __future__ import annotations

import re

YEAR_MIN, YEAR_MAX = 1900, 2100

_MONTHS = (
    r"jan(?:uar)?|feb(?:ruar)?|m(?:ä|ae)r(?:z)?|apr(?:il)?|mai|jun(?:i)?|jul(?:i)?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|okt(?:ober)?|nov(?:ember)?|dez(?:ember)?|dec(?:ember)?"
)
_FILLER = re.compile(
    rf"\b(?:stand|stichtag|jahr|jahresende|ende|am|zum|per|ultimo|einwohner|ew|{_MONTHS})\b\.?"
)
_DATE = re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.\s?((?:19|20)\d\d)\b")
_ISO = re.compile(r"\b((?:19|20)\d\d)-\d{2}-\d{2}\b")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def year_of_header(name: object) -> int | None:
    """2013 for "31.12.2013", "2013", "Dez 2013", "Stand 31.12.2013", "2013.0"; None for a
    header that says more than a date ("Einwohner unter 18 2013" is an indicator column)."""
    text = str(name).strip().casefold()
    text = re.sub(r"^((?:19|20)\d\d)\.0+$", r"\1", text)
    for pattern in (_DATE, _ISO):
        text = pattern.sub(r" \1 ", text)
    rest = _FILLER.sub(" ", text)
    rest = re.sub(r"[\s.,:/()\-–]+", " ", rest).strip()
    match = re.fullmatch(r"((?:19|20)\d\d)", rest)
    if not match:
        return None
    year = int(match.group(1))
    return year if YEAR_MIN <= year <= YEAR_MAX else None


def year_in_text(text: object) -> int | None:
    """The (last) year named anywhere in a text: a title, a file name, a column header."""
    text = str(text)
    for pattern in (_DATE, _ISO):
        found = pattern.findall(text)
        if found:
            return int(found[-1])
    found = [int(y) for y in _YEAR.findall(text) if YEAR_MIN <= int(y) <= YEAR_MAX]
    return found[-1] if found else None


def year_columns(header: list[str]) -> dict[str, int]:
    """header → year for the columns that are years, when there are at least two of them and
    no year twice."""
    found = {name: year for name in header if (year := year_of_header(name)) is not None}
    if len(found) < 2 or len(set(found.values())) != len(found):
        return {}
    return found
