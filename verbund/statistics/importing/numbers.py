"""German statistical numbers, and the signs statistics offices put where a number is not.

Decisions (documented in verbund/statistics/README.md):

* ``.`` ``*`` ``(.)`` mean *geheim gehalten* (suppressed for data protection, small counts).
* ``x`` ``/`` ``…`` ``k. A.`` ``n. v.`` ``NA`` mean *fehlt* (missing).
* A dash (``-`` ``–`` ``—``) means what the user chooses per import and per saved mapping
  (:data:`DASH_CHOICES`): *fehlt* by default – municipal files (Berlin's MSS among them) use it
  for "no value" –, or *0* (Destatis: "exactly nothing"), or *geheim*. Never silently zero.
* An empty cell writes nothing (an existing value stays as it is).
* Spaces, no-break spaces and apostrophes between digits group thousands: ``1 675`` = 1675 –
  only in groups of three (``69 5``, a number cut off in a truncated file, is an error, not 695).
* A sign separated from its digits by spaces (``-  23``, an artefact of fixed-width exports)
  belongs to the number: -23.
* The decimal separator is decided once per file (``,`` German or ``.`` international) from the
  values themselves (``9,7`` or ``3384.0`` decide; ``1.675`` alone does not) and may be
  overridden. With ``,`` a dot groups thousands (``1.675`` = 1675); with ``.`` a comma does.
* A trailing ``%`` is allowed and dropped (the indicator's unit says what the number means).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

SUPPRESSED = "suppressed"
MISSING = "missing"
OK = "ok"
ZERO = "zero"  # a dash choice: the dash is the number 0

SUPPRESSED_MARKERS = {".", "*", "(.)", "•", "geheim"}
DASH_MARKERS = {"-", "–", "—"}
MISSING_MARKERS = {
    "x",
    "/",
    "...",
    "…",
    "k.a.",
    "k. a.",
    "n.v.",
    "n. v.",
    "na",
    "n/a",
    "nan",
}

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_SIGN = re.compile(r"^([+\-−–])\s*(?=\d|[.,]\d)")
_GERMAN_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_INTL_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_SPACE_GROUPED = re.compile(r"^\d{1,3}(?:[\s\u00a0\u202f\u2009']\d{3})+(?:[.,]\d+)?$")
_NUMERIC = re.compile(r"^[\d\s\u00a0\u202f\u2009'.,]+$")
_PLAIN_COMMA = re.compile(r"^\d*,\d+$|^\d+,?$")
_PLAIN_POINT = re.compile(r"^\d*\.\d+$|^\d+\.?$")


class ValueProblem(ValueError):
    """A cell that should be a number is none; the message is German."""


@dataclass(frozen=True, slots=True)
class Parsed:
    status: str
    value: float | None


EMPTY = None
PARSED_SUPPRESSED = Parsed(SUPPRESSED, None)
PARSED_MISSING = Parsed(MISSING, None)
# What a dash stands for, by the user's choice. Distinct objects, so the engine can count
# dashes by identity (``parsed is DASH_RESULTS[dash]``) without looking at the cell again.
DASH_RESULTS = {
    MISSING: Parsed(MISSING, None),
    ZERO: Parsed(OK, 0.0),
    SUPPRESSED: Parsed(SUPPRESSED, None),
}
DASH_CHOICES = (MISSING, ZERO, SUPPRESSED)


def parse_value(raw: object, decimal: str, dash: str = MISSING) -> Parsed | None:
    """Parse one cell. ``None`` for an empty cell; raises ValueProblem for non-numbers.
    ``dash`` is what a dash means (:data:`DASH_CHOICES`)."""
    if isinstance(raw, bool):
        raise ValueProblem(_("„%(raw)s“ ist keine Zahl.") % {"raw": raw})
    if isinstance(raw, int | float):
        value = float(raw)
        if not math.isfinite(value):
            raise ValueProblem(_("„%(raw)s“ ist keine endliche Zahl.") % {"raw": raw})
        return Parsed(OK, value)
    text = str(raw).strip()
    if not text:
        return EMPTY
    # Fast path for the common plain forms ("1675", "9,7" / "9.7"); everything else below.
    whole, separator, fraction = text.partition(decimal)
    if whole.isdigit() and (not separator or fraction.isdigit()) and whole.isascii():
        return Parsed(OK, float(f"{whole}.{fraction}" if separator else whole))
    lowered = text.casefold()
    if lowered in DASH_MARKERS:
        return DASH_RESULTS.get(dash, DASH_RESULTS[MISSING])
    if lowered in SUPPRESSED_MARKERS:
        return PARSED_SUPPRESSED
    if lowered in MISSING_MARKERS:
        return PARSED_MISSING
    return Parsed(OK, parse_number(text, decimal))


def parse_number(text: str, decimal: str) -> float:
    original = text
    text = text.strip()
    if text.endswith("%"):
        text = text[:-1].rstrip()
    negative = False
    match = _SIGN.match(text)
    if match:
        negative = match.group(1) != "+"
        text = text[match.end() :]
    joined = _SPACES.sub("", text)
    # Spaces between digits group thousands – only in groups of three ("69 5" is cut off).
    if len(joined) != len(text) and _NUMERIC.match(text) and not _SPACE_GROUPED.match(text):
        raise ValueProblem(
            _(
                "„%(raw)s“ ist keine Zahl: Zwischenräume trennen nur Dreiergruppen von "
                "Ziffern (1 675). Ist die Zahl abgeschnitten?"
            )
            % {"raw": original[:40]}
        )
    text = joined
    if not text or len(text) > 40:
        raise ValueProblem(_("„%(raw)s“ ist keine Zahl.") % {"raw": original[:40]})
    if decimal == ",":
        if _GERMAN_GROUPED.match(text):
            text = text.replace(".", "").replace(",", ".")
        elif _PLAIN_COMMA.match(text):
            text = text.replace(",", ".")
        elif _PLAIN_POINT.match(text):
            raise ValueProblem(
                _(
                    "„%(raw)s“ passt nicht zum Dezimalkomma dieser Datei. Wählen Sie unter "
                    "„Dezimaltrennzeichen“ den Punkt, falls die Datei Punkte verwendet."
                )
                % {"raw": original[:40]}
            )
        else:
            raise ValueProblem(_("„%(raw)s“ ist keine Zahl.") % {"raw": original[:40]})
    else:
        if _INTL_GROUPED.match(text):
            text = text.replace(",", "")
        elif _PLAIN_POINT.match(text):
            pass
        elif _PLAIN_COMMA.match(text):
            raise ValueProblem(
                _(
                    "„%(raw)s“ passt nicht zum Dezimalpunkt dieser Datei. Wählen Sie unter "
                    "„Dezimaltrennzeichen“ das Komma, falls die Datei Kommas verwendet."
                )
                % {"raw": original[:40]}
            )
        else:
            raise ValueProblem(_("„%(raw)s“ ist keine Zahl.") % {"raw": original[:40]})
    value = float(text)
    return -value if negative else value


def decimal_evidence(text: str) -> str | None:
    """``,`` or ``.`` if this cell tells which decimal separator the file uses."""
    text = _SPACES.sub("", text.strip().lstrip("+-−–").rstrip("%"))
    if not text or (not text[0].isdigit() and text[0] not in ".,"):
        return None
    if "," in text and "." in text:
        if _GERMAN_GROUPED.match(text):
            return ","
        if _INTL_GROUPED.match(text):
            return "."
        return None
    if re.fullmatch(r"\d*,\d+", text):
        return None if re.fullmatch(r"\d{1,3},\d{3}", text) else ","
    if re.fullmatch(r"\d*\.\d+", text):
        return None if re.fullmatch(r"\d{1,3}\.\d{3}", text) else "."
    if re.fullmatch(r"\d{1,3}(\.\d{3}){2,}", text):
        return ","
    if re.fullmatch(r"\d{1,3}(,\d{3}){2,}", text):
        return "."
    return None


class DecimalDetector:
    def __init__(self) -> None:
        self.votes = {",": 0, ".": 0}

    def feed(self, raw: object) -> None:
        if isinstance(raw, str):
            vote = decimal_evidence(raw)
            if vote:
                self.votes[vote] += 1

    def result(self, default: str = ",") -> str:
        if self.votes[","] == self.votes["."]:
            return default
        return "," if self.votes[","] > self.votes["."] else "."
