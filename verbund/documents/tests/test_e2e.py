"""In the browser: the coordinator searches the archive, uploads a document (a refused one
first), and opens it; the pages pass axe-core (WCAG 2.1 A/AA) at desktop width and at 390 px,
without sideways scrolling on the phone. Screenshots go to /work/shots/documents/ when that
folder exists."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD

from .factories import docx_bytes, make_document, text_pdf
from .test_uploads import js_pdf

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SHOTS = Path("/work/shots/documents")


def sideways(page) -> int:
    return page.evaluate(
        "() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )


def shot(page, name):
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_archive_list_upload_and_detail(live_server, page, axe_check, tmp_path):
    tenant = build_tenant("archiv")
    for index, (title, kind) in enumerate(
        [("Konzeption 2026", "concept"), ("Antrag Landesmittel", "application")]
    ):
        make_document(
            municipality=tenant.municipality,
            centre=tenant.centre,
            title=title,
            kind=kind,
            tags=f"Förderung, {2025 + index}",
            data=text_pdf(f"Hebammensprechstunde im Familiencafé {index}"),
            name=f"dokument-{index}.pdf",
        )
    user = tenant.users[Role.COORDINATOR]
    slug = tenant.municipality.slug
    archive = f"{live_server.url}/k/{slug}/dokumente/"

    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(user.username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"**/k/{slug}/")

    page.goto(archive)
    page.get_by_label("Suche im Text").fill("Hebammensprechstunde")  # inside the PDFs
    page.get_by_role("search", name="Dokumente durchsuchen").get_by_role(
        "button", name="Suchen"
    ).click()
    page.wait_for_url("**/dokumente/?q=Hebammensprechstunde*")
    expect(page.get_by_text("2 Dokumente")).to_be_visible()
    axe_check("Dokumentenarchiv (Desktop)")
    shot(page, "archive-1280")

    page.get_by_role("link", name="Dokument hochladen").click()
    bad = tmp_path / "harmlos.pdf"
    bad.write_bytes(js_pdf())
    page.get_by_label("Datei").set_input_files(str(bad))
    page.get_by_label("Titel").fill("Sachbericht Elternkurs")
    page.get_by_label("Art").select_option("evidence")
    page.get_by_role("button", name="Prüfen und ablegen").click()
    expect(page.get_by_text("aktive Inhalte (JavaScript)").first).to_be_visible()
    axe_check("Hochladen mit Fehler (Desktop)")
    good = tmp_path / "sachbericht.docx"
    good.write_bytes(docx_bytes(["Sachbericht zum Elternkurs Starke Eltern"]))
    page.get_by_label("Datei").set_input_files(str(good))
    page.get_by_role("button", name="Prüfen und ablegen").click()
    page.wait_for_url("**/dokumente/*/")
    expect(page.get_by_role("heading", name="Sachbericht Elternkurs")).to_be_visible()
    axe_check("Dokument (Desktop)")
    shot(page, "detail-1280")

    page.set_viewport_size(PHONE)
    page.goto(archive + "?q=Familiencafé")
    assert sideways(page) <= 0
    axe_check("Dokumentenarchiv (Telefon)")
    shot(page, "archive-390")
    page.goto(archive + "neu/")
    assert sideways(page) <= 0
    expect(page.get_by_label("Datei")).to_be_visible()
    axe_check("Hochladen (Telefon)")
    shot(page, "upload-390")
    page.get_by_label("Datei").set_input_files(str(good))
    page.get_by_label("Titel").fill("Zweites Dokument")
    page.get_by_role("button", name="Prüfen und ablegen").click()
    page.wait_for_url("**/dokumente/*/")
    assert sideways(page) <= 0
    axe_check("Dokument (Telefon)")
    shot(page, "detail-390")
