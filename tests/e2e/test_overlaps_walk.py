"""De-siloing and brokering in the browser: the coordinator reads the duplicate report and
marks a pair complementary; a staff member records a referral on a phone; the planner reads the
report and the silo view. axe checks every page; screenshots at 1280 and 390 px go to
/tmp/overlaps-*.png."""

import datetime
import re

import pytest
from django_scopes import scopes_disabled

from verbund.accounts.testing import build_tenant
from verbund.areas.tests.factories import AreaFactory
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD
from verbund.core.testing_browser import run_axe
from verbund.network.tests.factories import OrganisationFactory
from verbund.offers.models import ComplementaryPair, Offer, Referral
from verbund.offers.tests.factories import OfferFactory, OfferScheduleFactory
from verbund.offers.text import refresh_search_text
from verbund.taxonomy.tests.factories import term
from verbund.tenancy.tests.factories import FamilyCentreFactory

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SLUG = "doppelweg"


def sideways(page) -> int:
    return page.evaluate(
        "() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )


def shot(page, name: str) -> None:
    page.screenshot(path=f"/tmp/overlaps-{name}.png", full_page=True)  # noqa: S108 (asked for)


def login(page, url, user) -> None:
    page.goto(f"{url}/anmelden/")
    page.get_by_label("Benutzername").fill(user.username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"**/k/{SLUG}/")


def world():
    tenant = build_tenant(SLUG)
    m = tenant.municipality
    kalk = AreaFactory(municipality=m, name="Kalk", level="Stadtteil")
    neighbour = FamilyCentreFactory(municipality=m, name="Familienzentrum Humboldt")
    club = OrganisationFactory(municipality=m, name="Schwimmverein Kalk 1921 e. V.")
    keys = [("life_phase", "0-1"), ("topic", "health"), ("service_kind", "club")]
    offers = []
    for title, centre, provider, hour in [
        ("Babyschwimmen", tenant.centre, None, 9),
        ("Babyschwimmen im Hallenbad Kalk", neighbour, club, 10),
    ]:
        offer = OfferFactory(
            municipality=m,
            centre=centre,
            provider=provider,
            title=title,
            summary="Wassergewöhnung für Babys im ersten Lebensjahr mit einem Elternteil.",
        )
        with scopes_disabled():
            offer.terms.set([term(m, vocabulary, key) for vocabulary, key in keys])
            offer.areas_served.add(kalk)
        OfferScheduleFactory(
            offer=offer,
            weekdays=2,
            start_minute=hour * 60,
            start_time=datetime.time(hour, 0),
            end_time=datetime.time(hour + 1, 0),
        )
        offers.append(offer)
    with scopes_disabled():
        refresh_search_text(Offer.objects.filter(pk__in=[o.pk for o in offers]))
    return tenant, offers


def test_report_marking_and_referral(live_server, page, new_page, axe_check):
    tenant, (_ours, theirs) = world()
    base = f"{live_server.url}/k/{SLUG}/angebote/"
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # The coordinator reads the report and marks the pair complementary.
    login(page, live_server.url, tenant.users[Role.COORDINATOR])
    page.goto(base + "doppelstrukturen/")
    assert page.get_by_role("heading", name="Kalk").is_visible()
    assert page.get_by_text("überschneidende Zeiten: dienstags vormittags").is_visible()
    axe_check("Bericht Doppelstrukturen")
    shot(page, "report-1280")
    page.get_by_role("link", name="Als ergänzend kennzeichnen").click()
    page.wait_for_url("**/doppelstrukturen/*/*/")
    with page.expect_navigation():
        page.get_by_role("button", name="Als ergänzend kennzeichnen").click()
    assert page.evaluate("() => document.activeElement.id") == "form-errors"
    axe_check("Paar mit fehlender Begründung")
    page.get_by_label("Warum ergänzen sich die Angebote?").fill(
        "Unseres ist für Familien aus dem Sprachkurs, mit Sprachmittlung auf Arabisch."
    )
    shot(page, "pair-1280")
    with page.expect_navigation():
        page.get_by_role("button", name="Als ergänzend kennzeichnen").click()
    page.wait_for_url("**/doppelstrukturen/ergaenzend/")
    assert page.get_by_text("mit Sprachmittlung auf Arabisch").is_visible()
    axe_check("Als ergänzend gekennzeichnet")
    shot(page, "complementary-1280")
    with scopes_disabled():
        assert ComplementaryPair.objects.count() == 1
    page.goto(base + "leistungsarten/")
    axe_check("Leistungsarten")
    shot(page, "silos-1280")

    # A staff member records a referral on a phone.
    phone = new_page(viewport=PHONE)
    phone.on("pageerror", lambda error: errors.append(str(error)))
    login(phone, live_server.url, tenant.users[Role.STAFF])
    phone.goto(base + "vermittlungen/")
    phone.get_by_label("Angebot suchen").fill("Hallenbad")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Angebot suchen").click()
    phone.get_by_role("link", name=re.compile(r"Vermittlung festhalten\W+Babyschwimmen im")).click()
    phone.wait_for_url("**/vermittlung/")
    assert sideways(phone) <= 0
    phone.get_by_label("Lebensphase des Kindes").select_option(label="0–1 Jahre")
    phone.get_by_label("Thema").select_option(label="Gesundheit und Bewegung")
    shot(phone, "referral-form-390")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Vermittlung festhalten").click()
    phone.wait_for_url("**/vermittlungen/")
    assert phone.get_by_text("Die Vermittlung ist festgehalten.").is_visible()
    assert sideways(phone) <= 0
    shot(phone, "referral-list-390")
    with scopes_disabled():
        referral = Referral.objects.get()
        assert (referral.offer_id, referral.centre_id) == (theirs.pk, tenant.centre.pk)

    # The planner on a phone: the report and the counts fit the screen.
    planner = new_page(viewport=PHONE)
    login(planner, live_server.url, tenant.users[Role.PLANNER])
    for path, name in [
        ("doppelstrukturen/", "report-390"),
        ("leistungsarten/", "silos-390"),
        ("vermittlungen/zahlen/", "counts-390"),
    ]:
        planner.goto(base + path)
        assert sideways(planner) <= 0, path
        shot(planner, name)
    assert not errors


def test_phone_pages_pass_axe(live_server, new_page):
    """axe on the phone layout of the report and the referral form."""
    tenant, (_ours, theirs) = world()
    page = new_page(viewport=PHONE)
    login(page, live_server.url, tenant.users[Role.COORDINATOR])
    for path in ["doppelstrukturen/", f"{theirs.pk}/vermittlung/", "vermittlungen/zahlen/"]:
        page.goto(f"{live_server.url}/k/{SLUG}/angebote/{path}")
        results = run_axe(page)
        assert results.violations_count == 0, f"{path}:\n{results.generate_report()}"
        assert sideways(page) <= 0, path
        shot(page, "phone-" + path.strip("/").replace("/", "-"))
