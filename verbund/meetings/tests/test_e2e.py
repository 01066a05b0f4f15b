"""In the browser: the coordinator opens a meeting and its minutes, approves them and sees
who got the PDF; the pages pass axe-core (WCAG 2.1 A/AA) at desktop width and at 390 px,
without sideways scrolling on the phone."""

from datetime import date

import pytest
from django_scopes import scopes_disabled

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
    assert page.get_by_text("Flyer drucken").is_visible()  # carried over from January
    assert page.get_by_text("entschuldigt").first.is_visible()
    axe_check("Sitzung (Desktop)")
    page.get_by_role("link", name="Protokoll", exact=True).click()
    page.wait_for_url("**/protokoll/")
    assert page.get_by_text("Beschluss Nr. 1").is_visible()
    axe_check("Protokoll Entwurf (Desktop)")
    page.get_by_role("button", name="Genehmigen und versenden").click()
    page.wait_for_url("**/protokoll/")
    assert page.get_by_text("Das Protokoll ist genehmigt und eingefroren.").is_visible()
    axe_check("Protokoll genehmigt (Desktop)")

    page.set_viewport_size(PHONE)
    page.goto(base)
    assert sideways(page) <= 0
    assert page.get_by_text("Sabine").first.is_visible()  # the excused school got the PDF
    axe_check("Sitzung (Telefon)")
    page.goto(base + "protokoll/")
    assert sideways(page) <= 0
    axe_check("Protokoll genehmigt (Telefon)")
