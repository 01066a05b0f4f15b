"""Reads of the feed import, each a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Q

from verbund.offers.models import Offer

from .models import FeedRun, FeedSource


def sources(*, municipality):
    return (
        FeedSource.objects.filter(municipality=municipality)
        .select_related("centre")
        .annotate(run_count=Count("runs"))
        .order_by("name", "pk")
    )


def source(*, municipality, pk: int) -> FeedSource:
    return FeedSource.objects.select_related("centre").get(municipality=municipality, pk=pk)


def runs(*, source: FeedSource):
    return FeedRun.objects.filter(source=source).defer("services", "terms", "report")


def run(*, municipality, pk: int) -> FeedRun:
    return FeedRun.objects.select_related("source", "job").get(municipality=municipality, pk=pk)


def imported_offers(*, source: FeedSource):
    return (
        Offer.objects.filter(municipality=source.municipality, origin__source_key=source.source_key)
        .select_related("origin")
        .order_by("title", "pk")
    )


def imported_counts(*, source: FeedSource) -> dict:
    return imported_offers(source=source).aggregate(
        total=Count("pk"),
        released=Count("pk", filter=Q(origin__released_at__isnull=False)),
        withdrawn=Count("pk", filter=Q(origin__withdrawn_at__isnull=False)),
    )
