"""Organisations and contact persons in the search (``verbund.core.search``), registered in
``NetworkConfig.ready``. Contacts appear only as the access rule allows
(``network.contact.view``: not for provider admins, a partner only its own organisation's),
never erased ones, and are found by name and function only."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.core.search import Found, Query, SearchResult, find, register_search

from . import permissions as perms
from .models import Contact, Organisation


def organisations(query: Query, access, municipality, limit: int, offset: int = 0) -> Found:
    qs = access.narrow(
        perms.view_organisation, Organisation.objects.filter(municipality=municipality)
    )

    def result(org) -> SearchResult:
        place = " ".join(filter(None, [org.postcode, org.city]))
        details = [
            org.get_sector_display(),
            org.org_type,
            ", ".join(filter(None, [org.street, place])),
        ]
        if org.archived_at:
            details.append(_("archiviert"))
        return SearchResult(
            title=org.name,
            url=reverse("network:organisation_detail", args=[municipality.slug, org.pk]),
            subtitle=" · ".join(filter(None, details)),
        )

    return find(
        qs,
        query,
        fields=["name", "org_type", "street", "postcode", "city"],
        title="name",
        result=result,
        limit=limit,
        offset=offset,
        order_by=["archived_at", "name"],
    )


def contacts(query: Query, access, municipality, limit: int, offset: int = 0) -> Found:
    qs = access.narrow(
        perms.view_contact,
        Contact.objects.filter(municipality=municipality, erased_at__isnull=True).select_related(
            "organisation"
        ),
    )

    def result(contact) -> SearchResult:
        return SearchResult(
            title=str(contact),
            url=reverse("network:contact_detail", args=[municipality.slug, contact.pk]),
            subtitle=" · ".join(filter(None, [contact.function, contact.organisation.name])),
        )

    return find(
        qs,
        query,
        fields=["first_name", "last_name", "function", "organisation__name"],
        title="last_name",
        result=result,
        limit=limit,
        offset=offset,
        order_by=["last_name", "first_name"],
    )


register_search(
    "organisationen",
    gettext_lazy("Organisationen"),
    organisations,
    order=10,
    permission=perms.view_organisation,
    help=gettext_lazy("Name, Art, Adresse"),
)
register_search(
    "personen",
    gettext_lazy("Ansprechpersonen"),
    contacts,
    order=20,
    permission=perms.view_contact,
    help=gettext_lazy("Name, Funktion, Organisation"),
)
