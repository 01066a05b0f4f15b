"""Figure of issue 11: draft an agreement with two responsibilities and a review date in at
most three submissions — one with JavaScript, two without ("Weitere Zuständigkeit" sends the
page back with the ticked partner to choose from); axe checks the form."""

import pytest
from django_scopes import scopes_disabled

from verbund.accounts.testing import build_tenant
from verbund.cooperation.models import Agreement
from verbund.cooperation.tests.factories import OrganisationFactory
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]


class Submissions:
    def __init__(self, page):
        self.count = 0
        page.on("request", self.seen)

    def seen(self, request):
        if request.is_navigation_request() and request.method == "POST":
            self.count += 1


def draft(page, live_server, tenant, org_name, *, javascript: bool, axe_check=None):
    slug = tenant.municipality.slug
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(tenant.users[Role.COORDINATOR].username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"**/k/{slug}/")
    page.goto(f"{live_server.url}/k/{slug}/kooperationen/neu/")
    submissions = Submissions(page)
    if axe_check:
        axe_check("Vereinbarung anlegen mit Zuständigkeiten")
    page.get_by_label(org_name).check()
    page.get_by_label("Titel").fill("Offene Sprechstunde")
    page.get_by_label("Gegenstand der Vereinbarung").fill("Sprechstunde im Familienzentrum.")
    page.get_by_label("Überprüfung").fill("2027-03-01")
    if not javascript:
        with page.expect_navigation():
            page.get_by_role("button", name="Weitere Zuständigkeit").click()
    first = page.locator("#zustaendigkeit-1")
    first.get_by_label("Wer ist zuständig?").select_option(label=org_name)
    first.get_by_label("Aufgabe").fill("Sprechstunde, wöchentlich")
    second = page.locator("#zustaendigkeit-2")
    second.get_by_label("Wer ist zuständig?").select_option(label="das Familienzentrum")
    second.get_by_label("Aufgabe").fill("Raum und Einladung")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/kooperationen/*/")
    assert page.get_by_text("mit ihren Zuständigkeiten als Entwurf angelegt").is_visible()
    assert page.get_by_text("Raum und Einladung").first.is_visible()
    return submissions.count


def check_saved():
    with scopes_disabled():
        agreement = Agreement.objects.get()
        assert str(agreement.review_date) == "2027-03-01"
        assert sorted(agreement.responsibilities.values_list("task", flat=True)) == [
            "Raum und Einladung",
            "Sprechstunde, wöchentlich",
        ]


def test_draft_with_two_responsibilities_with_javascript(live_server, page, axe_check):
    tenant = build_tenant("vertragsweg")
    OrganisationFactory(municipality=tenant.municipality, name="Beratungsstelle Ost")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    count = draft(
        page,
        live_server,
        tenant,
        "Beratungsstelle Ost",
        javascript=True,
        axe_check=axe_check,
    )
    assert count == 1
    check_saved()
    assert not errors


def test_draft_with_two_responsibilities_without_javascript(live_server, new_page):
    tenant = build_tenant("ohneskript")
    OrganisationFactory(municipality=tenant.municipality, name="Beratungsstelle West")
    page = new_page(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    count = draft(page, live_server, tenant, "Beratungsstelle West", javascript=False)
    assert count <= 3
    assert count == 2
    check_saved()
