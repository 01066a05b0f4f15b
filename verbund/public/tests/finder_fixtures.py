"""Offers for the finder tests: free, for a one-year-old, near postcode 12345."""

from __future__ import annotations

from decimal import Decimal

from django_scopes import scopes_disabled

from verbund.offers.choices import Cost, Visibility
from verbund.offers.tests.factories import OfferFactory, OfferScheduleFactory
from verbund.taxonomy.tests.factories import term


def finder_offers(tenant, extra: int = 0):
    """Three offers (one free for 1–3 years near 12345, one costly, one internal) and
    ``extra`` more free ones elsewhere."""
    municipality, centre = tenant.municipality, tenant.centre
    with scopes_disabled():
        centre.postcode, centre.latitude, centre.longitude = (
            "12345",
            Decimal("52.5"),
            Decimal("13.4"),
        )
        centre.street, centre.city, centre.phone = "Lindenweg 1", "Lindenhagen", "030 123"
        centre.save()
    toddlers = term(municipality, "life_phase", "1-3")
    health = term(municipality, "topic", "health")
    free = OfferFactory(
        municipality=municipality, centre=centre, title="Krabbelgruppe am Park",
        cost=Cost.FREE, languages="de tr", postcode="12345", street="Parkweg 2",
        city="Lindenhagen", latitude=Decimal("52.501"), longitude=Decimal("13.401"),
        step_free=True, contact_email="krabbeln@example.org",
    )  # fmt: skip
    free.terms.add(toddlers, health)
    OfferScheduleFactory(offer=free)
    costly = OfferFactory(
        municipality=municipality, centre=centre, title="Babyschwimmen", cost=Cost.FEE,
        postcode="12345", latitude=Decimal("52.502"), longitude=Decimal("13.402"),
    )  # fmt: skip
    costly.terms.add(toddlers)
    internal = OfferFactory(
        municipality=municipality, centre=centre, title="Fallbesprechung intern",
        visibility=Visibility.INTERNAL,
    )  # fmt: skip
    for number in range(extra):
        OfferFactory(
            municipality=municipality, centre=centre, title=f"Elterntreff {number:03d}",
            latitude=Decimal("52.6"), longitude=Decimal("13.5"),
        )  # fmt: skip
    from verbund.offers.text import refresh_search_text

    with scopes_disabled():
        refresh_search_text([free, costly])
    return free, costly, internal
