"""Writes that the import preview offers besides the mapping (rule 1): another name of an area
(an alias, used by every later import of the municipality) and indicators created in bulk for
columns the catalogue lacks."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from verbund.areas.models import Area
from verbund.core.audit import create_logged, log_action

from ..importing.matching import normalise_name
from ..models import AreaAlias, ImportRun, Indicator, IndicatorKind
from .catalogue import indicator_create


@transaction.atomic
def alias_create(*, actor, municipality, area: Area, text: str) -> AreaAlias:
    """``text`` (as the file writes it) names ``area`` from now on. An alias that names another
    area already is refused; the same again is a no-op."""
    text = " ".join(str(text).split())[:200]
    if not normalise_name(text):
        raise ValidationError(_("Ein leerer Name kann kein Gebiet bezeichnen."))
    existing = AreaAlias.objects.filter(
        municipality=municipality, normalised=normalise_name(text)
    ).first()
    if existing is not None:
        if existing.area_id == area.pk:
            return existing
        raise ValidationError(
            _("„%(text)s“ bezeichnet schon das Gebiet %(area)s.")
            % {"text": text, "area": existing.area.name}
        )
    return create_logged(
        AreaAlias,
        actor=actor,
        action="statistics.alias.created",
        values={"municipality": municipality, "area": area, "text": text, "created_by": actor},
        log_fields=["text", "area"],
    )


def _unique_key(name: str, taken: set[str]) -> str:
    base = slugify(name.replace("%", " anteil")).replace("-", "_")[:60].strip("_") or "kennzahl"
    if not re.match(r"[a-z]", base):
        base = f"k_{base}"
    key, n = base, 2
    while key in taken:
        key = f"{base}_{n}"
        n += 1
    taken.add(key)
    return key


def _guess_kind_and_unit(name: str) -> tuple[str, str]:
    words = normalise_name(name).split()
    if "%" in name or {"anteil", "quote", "prozent"} & set(words):
        return IndicatorKind.SHARE, "%"
    if {"durchschnitt", "durchschnittliche", "mittel", "o"} & set(words) or "Ø" in name:
        return IndicatorKind.MEAN, ""
    return IndicatorKind.COUNT, ""


@transaction.atomic
def indicators_create_for_columns(
    *, actor, run: ImportRun, columns: list[str], topic: str
) -> dict[str, str]:
    """One new catalogue indicator per column (name = the header, kind and unit from it, the
    given topic); returns header → new key, for the mapping."""
    municipality = run.municipality
    taken = set(Indicator.objects.filter(municipality=municipality).values_list("key", flat=True))
    created = {}
    for column in columns:
        kind, unit = _guess_kind_and_unit(column)
        indicator = indicator_create(
            actor=actor,
            municipality=municipality,
            data={
                "key": _unique_key(column, taken),
                "name": column[:200],
                "unit": unit,
                "kind": kind,
                "topic": topic[:80],
                "source": run.file_name[:200],
            },
        )
        created[column] = indicator.key
    if created:
        log_action(
            "statistics.indicators.created_from_import",
            actor=actor,
            instance=run,
            data={"file_name": run.file_name, "keys": sorted(created.values())},
        )
    return created
