"""First guesses for a file nobody has mapped yet, from its content and its headers.

- the area column is the one whose values join most areas (by key or by name, code-prefixed
  names included), not the one with the likeliest header; key or name mode from which joins more;
- a level column ("Ebene", "Raumtyp") with few values, and the value of the rows that join;
- the year from the column headers ("Einwohner am 31.12.2013"), else from a title above the
  table ("Bevölkerung am 31.12.2013 nach Stadtteilen"), else from the file name;
- one column per year ("31.12.2006", "2017", "Dez 2013") makes the file a time series;
- indicator columns by similarity to the catalogue's names, keys and synonyms, numeric columns
  only, each indicator once (the best fitting column wins).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter

from .matching import AreaRef, normalise_key, normalise_name, split_code
from .wide import year_columns, year_in_text

PROFILE_ROWS = 500
MIN_SCORE = 0.8

SYNONYMS: dict[str, list[str]] = {
    "population": [
        "einwohner",
        "einwohnerinnen und einwohner",
        "bevoelkerung",
        "hauptwohnsitz",
        "ew",
    ],
    "household_size": ["haushaltsgroesse", "personen je haushalt", "personen pro haushalt"],
    "single_parent_households_share": ["alleinerziehende", "einelternfamilien"],
    "migration_background_share": ["migrationshintergrund", "migrationshinweis"],
    "unemployment_share": ["arbeitslose", "arbeitslosenanteil", "arbeitslosenquote"],
    "sgb2_share": [
        "sgb ii",
        "sgb 2",
        "leistungsberechtigte",
        "buergergeld",
        "hartz iv",
        "elb",
    ],
    "child_poverty_share": [
        "kinderarmut",
        "sgb ii unter 15",
        "kinder in bedarfsgemeinschaften",
        "nef unter 15",
    ],
    "school_entry_language_support_share": ["sprachfoerderbedarf", "sprachfoerderung"],
    "school_entry_overweight_share": ["uebergewicht", "adipositas"],
    "school_entry_motor_skills_share": ["motorik", "koerperkoordination"],
}
for _low, _high in [(0, 3), (3, 6), (6, 10), (10, 16), (16, 21)]:
    SYNONYMS[f"children_{_low}_{_high}_share"] = [
        f"{_low} bis unter {_high} jahre",
        f"{_low} bis {_high - 1} jahre",
        f"{_low} u {_high}",
        f"{_low} {_high - 1}",
    ]

_STOP = {
    "der", "die", "des", "das", "den", "in", "im", "und", "mit", "von", "je", "am", "zum",
    "zur", "an", "bei", "nach", "anzahl", "anteil", "prozent", "quote", "absolut", "insgesamt",
    "personen", "jahre", "jaehrigen", "jahren", "jaehrige", "bis", "unter", "u", "v", "h",
}  # fmt: skip
KEY_HEADERS = {"id", "nr", "schluessel", "gebietsschluessel", "kennziffer", "code", "nummer"}
NAME_HEADERS = {"name", "bezeichnung", "gebiet", "stadtteil", "raum", "bezirk", "ortsteil"}
LEVEL_HEADERS = {"ebene", "raumebene", "gebietsebene", "typ", "gebietstyp", "raumtyp", "art"}


def _tokens(text: str) -> list[str]:
    return normalise_name(text).split()


def _is_number(cell) -> bool:
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return True
    text = str(cell).strip().replace(" ", "")
    return bool(re.fullmatch(r"-?[\d.,]*\d[\d.,]*", text)) or text in {"-", ".", "x", "–"}


def profile_columns(
    head: list[tuple[int, list]], header: list[str], areas: list[AreaRef], municipality: str
) -> list[dict]:
    """Per column: filled, numeric, distinct cells and how many join areas by key / by name."""
    keys = {normalise_key(area.code) for area in areas}
    names = {normalise_name(area.name) for area in areas}
    profile = []
    rows = head[:PROFILE_ROWS]
    for position in range(len(header)):
        filled = numeric = key_hits = name_hits = 0
        distinct: Counter = Counter()
        for _line, cells in rows:
            cell = cells[position] if position < len(cells) else ""
            if cell == "" or (isinstance(cell, str) and not cell.strip()):
                continue
            filled += 1
            if len(distinct) < 50:
                distinct[str(cell).strip()] += 1
            if _is_number(cell):
                numeric += 1
            if normalise_key(cell) in keys:
                key_hits += 1
            name = normalise_name(cell)
            if name in names:
                name_hits += 1
            elif (parts := split_code(cell)) is not None:
                code, rest = parts
                if normalise_name(rest) in names:
                    name_hits += 1
                elif normalise_key(code) in keys:
                    key_hits += 1
        profile.append(
            {
                "filled": filled,
                "numeric": numeric,
                "key_hits": key_hits,
                "name_hits": name_hits,
                "distinct": len(distinct),
                "top": distinct.most_common(1)[0][0] if distinct else "",
            }
        )
    return profile


def _score(header_name: str, candidates: list[str], kind: str) -> float:
    # A date or year in the header ("Einwohner am 31.12.2013") says when, not what.
    header_name = re.sub(r"\d{1,2}\.\d{1,2}\.\d{4}|(?<!\d)(?:19|20)\d\d(?!\d)", " ", header_name)
    raw = header_name.casefold()
    tokens = _tokens(header_name)
    is_share = "%" in raw or any(t in {"anteil", "quote", "prozent"} for t in tokens)
    if kind == "count" and is_share:
        return 0.0
    if kind == "share" and "anzahl" in tokens and not is_share:
        return 0.0
    digits = {t for t in tokens if t.isdigit()}
    if kind == "share" and digits and not is_share:
        return 0.0  # "0 bis unter 3 Jahre" without "%" or "Anteil" counts people
    words = [t for t in tokens if t not in _STOP]
    best = 0.0
    for candidate in candidates:
        c_tokens = candidate.split()
        if digits != {t for t in c_tokens if t.isdigit()}:
            continue
        if normalise_name(header_name) == candidate:
            return 1.0
        wanted = [t for t in c_tokens if t not in _STOP or t.isdigit()]
        if wanted and all(any(t == h or (len(t) >= 5 and t in h) for h in tokens) for t in wanted):
            best = max(best, 0.85 + 0.02 * len(wanted))
        c_words = [t for t in c_tokens if t not in _STOP]
        if words and c_words:
            ratio = difflib.SequenceMatcher(None, " ".join(words), " ".join(c_words)).ratio()
            best = max(best, ratio)
    return best


def map_indicators(header: list[str], profile: list[dict], indicators, skip: set[str]) -> dict:
    """header → indicator key for numeric columns that resemble a catalogue indicator."""
    scored = []
    for position, name in enumerate(header):
        if name in skip:
            continue
        info = profile[position] if position < len(profile) else None
        if info and info["filled"] and info["numeric"] < info["filled"] / 2:
            continue
        for indicator in indicators:
            candidates = [
                normalise_name(indicator.name),
                normalise_name(indicator.key.replace("_", " ")),
                *SYNONYMS.get(indicator.key, []),
            ]
            score = _score(name, candidates, indicator.kind)
            if score >= MIN_SCORE:
                scored.append((score, position, name, indicator.key))
    columns: dict[str, str] = {}
    used: set[str] = set()
    for _score_value, _position, name, key in sorted(scored, key=lambda s: (-s[0], s[1])):
        if name not in columns and key not in used:
            columns[name] = key
            used.add(key)
    return {name: columns[name] for name in header if name in columns}


def guess_spec(
    *,
    file_name: str,
    header: list[str],
    indicators,
    profile: list[dict] | None = None,
    titles: list[str] | None = None,
) -> dict:
    """A first suggestion for a file nobody has mapped yet: the user checks it anyway."""
    indicators = list(indicators)
    profile = profile or []
    area_column, area_match = _area_column(header, profile)
    spec: dict = {"layout": "wide", "area_column": area_column, "area_match": area_match}
    years = year_columns(header)
    numeric_columns = [
        name
        for position, name in enumerate(header)
        if position < len(profile) and profile[position]["numeric"]
    ] or header
    if years and len(years) >= len(numeric_columns) / 2:
        spec["layout"] = "years"
        spec["year_columns"] = years
        spec["indicator"] = _indicator_from_text(file_name, indicators)
        return spec
    level_column, level_value = _level_column(header, profile, area_column)
    if level_column:
        spec["level_column"], spec["level_value"] = level_column, level_value
    texts = [name for name in header if name not in years]
    year = next((y for name in texts if (y := year_in_text(name))), None)
    # A header names the year, else a title above the table, else the file name.
    spec["year"] = year or title_year(titles) or year_in_text(file_name)
    spec["columns"] = map_indicators(header, profile, indicators, {area_column, level_column})
    return spec


def title_year(titles: list[str] | None) -> int | None:
    """The year named by the title rows above the table (the lowest title first)."""
    return next((y for title in reversed(titles or []) if (y := year_in_text(title))), None)


def _area_column(header: list[str], profile: list[dict]) -> tuple[str, str]:
    best, best_hits, match = "", 0.0, "key"
    for position, name in enumerate(header):
        info = profile[position] if position < len(profile) else None
        if not info or not max(info["key_hits"], info["name_hits"]):
            continue
        mode = "name" if info["name_hits"] > info["key_hits"] else "key"
        words = set(_tokens(name))
        # Equal counts: the header decides ("lfd" is a row number, "Raum" a name).
        hint = KEY_HEADERS if mode == "key" else NAME_HEADERS
        hits = max(info["key_hits"], info["name_hits"]) + (0.5 if words & hint else 0.0)
        hits -= 0.5 if words & {"lfd", "laufende", "zeile"} else 0.0
        if hits > best_hits:
            best, best_hits, match = name, hits, mode
    if best:
        return best, match
    # Nothing joins (no areas yet?): the header decides.
    key_words = {"id", "nr", "schluessel", "gebietsschluessel", "raum", "kennziffer", "code"}
    for name in header:
        if key_words & set(_tokens(name)):
            return name, "key"
    fallback = next(
        (name for name in header if normalise_name(name) not in {"jahr", "year", "stichtag"}),
        header[0] if header else "",
    )
    return fallback, "key"


def _level_column(header: list[str], profile: list[dict], area_column: str) -> tuple[str, str]:
    for position, name in enumerate(header):
        if name == area_column or position >= len(profile):
            continue
        info = profile[position]
        if normalise_name(name) in LEVEL_HEADERS and 2 <= info["distinct"] <= 6:
            return name, info["top"]
    return "", ""


def _indicator_from_text(text: str, indicators) -> str:
    words = re.sub(r"[_\-.]+", " ", text.rsplit(".", 1)[0])
    best_key, best_score = "", 0.0
    for indicator in indicators:
        candidates = [normalise_name(indicator.name), *SYNONYMS.get(indicator.key, [])]
        for candidate in candidates:
            wanted = [t for t in candidate.split() if t not in _STOP]
            tokens = _tokens(words)
            if wanted and all(any(len(t) >= 4 and t in h for h in tokens) for t in wanted):
                score = len(wanted)
                if score > best_score:
                    best_key, best_score = indicator.key, score
    return best_key
