"""Internal circles, attendees beyond the seats, deleting parts of draft minutes, reminders,
and who reads confidential minutes."""

from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from verbund.accounts.tests.factories import MembershipFactory, UserFactory
from verbund.core.audit import AuditEntry
from verbund.core.roles import Role
from verbund.network.services import contact_erase
from verbund.network.tests.factories import ContactFactory, OrganisationFactory
from verbund.tenancy.tests.factories import (
    FacilityFactory,
    FamilyCentreFactory,
    MunicipalityFactory,
)

from .. import reminders, services
from ..models import (
    ActionItem,
    ActionReminder,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Circle,
    Decision,
)
from .helpers import build_world, make_meeting

pytestmark = pytest.mark.django_db


def url(name, tenant, *args):
    return reverse(f"meetings:{name}", args=[tenant.municipality.slug, *args])


@pytest.fixture
def world(tenant):
    return build_world(tenant)


@pytest.fixture
def neighbour(tenant):
    """A coordinator of a second centre of the same municipality."""
    centre = FamilyCentreFactory(municipality=tenant.municipality, name="FZ Nord")
    FacilityFactory(municipality=tenant.municipality, centre=centre)
    user = UserFactory(username="nord", first_name="Nora", last_name="Nord")
    MembershipFactory(
        user=user, role=Role.COORDINATOR, municipality=tenant.municipality, centre=centre
    )
    return user


def _circle_post(tenant, members, **extra):
    return {"name": "Koordinationsrunde", "centre": tenant.centre.pk, "members": members, **extra}


# -- circles ------------------------------------------------------------------------------------


def test_coordinator_creates_a_circle_with_members_from_two_centres(client, tenant, neighbour):
    coordinator = tenant.users[Role.COORDINATOR]
    client.force_login(coordinator)
    assert client.get(url("circle_create", tenant)).status_code == 200
    response = client.post(
        url("circle_create", tenant), _circle_post(tenant, [coordinator.pk, neighbour.pk])
    )
    assert response.status_code == 302
    with scopes_disabled():
        circle = Circle.objects.get()
        assert set(circle.members.all()) == {coordinator, neighbour}
        entry = AuditEntry.unscoped.filter(action="meetings.circle.created").get()
    assert "Nora Nord" in str(entry.after)
    page = client.get(url("circle_detail", tenant, circle.pk)).content.decode()
    assert "Nora Nord" in page and "FZ Nord" in page
    # The member of the other centre sees the circle and reads its meetings, does not manage it.
    with scopes_disabled():
        meeting = services.meeting_create(
            actor=coordinator,
            municipality=tenant.municipality,
            data={
                "circle": circle,
                "title": "Koordinationsrunde Januar",
                "date": date(2027, 1, 12),
                "start_time": time(9),
                "end_time": time(10),
                "online_url": "https://meet.example.org/runde",
            },
        )
        assert {line.user for line in meeting.attendance.all()} == {coordinator, neighbour}
    client.force_login(neighbour)
    assert "Koordinationsrunde" in client.get(url("circle_list", tenant)).content.decode()
    assert client.get(url("circle_detail", tenant, circle.pk)).status_code == 200
    assert client.get(url("meeting_detail", tenant, meeting.pk)).status_code == 200
    assert client.get(url("circle_update", tenant, circle.pk)).status_code == 403


def test_new_member_joins_the_attendance_of_coming_draft_meetings(tenant, neighbour):
    coordinator = tenant.users[Role.COORDINATOR]
    with scopes_disabled():
        circle = services.circle_create(
            actor=coordinator,
            municipality=tenant.municipality,
            name="Teamrunde",
            centre=tenant.centre,
            members=[coordinator],
        )
        meeting = services.meeting_create(
            actor=coordinator,
            municipality=tenant.municipality,
            data={
                "circle": circle,
                "title": "Team",
                "date": timezone.localdate() + timedelta(days=7),
                "start_time": time(9),
                "end_time": time(10),
                "address": "Büro",
            },
        )
        services.circle_update(
            actor=coordinator,
            circle=circle,
            name="Teamrunde Süd",
            centre=tenant.centre,
            members=[coordinator, neighbour],
        )
        assert meeting.attendance.filter(user=neighbour).exists()
        entry = AuditEntry.unscoped.filter(action="meetings.circle.changed").get()
    assert "Teamrunde Süd" in str(entry.after)


