"""A facility of a centre's Verbund is an organisation of the network: one record each,
linked one-to-one (``Organisation.facility``) and kept in step by the facility services.

The facility services (``verbund.tenancy.services``) call ``verbund.tenancy.facility_hooks``;
``NetworkConfig.ready()`` registers ``sync`` there, so that

- creating a facility creates its organisation (or links an organisation of the same name in
  the same municipality that has no facility yet, instead of a duplicate);
- changing a facility's name, address, contact details or kind changes the organisation's;
- archiving or restoring a facility archives or restores its organisation with it (its
  assessments, agreements and history stay). Deleting a facility (not offered in the app)
  clears the link and keeps the organisation.

All of it inside the facility service's transaction and audited as organisation changes.
``link_existing`` does the same for facilities that have no organisation yet (the data
migration ``network.0003_link_facility_organisations`` and ``seed_scale``).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from verbund.core.audit import save_changes
from verbund.core.prepared import PreparedQuery
from verbund.tenancy import facility_hooks
from verbund.tenancy.facility_hooks import FacilityLink

# The network sector of each kind of facility (``FacilityKind`` → ``Sector``).
KIND_SECTOR = {
    "kita": "child_youth_welfare",
    "family_daycare": "child_youth_welfare",
    "primary_school": "education_school",
    "secondary_school": "education_school",
    "counselling": "counselling",
    "family_education": "family_education",
    "youth_centre": "child_youth_welfare",
    "health": "health",
    "library": "culture_library",
    "club": "sport_club",
    "youth_office": "administration",
    "other": "other",
}
# Facility fields the organisation takes over (same names on both models).
COPIED_FIELDS = [
    "name",
    "street",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "email",
    "phone",
    "website",
    "description",
]
SOURCE = "facility"


def kind_label(kind: str) -> str:
    from verbund.tenancy.models import FacilityKind

    try:
        return str(FacilityKind(kind).label)
    except ValueError:
        return ""


def organisation_values(facility, fields=None) -> dict[str, Any]:
    """What the organisation takes from the facility (all, or only for ``fields``)."""
    names = COPIED_FIELDS if fields is None else [f for f in COPIED_FIELDS if f in fields]
    values = {name: getattr(facility, name) for name in names}
    if fields is None or "kind" in fields:
        values["sector"] = KIND_SECTOR.get(facility.kind, "other")
        values["org_type"] = kind_label(facility.kind)
    return values


def twin_of(organisations, facility):
    """An active organisation of the same name in the facility's municipality that no
    facility claims yet (same street first, then the oldest), or None."""
    candidates = organisations.filter(
        municipality_id=facility.municipality_id,
        facility__isnull=True,
        archived_at__isnull=True,
        name__iexact=facility.name.strip(),
    ).order_by("pk")
    found = list(candidates[:20])
    same_street = [org for org in found if facility.street and org.street == facility.street]
    return (same_street or found or [None])[0]


def _fill(organisation, facility) -> dict[str, Any]:
    """A twin keeps what it has; the facility fills its empty fields and links it."""
    values = organisation_values(facility)
    data = {
        name: value
        for name, value in values.items()
        if name not in ("name", "sector") and getattr(organisation, name) in ("", None)
    }
    data["facility"] = facility
    return data


def sync(*, actor, facility, event: str, changed=frozenset()) -> None:
    """The facility services' listener (``verbund.tenancy.facility_hooks``)."""
    from .models import Organisation
    from .services import organisation_archive, organisation_create

    organisation = Organisation.objects.filter(facility=facility).first()
    if organisation is None:
        if facility.is_archived:
            return
        twin = twin_of(Organisation.objects.all(), facility)
        if twin is not None:
            data = _fill(twin, facility)
            save_changes(
                twin,
                fields=list(data),
                data=data,
                action="network.organisation.changed",
                actor=actor,
                log_data={"source": SOURCE},
            )
            return
        organisation_create(
            actor=actor,
            municipality=facility.municipality,
            data={**organisation_values(facility), "facility": facility},
            source=SOURCE,
        )
        return
    if event == facility_hooks.CHANGED:
        data = organisation_values(facility, changed)
        if data:
            save_changes(
                organisation,
                fields=list(data),
                data=data,
                action="network.organisation.changed",
                actor=actor,
                log_data={"source": SOURCE},
            )
    elif event == facility_hooks.ARCHIVED and not organisation.is_archived:
        organisation_archive(actor=actor, organisation=organisation)
    elif event == facility_hooks.RESTORED and organisation.is_archived:
        organisation_archive(actor=actor, organisation=organisation)  # restores it


def _organisation_of_facility(facility_id):
    from .models import Organisation

    return (
        Organisation.objects.filter(facility_id=facility_id)
        .select_related("municipality")
        .order_by("pk")[:1]
    )


_ORGANISATION_OF_FACILITY = PreparedQuery(_organisation_of_facility)


def links(facility, access) -> list[FacilityLink]:
    """ "Organisation im Netzwerk" on the facility's page (one query, compiled once)."""
    from . import permissions as perms

    found = _ORGANISATION_OF_FACILITY.objects(facility_id=facility.pk)
    organisation = found[0] if found else None
    if organisation is None or not access.can(perms.view_organisation, organisation):
        return []
    return [
        FacilityLink(
            label=_("Im Netzwerk"),
            text=organisation.name,
            url=reverse(
                "network:organisation_detail",
                args=[organisation.municipality.slug, organisation.pk],
            ),
            note=_("Als Organisation wählbar bei Einschätzungen und Kooperationen."),
        )
    ]


def register() -> None:
    facility_hooks.register_facility_listener("network.organisation", sync)
    facility_hooks.register_facility_links("network.organisation", links)


def link_existing(Facility, Organisation, *, municipality_id=None) -> tuple[int, int]:
    """Give every facility without an organisation one: link a twin (same name, same
    municipality, no facility yet) or create it. Works with the migration's historical models
    (plain ORM, no services); returns (linked, created)."""
    linked = created = 0
    with scopes_disabled():
        # Archived facilities have left their Verbund: they get no organisation.
        facilities = Facility.objects.filter(
            organisation__isnull=True, archived_at__isnull=True
        ).order_by("pk")
        if municipality_id is not None:
            facilities = facilities.filter(municipality_id=municipality_id)
        for facility in facilities.iterator(chunk_size=500):
            twin = twin_of(Organisation.objects.all(), facility)
            if twin is not None:
                for name, value in _fill(twin, facility).items():
                    setattr(twin, name, value)
                twin.save()
                linked += 1
                continue
            Organisation.objects.create(
                municipality_id=facility.municipality_id,
                facility=facility,
                **organisation_values(facility),
            )
            created += 1
    return linked, created
