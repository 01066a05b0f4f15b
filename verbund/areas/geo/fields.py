"""Choosing the code and name fields and the coordinate system."""

from __future__ import annotations

import re

import pyproj

from .base import (
    CODE_CANDIDATES,
    FULL_NAME_CANDIDATES,
    NAME_CANDIDATES,
    WGS84_NAMES,
    Boundaries,
    ReadOptions,
)

# A name that is only digits, or a short code such as "01", "A3" or "12-1".
CODE_LIKE = re.compile(r"^[\W_]*\d[\d\W_]*$|^[A-Za-z]{0,2}[\d.\-/]{1,6}$")
NUMERIC_NAME_SHARE = 0.5  # more than half numbers: not a name field
DISTINCT_NAME_SHARE = 0.8  # fewer distinct values than this: a warning

# --- Fields, coordinates, geometry -------------------------------------------------------


def _choose_fields(raw, options: ReadOptions, result: Boundaries) -> None:
    keys: dict[str, None] = {}
    for _number, properties, _geometry in raw[:200]:
        if isinstance(properties, dict):
            keys.update(dict.fromkeys(properties))
    result.properties = list(keys)
    listed = ", ".join(f"„{k}“" for k in keys) or "keine"
    chosen = options.code_field
    if chosen and chosen not in keys:
        result.error(
            f"Das Feld „{chosen}“ für den Schlüssel gibt es in der Datei nicht. "
            f"Vorhandene Felder: {listed}."
        )
    elif not chosen:
        chosen = _detect(list(keys), CODE_CANDIDATES)
        if not chosen:
            result.error(
                "Kein Feld für den Schlüssel erkannt. Bitte wählen Sie es aus; vorhandene "
                f"Felder: {listed}."
            )
    if chosen in keys:
        result.code_field = chosen
    _choose_name_field(raw, list(keys), options, result)


def _values_of(raw, key: str) -> list[str]:
    values = []
    for _number, properties, _geometry in raw:
        if isinstance(properties, dict):
            values.append(_text(properties.get(key)))
    return values


def name_field_quality(values: list[str]) -> tuple[float, float]:
    """(share of numeric or code-like values, share of distinct values) among the filled ones."""
    filled = [v for v in values if v]
    if not filled:
        return 1.0, 0.0
    numeric = sum(1 for v in filled if CODE_LIKE.match(v))
    return numeric / len(filled), len(set(filled)) / len(filled)


def _name_candidates(keys: list[str], code_field: str) -> list[str]:
    """Name fields in order of preference: full names (``*_NAME``, ``name``, ``bezeichnung``)
    first, short or ambiguous ones (``BEZ`` is a district number in Berlin) last."""
    lowered = [(k, k.lower()) for k in keys if k != code_field]
    ordered = []
    for test in (
        lambda low: low in FULL_NAME_CANDIDATES,
        lambda low: low.endswith(("_name", "name", "_bezeichnung", "bezeichnung")),
        lambda low: low in NAME_CANDIDATES,
        lambda low: low.endswith("_bez"),
    ):
        ordered += [k for k, low in lowered if test(low) and k not in ordered]
    return ordered


def _choose_name_field(raw, keys: list[str], options: ReadOptions, result: Boundaries) -> None:
    """Take the chosen name field, or the first candidate whose values are names: not numbers
    or short codes, and mostly distinct. A chosen field that holds numbers is refused."""
    listed = ", ".join(f"„{k}“" for k in keys) or "keine"
    if options.name_field:
        if options.name_field not in keys:
            result.error(
                f"Das Feld „{options.name_field}“ für den Namen gibt es in der Datei nicht. "
                f"Vorhandene Felder: {listed}."
            )
            return
        chosen = options.name_field
        values = _values_of(raw, chosen)
        numeric, distinct = name_field_quality(values)
        if numeric > NUMERIC_NAME_SHARE:
            result.error(
                f"Das Feld „{chosen}“ enthält Nummern oder Kurzzeichen statt Namen "
                f"(z. B. {_examples(values)}). Bitte wählen Sie ein Feld mit den Namen der "
                f"Gebiete; vorhandene Felder: {listed}."
            )
            return
    else:
        candidates = _name_candidates(keys, result.code_field)
        rejected = []
        chosen = ""
        fallback = ""
        for key in candidates:
            values = _values_of(raw, key)
            numeric, distinct = name_field_quality(values)
            if numeric > NUMERIC_NAME_SHARE:
                rejected.append(f"„{key}“ enthält Nummern ({_examples(values)})")
            elif distinct < DISTINCT_NAME_SHARE and len(values) >= 5:
                rejected.append(f"„{key}“ wiederholt sich ({_examples(values)})")
                fallback = fallback or key
            else:
                chosen = chosen or key
        chosen = chosen or fallback
        if not chosen:
            why = ("; ".join(rejected) + ". ") if rejected else ""
            result.error(
                f"Kein Feld mit Namen erkannt. {why}Bitte wählen Sie das Feld mit den Namen; "
                f"vorhandene Felder: {listed}."
            )
            return
        result.name_notes = [note for note in rejected if not note.startswith(f"„{chosen}“")]
        values = _values_of(raw, chosen)
        numeric, distinct = name_field_quality(values)
    result.name_field = chosen
    result.name_examples = [v for v in dict.fromkeys(values) if v][:5]
    if distinct < DISTINCT_NAME_SHARE and len(values) >= 5:
        repeated = len([v for v in values if v]) - len({v for v in values if v})
        result.warn(
            f"Im Namensfeld „{chosen}“ wiederholen sich viele Namen ({repeated} von "
            f"{len(values)} kommen mehrfach vor, z. B. {_examples(values)}). Ist das wirklich "
            "das Feld mit den Namen der Gebiete? Vorhandene Felder: "
            f"{listed}."
        )


def _examples(values: list[str]) -> str:
    return ", ".join(f"„{v}“" for v in list(dict.fromkeys(v for v in values if v))[:3])


def _detect(keys: list[str], candidates: tuple[str, ...]) -> str:
    lowered = {k.lower(): k for k in keys}
    for candidate in candidates:
        if candidate in lowered:
            return lowered[candidate]
    suffixes = ("_nr", "nr", "_id", "_code", "_key") if "code" in candidates else ("_name", "name")
    for key in keys:
        if key.lower().endswith(suffixes):
            return key
    return ""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value)).strip()


def _transformer(label: str, result: Boundaries):
    if not label or label in WGS84_NAMES:
        return None, None
    try:
        crs = pyproj.CRS.from_user_input(label)
    except pyproj.exceptions.CRSError:
        short = label if len(label) < 80 else label[:77] + "…"
        result.error(
            f"Das Koordinatensystem „{short}“ ist unbekannt. Bitte geben Sie es als EPSG-Code "
            "an, z. B. EPSG:25832 (UTM Zone 32N)."
        )
        return None, None
    if crs.is_compound:
        crs = crs.sub_crs_list[0]
    if crs.is_geographic and crs.equals(pyproj.CRS.from_epsg(4326), ignore_axis_order=True):
        return None, None
    result.crs_label = crs.name
    return crs, pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
