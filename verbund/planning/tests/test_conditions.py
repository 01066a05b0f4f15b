"""The coordinator's working-conditions sheet (seed 003, points 7 and 8)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.core.roles import Role
from verbund.planning.models import ContractedHours, Training

pytestmark = pytest.mark.django_db


def sheet_url(tenant, user, name="conditions_sheet", year=2027):
    base = reverse(f"planning:{name}", args=[tenant.municipality.slug, user.pk])
    return f"{base}?jahr={year}"


@pytest.fixture
def figures(tenant):
    from verbund.analysis.tests.factories import AreaFactory
    from verbund.meetings.tests.factories import AttendanceFactory, CircleFactory, MeetingFactory
    from verbund.statistics.models import IndicatorValue

    m = tenant.municipality
    areas = [AreaFactory(municipality=m), AreaFactory(municipality=m)]
    from verbund.statistics.models import Indicator

    with scopes_disabled():
        population = Indicator.objects.get_or_create(
            municipality=m, key="population", defaults={"name": "Einwohner", "kind": "count"}
        )[0]
        for area, value in zip(areas, (4200, 3100), strict=True):
            area.centres.add(tenant.centre)
            IndicatorValue.objects.create(
                municipality=m, indicator=population, area=area, year=2026, value=value
            )
    coordinator = tenant.users[Role.COORDINATOR]
    circle = CircleFactory(municipality=m, centre=tenant.centre, name="Kita-Leitungsrunde")
    for day, status in ((date(2027, 2, 1), "present"), (date(2027, 5, 1), "excused")):
        meeting = MeetingFactory(municipality=m, circle=circle, body=None, date=day)
        AttendanceFactory(
            municipality=m, meeting=meeting, user=coordinator, guest_name="", status=status
        )
    return coordinator


def test_provider_records_hours_and_sees_the_sheet(client, tenant, figures):
    coordinator = figures
    client.force_login(tenant.users[Role.PROVIDER_ADMIN])
    response = client.post(
        sheet_url(tenant, coordinator, "conditions_hours"), {"weekly_hours": "19,5", "note": ""}
    )
    assert response.status_code == 302
    page = client.get(sheet_url(tenant, coordinator)).content.decode()
    assert "7.300" in page  # inhabitants of both areas, Stand 2026
    assert "19,5" in page
    assert "Kita-Leitungsrunde" in page
    assert "1 von 2" in page
    response = client.get(sheet_url(tenant, coordinator, "conditions_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_bad_hours_are_refused_with_a_message(client, tenant, figures):
    client.force_login(tenant.users[Role.PROVIDER_ADMIN])
    response = client.post(
        sheet_url(tenant, figures, "conditions_hours"), {"weekly_hours": "95"}, follow=True
    )
    assert "Wochenstunden" in response.content.decode()
    with scopes_disabled():
        assert not ContractedHours.objects.exists()


def test_coordinator_records_training_but_not_hours(client, tenant, figures):
    client.force_login(figures)
    response = client.post(
        sheet_url(tenant, figures, "conditions_training"),
        {"kind": "supervision", "title": "Teamsupervision", "date": "2027-03-01", "hours": "2"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert Training.objects.get().coordinator == figures
    assert (
        client.post(
            sheet_url(tenant, figures, "conditions_hours"), {"weekly_hours": "39"}
        ).status_code
        == 403
    )
    page = client.get(sheet_url(tenant, figures)).content.decode()
    assert "Teamsupervision" in page


def test_others_do_not_see_a_coordinators_sheet(client, tenant, foreign, figures):
    from verbund.accounts.tests.factories import MembershipFactory, UserFactory

    colleague = UserFactory(username="kollegin")
    MembershipFactory(
        user=colleague,
        role=Role.COORDINATOR,
        municipality=tenant.municipality,
        centre=tenant.centre,
    )
    client.force_login(colleague)
    assert client.get(sheet_url(tenant, figures)).status_code == 404
    for role in (Role.CENTRE_LEAD, Role.PLANNER, Role.PARTNER, Role.STAFF):
        client.force_login(tenant.users[role])
        assert client.get(sheet_url(tenant, figures)).status_code == 403
    client.force_login(foreign.users[Role.PROVIDER_ADMIN])
    url = reverse("planning:conditions_sheet", args=[foreign.municipality.slug, figures.pk])
    assert client.get(url).status_code == 404


def test_sheet_queries_do_not_grow(client, tenant, figures, django_assert_max_num_queries):
    from verbund.meetings.tests.factories import AttendanceFactory, CircleFactory, MeetingFactory

    client.force_login(tenant.users[Role.PROVIDER_ADMIN])
    with django_assert_max_num_queries(40) as ctx:
        client.get(sheet_url(tenant, figures))
    m = tenant.municipality
    for n in range(8):
        circle = CircleFactory(municipality=m, centre=tenant.centre, name=f"Runde {n}")
        meeting = MeetingFactory(municipality=m, circle=circle, body=None, date=date(2027, 4, 1))
        AttendanceFactory(municipality=m, meeting=meeting, user=figures, guest_name="")
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        client.get(sheet_url(tenant, figures))
