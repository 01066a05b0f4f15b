"""Needs (Bedarfe) in the search (``verbund.core.search``), registered in
``AnalysisConfig.ready``: only those ``analysis.need.view`` reaches, without rejected ones
(as the list of needs)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from verbund.areas.models import shape_of
from verbund.core.search import Found, Query, SearchResult, find, register_search

from . import permissions as perms
from .models import Need, NeedStatus


def needs(query: Query, access, municipality, limit: int, offset: int = 0) -> Found:
    qs = access.narrow(
        perms.view_needs,
        Need.objects.filter(municipality=municipality)
        .exclude(status=NeedStatus.REJECTED)
        .select_related("centre", "area")
        .defer(*shape_of("area")),
    )

    def result(need) -> SearchResult:
        details = [need.get_status_display(), need.centre.name]
        if need.area_id:
            details.append(need.area.name)
        return SearchResult(
            title=need.title,
            url=reverse("analysis:need_detail", args=[municipality.slug, need.pk]),
            subtitle=" · ".join(details),
        )

    return find(
        qs,
        query,
        fields=["title", "description", "centre__name", "area__name"],
        title="title",
        result=result,
        limit=limit,
        offset=offset,
        order_by=["-updated_at", "-id"],
    )


register_search(
    "bedarfe",
    gettext_lazy("Bedarfe"),
    needs,
    order=50,
    permission=perms.view_needs,
    help=gettext_lazy("Titel, Beschreibung, Familienzentrum, Sozialraum"),
)
