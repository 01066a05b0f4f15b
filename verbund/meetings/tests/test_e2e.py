"""In the browser: the coordinator opens a meeting and its minutes, approves them and sees
who got the PDF; the pages pass axe-core (WCAG 2.1 A/AA) at desktop width and at 390 px,
without sideways scrolling on the phone."""

import re
from datetime import date

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from verbund.accounts.testing import build_tenant
from verbund.core.testing import TEST_PASSWORD

from .. import services
from ..models import AttendanceStatus
from .helpers import build_world, make_meeting

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def sideways(page) -> int:
    return page.evaluate(
        "() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )


def test_meeting_and_minutes_pages(live_server, page, axe_check):
    tenant = build_tenant("sitzung")
    world = build_world(tenant)
    earlier = make_meeting(world, day=date(2027, 1, 12))
    meeting = make_meeting(world, day=date(2027, 3, 10))
    with scopes_disabled():
        services.action_create(
            actor=None,
            meeting=earlier,
            data={"title": "Flyer drucken", "owner_user": world.coordinator},
        )
        item = services.agenda_item_create(
            actor=None,
            meeting=meeting,
            data={"title": "Elterncafé", "notes": "<p>Gut <strong>besucht</strong>.</p>"},
        )
        for line in meeting.attendance.all():
            if "Grundschule" in line.name:
                line.status = AttendanceStatus.EXCUSED
            else:
                line.status = AttendanceStatus.PRESENT
            line.save()
        services.decision_create(actor=None, meeting=meeting, text="Weiter so.", agenda_item=item)
    slug = tenant.municipality.slug
    base = f"{live_server.url}/k/{slug}/sitzungen/{meeting.pk}/"

    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(world.coordinator.username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"**/k/{slug}/")

    page.goto(base)
    expect(page.get_by_text("Flyer drucken")).to_be_visible()  # carried over from January
    expect(page.get_by_text("entschuldigt").first).to_be_visible()
    axe_check("Sitzung (Desktop)")
    page.get_by_role("link", name="Protokoll", exact=True).click()
    page.wait_for_url("**/protokoll/")
    expect(page.get_by_text("Beschluss Nr. 1", exact=True)).to_be_visible()
    axe_check("Protokoll Entwurf (Desktop)")
    page.get_by_role("button", name="Genehmigen und versenden").click()
    page.wait_for_url("**/protokoll/")
    expect(page.get_by_text("Das Protokoll ist genehmigt und eingefroren.")).to_be_visible()
    axe_check("Protokoll genehmigt (Desktop)")

    page.set_viewport_size(PHONE)
    page.goto(base)
    assert sideways(page) <= 0
    expect(page.get_by_text("Sabine").first).to_be_visible()  # the excused school got the PDF
    axe_check("Sitzung (Telefon)")
    page.goto(base + "protokoll/")
    assert sideways(page) <= 0
    axe_check("Protokoll genehmigt (Telefon)")


SHOTS = "/work/shots/meetings2"


def test_circle_pages_attendance_and_deleting(live_server, page, axe_check):
    """The coordinator creates a circle with a member of another centre, records an
    organisation and a guest, and deletes a draft decision; every page passes axe."""
    import os

    from verbund.accounts.tests.factories import MembershipFactory, UserFactory
    from verbund.core.roles import Role
    from verbund.network.tests.factories import OrganisationFactory
    from verbund.tenancy.tests.factories import FacilityFactory, FamilyCentreFactory

    tenant = build_tenant("runde")
    world = build_world(tenant)
    meeting = make_meeting(world, day=date(2027, 3, 10))
    with scopes_disabled():
        other = FamilyCentreFactory(municipality=tenant.municipality, name="FZ Mühlbach")
        FacilityFactory(municipality=tenant.municipality, centre=other)
        nora = UserFactory(username="nora", first_name="Nora", last_name="Nord")
        MembershipFactory(
            user=nora, role=Role.COORDINATOR, municipality=tenant.municipality, centre=other
        )
        OrganisationFactory(municipality=tenant.municipality, name="Jugendamt Lindenhagen")
        report = services.agenda_item_create(actor=None, meeting=meeting, data={"title": "Bericht"})
        services.decision_create(actor=None, meeting=meeting, text="Versehentlich erfasst.")
    os.makedirs(SHOTS, exist_ok=True)
    slug = tenant.municipality.slug
    root = f"{live_server.url}/k/{slug}/sitzungen/"

    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(world.coordinator.username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"**/k/{slug}/")

    page.goto(root + "runden/neu/")
    page.get_by_label("Name").fill("Koordinationsrunde")
    page.get_by_label("Nora Nord").check()
    axe_check("Runde anlegen (Desktop)")
    page.screenshot(path=f"{SHOTS}/circle_form_1280.png", full_page=True)
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(re.compile(r".*/runden/\d+/$"))
    expect(page.get_by_text("FZ Mühlbach")).to_be_visible()
    axe_check("Runde (Desktop)")
    page.screenshot(path=f"{SHOTS}/circle_detail_1280.png", full_page=True)
    page.goto(root + "runden/")
    expect(page.get_by_role("link", name="Koordinationsrunde")).to_be_visible()
    axe_check("Runden (Desktop)")
    page.screenshot(path=f"{SHOTS}/circle_list_1280.png", full_page=True)

    page.goto(root + f"{meeting.pk}/anwesenheit/")
    page.get_by_label("Organisation hinzufügen").select_option(label="Jugendamt Lindenhagen")
    page.get_by_label("Gäste (ein Name je Zeile)").fill("Herr Brandt (Schulamt)")
    axe_check("Anwesenheit (Desktop)")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/sitzungen/*/#anwesenheit")
    expect(page.get_by_text("Jugendamt Lindenhagen").first).to_be_visible()
    expect(page.get_by_text("Herr Brandt (Schulamt)").first).to_be_visible()
    page.screenshot(path=f"{SHOTS}/meeting_attendance_1280.png", full_page=True)

    page.goto(root + f"{meeting.pk}/protokoll/")
    page.get_by_role("link", name="löschen – Beschluss Nr. 1").click()
    page.wait_for_url("**/loeschen/")
    axe_check("Beschluss löschen (Desktop)")
    page.get_by_role("button", name="Löschen").click()
    page.wait_for_url("**/protokoll/")
    assert page.get_by_text("Versehentlich erfasst.").count() == 0

    page.set_viewport_size(PHONE)
    for name, path in [
        ("circle_list", "runden/"),
        ("circle_form", "runden/neu/"),
        ("attendance", f"{meeting.pk}/anwesenheit/"),
        ("agenda_delete", f"{meeting.pk}/tagesordnung/{report.pk}/loeschen/"),
    ]:
        page.goto(root + path)
        assert sideways(page) <= 0, name
        axe_check(f"{name} (Telefon)")
        page.screenshot(path=f"{SHOTS}/{name}_390.png", full_page=True)
