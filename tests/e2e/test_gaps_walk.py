"""Issue 10, item 5 in the browser: a coordinator finds the gaps of her Sozialraum, opens a
cell, marks a need as answered by an offer; the planner switches to the city and to target
groups. axe-core (WCAG 2.1 A/AA) on every page, at desktop and phone width, no sideways
scrolling of the page (the matrix scrolls inside its own box)."""

import pytest
from django_scopes import scopes_disabled

from verbund.accounts.testing import build_tenant
from verbund.analysis.models import Need
from verbund.analysis.tests.factories import NeedFactory
from verbund.areas.tests.factories import AreaFactory
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD
from verbund.core.testing_browser import ARTIFACTS, run_axe
from verbund.offers.tests.factories import OfferFactory
from verbund.taxonomy.tests.factories import term

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def checker(page, width_name):

    def check(label):
        results = run_axe(page)
        assert results.violations_count == 0, (
            f"{label} ({width_name}):\n{results.generate_report()}"
        )
        overflow = page.evaluate(
            "() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
        )
        assert overflow <= 0, f"{label} ({width_name}) scrolls sideways by {overflow} px"
        page.screenshot(path=str(ARTIFACTS / f"luecken-{width_name}-{label}.png"), full_page=True)

    return check


def login(page, live_server, user):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(user.username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_find_a_gap_and_answer_a_need(live_server, new_page, width_name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tenant = build_tenant("lueckenhausen")
    m = tenant.municipality
    north = AreaFactory(municipality=m, name="Nordviertel")
    north.centres.add(tenant.centre)
    offer = OfferFactory(municipality=m, centre=tenant.centre, title="Babycafé am Markt")
    offer.terms.add(term(m, "life_phase", "0-1"), term(m, "topic", "health"))
    offer.areas_served.add(north)
    need = NeedFactory(municipality=m, centre=tenant.centre, area=north, title="Babytreff fehlt")
    NeedFactory(
        municipality=m,
        centre=tenant.centre,
        area=north,
        title="Sprachförderung vor der Schule",
        life_phase=term(m, "life_phase", "3-6"),
        topic=term(m, "topic", "education"),
    )
    page = new_page(viewport=WIDTHS[width_name])
    check = checker(page, width_name)
    login(page, live_server, tenant.users[Role.COORDINATOR])
    page.goto(f"{live_server.url}/k/{m.slug}/angebote/luecken/")
    assert page.get_by_role("heading", name="Lücken in der Präventionskette").is_visible()
    table = page.get_by_role("table")
    assert table.get_by_role("columnheader", name="Bildung und Sprache").count() == 1
    assert table.get_by_role("rowheader", name="3–6 Jahre").count() == 1
    assert page.get_by_text("Lücken: 1 ·").is_visible()
    check("01-matrix")

    page.get_by_role("link", name="dünn").first.click()
    page.wait_for_url("**/luecken/zelle/**")
    assert page.get_by_text("Babytreff fehlt").is_visible()
    check("02-zelle")
    page.get_by_role("button", name="„Babycafé am Markt“ beantwortet diesen Bedarf").click()
    assert page.get_by_text("ist als Antwort vermerkt").is_visible()
    with scopes_disabled():
        assert Need.objects.get(pk=need.pk).status == "met"
    check("03-beantwortet")

    page = new_page(viewport=WIDTHS[width_name])
    check = checker(page, width_name)
    login(page, live_server, tenant.users[Role.PLANNER])
    page.goto(f"{live_server.url}/k/{m.slug}/angebote/luecken/")
    page.get_by_label("ganze Kommune").check()
    page.locator("#id_spalten").select_option("target_group")
    page.get_by_role("button", name="Anzeigen").click()
    assert page.get_by_role("columnheader", name="Familien allgemein").count() == 1
    check("04-stadt-zielgruppen")
