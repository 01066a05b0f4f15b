"""Areas (Sozialräume) and walks (Begehungen) in the search (``verbund.core.search``),
registered in ``AreasConfig.ready``; both through ``areas.area.view``."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from verbund.core.search import Found, Query, SearchResult, find, register_search

from . import permissions as perms
from .models import Area, Walk, shape_of


def areas(query: Query, access, municipality, limit: int, offset: int = 0) -> Found:
    qs = access.narrow(perms.view_area, Area.objects.filter(municipality=municipality))

    def result(area) -> SearchResult:
        return SearchResult(
            title=area.name,
            url=reverse("areas:area_detail", args=[municipality.slug, area.pk]),
            subtitle=" · ".join(filter(None, [area.level, area.code])),
        )

    return find(
        qs.only("pk", "name", "level", "code"),
        query,
        fields=["name", "code", "level"],
        title="name",
        result=result,
        limit=limit,
        offset=offset,
        order_by=["name", "level"],
    )


def walks(query: Query, access, municipality, limit: int, offset: int = 0) -> Found:
    qs = access.narrow(
        perms.view_area,
        Walk.objects.filter(municipality=municipality)
        .select_related("centre", "area")
        .defer(*shape_of("area")),
    )

    def result(walk) -> SearchResult:
        details = [date_format(walk.date, "SHORT_DATE_FORMAT"), walk.centre.name]
        if walk.area_id:
            details.append(walk.area.name)
        return SearchResult(
            title=walk.title,
            url=reverse("areas:walk_detail", args=[municipality.slug, walk.pk]),
            subtitle=" · ".join(details),
        )

    return find(
        qs,
        query,
        fields=["title", "participants", "centre__name", "area__name"],
        title="title",
        result=result,
        limit=limit,
        offset=offset,
        order_by=["-date", "-id"],
    )


register_search(
    "gebiete",
    gettext_lazy("Sozialräume und Gebiete"),
    areas,
    order=40,
    permission=perms.view_area,
    help=gettext_lazy("Name, Schlüssel, Ebene"),
)
register_search(
    "begehungen",
    gettext_lazy("Begehungen"),
    walks,
    order=60,
    permission=perms.view_area,
    help=gettext_lazy("Titel, Teilnehmende, Familienzentrum, Gebiet"),
)
