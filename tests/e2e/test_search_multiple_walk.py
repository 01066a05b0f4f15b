"""Issue 17: with more organisations than a list should show, agreement partners are typed —
without JavaScript into the text area (one per line, on a phone), with JavaScript through the
search box whose suggestion is added as a line; axe checks the form."""

import pytest
from django_scopes import scopes_disabled

from verbund.accounts.testing import build_tenant
from verbund.cooperation.models import Agreement
from verbund.cooperation.tests.factories import OrganisationFactory
from verbund.core.roles import Role
from verbund.core.search_choice import SELECT_LIMIT
from verbund.core.testing import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]


def open_form(page, live_server, tenant):
    slug = tenant.municipality.slug
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(tenant.users[Role.COORDINATOR].username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"**/k/{slug}/")
    page.goto(f"{live_server.url}/k/{slug}/kooperationen/neu/")
    assert page.locator('input[type="checkbox"][name="partners"]').count() == 0
    page.get_by_label("Titel").fill("Offene Sprechstunde")
    page.get_by_label("Gegenstand der Vereinbarung").fill("Sprechstunde im Familienzentrum.")


def many_organisations(tenant, name):
    OrganisationFactory.create_batch(SELECT_LIMIT + 5, municipality=tenant.municipality)
    return OrganisationFactory(municipality=tenant.municipality, name=name)


def partners():
    with scopes_disabled():
        agreement = Agreement.objects.get()
        return set(
            agreement.parties.filter(kind="partner").values_list("organisation__name", flat=True)
        )


def test_partners_typed_without_javascript_on_a_phone(live_server, new_page):
    tenant = build_tenant("tippen")
    many_organisations(tenant, "Beratungsstelle West")
    page = new_page(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    open_form(page, live_server, tenant)
    page.locator("textarea[name=partners]").fill("beratungsstelle west")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/kooperationen/*/")
    assert partners() == {"Beratungsstelle West"}


def test_partner_picked_from_the_search_box(live_server, page, axe_check):
    tenant = build_tenant("suchfeld")
    org = many_organisations(tenant, "Beratungsstelle Ost")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_form(page, live_server, tenant)
    axe_check("Vereinbarung anlegen, Partner per Suche")
    search = page.locator("#id_partners-text-suche")
    search.fill(f"Beratungsstelle Ost (Nr. {org.pk})")
    search.dispatch_event("change")
    assert page.locator("textarea[name=partners]").input_value() == (
        f"Beratungsstelle Ost (Nr. {org.pk})"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/kooperationen/*/")
    assert partners() == {"Beratungsstelle Ost"}
    assert not errors
