"""Likely duplicates of an organisation: similar name, and similar address where known.

Names are normalised (case, umlauts, punctuation, legal forms such as "e. V." or "gGmbH") and
compared with difflib's ratio; a cheap length and ``real_quick_ratio`` filter runs first so
that checking one name against thousands stays fast.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

LEGAL_FORMS = re.compile(
    r"\b(e\s*v|ev|ggmbh|gmbh|mbh|gug|ug|ag|kg|ohg|gbr|eg|stiftung|verein|"
    r"ev\.?|ggmbh\.?)\b"
)
STREET_WORDS = [("strasse", "str"), ("straße", "str"), ("str.", "str"), ("weg", "weg")]
NAME_THRESHOLD = 0.88
NAME_WITH_ADDRESS_THRESHOLD = 0.72


def normalise(text: str) -> str:
    text = (text or "").lower().replace("ß", "ss")
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    text = LEGAL_FORMS.sub(" ", text)
    return " ".join(text.split())


def normalise_street(text: str) -> str:
    text = (text or "").lower().replace("ß", "ss")
    text = re.sub(r"stra(ss|ß)e\b|str\.?(?=\s|\d|$)", "str", text)
    return re.sub(r"[^a-z0-9]+", "", text)


@dataclass(frozen=True)
class Candidate:
    pk: int
    name: str
    address: str
    score: float
    same_address: bool


def similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < NAME_WITH_ADDRESS_THRESHOLD:
        return 0.0
    if matcher.quick_ratio() < NAME_WITH_ADDRESS_THRESHOLD:
        return 0.0
    return matcher.ratio()


def find_similar(
    *,
    name: str,
    street: str,
    postcode: str,
    existing: list[tuple[int, str, str, str, str]],
    limit: int = 5,
) -> list[Candidate]:
    """``existing`` holds ``(pk, name, street, postcode, city)`` rows."""
    key = normalise(name)
    street_key = normalise_street(street)
    found = []
    for pk, other_name, other_street, other_postcode, other_city in existing:
        score = similarity(key, normalise(other_name))
        if not score:
            continue
        same_address = bool(
            street_key
            and street_key == normalise_street(other_street)
            and (not postcode or not other_postcode or postcode == other_postcode)
        )
        if score >= NAME_THRESHOLD or (same_address and score >= NAME_WITH_ADDRESS_THRESHOLD):
            place = " ".join(p for p in [other_postcode, other_city] if p)
            address = ", ".join(p for p in [other_street, place] if p)
            found.append(Candidate(pk, other_name, address, round(score, 2), same_address))
    found.sort(key=lambda c: (-c.same_address, -c.score, c.name))
    return found[:limit]
