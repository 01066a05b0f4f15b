"""Editing areas and a centre's Sozialraum: validate, save, log, atomically."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from verbund.core.audit import log_action, save_changes, snapshot

from ..models import Area

AREA_EDIT_FIELDS = ["code", "name", "level", "kind", "parent"]


@transaction.atomic
def area_update(*, actor, area: Area, data: dict[str, Any]) -> Area:
    new_parent = data.get("parent", area.parent)
    # Walk up from the new parent as stored: reaching the area itself would make a cycle.
    ancestor_id = new_parent.pk if new_parent is not None else None
    for _depth in range(50):
        if ancestor_id is None:
            break
        if ancestor_id == area.pk:
            raise ValidationError(
                {"parent": _("Ein Gebiet kann nicht unter sich selbst eingeordnet werden.")}
            )
        ancestor_id = (
            Area.objects.filter(pk=ancestor_id).values_list("parent_id", flat=True).first()
        )
    return save_changes(
        area, fields=AREA_EDIT_FIELDS, data=data, action="areas.area.changed", actor=actor
    )


@transaction.atomic
def area_delete(*, actor, area: Area) -> None:
    if area.children.exists():
        raise ValidationError(
            _("„%(name)s“ hat untergeordnete Gebiete und kann nicht gelöscht werden.")
            % {"name": area.name}
        )
    if area.walks.exists():
        raise ValidationError(
            _("Zu „%(name)s“ gibt es Begehungen; es kann nicht gelöscht werden.")
            % {"name": area.name}
        )
    log_action(
        "areas.area.deleted",
        actor=actor,
        instance=area,
        before={
            **snapshot(area, AREA_EDIT_FIELDS),
            "centres": list(area.centres.values_list("pk", flat=True)),
        },
    )
    area.delete()


@transaction.atomic
def centre_areas_set(*, actor, centre, areas) -> list[Area]:
    """Define a centre's Sozialraum as a set of areas of its own municipality."""
    areas = list(areas)
    foreign = [a for a in areas if a.municipality_id != centre.municipality_id]
    if foreign:
        raise ValidationError(_("Gebiete anderer Kommunen können nicht zugeordnet werden."))
    before = sorted(Area.objects.filter(centres=centre).values_list("code", flat=True))
    after = sorted(a.code for a in areas)
    if before == after:
        return areas
    centre.areas.set(areas)
    log_action(
        "areas.sozialraum.changed",
        actor=actor,
        instance=centre,
        before={"areas": before},
        after={"areas": after},
    )
    return areas