def test_circle_with_forged_centre_or_outside_member_is_refused(client, tenant):
    other = MunicipalityFactory(slug="anderswo")
    foreign_centre = FamilyCentreFactory(municipality=other)
    stranger = UserFactory(username="fremd")
    MembershipFactory(
        user=stranger, role=Role.COORDINATOR, municipality=other, centre=foreign_centre
    )
    client.force_login(tenant.users[Role.COORDINATOR])
    forged = client.post(
        url("circle_create", tenant),
        _circle_post(tenant, [], centre=foreign_centre.pk),
    )
    assert forged.status_code == 400 and "centre" in forged.context["form"].errors
    outsider = client.post(url("circle_create", tenant), _circle_post(tenant, [stranger.pk]))
    assert outsider.status_code == 400 and "members" in outsider.context["form"].errors
    empty = client.post(url("circle_create", tenant), _circle_post(tenant, [], name="  "))
    assert empty.status_code == 400
    with scopes_disabled():
        assert not Circle.objects.exists()


def test_partner_cannot_create_circles_and_strangers_do_not_see_them(client, tenant):
    with scopes_disabled():
        circle = services.circle_create(
            actor=None,
            municipality=tenant.municipality,
            name="Leitungsrunde",
            centre=tenant.centre,
            members=[tenant.users[Role.CENTRE_LEAD]],
        )
    client.force_login(tenant.users[Role.PARTNER])
    assert client.get(url("circle_create", tenant)).status_code == 403
    assert "Leitungsrunde" not in client.get(url("circle_list", tenant)).content.decode()
    assert client.get(url("circle_detail", tenant, circle.pk)).status_code == 403


def test_partner_member_of_a_circle_reads_its_meetings(client, tenant):
    partner = tenant.users[Role.PARTNER]
    with scopes_disabled():
        circle = services.circle_create(
            actor=None,
            municipality=tenant.municipality,
            name="Stadtteilrunde",
            centre=tenant.centre,
            members=[partner],
        )
        meeting = services.meeting_create(
            actor=None,
            municipality=tenant.municipality,
            data={
                "circle": circle,
                "title": "Stadtteilrunde März",
                "date": date(2027, 3, 2),
                "start_time": time(14),
                "end_time": time(16),
                "address": "Stadtteilbüro",
            },
        )
    client.force_login(partner)
    assert client.get(url("meeting_detail", tenant, meeting.pk)).status_code == 200
    assert "Stadtteilrunde" in client.get(url("circle_list", tenant)).content.decode()


# -- attendees beyond the seats ---------------------------------------------------------------


def test_organisation_contact_and_guest_attend(client, tenant, world):
    meeting = make_meeting(world)
    guest_org = OrganisationFactory(municipality=tenant.municipality, name="Jugendamt")
    speaker = ContactFactory(
        municipality=tenant.municipality,
        organisation=guest_org,
        first_name="Jana",
        last_name="Referentin",
    )
    client.force_login(world.coordinator)
    with scopes_disabled():
        seats = {f"line_{line.pk}": line.status for line in meeting.attendance.all()}
    response = client.post(
        url("attendance", tenant, meeting.pk),
        {**seats, "organisation": guest_org.pk, "contact": speaker.pk, "guests": "Herr Gast"},
    )
    assert response.status_code == 302, response.context["form"].errors
    with scopes_disabled():
        lines = {line.name: line for line in meeting.attendance.all()}
    assert lines["Jugendamt"].status == AttendanceStatus.PRESENT
    assert "Jana Referentin (Jugendamt)" in lines
    assert "Herr Gast" in lines
    # Marked excused afterwards, per organisation.
    data = {
        f"line_{line.pk}": (AttendanceStatus.EXCUSED if line.organisation_id else line.status)
        for line in lines.values()
    }
    assert client.post(url("attendance", tenant, meeting.pk), data).status_code == 302
    with scopes_disabled():
        assert Attendance.objects.get(organisation=guest_org).status == AttendanceStatus.EXCUSED
    detail = client.get(url("meeting_detail", tenant, meeting.pk)).content.decode()
    assert "Jana Referentin" in detail


