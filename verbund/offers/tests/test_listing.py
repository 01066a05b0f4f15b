"""The offer list page and its export (issue 10, items 4 and 9)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.core.roles import Role
from verbund.network.tests.factories import OrganisationFactory
from verbund.offers.choices import ReviewState, Visibility
from verbund.offers.tests.factories import OfferFactory, OfferScheduleFactory
from verbund.offers.text import refresh_search_text
from verbund.taxonomy.tests.factories import term

pytestmark = pytest.mark.django_db


def make(tenant, title, **values):
    terms = values.pop("terms", [])
    with scopes_disabled():
        offer = OfferFactory(centre=tenant.centre, title=title, **values)
        offer.terms.set(terms)
        refresh_search_text([offer])
    return offer


def url(tenant, **params):
    from urllib.parse import urlencode

    base = reverse("offers:offer_list", args=[tenant.municipality.slug])
    return base + ("?" + urlencode(params, doseq=True) if params else "")


def export_url(tenant, fmt, **params):
    from urllib.parse import urlencode

    base = reverse("offers:offer_export", args=[tenant.municipality.slug, fmt])
    return base + ("?" + urlencode(params, doseq=True) if params else "")


def login(client, tenant, role=Role.STAFF):
    client.force_login(tenant.users[role])


def test_list_searches_and_filters_by_url(client, tenant):
    mun = tenant.municipality
    baby = term(mun, "life_phase", "0-1")
    make(tenant, "Kochkurs für Väter", summary="Gemeinsam kochen.")
    make(tenant, "Babymassage", terms=[baby], languages="de tr")
    login(client, tenant)
    page = client.get(url(tenant, q="kochen")).content.decode()
    assert "Kochkurs für Väter" in page and "Babymassage" not in page
    assert "1 Angebot gefunden" in page
    page = client.get(url(tenant, phase=[baby.pk], sprache=["tr"])).content.decode()
    assert "Babymassage" in page and "Kochkurs" not in page
    assert "0–1 Jahre" in page  # life phases shown
    assert "Türkisch" in page
    assert '<details class="offer-filters__more" open>' in page  # filters used: open


def test_bad_values_are_named_and_left_out(client, tenant):
    make(tenant, "Elterncafé")
    login(client, tenant)
    response = client.get(
        url(tenant, ab="25:99", phase=["²"], km="7", gebiet="9" * 20, lat="nan", seite="x")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Elterncafé" in page
    assert "Einige Angaben konnten nicht verwendet werden" in page
    response = client.get(url(tenant, ab="12:00", bis="09:00"))
    assert "muss nach „Beginn frühestens“ liegen" in response.content.decode()


def test_other_municipality_and_unapproved_offers(client, tenant, foreign):
    make(foreign, "Fremdes Angebot")
    with scopes_disabled():
        partner = OrganisationFactory(municipality=tenant.municipality, facility=tenant.facility)
    make(tenant, "Wartendes Angebot", provider=partner, review_state=ReviewState.SUBMITTED)
    make(tenant, "Internes Angebot", visibility=Visibility.INTERNAL)
    login(client, tenant, Role.PLANNER)  # sees the network's approved offers only
    page = client.get(url(tenant)).content.decode()
    assert "Fremdes Angebot" not in page and "Wartendes Angebot" not in page
    assert "Internes Angebot" in page and "nur im Netzwerk" in page
    assert "Neues Angebot" not in page
    login(client, tenant, Role.COORDINATOR)  # keeps the centre's offers: sees it, marked
    page = client.get(url(tenant)).content.decode()
    assert "Wartendes Angebot" in page and "wartet auf Freigabe" in page
    assert f'href="/k/{tenant.municipality.slug}/angebote/neu/"' in page


def test_near_a_centre(client, tenant):
    from decimal import Decimal

    with scopes_disabled():
        centre = tenant.centre
        centre.latitude, centre.longitude = Decimal("52.52"), Decimal("13.405")
        centre.save()
    make(tenant, "Nah", latitude=Decimal("52.525"), longitude=Decimal("13.405"))
    make(tenant, "Fern", latitude=Decimal("52.70"), longitude=Decimal("13.405"))
    login(client, tenant)
    page = client.get(url(tenant, nahe=centre.pk, km="2")).content.decode()
    assert "Nah" in page and "Fern" not in page
    assert "0,6 km entfernt" in page


def test_query_count_does_not_grow(client, tenant, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mun = tenant.municipality
    phases = [term(mun, "life_phase", key) for key in ("0-1", "1-3")]
    login(client, tenant, Role.COORDINATOR)
    counts = []
    for n in (2, 20):
        for i in range(n):
            offer = make(tenant, f"Angebot {n}-{i}", terms=phases)
            OfferScheduleFactory(offer=offer)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(tenant, q="Angebot", tag=["di"])).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[1]):
        client.get(url(tenant, q="Angebot", tag=["di"], seite="2"))


def test_a_text_search_pages_like_the_list_and_counts_once(client, tenant):
    """A text search reads its keys once (no count running the match again): same rows, same
    order and same page numbers as before, title matches first."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(60):
        make(tenant, f"Kurs {i:02d}", summary="Schwimmen lernen" if i % 3 else "Malen")
    make(tenant, "Schwimmkurs am Morgen", summary="offen")
    login(client, tenant, Role.STAFF)
    pages = {}
    for number in ("1", "2", "x", "99"):
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url(tenant, q="Schwimm", seite=number)).content.decode()
        counts = [q for q in ctx.captured_queries if "COUNT(" in q["sql"] and "offer" in q["sql"]]
        assert not counts
        assert "41 Angebote gefunden" in page, re.findall(r"\d+ Angebote? gefunden", page)
        pages[number] = re.findall(r'<h2 class="kern-heading-small"><a [^>]+>([^<]+)</a>', page)
    expected = ["Schwimmkurs am Morgen", *[f"Kurs {i:02d}" for i in range(60) if i % 3]]
    assert pages["1"] + pages["2"] == expected  # the title match first, then by title
    assert len(pages["1"]) == 25
    assert pages["x"] == pages["1"]  # not a number: the first page
    assert pages["99"] == pages["2"]  # beyond the end: the last page


