from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from verbund.accounts.tests.factories import MembershipFactory, UserFactory
from verbund.core.roles import Role
from verbund.network.tests.factories import BodyFactory, OrganisationFactory
from verbund.tenancy.tests.factories import FacilityFactory, FamilyCentreFactory

from .. import services
from ..models import ActionItem, ActionStatus, AttendanceStatus, Meeting
from .helpers import build_world, make_meeting

pytestmark = pytest.mark.django_db


def url(name, tenant, *args):
    return reverse(f"meetings:{name}", args=[tenant.municipality.slug, *args])


@pytest.fixture
def world(tenant):
    return build_world(tenant)


def test_coordinator_plans_a_meeting_and_writes_the_minutes(client, tenant, world):
    client.force_login(world.coordinator)
    response = client.post(
        url("meeting_create", tenant),
        {
            "body": world.body.pk,
            "title": "Arbeitskreis Süd",
            "date": "2027-03-10",
            "start_time": "10:00",
            "end_time": "12:00",
            "address": "Rathaus",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        meeting = Meeting.objects.get()
        assert meeting.attendance.count() == 3
    response = client.post(
        url("agenda_create", tenant, meeting.pk),
        {"position": "", "title": "Elterncafé", "owner": "Frau Koch", "duration_minutes": "20"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        item = meeting.agenda.get()
    response = client.post(
        url("agenda_update", tenant, meeting.pk, item.pk),
        {
            "position": "1",
            "title": "Elterncafé",
            "notes": "<p>Gut besucht</p><script>x</script>",
            "edit_version": client.get(url("agenda_update", tenant, meeting.pk, item.pk))
            .context["form"]["edit_version"]
            .value(),
        },
    )
    assert response.status_code == 302
    lines = {}
    with scopes_disabled():
        for line in meeting.attendance.all():
            lines[f"line_{line.pk}"] = "excused" if "Grundschule" in line.name else "present"
    response = client.post(
        url("attendance", tenant, meeting.pk), {**lines, "guests": "Herr Gast\n"}
    )
    assert response.status_code == 302
    client.post(url("decision_create", tenant, meeting.pk), {"text": "Das Café bleibt."})
    response = client.post(
        url("action_create", tenant, meeting.pk),
        {"title": "Flyer drucken", "owner_user": world.coordinator.pk, "due_on": "2027-04-01"},
    )
    assert response.status_code == 302
    page = client.get(url("minutes", tenant, meeting.pk)).content.decode()
    assert "Gut besucht" in page and "<script>x" not in page
    assert "Beschluss Nr. 1" in page and "Flyer drucken" in page
    detail = client.get(url("meeting_detail", tenant, meeting.pk)).content.decode()
    assert "Herr Gast" in detail and "entschuldigt" in detail


def test_action_item_for_an_outsider_is_refused_in_german(client, tenant, world):
    meeting = make_meeting(world)
    stranger = OrganisationFactory(municipality=tenant.municipality, name="Fremder Verein")
    client.force_login(world.coordinator)
    response = client.post(
        url("action_create", tenant, meeting.pk),
        {"title": "Plakat", "owner_organisation": stranger.pk},
    )
    assert response.status_code == 400
    assert "owner_organisation" in response.context["form"].errors
    with scopes_disabled():
        assert not ActionItem.objects.exists()


def test_edit_after_approval_is_refused_with_a_message(client, tenant, world):
    meeting = make_meeting(world)
    with scopes_disabled():
        item = services.agenda_item_create(actor=None, meeting=meeting, data={"title": "A"})
        meeting.attendance.update(status=AttendanceStatus.PRESENT)
        services.minutes_transition(actor=None, meeting=meeting, to="approved")
    client.force_login(world.coordinator)
    response = client.post(
        url("agenda_update", tenant, meeting.pk, item.pk),
        {"position": "1", "title": "B", "notes": "neu"},
        follow=True,
    )
    assert "ist genehmigt und kann nicht mehr geändert werden" in response.content.decode()
    with scopes_disabled():
        item.refresh_from_db()
    assert item.title == "A"
    for name in ("meeting_update", "attendance", "decision_create", "action_create"):
        response = client.post(url(name, tenant, meeting.pk), {"title": "x"})
        assert response.status_code == 302, name
    with scopes_disabled():
        assert meeting.decisions.count() == 0 and not ActionItem.objects.exists()
    # a state the workflow does not allow: a message, no 500
    response = client.post(url("minutes_status", tenant, meeting.pk), {"to": "draft"}, follow=True)
    assert response.status_code == 200
    assert "kann nicht zu" in response.content.decode()
    response = client.post(url("minutes_status", tenant, meeting.pk), {"to": "unsinn"})
    assert response.status_code == 302


def test_list_separates_upcoming_and_past_and_filters_by_body(client, tenant, world):
    today = timezone.localdate()
    make_meeting(world, day=today + timedelta(days=7), title="Kommt noch")
    make_meeting(world, day=today - timedelta(days=7), title="War schon")
    other = BodyFactory(municipality=tenant.municipality, centre=tenant.centre, name="Runder Tisch")
    make_meeting(world, body=other, title="Andere Runde")
    client.force_login(world.coordinator)
    response = client.get(url("meeting_list", tenant))
    assert [m.title for m in response.context["upcoming"]] == ["Kommt noch", "Andere Runde"]
    assert "War schon" in [m.title for m in response.context["past"]]
    response = client.get(url("meeting_list", tenant) + f"?gremium={other.pk}")
    assert [m.title for m in response.context["past"] + response.context["upcoming"]] == [
        "Andere Runde"
    ]
    assert client.get(url("meeting_list", tenant) + "?gremium=²").status_code == 200


def test_partner_sees_only_bodies_it_belongs_to(client, tenant, world):
    own = make_meeting(world, title="Mit Kita")
    lone = BodyFactory(municipality=tenant.municipality, centre=tenant.centre, name="Ohne Kita")
    other = make_meeting(world, body=lone, title="Ohne Kita")
    client.force_login(tenant.users[Role.PARTNER])
    titles = [m.title for m in client.get(url("meeting_list", tenant)).context["past"]] + [
        m.title for m in client.get(url("meeting_list", tenant)).context["upcoming"]
    ]
    assert titles == ["Mit Kita"]
    assert client.get(url("meeting_detail", tenant, own.pk)).status_code == 200
    assert client.get(url("meeting_detail", tenant, other.pk)).status_code == 403
    # reading is not managing
    assert client.get(url("meeting_update", tenant, own.pk)).status_code == 403


def test_member_centre_reads_but_only_the_responsible_centre_manages(client, tenant, world):
    other_centre = FamilyCentreFactory(municipality=tenant.municipality)
    FacilityFactory(municipality=tenant.municipality, centre=other_centre)
    from verbund.network.tests.factories import BodyMemberFactory

    BodyMemberFactory(body=world.body, municipality=tenant.municipality, centre=other_centre)
    meeting = make_meeting(world)
    coordinator = UserFactory(username="nachbar")
    MembershipFactory(
        user=coordinator,
        role=Role.COORDINATOR,
        municipality=tenant.municipality,
        centre=other_centre,
    )
    client.force_login(coordinator)
    assert client.get(url("meeting_detail", tenant, meeting.pk)).status_code == 200
    assert client.get(url("minutes", tenant, meeting.pk)).status_code == 200
    assert client.get(url("attendance", tenant, meeting.pk)).status_code == 403
    assert (
        client.post(url("minutes_status", tenant, meeting.pk), {"to": "approved"}).status_code
        == 403
    )
    with scopes_disabled():
        meeting.refresh_from_db()
    assert meeting.minutes_status == "draft"


def test_confidential_minutes_only_for_those_present_and_readers(client, tenant, world):
    meeting = make_meeting(world, confidential=True)
    client.force_login(tenant.users[Role.PARTNER])
    assert client.get(url("meeting_detail", tenant, meeting.pk)).status_code == 200
    assert client.get(url("minutes", tenant, meeting.pk)).status_code == 403
    detail = client.get(url("meeting_detail", tenant, meeting.pk)).content.decode()
    assert url("minutes", tenant, meeting.pk) not in detail
    with scopes_disabled():
        services.reader_add(actor=None, body=world.body, user=tenant.users[Role.PARTNER])
    assert client.get(url("minutes", tenant, meeting.pk)).status_code == 200
    client.force_login(world.coordinator)  # manages the meeting
    assert client.get(url("minutes", tenant, meeting.pk)).status_code == 200


def test_decisions_page_searches_across_meetings(client, tenant, world):
    first = make_meeting(world, day=date(2027, 1, 10))
    second = make_meeting(world, day=date(2027, 3, 10))
    with scopes_disabled():
        services.decision_create(actor=None, meeting=first, text="Elterncafé am Dienstag")
        services.decision_create(actor=None, meeting=second, text="Sommerfest im Juni")
    client.force_login(tenant.users[Role.STAFF])
    response = client.get(url("decisions", tenant) + "?q=sommerfest")
    assert [d.number for d in response.context["decisions"]] == [2]
    response = client.get(url("decisions", tenant))
    assert [d.number for d in response.context["decisions"]] == [2, 1]
    outsider = FamilyCentreFactory(municipality=tenant.municipality)
    user = UserFactory(username="aussen")
    MembershipFactory(
        user=user, role=Role.COORDINATOR, municipality=tenant.municipality, centre=outsider
    )
    client.force_login(user)
    assert list(client.get(url("decisions", tenant)).context["decisions"]) == []


def _actions(world, meeting, count, *, owner, due):
    with scopes_disabled():
        for n in range(count):
            services.action_create(
                actor=None,
                meeting=meeting,
                data={"title": f"Aufgabe {n}", "owner_user": owner, "due_on": due},
            )


def test_my_tasks_query_count_does_not_grow_with_the_data(
    client, tenant, world, django_assert_max_num_queries
):
    meeting = make_meeting(world)
    yesterday = timezone.localdate() - timedelta(days=1)
    _actions(world, meeting, 2, owner=world.coordinator, due=yesterday)
    client.force_login(world.coordinator)
    client.get(url("my_tasks", tenant))  # warm caches (session, permissions)
    with django_assert_max_num_queries(12) as few:
        assert len(client.get(url("my_tasks", tenant)).context["actions"]) == 2
    second = make_meeting(world, day=date(2027, 5, 1))
    _actions(world, second, 25, owner=world.coordinator, due=yesterday)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(url("my_tasks", tenant)).context["actions"]) == 27
    with django_assert_max_num_queries(14) as overdue:
        response = client.get(url("overdue", tenant))
    assert len(response.context["groups"]) == 1
    assert len(response.context["groups"][0]["actions"]) == 27
    assert len(overdue.captured_queries) <= 14


def test_marking_done_with_a_note(client, tenant, world):
    meeting = make_meeting(world)
    _actions(world, meeting, 1, owner=world.coordinator, due=None)
    with scopes_disabled():
        action = ActionItem.objects.get()
    client.force_login(tenant.users[Role.STAFF])  # reads, neither owner nor … staff manages
    client.force_login(tenant.users[Role.PARTNER])  # reads, may not mark it done
    assert client.get(url("action_done", tenant, action.pk)).status_code == 200
    assert client.post(url("action_done", tenant, action.pk), {"note": "x"}).status_code == 403
    client.force_login(world.coordinator)
    response = client.post(url("action_done", tenant, action.pk), {"note": "Flyer liegen aus"})
    assert response.status_code == 302
    with scopes_disabled():
        action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.done_note == "Flyer liegen aus"
    assert client.get(url("my_tasks", tenant)).context["actions"] == []
    response = client.post(url("action_done", tenant, action.pk), {"note": ""}, follow=True)
    assert "schon erledigt" in response.content.decode()


def test_start_page_lists_my_open_action_items(client, tenant, world):
    meeting = make_meeting(world)
    today = timezone.localdate()
    _actions(world, meeting, 1, owner=world.coordinator, due=today + timedelta(days=2))
    with scopes_disabled():  # due in a month: not yet on the start page (on My tasks)
        services.action_create(
            actor=None,
            meeting=meeting,
            data={
                "title": "Später",
                "owner_user": world.coordinator,
                "due_on": today + timedelta(days=30),
            },
        )
    from verbund.accounts.access import access_for
    from verbund.dashboard.registry import Context
    from verbund.meetings.dashboard import my_action_items

    with scopes_disabled():
        ctx = Context(
            municipality=tenant.municipality,
            access=access_for(world.coordinator, tenant.municipality),
            user=world.coordinator,
            today=today,
        )
        items = my_action_items(ctx)
    assert [item.title for item in items] == ["Aufgabe 0"]
    assert items[0].url == url("my_tasks", tenant)
    assert items[0].due == today + timedelta(days=2)
    assert items[0].detail == str(meeting.series) != ""
    client.force_login(world.coordinator)
    start = client.get(reverse("tenancy:home", args=[tenant.municipality.slug]))
    assert "Aufgabe 0" in start.content.decode()
    assert "Später" not in start.content.decode()
    assert "Später" in client.get(url("my_tasks", tenant)).content.decode()


def test_standing_readers_of_a_body(client, tenant, world):
    client.force_login(world.coordinator)
    readers_url = url("readers", tenant, world.body.pk)
    page = client.get(readers_url)
    assert page.status_code == 200 and "Fachbereich" in page.content.decode()
    head = tenant.users[Role.PROVIDER_ADMIN]
    assert client.post(readers_url, {"user": head.pk}).status_code == 302
    again = client.post(readers_url, {"user": head.pk})
    assert again.status_code == 400 and "liest schon ständig mit" in again.content.decode()
    both = client.post(readers_url, {"user": head.pk, "contact": world.school_contact.pk})
    assert both.status_code == 400
    with scopes_disabled():
        assert world.body.standing_readers.count() == 2
    # reading the body's meetings is not managing its readers
    client.force_login(tenant.users[Role.PARTNER])
    assert client.get(readers_url).status_code == 403


def test_confidential_decisions_and_items_stay_with_those_who_read_the_minutes(
    client, tenant, world
):
    secret = make_meeting(world, day=date(2027, 1, 10), confidential=True)
    later = make_meeting(world, day=date(2027, 5, 10))
    with scopes_disabled():
        services.decision_create(actor=None, meeting=secret, text="Budget 20.000 Euro")
        services.action_create(
            actor=None,
            meeting=secret,
            data={
                "title": "Haushalt prüfen",
                "owner_user": world.coordinator,
                "due_on": date(2020, 1, 1),
            },
        )
    partner = tenant.users[Role.PARTNER]
    client.force_login(partner)
    assert list(client.get(url("decisions", tenant)).context["decisions"]) == []
    assert client.get(url("meeting_detail", tenant, later.pk)).context["carried"] == []
    assert client.get(url("overdue", tenant)).context["groups"] == []
    # present at the confidential meeting: now they read it all
    with scopes_disabled():
        from ..models import Attendance

        Attendance.objects.create(
            municipality=tenant.municipality,
            meeting=secret,
            user=partner,
            status=AttendanceStatus.PRESENT,
        )
    assert len(client.get(url("decisions", tenant)).context["decisions"]) == 1
    assert len(client.get(url("meeting_detail", tenant, later.pk)).context["carried"]) == 1
    client.force_login(world.coordinator)  # manages the body
    assert len(client.get(url("decisions", tenant)).context["decisions"]) == 1
    assert len(client.get(url("overdue", tenant)).context["groups"]) == 1
