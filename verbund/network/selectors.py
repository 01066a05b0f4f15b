from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from verbund.areas.models import Area, shape_of
from verbund.core.models import AuditEntry
from verbund.core.prepared import PreparedQuery
from verbund.tenancy.models import FamilyCentre

from .models import (
    ACTIVE_STATUSES,
    SEED_SECTORS,
    Body,
    BodyMember,
    Contact,
    Interaction,
    Level,
    Organisation,
    Quality,
    Relationship,
)
from .permissions import view_relationship

DEFAULT_REVIEW_DAYS = 365


def review_days() -> int:
    return int(getattr(settings, "NETWORK_CONTACT_REVIEW_DAYS", DEFAULT_REVIEW_DAYS))


def review_cutoff():
    return timezone.localdate() - timedelta(days=review_days())


@dataclass(frozen=True)
class OrganisationFilter:
    query: str = ""
    sector: str = ""
    area_id: int | None = None
    include_archived: bool = False


def _within(qs: QuerySet, access, permission) -> QuerySet:
    """The rows the user's ``permission`` reaches (the one access rule); all without access."""
    return qs if access is None else access.narrow(permission, qs)


def organisation_list(
    *, municipality, filters: OrganisationFilter | None = None, access=None, permission=None
) -> QuerySet:
    """With ``access``, only the organisations ``permission`` reaches (a partner: its own)."""
    filters = filters or OrganisationFilter()
    qs = Organisation.objects.filter(municipality=municipality).select_related("facility")
    qs = _within(qs, access, permission)
    if not filters.include_archived:
        qs = qs.filter(archived_at__isnull=True)
    if filters.sector:
        qs = qs.filter(sector=filters.sector)
    if filters.area_id:
        qs = qs.filter(areas_served__pk=filters.area_id)
    if filters.query:
        qs = qs.filter(
            Q(name__icontains=filters.query)
            | Q(street__icontains=filters.query)
            | Q(org_type__icontains=filters.query)
            | Q(postcode__startswith=filters.query)
        )
    return (
        qs.prefetch_related(Prefetch("areas_served", queryset=_listed_areas()))
        .order_by("name", "id")
        .distinct()
    )


def _listed_areas() -> QuerySet:
    # Only what a list shows of an area: its boundary JSON (three fields) would be decoded for
    # every area of every row, which was 40 % of the organisation list's time.
    return Area.objects.only("id", "municipality_id", "name", "code", "level")


# What the organisation list shows of a row; its page loads only these (descriptions, contact
# channels and coordinates of 50 organisations, and their facilities, cost more than the SQL).
LIST_COLUMNS = (
    "id",
    "municipality_id",
    "name",
    "archived_at",
    "facility_id",
    "sector",
    "org_type",
    "street",
    "postcode",
    "city",
)


def organisation_list_rows(organisations: QuerySet) -> QuerySet:
    """``organisation_list``'s rows with only the list's columns (for ``keyed_page(rows=…)``),
    their areas served as a plain list in ``listed_areas`` (a prefetch into the manager builds
    a filtered queryset per row)."""
    return (
        organisations.select_related(None)
        .only(*LIST_COLUMNS)
        .prefetch_related(None)
        .prefetch_related(
            Prefetch("areas_served", queryset=_listed_areas(), to_attr="listed_areas")
        )
    )


def _organisation_query(municipality_id, pk):
    return Organisation.objects.select_related("facility", "facility__centre").filter(
        municipality_id=municipality_id, pk=pk
    )


_ORGANISATION = PreparedQuery(_organisation_query)


def organisation_get(*, municipality, pk: int) -> Organisation:
    """Raises Organisation.DoesNotExist for ids of other municipalities (one query, compiled
    once per process: ``verbund.core.prepared``)."""
    return _ORGANISATION.one(municipality_id=municipality.pk, pk=int(pk))


def _area_names_query(pk):
    # Names only: never an area's boundary (GeoJSON of hundreds of kilobytes).
    return Area.objects.filter(organisations=pk).only("pk", "municipality_id", "name", "level")