def test_export_is_filtered_and_formula_safe(client, tenant):
    make(tenant, '=HYPERLINK("http://x")', summary="Kochkurs", cost_note="+49 Euro")
    make(tenant, "Babymassage")
    login(client, tenant)
    response = client.get(export_url(tenant, "csv", q="Kochkurs"))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 2 and "Babymassage" not in text
    assert "'=HYPERLINK" in lines[1] and "'+49 Euro" in lines[1]
    assert "kostenlos" in lines[1]  # labels, not stored keys
    response = client.get(export_url(tenant, "xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == ['\'=HYPERLINK("http://x")', "Babymassage"]


def test_export_of_another_municipality_is_404(client, tenant, foreign):
    login(client, tenant)
    response = client.get(export_url(foreign, "csv"))
    assert response.status_code == 404


def test_nav_entry(client, tenant):
    login(client, tenant)
    page = client.get(url(tenant)).content.decode()
    assert f'href="{url(tenant)}"' in page


def test_low_threshold_filter_and_badge(client, tenant):
    from verbund.offers.choices import Admission, Cost, OfferFormat, PlaceKind

    make(
        tenant,
        "Offenes Elterncafé",
        cost=Cost.FREE,
        admission=Admission.OPEN,
        format=OfferFormat.OPEN_MEETING,
        childcare=True,
        place_kind=PlaceKind.OUTREACH,
    )
    make(tenant, "Geburtsvorbereitungskurs", cost=Cost.FEE, admission=Admission.REGISTRATION)
    login(client, tenant)
    page = client.get(url(tenant)).content.decode()
    assert page.count(">niedrigschwellig<") == 1
    page = client.get(url(tenant, niedrigschwellig="on")).content.decode()
    assert "Offenes Elterncafé" in page and "Geburtsvorbereitungskurs" not in page


def test_many_areas_and_providers_are_searched_not_listed(client, tenant):
    """Issue 17: with hundreds of areas the filter is a text field resolved on the server."""
    from verbund.areas.tests.factories import AreaFactory
    from verbund.core.search_choice import SELECT_LIMIT

    with scopes_disabled():
        areas = [
            AreaFactory(municipality=tenant.municipality, name=f"Bezirk {i:03d}")
            for i in range(SELECT_LIMIT + 5)
        ]
        mine = make(tenant, "Hier")
        mine.areas_served.set([areas[7]])
        make(tenant, "Anderswo")
    login(client, tenant)
    page = client.get(url(tenant)).content.decode()
    assert "Bezirk 051" not in page  # no option per area
    page = client.get(url(tenant, gebiet="Bezirk 007")).content.decode()
    assert "Hier" in page and "Anderswo" not in page
    page = client.get(url(tenant, gebiet=str(areas[7].pk))).content.decode()
    assert "Hier" in page and "Anderswo" not in page
    response = client.get(url(tenant, gebiet="Bezirk 0"))  # ambiguous: named, left out
    assert response.status_code == 200
    assert "Anderswo" in response.content.decode()


def test_a_foreign_area_or_centre_is_not_found(client, tenant, foreign):
    from verbund.areas.tests.factories import AreaFactory

    with scopes_disabled():
        area = AreaFactory(municipality=foreign.municipality)
    make(tenant, "Elterncafé")
    login(client, tenant)
    for params in (
        {"gebiet": area.pk},
        {"zentrum": foreign.centre.pk},
        {"nahe": foreign.centre.pk},
    ):
        response = client.get(url(tenant, **params))
        assert response.status_code == 200
        assert "Elterncafé" in response.content.decode()  # the filter is left out