def test_another_municipalitys_contact_or_an_erased_one_is_refused(client, tenant, world):
    meeting = make_meeting(world)
    other = MunicipalityFactory(slug="nebenan")
    foreign = ContactFactory(municipality=other, email="x@example.org")
    client.force_login(world.coordinator)
    with scopes_disabled():
        seats = {f"line_{line.pk}": line.status for line in meeting.attendance.all()}
    response = client.post(url("attendance", tenant, meeting.pk), {**seats, "contact": foreign.pk})
    assert response.status_code == 400 and "contact" in response.context["form"].errors
    with scopes_disabled():
        assert not meeting.attendance.filter(contact__isnull=False).exists()
        erased = ContactFactory(municipality=tenant.municipality)
        contact_erase(actor=None, contact=erased)
    response = client.post(url("attendance", tenant, meeting.pk), {**seats, "contact": erased.pk})
    assert response.status_code == 400
    with scopes_disabled(), pytest.raises(Exception) as refused:
        services.attendance_record(actor=None, meeting=meeting, statuses={}, contacts=[foreign])
    assert "Kommune" in str(refused.value)


# -- deleting parts of draft minutes ----------------------------------------------------------


def test_agenda_item_and_decision_deleted_while_draft_refused_after_approval(
    client, tenant, world, mailoutbox
):
    meeting = make_meeting(world)
    with scopes_disabled():
        item = services.agenda_item_create(actor=None, meeting=meeting, data={"title": "Alt"})
        keep = services.agenda_item_create(actor=None, meeting=meeting, data={"title": "Bleibt"})
        decision = services.decision_create(actor=None, meeting=meeting, text="Verworfen")
        second = services.decision_create(actor=None, meeting=meeting, text="Gilt")
    client.force_login(world.coordinator)
    assert client.get(url("agenda_delete", tenant, meeting.pk, item.pk)).status_code == 200
    assert client.post(url("agenda_delete", tenant, meeting.pk, item.pk)).status_code == 302
    assert client.post(url("decision_delete", tenant, meeting.pk, decision.pk)).status_code == 302
    with scopes_disabled():
        assert list(AgendaItem.objects.filter(meeting=meeting)) == [keep]
        assert list(Decision.objects.filter(meeting=meeting)) == [second]
        actions = set(
            AuditEntry.unscoped.filter(action__endswith=".deleted").values_list("action", flat=True)
        )
    assert actions == {"meetings.agenda.deleted", "meetings.decision.deleted"}
    # A partner reads but may not delete; forged ids of another meeting are not found.
    client.force_login(tenant.users[Role.PARTNER])
    assert client.post(url("decision_delete", tenant, meeting.pk, second.pk)).status_code == 403
    client.force_login(world.coordinator)
    other = make_meeting(world, day=date(2027, 4, 1))
    assert client.post(url("decision_delete", tenant, other.pk, second.pk)).status_code == 404
    with scopes_disabled():
        services.minutes_transition(actor=None, meeting=meeting, to="approved")
    response = client.post(url("agenda_delete", tenant, meeting.pk, keep.pk), follow=True)
    assert "genehmigt" in response.content.decode()
    response = client.post(url("decision_delete", tenant, meeting.pk, second.pk), follow=True)
    assert "kann nicht mehr gelöscht werden" in response.content.decode()
    with scopes_disabled():
        assert AgendaItem.objects.filter(pk=keep.pk).exists()
        assert Decision.objects.filter(pk=second.pk).exists()


# -- reminders ----------------------------------------------------------------------------------


