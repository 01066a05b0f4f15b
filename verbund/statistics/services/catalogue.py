"""Writes of the indicator catalogue and of saved mappings (rule 1)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_scopes import scopes_disabled

from verbund.core.audit import log_action, snapshot
from verbund.tenancy.models import Municipality

from ..catalogue import default_indicators
from ..importing.engine import ImportSpec
from ..models import ImportMapping, Indicator

INDICATOR_FIELDS = [
    "key",
    "name",
    "unit",
    "kind",
    "higher_means_more_need",
    "topic",
    "source",
    "definition",
]


# --- catalogue ---------------------------------------------------------------------------


def indicator_catalogue_seed(*, municipality: Municipality, actor=None) -> int:
    """Add the default indicators a municipality lacks; never changes existing ones."""
    with scopes_disabled(), transaction.atomic():
        existing = set(
            Indicator.objects.filter(municipality=municipality).values_list("key", flat=True)
        )
        new = [
            Indicator(municipality=municipality, **data)
            for data in default_indicators()
            if data["key"] not in existing
        ]
        Indicator.objects.bulk_create(new)
        if new and actor is not None:
            log_action(
                "statistics.catalogue.seeded",
                actor=actor,
                municipality=municipality,
                data={"keys": [indicator.key for indicator in new]},
            )
    return len(new)


@transaction.atomic
def indicator_create(*, actor, municipality: Municipality, data: dict[str, Any]) -> Indicator:
    indicator = Indicator(municipality=municipality)
    for name in INDICATOR_FIELDS:
        if name in data:
            setattr(indicator, name, data[name])
    indicator.full_clean()
    indicator.save()
    log_action(
        "statistics.indicator.created",
        actor=actor,
        instance=indicator,
        after=snapshot(indicator, INDICATOR_FIELDS),
    )
    return indicator


@transaction.atomic
def indicator_update(*, actor, indicator: Indicator, data: dict[str, Any]) -> Indicator:
    before = snapshot(indicator, INDICATOR_FIELDS)
    for name in INDICATOR_FIELDS:
        if name in data and name != "key":  # the key is what saved mappings refer to
            setattr(indicator, name, data[name])
    indicator.full_clean()
    after = snapshot(indicator, INDICATOR_FIELDS)
    changed = [name for name in INDICATOR_FIELDS if before[name] != after[name]]
    if not changed:
        return indicator
    indicator.save()
    log_action(
        "statistics.indicator.changed",
        actor=actor,
        instance=indicator,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )
    return indicator


@transaction.atomic
def indicator_delete(*, actor, indicator: Indicator) -> None:
    count = indicator.values.count()
    log_action(
        "statistics.indicator.deleted",
        actor=actor,
        instance=indicator,
        before=snapshot(indicator, INDICATOR_FIELDS),
        data={"values_deleted": count},
    )
    indicator.delete()


# --- saved mappings ----------------------------------------------------------------------


@transaction.atomic
def mapping_save(
    *, actor, municipality: Municipality, name: str, spec: dict[str, Any]
) -> ImportMapping:
    name = " ".join(name.split())
    mapping = ImportMapping.objects.filter(municipality=municipality, name=name).first()
    before = dict(mapping.spec) if mapping else None
    if mapping is None:
        mapping = ImportMapping(municipality=municipality, name=name, created_by=actor)
    mapping.spec = ImportSpec.from_dict(spec).to_dict()
    mapping.full_clean()
    mapping.save()
    log_action(
        "statistics.mapping.saved",
        actor=actor,
        instance=mapping,
        before={"spec": before} if before is not None else None,
        after={"spec": mapping.spec},
    )
    return mapping


@transaction.atomic
def mapping_delete(*, actor, mapping: ImportMapping) -> None:
    log_action(
        "statistics.mapping.deleted", actor=actor, instance=mapping, before={"spec": mapping.spec}
    )
    mapping.delete()
