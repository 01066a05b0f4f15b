"""Cooperation agreements in the search (``verbund.core.search``), registered in
``CooperationConfig.ready``: only those ``cooperation.agreement.view`` reaches (a centre's
team its centre's, a partner those its organisation is party to)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from verbund.core.search import Found, Query, SearchResult, find, register_search

from . import permissions as perms
from .models import Agreement


def agreements(query: Query, access, municipality, limit: int, offset: int = 0) -> Found:
    qs = access.narrow(
        perms.view_agreement,
        Agreement.objects.filter(municipality=municipality).select_related("centre"),
    )

    def result(agreement) -> SearchResult:
        return SearchResult(
            title=agreement.title,
            url=reverse("cooperation:agreement_detail", args=[municipality.slug, agreement.pk]),
            subtitle=" · ".join([agreement.get_status_display(), agreement.centre.name]),
        )

    return find(
        qs,
        query,
        fields=["title", "subject", "centre__name"],
        title="title",
        result=result,
        limit=limit,
        offset=offset,
        order_by=["title"],
    )


register_search(
    "vereinbarungen",
    gettext_lazy("Kooperationsvereinbarungen"),
    agreements,
    order=30,
    permission=perms.view_agreement,
    help=gettext_lazy("Titel, Gegenstand, Familienzentrum"),
)