def _contacts_query(municipality_id, pk):
    return contact_list(municipality=municipality_id, organisation=pk)


def _seats_query(pk):
    return BodyMember.objects.filter(organisation_id=pk, left_on__isnull=True).select_related(
        "body"
    )


_AREA_NAMES = PreparedQuery(_area_names_query)
_CONTACTS = PreparedQuery(_contacts_query)
_SEATS = PreparedQuery(_seats_query)


def organisation_areas(organisation: Organisation) -> list:
    """The areas it serves, names only, in the areas' order."""
    return _AREA_NAMES.objects(pk=organisation.pk)


def organisation_contacts(organisation: Organisation) -> list:
    """Its contacts that are not erased (the same rows as ``contact_list``)."""
    return _CONTACTS.objects(municipality_id=organisation.municipality_id, pk=organisation.pk)


def organisation_seats(organisation: Organisation) -> list:
    """Its current seats in bodies, with the bodies."""
    return _SEATS.objects(pk=organisation.pk)


def organisation_rows_for_duplicates(*, municipality, exclude_pk=None) -> list[tuple]:
    qs = Organisation.objects.filter(municipality=municipality, archived_at__isnull=True)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs.values_list("pk", "name", "street", "postcode", "city"))


def contact_list(*, municipality, organisation=None, include_erased=False) -> QuerySet:
    qs = Contact.objects.filter(municipality=municipality).select_related("organisation")
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    if not include_erased:
        qs = qs.filter(erased_at__isnull=True)
    return qs


def contacts_due_for_review(*, municipality, access=None, permission=None) -> QuerySet:
    qs = contact_list(municipality=municipality).filter(last_confirmed__lt=review_cutoff())
    qs = _within(qs, access, permission)
    return qs.order_by("last_confirmed", "id")


def contact_get(*, municipality, pk: int) -> Contact:
    return Contact.objects.select_related("organisation").get(municipality=municipality, pk=pk)


def contact_audit_entries(*, contact: Contact) -> QuerySet:
    return AuditEntry.objects.filter(
        content_type__app_label="network",
        content_type__model="contact",
        object_id=str(contact.pk),
    ).order_by("timestamp", "id")


def relationship_list(
    *, municipality, access=None, permission=None, status="", centre_id=None
) -> QuerySet:
    qs = Relationship.objects.filter(municipality=municipality).select_related(
        "centre", "centre__provider", "organisation", "next_step_owner"
    )
    qs = _within(qs, access, permission)
    if centre_id:
        qs = qs.filter(centre_id=centre_id)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("centre__name", "organisation__name", "id")


def _organisation_relationships_query(access, municipality_id, pk):
    return (
        _within(
            Relationship.objects.filter(municipality_id=municipality_id, organisation_id=pk),
            access,
            view_relationship,
        )
        .select_related("centre", "centre__provider", "organisation", "next_step_owner")
        .order_by("centre__name", "organisation__name", "id")
    )


_ORGANISATION_RELATIONSHIPS = PreparedQuery(_organisation_relationships_query)


def organisation_relationships(organisation: Organisation, access) -> list[Relationship]:
    """The organisation's relationships within ``access``'s reach of ``view_relationship``, in
    the relationship list's order (compiled once per reach: planning the five joins took
    longer than running them)."""
    return _ORGANISATION_RELATIONSHIPS.objects_within(
        access, municipality_id=organisation.municipality_id, pk=organisation.pk
    )


RELATIONSHIP_LIST_COLUMNS = (
    "id",
    "municipality_id",
    "status",
    "relevance_centre",
    "relevance_families",
    "quality",
    "next_step",
    "next_step_due",
    "centre",
    "centre__name",
    "organisation",
    "organisation__name",
    "next_step_owner",
    "next_step_owner__username",
    "next_step_owner__first_name",
    "next_step_owner__last_name",
)


