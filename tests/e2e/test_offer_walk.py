"""Issue 10 (catalogue part): a coordinator creates an offer, sees a likely duplicate before
saving and saves anyway; a partner enters an offer that waits, and the coordinator approves it
from the review queue. axe checks the form, the similar-offers box, the detail page and the
queue; screenshots at 1280 and 390 px go to test-artifacts/screenshots/catalogue-*.png."""

import pytest
from django_scopes import scopes_disabled

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD
from verbund.core.testing_browser import ARTIFACTS
from verbund.network.tests.factories import OrganisationFactory
from verbund.offers.models import Offer
from verbund.offers.tests.factories import OfferFactory, partner_organisation
from verbund.taxonomy.tests.factories import term

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def login(page, live_server, user):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(user.username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/k/*/")


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def shoot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"catalogue-{name}.png"), full_page=True)


def fill_offer(page, title, facility_name):
    page.get_by_label("Titel", exact=True).fill(title)
    page.get_by_label("Kurzbeschreibung").fill("Offener Treff für Eltern mit Babys, mit Tee.")
    page.get_by_label("Form", exact=True).select_option(label="offener Treff")
    page.get_by_label("0–1 Jahre").check()
    page.get_by_label("Erziehung und Elternberatung").check()
    page.get_by_label("Arabisch").check()
    page.get_by_label("in einer Einrichtung").check()
    page.get_by_label("Einrichtung (Ort)").select_option(label=facility_name)


def test_offer_walk(live_server, new_page, axe_check, page):
    tenant = build_tenant("angebotsweg")
    town = tenant.municipality
    other = OrganisationFactory(municipality=town, name="Kinderschutzbund Angebotsweg")
    existing = OfferFactory(
        municipality=town, centre=tenant.centre, provider=other, title="Babytreff im Stadtteil"
    )
    with scopes_disabled():
        existing.terms.set([term(town, "life_phase", "0-1"), term(town, "topic", "parenting")])
    own = partner_organisation(tenant)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # The coordinator writes an offer and meets the similar one before saving.
    login(page, live_server, tenant.users[Role.COORDINATOR])
    page.goto(f"{live_server.url}/k/angebotsweg/angebote/neu/")
    assert page.get_by_role("group", name="Worum geht es?").is_visible()
    axe_check("Angebot anlegen")
    fill_offer(page, "Babytreff am Dienstag", tenant.facility.name)
    shoot(page, "form-1280")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    box = page.get_by_role("region", name="Ähnliche Angebote gibt es schon")
    assert box.is_visible()
    assert box.get_by_role("link", name="Babytreff im Stadtteil").is_visible()
    assert "Kinderschutzbund Angebotsweg" in box.inner_text()
    axe_check("Ähnliche Angebote")
    shoot(page, "similar-1280")
    with scopes_disabled():
        assert Offer.objects.count() == 1
    page.get_by_label("Ich habe die ähnlichen Angebote gesehen – trotzdem speichern").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/angebote/*/")
    assert page.get_by_role("heading", name="Babytreff am Dienstag", level=1).is_visible()
    assert page.get_by_text("Das Angebot wurde angelegt.").is_visible()
    assert page.get_by_role("heading", name="Wie leicht ist der Zugang?").is_visible()
    axe_check("Angebot")
    shoot(page, "detail-1280")

    # The partner enters its own offer: it waits for the centre.
    partner_page = new_page(viewport=PHONE)
    partner_page.on("pageerror", lambda error: errors.append(str(error)))
    login(partner_page, live_server, tenant.users[Role.PARTNER])
    partner_page.goto(f"{live_server.url}/k/angebotsweg/angebote/neu/")
    assert fits_the_screen(partner_page)
    shoot(partner_page, "form-390")
    partner_page.get_by_label("Titel", exact=True).fill("Hausaufgabenhilfe mit Lesepaten")
    partner_page.get_by_label("Form", exact=True).select_option(label="Gruppe")
    partner_page.get_by_label("6–10 Jahre (Grundschule)").check()
    partner_page.get_by_label("aufsuchend (bei den Familien, im Stadtteil)").check()
    assert partner_page.get_by_label("Anbieter").input_value() == str(own.pk)
    with partner_page.expect_navigation():
        partner_page.get_by_role("button", name="Speichern").click()
    partner_page.wait_for_url("**/angebote/*/")
    assert partner_page.get_by_text("wartet auf die Freigabe").first.is_visible()
    assert fits_the_screen(partner_page)
    shoot(partner_page, "detail-390")
    with scopes_disabled():
        waiting = Offer.objects.get(title="Hausaufgabenhilfe mit Lesepaten")
    assert waiting.review_state == "submitted"

    # The coordinator approves it from the queue.
    page.goto(f"{live_server.url}/k/angebotsweg/angebote/freigaben/")
    assert page.get_by_role("link", name="Hausaufgabenhilfe mit Lesepaten", exact=True).is_visible()
    axe_check("Freigaben")
    shoot(page, "queue-1280")
    with page.expect_navigation():
        page.get_by_role("button", name="Freigeben: Hausaufgabenhilfe mit Lesepaten").click()
    assert page.get_by_text("ist freigegeben").is_visible()
    assert page.get_by_text("Im Moment wartet kein Angebot").is_visible()
    with scopes_disabled():
        waiting.refresh_from_db()
    assert waiting.review_state == "approved"

    phone = new_page(viewport=PHONE)
    login(phone, live_server, tenant.users[Role.COORDINATOR])
    phone.goto(f"{live_server.url}/k/angebotsweg/angebote/{waiting.pk}/")
    assert fits_the_screen(phone)
    phone.goto(f"{live_server.url}/k/angebotsweg/angebote/freigaben/")
    assert fits_the_screen(phone)
    shoot(phone, "queue-390")
    assert not errors
