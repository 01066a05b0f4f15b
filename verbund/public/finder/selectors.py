"""Reads of the finder: the page of results, one public offer with all its page shows, and the
validators (ETag/Last-Modified) of the municipality's public offers. Every read goes through
``verbund.offers.search.public_offers``; a fixed number of queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator

from verbund.offers.models import Offer
from verbund.offers.search import OfferQuery, public_offers, search_offers

# The validators cover the homepage part's tables too, so they live beside the site.
from ..freshness import Freshness, freshness  # noqa: F401

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
