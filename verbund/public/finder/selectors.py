"""Reads of the finder: the page of results, one public offer with all its page shows, and the
validators (ETag/Last-Modified) of the municipality's public offers. Every read goes through
``verbund.offers.search.public_offers``; a fixed number of queries whatever the data size."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.paginator import Paginator
from django.db.models import Count, Max, Subquery
from django.utils import timezone
from django.utils.translation import get_language

from verbund.offers.models import Offer, OfferSchedule, OfferTranslation
from verbund.offers.search import OfferQuery, public_offers, search_offers
from verbund.tenancy.models import FamilyCentre, Municipality

PER_PAGE = 20
LIST_FIELDS = (
    "id",
    "title",
    "summary",
    "description",
    "cost",
    "admission",
    "format",
    "languages",
    "interpretation",
    "step_free",
    "street",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "place_kind",
    "centre_id",
    "centre__name",
    "location_id",
    "location__name",
    "location__street",
    "location__postcode",
    "location__city",
    "location__latitude",
    "location__longitude",
)  # fmt: skip  (the description: whether a translation is older than the German text)


@dataclass
class Results:
    page: object  # a Paginator page of offers
    paginator: Paginator
    near: bool


def finder_results(*, municipality, query: OfferQuery, step_free: bool, page) -> Results:
    """The page ``page`` of what ``query`` finds (absurd page numbers: the nearest page)."""
    offers = public_offers(municipality=municipality)
    if step_free:
        offers = offers.filter(step_free=True)
    found = search_offers(offers, query).select_related("centre", "location").only(*LIST_FIELDS)
    paginator = Paginator(found, PER_PAGE)
    return Results(page=paginator.get_page(page), paginator=paginator, near=query.near)


def public_offer(*, municipality, pk: int) -> Offer:
    """One public offer with its centre, place and schedules; DoesNotExist otherwise."""
    return (
        public_offers(municipality=municipality)
        .select_related("centre", "location", "provider")
        .prefetch_related("schedules")
        .get(pk=pk)
    )


@dataclass(frozen=True)
class Freshness:
    last_modified: datetime | None
    etag: str


def freshness(municipality_id: int) -> Freshness:
    """When the municipality's offers or their dates last changed, and how many there are
    (a deleted offer changes the number), in one query. The ETag also carries the day (offers
    leave the public view by date) and the language of the page."""
    offers = Offer.objects.filter(municipality_id=municipality_id).order_by()
    schedules = OfferSchedule.objects.filter(municipality_id=municipality_id).order_by()
    centres = FamilyCentre.objects.filter(municipality_id=municipality_id).order_by()
    translations = OfferTranslation.objects.filter(municipality_id=municipality_id).order_by()

    def scalar(queryset, expression):
        return Subquery(
            queryset.values("municipality_id").annotate(value=expression).values("value")[:1]
        )

    row = (
        Municipality.objects.filter(pk=municipality_id)
        .annotate(
            offers_changed=scalar(offers, Max("updated_at")),
            offers_count=scalar(offers, Count("pk")),
            schedules_changed=scalar(schedules, Max("updated_at")),
            centres_changed=scalar(centres, Max("updated_at")),
            translations_changed=scalar(translations, Max("updated_at")),
        )
        .values(
            "offers_changed",
            "offers_count",
            "schedules_changed",
            "centres_changed",
            "translations_changed",
        )
        .first()
    ) or {}
    moments = [
        _moment(row.get(name))
        for name in (
            "offers_changed",
            "schedules_changed",
            "centres_changed",
            "translations_changed",
        )
        if row.get(name)
    ]
    changed = max(moments) if moments else None
    seed = f"{changed}|{row.get('offers_count')}|{timezone.localdate()}|{get_language()}"
    return Freshness(last_modified=changed, etag=hashlib.sha256(seed.encode()).hexdigest()[:32])


def _moment(value) -> datetime:
    if isinstance(value, str):  # SQLite returns a subquery's value as text
        value = datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def in_language(offers, language: str) -> None:
    """Show each offer's translation into ``language`` where one exists (in memory only; one
    query for the list): ``offer.text_note`` is "" for a translation, "german" where only the
    German text exists, "outdated" for a translation older than the German text."""
    from verbund.offers.translations import translated

    offers = list(offers)
    texts = translated(offers, language)
    german = (language or "de").split("-")[0] == "de"
    for offer in offers:
        text = texts[offer.pk]
        offer.title, offer.summary, offer.description = text.title, text.summary, text.description
        if german:
            offer.text_note = ""
        elif not text.is_translation:
            offer.text_note = "german"
        else:
            offer.text_note = "outdated" if text.outdated else ""
