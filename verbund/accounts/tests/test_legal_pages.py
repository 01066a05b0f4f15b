"""Legal pages: public defaults, the municipality's own text, editing by role, sanitising."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.accounts.legal import sanitise
from verbund.accounts.models import LegalPage
from verbund.core.models import AuditEntry
from verbund.core.roles import Role

pytestmark = pytest.mark.django_db


def edit_url(tenant, kind="impressum"):
    return reverse("accounts:legal_edit", args=[tenant.municipality.slug, kind])


def page_url(tenant, kind="impressum"):
    return reverse("accounts:legal_page", args=[tenant.municipality.slug, kind])


def test_public_pages_are_reachable_without_login_and_linked_in_the_footer(client):
    login = client.get(reverse("accounts:login")).content.decode()
    for kind in ("impressum", "datenschutz", "barrierefreiheit", "kontakt"):
        url = reverse("accounts:legal_site", args=[kind])
        assert url in login
        assert client.get(url).status_code == 200
    body = client.get(reverse("accounts:legal_site", args=["barrierefreiheit"])).content.decode()
    for heading in (
        "Stand der Vereinbarkeit",
        "Nicht barrierefreie Inhalte",
        "Barrieren melden",
        "Durchsetzungsverfahren",
    ):
        assert heading in body


def test_unknown_kind_is_404(client):
    assert client.get("/rechtliches/agb/").status_code == 404


@override_settings(VERBUND_LEGAL_TEXTS={"impressum": "Stadtverwaltung Musterstadt\n\nRathaus 1"})
def test_site_text_comes_from_settings(client, tenant):
    body = client.get(reverse("accounts:legal_site", args=["impressum"])).content.decode()
    assert "<p>Stadtverwaltung Musterstadt</p>" in body
    # A municipality without its own page shows the site's text too.
    client.force_login(tenant.users[Role.STAFF])
    assert "Stadtverwaltung Musterstadt" in client.get(page_url(tenant)).content.decode()


@pytest.mark.parametrize("role", list(Role))
def test_only_the_administration_may_edit(client, tenant, role):
    client.force_login(tenant.users[role])
    assert client.get(page_url(tenant)).status_code == 200
    expected = 200 if role == Role.ADMIN else 403
    assert client.get(edit_url(tenant)).status_code == expected
    response = client.post(edit_url(tenant), {"body": "Text"})
    assert response.status_code == (302 if role == Role.ADMIN else 403)


def test_edit_prefills_template_saves_sanitised_and_audits(client, tenant):
    admin = tenant.users[Role.ADMIN]
    client.force_login(admin)
    form = client.get(edit_url(tenant, "barrierefreiheit")).content.decode()
    assert "Durchsetzungsverfahren" in form
    assert tenant.municipality.name in form

    body = (
        '<h2>Kontakt</h2><p onclick="alert(1)">Rathaus <a href="javascript:alert(1)">hier</a>'
        '<a href="mailto:info@example.org">Mail</a></p><script>alert(2)</script>'
    )
    response = client.post(edit_url(tenant, "barrierefreiheit"), {"body": body})
    assert response["Location"] == page_url(tenant, "barrierefreiheit")
    with scopes_disabled():
        page = LegalPage.objects.get(municipality=tenant.municipality, kind="barrierefreiheit")
    assert "script" not in page.body and "onclick" not in page.body
    assert "javascript" not in page.body
    assert 'href="mailto:info@example.org"' in page.body
    entry = AuditEntry.unscoped.get(action="accounts.legal_page.created")
    assert entry.actor == admin

    client.force_login(tenant.users[Role.PARTNER])
    shown = client.get(page_url(tenant, "barrierefreiheit")).content.decode()
    assert "<h2>Kontakt</h2>" in shown
    assert "alert(2)" not in shown
    assert "Seite bearbeiten" not in shown

    client.force_login(admin)
    client.post(edit_url(tenant, "barrierefreiheit"), {"body": "Neu"})
    assert AuditEntry.unscoped.filter(action="accounts.legal_page.updated").count() == 1


def test_empty_text_gets_a_german_message(client, tenant):
    client.force_login(tenant.users[Role.ADMIN])
    response = client.post(edit_url(tenant), {"body": "  "})
    assert response.status_code == 400
    assert "Geben Sie den Text der Seite ein." in response.content.decode()


def test_pages_of_one_municipality_stay_there(client, tenant, foreign):
    client.force_login(tenant.users[Role.ADMIN])
    client.post(edit_url(tenant), {"body": "Nur Heimat"})
    client.force_login(foreign.users[Role.ADMIN])
    assert "Nur Heimat" not in client.get(page_url(foreign)).content.decode()
    assert client.get(page_url(tenant)).status_code == 404


def test_sanitise_turns_plain_text_into_paragraphs_and_escapes():
    assert sanitise("Zeile 1\nZeile 2\n\nAbsatz <b") == (
        "<p>Zeile 1<br>Zeile 2</p>\n\n<p>Absatz &lt;b</p>"
    )
    assert sanitise('<a href="https://x.de" target="_blank">x</a>') == (
        '<a href="https://x.de" rel="noopener noreferrer">x</a>'
    )


def test_overview_shows_which_pages_are_own_text(client, tenant, django_assert_max_num_queries):
    client.force_login(tenant.users[Role.ADMIN])
    client.post(edit_url(tenant, "kontakt"), {"body": "Rathaus"})
    url = reverse("accounts:legal_overview", args=[tenant.municipality.slug])
    with django_assert_max_num_queries(12):
        body = client.get(url).content.decode()
    assert body.count("noch nicht angelegt") == 3
    assert "eigener Text" in body
    for kind in ("impressum", "datenschutz", "barrierefreiheit", "kontakt"):
        assert edit_url(tenant, kind) in body
