"""Joining rows of a file to the municipality's areas, by key or by (normalised) name.

Rows that do not join are not errors: they are reported with the reason (a total row such as
"Berlin" or "Insgesamt", merged areas such as "Altstadt-Nord + Altstadt-Süd", a name that fits
two areas, or simply an unknown area) and skipped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

REASON_UNKNOWN = "unknown"
REASON_TOTAL = "total"
REASON_MERGED = "merged"
REASON_AMBIGUOUS = "ambiguous"
REASON_EMPTY = "empty"
REASON_TOTAL_LEVEL = "total_level"
REASON_TOTAL_COLUMN = "total_column"
REASON_TOTAL_MARKED = "total_marked"
# Matched an area of the import's level *and* one of another level with the same name: the row
# is either that area or the other level's total; the engine decides when it has seen all rows.
DUAL = "dual"

REASONS = {
    REASON_UNKNOWN: _("kein Gebiet mit diesem Schlüssel oder Namen"),
    REASON_TOTAL: _("Summenzeile (Gesamtstadt, Bezirk insgesamt)"),
    REASON_MERGED: _("zusammengefasste Gebiete"),
    REASON_AMBIGUOUS: _("Name passt auf mehrere Gebiete"),
    REASON_EMPTY: _("kein Gebiet angegeben"),
    REASON_TOTAL_LEVEL: _("Summenzeile: heißt wie ein Gebiet einer anderen Ebene"),
    REASON_TOTAL_COLUMN: _("Summenzeile laut Ebenen-Spalte"),
    REASON_TOTAL_MARKED: _("als Summenzeile markiert"),
}
TOTAL_REASONS = {REASON_TOTAL, REASON_TOTAL_LEVEL, REASON_TOTAL_COLUMN, REASON_TOTAL_MARKED}

TOTAL_WORDS = {
    "insgesamt",
    "gesamt",
    "summe",
    "zusammen",
    "gesamtstadt",
    "stadt insgesamt",
    "alle",
    "total",
    "deutschland",
}
_PREFIXES = ("landeshauptstadt ", "kreisfreie stadt ", "stadt ", "gemeinde ", "hansestadt ")
_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalise_name(text: object) -> str:
    """Case, umlauts, accents, punctuation and spacing do not matter: "Köln-Mülheim" and
    "koeln muelheim" are the same name."""
    text = str(text).casefold().translate(_TRANSLITERATE)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.replace("str.", "strasse")
    return _NON_WORD.sub(" ", text).strip()


def normalise_key(value: object) -> str:
    """Keys compare without surrounding space and leading zeros (spreadsheets drop them:
    01011101 becomes 1011101) and without a float's ``.0``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    if text.isdigit():
        text = text.lstrip("0") or "0"
    return text.casefold()


# "01 Innere Altstadt", "StB 0 Altstadt", "3.2 Südstadt", "12a - Hafen": a code, then a name.
_CODE_PREFIX = re.compile(
    r"^\s*((?:[A-Za-zÄÖÜäöü]{1,5}\.?\s*)?(\d{1,8}(?:[.\-/]\d{1,4})*[a-zA-Z]?))"
    r"\s*(?:[-–:.)|]\s*)?\s+(\S.*?)\s*$"
)


def split_code(raw: object) -> tuple[str, str] | None:
    """(code, name) of a code-prefixed area name, else None."""
    match = _CODE_PREFIX.match(str(raw))
    if not match or not re.search(r"[^\W\d_]", match.group(3)):
        return None
    return match.group(2), match.group(3)


@dataclass(frozen=True)
class AreaRef:
    pk: int
    code: str
    name: str
    level: str
    parent: int | None = None