def relationship_list_rows(relationships: QuerySet) -> QuerySet:
    """``relationship_list``'s rows with only the list's columns (for ``keyed_page(rows=…)``):
    not the centre's provider, nor every column of the organisation and the user."""
    return (
        relationships.select_related(None)
        .select_related("centre", "organisation", "next_step_owner")
        .only(*RELATIONSHIP_LIST_COLUMNS)
    )


def relationship_get(*, municipality, pk: int) -> Relationship:
    return Relationship.objects.select_related(
        "centre", "centre__provider", "organisation", "next_step_owner"
    ).get(municipality=municipality, pk=pk)


def interaction_list(*, relationship) -> QuerySet:
    return (
        Interaction.objects.filter(relationship=relationship)
        .select_related("recorded_by")
        .prefetch_related("contacts")
    )


def centres_for(*, municipality, access=None, permission=None) -> QuerySet:
    qs = FamilyCentre.objects.filter(municipality=municipality).select_related("provider")
    qs = _within(qs, access, permission)
    return qs.order_by("name")


def stakeholder_matrix(*, relationships) -> dict:
    """Relevance (the higher of centre and families) × relationship quality."""
    rows = []
    for relevance in sorted(Level, key=lambda level: -level.value):
        cells = []
        for quality in Quality:
            cells.append({"quality": quality, "items": []})
        rows.append({"relevance": relevance, "cells": cells})
    index = {row["relevance"].value: row for row in rows}
    for relationship in relationships:
        relevance = max(relationship.relevance_centre, relationship.relevance_families)
        index[relevance]["cells"][relationship.quality]["items"].append(relationship)
    return {"rows": rows, "qualities": list(Quality)}


def suggestions(*, municipality, centre) -> dict:
    """Organisations serving the centre's areas, from sectors its network lacks."""
    present = set(
        Relationship.objects.filter(centre=centre, status__in=ACTIVE_STATUSES).values_list(
            "organisation__sector", flat=True
        )
    )
    missing = [s for s in SEED_SECTORS if s not in present]
    known = Relationship.objects.filter(centre=centre).values_list("organisation_id", flat=True)
    area_ids = list(centre.areas.values_list("pk", flat=True))
    candidates = (
        Organisation.objects.filter(
            municipality=municipality,
            archived_at__isnull=True,
            sector__in=missing,
            areas_served__pk__in=area_ids,
        )
        .exclude(pk__in=known)
        .distinct()
        .annotate(ties=Count("relationships", distinct=True))
        .order_by("sector", "-ties", "name")
    )
    return {"missing": missing, "candidates": list(candidates[:100]), "area_ids": area_ids}


# What the body list and the centre page show of a body; grouping the member count by every
# column of the body, its centre and its area cost more than the count.
BODY_LIST_COLUMNS = (
    "id",
    "municipality_id",
    "name",
    "kind",
    "cadence",
    "dissolved_on",
    "centre",
    "centre__name",
    "centre__provider",  # the access rule's path to the provider
    "area",
    "area__name",
)


def body_list(*, municipality, access=None, permission=None, with_rows=True) -> QuerySet:
    """The bodies in reach by name; ``with_rows=False``: their keys only, in that order (the
    list's rows come from ``rows_cache``)."""
    qs = Body.objects.filter(municipality=municipality)
    if not with_rows:
        return _within(qs, access, permission).only("id", "municipality_id").order_by("name", "id")
    qs = qs.select_related("centre", "area").only(*BODY_LIST_COLUMNS)
    qs = _within(qs, access, permission)
    return qs.annotate(
        member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True)
    ).order_by("name", "id")


def body_get(*, municipality, pk: int) -> Body:
    return (
        Body.objects.select_related("centre", "centre__provider", "area")
        .defer(*shape_of("area"))
        .prefetch_related(
            Prefetch(
                "members",
                queryset=BodyMember.objects.select_related(
                    "centre", "organisation", "contact", "contact__organisation"
                ),
            )
        )
        .get(municipality=municipality, pk=pk)
    )


def body_member_get(*, body, pk: int) -> BodyMember:
    return BodyMember.objects.select_related("centre", "organisation", "contact").get(
        body=body, pk=pk
    )
