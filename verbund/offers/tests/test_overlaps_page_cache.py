"""The duplicate report's page, kept as rendered sections and cached area ids (issue 17):
every change of what it shows appears on the next view, and nothing of one viewer reaches
another."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.areas.tests.factories import AreaFactory
from verbund.core.roles import Role
from verbund.offers.choices import OfferFormat

from .factories import make_offer

pytestmark = pytest.mark.django_db

MARK = "Als ergänzend kennzeichnen"


def page(client, tenant, role, query=""):
    client.force_login(tenant.users[role])
    response = client.get(reverse("offers:overlap_report", args=[tenant.municipality.slug]) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_report_page_follows_each_change_it_shows(client, tenant, kalk, duplicates):
    ours, theirs, neighbour = duplicates
    html = page(client, tenant, Role.PLANNER)
    assert "Babyschwimmen am Dienstag" in html and neighbour.name in html

    with scopes_disabled():
        theirs.title = "Babyschwimmen dienstags"
        theirs.save()
    assert "Babyschwimmen dienstags" in page(client, tenant, Role.PLANNER)

    with scopes_disabled():
        ours.provider.name = "Schwimmverein Kalk 1911"
        ours.provider.save()
    assert "Schwimmverein Kalk 1911" in page(client, tenant, Role.PLANNER)

    with scopes_disabled():
        neighbour.name = "Familienzentrum Am Rhein"
        neighbour.save()
    assert "Familienzentrum Am Rhein" in page(client, tenant, Role.PLANNER)

    with scopes_disabled():
        kalk.name = "Kalk-Süd"
        kalk.save()
    assert "Kalk-Süd" in page(client, tenant, Role.PLANNER)

    with scopes_disabled():
        theirs.format = OfferFormat.ONLINE
        theirs.save()
    assert str(OfferFormat.ONLINE.label) in page(client, tenant, Role.PLANNER)


def test_report_page_follows_areas_and_offers_without_area(client, tenant, kalk, duplicates):
    """The cached order of areas follows a renamed area and a new one; the count of offers
    without an area follows new offers."""
    ours, theirs, _neighbour = duplicates
    deutz = AreaFactory(municipality=tenant.municipality, name="Deutz", level="Stadtteil")
    with scopes_disabled():
        ours.areas_served.add(deutz)
        theirs.areas_served.add(deutz)
    html = page(client, tenant, Role.PLANNER)
    assert html.index(f'id="area-{deutz.pk}"') < html.index(f'id="area-{kalk.pk}"')

    with scopes_disabled():
        kalk.name = "Buchforst"
        kalk.save()
    html = page(client, tenant, Role.PLANNER)
    assert html.index(f'id="area-{kalk.pk}"') < html.index(f'id="area-{deutz.pk}"')
    assert "nennt kein Gebiet" not in html

    make_offer(tenant.municipality, title="Elterncafé", centre=tenant.centre)
    assert "1 laufendes Angebot nennt kein Gebiet" in page(client, tenant, Role.PLANNER)


def test_mark_link_and_reach_stay_with_each_viewer(client, tenant, kalk, duplicates):
    """The planner may read but not mark; the coordinator may mark pairs with her centre's
    offers and sees only those: whoever comes first, the other gets her own page."""
    ours, _theirs, neighbour = duplicates
    club_offer = make_offer(
        tenant.municipality, area=kalk, title="Babyschwimmen Nord", centre=neighbour
    )
    with scopes_disabled():
        from verbund.network.tests.factories import OrganisationFactory

        club_offer.provider = OrganisationFactory(municipality=tenant.municipality)
        club_offer.save()

    for order in ((Role.PLANNER, Role.COORDINATOR), (Role.COORDINATOR, Role.PLANNER)):
        html = {role: page(client, tenant, role) for role in order}
        assert MARK not in html[Role.PLANNER]
        assert html[Role.COORDINATOR].count(MARK) == 2
        # The pair of the two other centres' offers is the planner's alone.
        assert html[Role.PLANNER].count("Ähnlich, weil:") == 1
        assert html[Role.PLANNER].count('<tr class="kern-table__row">') == 4  # header + 3 pairs
        assert html[Role.COORDINATOR].count('<tr class="kern-table__row">') == 3
        assert ours.title in html[Role.COORDINATOR]


def test_one_area_and_pages_beyond_the_end(client, tenant, kalk, duplicates):
    html = page(client, tenant, Role.PLANNER, f"?gebiet={kalk.pk}")
    assert "Alle Gebiete" in html and "Babyschwimmen am Dienstag" in html
    html = page(client, tenant, Role.PLANNER, "?gebiet=999999")
    assert "Keine Gebiete mit mehreren laufenden Angeboten gefunden." in html
    html = page(client, tenant, Role.PLANNER, "?seite=99")
    assert "Babyschwimmen am Dienstag" in html  # the last page


def test_report_page_follows_complementary_marks(client, tenant, kalk, duplicates):
    """The whole report is kept (issue 17): a pair marked complementary leaves the report and
    is counted, and unmarking brings it back."""
    from .factories import ComplementaryPairFactory

    ours, theirs, _neighbour = duplicates
    assert "0 Paare als ergänzend gekennzeichnet" in page(client, tenant, Role.PLANNER)
    first, second = sorted((ours, theirs), key=lambda offer: offer.pk)
    pair = ComplementaryPairFactory(first=first, second=second)
    html = page(client, tenant, Role.PLANNER)
    assert "1 Paar als ergänzend gekennzeichnet" in html
    with scopes_disabled():
        pair.delete()
    assert "0 Paare als ergänzend gekennzeichnet" in page(client, tenant, Role.PLANNER)