class AreaMatcher:
    """Joins raw cells to ``areas`` (the import's level). ``others`` are the areas of the other
    levels: a row naming one of them is a total row. ``aliases`` (normalised text → area pk)
    were chosen by users for rows that did not join before."""

    def __init__(
        self,
        areas: list[AreaRef],
        *,
        by: str,
        municipality_name: str = "",
        others: list[AreaRef] = (),
        aliases: dict[str, int] | None = None,
    ) -> None:
        self.by = by
        self.areas = areas
        self._by_key: dict[str, list[AreaRef]] = {}
        self._by_name: dict[str, list[AreaRef]] = {}
        for area in areas:
            self._by_key.setdefault(normalise_key(area.code), []).append(area)
            self._by_name.setdefault(normalise_name(area.name), []).append(area)
        self._other_key: dict[str, list[AreaRef]] = {}
        self._other_name: dict[str, list[AreaRef]] = {}
        for area in others:
            self._other_key.setdefault(normalise_key(area.code), []).append(area)
            self._other_name.setdefault(normalise_name(area.name), []).append(area)
        by_pk = {area.pk: area for area in areas}
        self._aliases = {text: by_pk[pk] for text, pk in (aliases or {}).items() if pk in by_pk}
        self._municipality = self._strip_prefix(normalise_name(municipality_name))
        self._cache: dict[object, tuple[AreaRef | None, str]] = {}

    @staticmethod
    def _strip_prefix(name: str) -> str:
        for prefix in _PREFIXES:
            if name.startswith(prefix):
                return name[len(prefix) :]
        return name

    def match(self, raw: object) -> tuple[AreaRef | None, str]:
        """(area, "") when it joins, else (None, reason)."""
        try:
            return self._cache[raw]
        except (KeyError, TypeError):
            pass
        result = self._match(raw)
        if len(self._cache) < 100_000:
            self._cache[raw] = result
        return result

    def other_area(self, raw: object) -> AreaRef | None:
        """The area of another level this cell names (a total row), if exactly one."""
        if self.by == "key":
            found = self._other_key.get(normalise_key(raw), [])
        else:
            found = self._other_name.get(normalise_name(raw), [])
        return found[0] if len(found) == 1 else None

    def _lookup(self, raw: object, by: str) -> list[AreaRef]:
        if by == "key":
            return self._by_key.get(normalise_key(raw), [])
        return self._by_name.get(normalise_name(raw), [])

    def _match(self, raw: object) -> tuple[AreaRef | None, str]:
        if raw is None or not str(raw).strip():
            return None, REASON_EMPTY
        alias = self._aliases.get(normalise_name(raw))
        if alias is not None:
            return alias, ""
        found = self._lookup(raw, self.by)
        if len(found) == 1:
            if self.other_area(raw) is not None:
                return found[0], DUAL
            return found[0], ""
        if len(found) > 1:
            return None, REASON_AMBIGUOUS
        if self.other_area(raw) is not None:
            return None, REASON_TOTAL_LEVEL
        parts = split_code(raw)
        if parts is not None:
            return self._match_split(*parts, raw)
        return None, self._why_not(raw)

    def _match_split(self, code: str, name: str, raw: object) -> tuple[AreaRef | None, str]:
        """ "01 Innere Altstadt": by the code part and the name part. Both fitting different
        areas is ambiguous; a code or name only of another level makes a total row."""
        by_code = self._by_key.get(normalise_key(code), [])
        by_name = self._by_name.get(normalise_name(name), [])
        other_code = self._other_key.get(normalise_key(code))
        other_name = self._other_name.get(normalise_name(name))
        code_area = by_code[0] if len(by_code) == 1 else None
        name_area = by_name[0] if len(by_name) == 1 else None
        if code_area and name_area and code_area != name_area:
            return None, REASON_AMBIGUOUS
        if code_area:
            return code_area, ""
        if other_code and (name_area is None or other_name):
            return None, REASON_TOTAL_LEVEL
        if name_area:
            return name_area, DUAL if other_name else ""
        if other_name:
            return None, REASON_TOTAL_LEVEL
        return None, self._why_not(raw)

    def explain_row(self, cells: list) -> str:
        """For a row whose key did not join: does another text cell call it a total?"""
        for cell in cells:
            text = cell.strip() if isinstance(cell, str) else ""
            if text and not text[0].isdigit() and self._why_not(text) == REASON_TOTAL:
                return REASON_TOTAL
        return REASON_UNKNOWN

    def _why_not(self, raw: object) -> str:
        name = normalise_name(raw)
        bare = self._strip_prefix(name)
        if (
            name in TOTAL_WORDS
            or bare in TOTAL_WORDS
            or (self._municipality and bare == self._municipality)
        ):
            return REASON_TOTAL
        if name.endswith((" insgesamt", " gesamt", " zusammen")) or name.startswith(
            ("summe ", "insgesamt ")
        ):
            return REASON_TOTAL
        parts = [
            part for part in re.split(r"\s*(?:\+|&|,|;| und | u\. )\s*", str(raw)) if part.strip()
        ]
        if len(parts) > 1:
            joined = sum(1 for part in parts if normalise_name(part) in self._by_name)
            if joined >= 1:
                return REASON_MERGED
        if self.by == "key":  # "305/306", "305+306": keys of merged areas
            keys = [part for part in re.split(r"\s*[+/,;&]\s*", str(raw)) if part.strip()]
            if len(keys) > 1 and any(normalise_key(part) in self._by_key for part in keys):
                return REASON_MERGED
        return REASON_UNKNOWN
