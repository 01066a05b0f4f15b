"""Choosing the code and name fields and the coordinate system."""

from __future__ import annotations

import re

import pyproj

from .base import CODE_CANDIDATES, NAME_CANDIDATES, WGS84_NAMES, Boundaries, ReadOptions

# --- Fields, coordinates, geometry -------------------------------------------------------


def _choose_fields(raw, options: ReadOptions, result: Boundaries) -> None:
    keys: dict[str, None] = {}
    for _number, properties, _geometry in raw[:200]:
        if isinstance(properties, dict):
            keys.update(dict.fromkeys(properties))
    result.properties = list(keys)
    for attr, candidates, label in (
        ("code_field", CODE_CANDIDATES, "Schlüssel"),
        ("name_field", NAME_CANDIDATES, "Namen"),
    ):
        chosen = getattr(options, attr)
        if chosen:
            if chosen not in keys:
                listed = ", ".join(f"„{k}“" for k in keys) or "keine"
                result.error(
                    f"Das Feld „{chosen}“ für den {label} gibt es in der Datei nicht. "
                    f"Vorhandene Felder: {listed}."
                )
                continue
        else:
            chosen = _detect(list(keys), candidates)
            if not chosen:
                listed = ", ".join(f"„{k}“" for k in keys) or "keine"
                result.error(
                    f"Kein Feld für den {label} erkannt. Bitte wählen Sie es aus; vorhandene "
                    f"Felder: {listed}."
                )
                continue
        setattr(result, attr, chosen)


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