def test_reminder_before_the_due_date_is_sent_once(
    tenant, world, django_capture_on_commit_callbacks
):
    run = django_capture_on_commit_callbacks
    meeting = make_meeting(world)
    today = date(2027, 3, 20)
    world.coordinator.email = "koordination@example.org"
    world.coordinator.save()
    with scopes_disabled():
        soon = services.action_create(
            actor=None,
            meeting=meeting,
            data={"title": "Flyer", "owner_user": world.coordinator, "due_on": date(2027, 3, 22)},
        )
        services.action_create(
            actor=None,
            meeting=meeting,
            data={"title": "Später", "owner_user": world.coordinator, "due_on": date(2027, 5, 1)},
        )
        services.action_create(
            actor=None,
            meeting=meeting,
            data={
                "title": "Schule fragt",
                "owner_organisation": world.school,
                "due_on": date(2027, 3, 21),
            },
        )
    mail.outbox = []
    with run(execute=True), scopes_disabled():
        assert reminders.send_action_reminders(today=today) == 1
    with run(execute=True), scopes_disabled():
        assert reminders.send_action_reminders(today=today) == 0
        assert reminders.send_action_reminders(today=today + timedelta(days=1)) == 0
    assert len(mail.outbox) == 1
    assert "Flyer" in mail.outbox[0].subject and "22.03.2027" in mail.outbox[0].subject
    assert mail.outbox[0].to == ["koordination@example.org"]
    with scopes_disabled():
        reminder = ActionReminder.objects.get()
        assert reminder.sent_at is not None
        # A new due date gets its own reminder; a done item none.
        ActionItem.objects.filter(pk=soon.pk).update(due_on=date(2027, 3, 23))
    with run(execute=True), scopes_disabled():
        assert reminders.send_action_reminders(today=today) == 1
    with scopes_disabled():
        services.action_done(actor=None, action=soon)
        ActionItem.objects.filter(pk=soon.pk).update(due_on=date(2027, 3, 21))
        assert reminders.send_action_reminders(today=today) == 0
    assert len(mail.outbox) == 2


def test_reminder_job_skips_what_was_sent_on_a_retry(
    tenant, world, django_capture_on_commit_callbacks
):
    run = django_capture_on_commit_callbacks
    meeting = make_meeting(world)
    world.coordinator.email = "k@example.org"
    world.coordinator.save()
    with scopes_disabled():
        services.action_create(
            actor=None,
            meeting=meeting,
            data={"title": "A", "owner_user": world.coordinator, "due_on": date(2027, 3, 21)},
        )
    with run(execute=True), scopes_disabled():
        reminders.send_action_reminders(today=date(2027, 3, 20))
    with scopes_disabled():
        reminder = ActionReminder.objects.get()
    assert reminder.sent_at is not None and len(mail.outbox) == 1
    mail.outbox = []
    with run(execute=True), scopes_disabled():
        reminders.action_reminder_mail.enqueue(
            municipality=tenant.municipality, reminder_id=reminder.pk
        )
    assert mail.outbox == []


# -- confidential minutes ---------------------------------------------------------------------


def test_confidential_minutes_for_a_present_seat_and_not_for_an_absent_one(client, tenant, world):
    meeting = make_meeting(world, confidential=True)
    partner = tenant.users[Role.PARTNER]
    client.force_login(partner)
    assert client.get(url("minutes", tenant, meeting.pk)).status_code == 403
    with scopes_disabled():
        seat = meeting.attendance.get(member__organisation=world.partner_org)
        services.attendance_record(
            actor=None, meeting=meeting, statuses={seat.pk: AttendanceStatus.PRESENT}
        )
    assert client.get(url("minutes", tenant, meeting.pk)).status_code == 200
    assert client.get(url("decisions", tenant)).status_code == 200


def test_circle_pages_query_count_does_not_grow(client, tenant, django_assert_max_num_queries):
    coordinator = tenant.users[Role.COORDINATOR]

    def circle(name, count):
        users = []
        for n in range(count):
            user = UserFactory(username=f"{name}-{n}")
            MembershipFactory(
                user=user, role=Role.STAFF, municipality=tenant.municipality, centre=tenant.centre
            )
            users.append(user)
        with scopes_disabled():
            return services.circle_create(
                actor=None,
                municipality=tenant.municipality,
                name=name,
                centre=tenant.centre,
                members=[coordinator, *users],
            )

    small = circle("Klein", 1)
    client.force_login(coordinator)
    client.get(url("circle_list", tenant))
    with django_assert_max_num_queries(40) as few_list:
        client.get(url("circle_list", tenant))
    with django_assert_max_num_queries(40) as few_detail:
        client.get(url("circle_detail", tenant, small.pk))
    big = circle("Groß", 12)
    circle("Noch eine", 3)
    with django_assert_max_num_queries(len(few_list.captured_queries)):
        assert "Groß" in client.get(url("circle_list", tenant)).content.decode()
    with django_assert_max_num_queries(len(few_detail.captured_queries)):
        assert client.get(url("circle_detail", tenant, big.pk)).status_code == 200
