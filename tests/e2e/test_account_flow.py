"""Issue 11, account basics in the browser at desktop and phone width: "Passwort vergessen?"
from the login page to a new password via the mailed link, then "Mein Konto" (name and
e-mail), the footer's legal pages; axe-core (WCAG 2.1 A/AA) on every page, no sideways
scrolling."""

import re

import pytest
from django.core import mail

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing_browser import ARTIFACTS, run_axe

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
NEW_PASSWORD = "Neue-lange-Passphrase-2026"


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
        page.screenshot(path=str(ARTIFACTS / f"konto-{width_name}-{label}.png"), full_page=True)

    return check


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_reset_password_then_edit_profile(live_server, new_page, width_name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tenant = build_tenant("birkenfeld")
    user = tenant.users[Role.COORDINATOR]
    page = new_page(viewport=WIDTHS[width_name])
    check = checker(page, width_name)

    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_role("link", name="Passwort vergessen?").click()
    page.wait_for_url("**/passwort-vergessen/")
    check("01-passwort-vergessen")

    page.get_by_role("button", name="Link anfordern").click()  # empty: a clear message
    assert page.get_by_text("Geben Sie Ihre E-Mail-Adresse ein.").first.is_visible()
    check("02-passwort-vergessen-fehler")

    page.get_by_label("E-Mail-Adresse").fill(user.email)
    page.get_by_role("button", name="Link anfordern").click()
    page.wait_for_url("**/passwort-vergessen/gesendet/")
    check("03-postfach")

    (message,) = mail.outbox
    path = re.search(r"https?://[^/\s]+(/passwort-neu/\S+/)", message.body).group(1)
    page.goto(live_server.url + path)
    page.get_by_label("Neues Passwort", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Neues Passwort wiederholen").fill(NEW_PASSWORD)
    check("04-neues-passwort")
    page.get_by_role("button", name="Passwort speichern").click()
    page.wait_for_url("**/passwort-neu/fertig/")
    check("05-gespeichert")

    page.get_by_role("link", name="Zur Anmeldung").click()
    page.get_by_label("Benutzername").fill(user.username)
    page.get_by_label("Passwort").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"**/k/{tenant.municipality.slug}/")

    page.goto(f"{live_server.url}/konto/")
    check("06-mein-konto")
    page.get_by_role("link", name="Ändern (Name)").click()
    page.get_by_label("Vorname").fill("Aylin")
    page.get_by_label("Nachname").fill("Demir")
    check("07-name")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/konto/")
    assert page.get_by_text("Ihr Name wurde gespeichert.").is_visible()

    with page.expect_navigation():
        page.get_by_role("link", name="Ändern (E-Mail-Adresse)").click()
    check("08-e-mail")

    page.get_by_role("contentinfo").get_by_role(
        "link", name="Erklärung zur Barrierefreiheit"
    ).click()
    page.wait_for_url("**/rechtliches/barrierefreiheit/")
    assert page.get_by_role("heading", name="Durchsetzungsverfahren").is_visible()
    check("09-barrierefreiheit")


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_admin_edits_the_accessibility_statement(live_server, new_page, width_name):
    from django.conf import settings
    from django.test import Client

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tenant = build_tenant("espenau")
    client = Client()
    client.force_login(tenant.users[Role.ADMIN])
    page = new_page(viewport=WIDTHS[width_name])
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    check = checker(page, width_name)
    page.goto(f"{live_server.url}/k/{tenant.municipality.slug}/rechtliches/")
    check("10-rechtliches")
    page.get_by_role("link", name="Bearbeiten (Erklärung zur Barrierefreiheit)").click()
    page.wait_for_url("**/bearbeiten/")
    check("11-barrierefreiheit-bearbeiten")
    page.get_by_label("Text").fill("<h2>Kontakt</h2><p>Rathaus, Zimmer 4</p><script>x()</script>")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/rechtliches/barrierefreiheit/")
    assert page.get_by_role("heading", name="Kontakt").is_visible()
    check("12-barrierefreiheit-eigene")
