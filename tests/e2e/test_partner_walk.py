"""Figure of issue 11: add a partner with one contact and an assessment in at most two page
views and two submissions ("Partner aufnehmen"), starting from the list of organisations;
axe checks the form, the form with errors and the organisation page."""

import pytest
from django_scopes import scopes_disabled

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD
from verbund.network.models import Organisation

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]


class Counter:
    """Page views (GET navigations of the page) and submissions (POST navigations)."""

    def __init__(self, page):
        self.views = 0
        self.submissions = 0
        page.on("request", self.seen)
        self.main = page.main_frame

    def seen(self, request):
        if not request.is_navigation_request() or request.frame != self.main:
            return
        if request.method == "POST":
            self.submissions += 1
        else:
            self.views += 1


def test_partner_with_contact_and_assessment(live_server, page, screenshot, axe_check):
    tenant = build_tenant("partnerweg")
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(tenant.users[Role.COORDINATOR].username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/k/partnerweg/")
    page.goto(f"{live_server.url}/k/partnerweg/netzwerk/organisationen/")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    counter = Counter(page)
    page.get_by_role("link", name="Partner aufnehmen").click()
    page.wait_for_url("**/partner-aufnehmen/")
    axe_check("Partner aufnehmen")
    page.get_by_label("Name", exact=True).fill("Stadtteilbibliothek Nord")
    page.get_by_label("Sektor").select_option(label="Kultur/Bibliothek")
    page.get_by_label("Vorname").fill("Aylin")
    page.get_by_label("Nachname").fill("Demir")
    page.get_by_label("Funktion").fill("Leitung")
    page.locator("#id_person-legal_basis").select_option("a")
    page.get_by_label("Herkunft der Daten").fill("Gespräch beim Stadtteilfest")
    page.get_by_label("Relevanz für das Familienzentrum").select_option(label="hoch")
    page.get_by_label("Relevanz für Familien").select_option(label="mittel")
    page.get_by_label("Einfluss im Sozialraum").select_option(label="gering")
    page.get_by_label("Qualität der Beziehung").select_option(label="tragfähig")
    screenshot("partner-01-formular")
    with page.expect_navigation():
        page.get_by_role("button", name="Partner speichern").click()
    page.wait_for_url("**/organisationen/*/")
    assert page.get_by_role("heading", name="Stadtteilbibliothek Nord").is_visible()
    assert page.get_by_text("Die Einschätzung wurde angelegt.").is_visible()
    assert page.get_by_text("Demir").first.is_visible()
    axe_check("Organisation nach Partner aufnehmen")
    screenshot("partner-02-organisation")
    assert counter.views <= 2, counter.views
    assert counter.submissions <= 2, counter.submissions
    with scopes_disabled():
        organisation = Organisation.objects.get(name="Stadtteilbibliothek Nord")
        assert organisation.contacts.count() == 1
        assert organisation.relationships.get().relevance_centre == 3
    assert not errors


def test_errors_keep_what_was_typed_and_take_the_focus(live_server, page, axe_check):
    tenant = build_tenant("partnerfehler")
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(tenant.users[Role.COORDINATOR].username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/k/partnerfehler/")
    page.goto(f"{live_server.url}/k/partnerfehler/netzwerk/partner-aufnehmen/")
    page.get_by_label("Name", exact=True).fill("Hebammenpraxis Süd")
    page.get_by_label("Sektor").select_option(label="Gesundheit")
    page.get_by_label("Nachname").fill("Kaya")
    page.get_by_label("Relevanz für das Familienzentrum").select_option(label="hoch")
    with page.expect_navigation():
        page.get_by_role("button", name="Partner speichern").click()
    assert page.evaluate("() => document.activeElement.id") == "form-errors"
    assert page.get_by_label("Name", exact=True).input_value() == "Hebammenpraxis Süd"
    assert page.get_by_label("Nachname").input_value() == "Kaya"
    axe_check("Partner aufnehmen mit Fehlern")
    with scopes_disabled():
        assert not Organisation.objects.filter(name="Hebammenpraxis Süd").exists()
