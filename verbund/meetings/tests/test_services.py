from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.rooms.tests.factories import BookingFactory, RoomFactory
from verbund.tenancy.tests.factories import FamilyCentreFactory

from .. import rules, selectors, services
from ..content import content_hash
from ..models import ActionStatus, AttendanceStatus, MinutesStatus
from .helpers import build_world, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tenant):
    return build_world(tenant)


def _statuses(meeting, **by_name):
    return {
        line.pk: next((s for key, s in by_name.items() if key in line.name), line.status)
        for line in meeting.attendance.all()
    }


def test_meeting_lists_every_current_seat_for_attendance(world, unscoped):
    meeting = make_meeting(world)
    names = sorted(line.name for line in meeting.attendance.all())
    assert len(names) == 3
    assert any("Grundschule Süd" in name for name in names)
    assert meeting.created_by == world.coordinator


def test_meeting_in_a_room_books_it_and_a_conflict_is_refused_at_the_room(world, unscoped):
    room = RoomFactory(municipality=world.tenant.municipality, facility=world.tenant.facility)
    meeting = make_meeting(world, room=room, address="")
    assert meeting.booking is not None
    assert meeting.booking.room == room and meeting.booking.start_time == time(10)
    BookingFactory(room=room, start_date=date(2027, 4, 1), start_time=time(9), end_time=time(11))
    with pytest.raises(ValidationError) as refused:
        make_meeting(world, room=room, address="", day=date(2027, 4, 1), title="Zweite")
    assert "room" in refused.value.message_dict
    assert meeting.__class__.objects.filter(title="Zweite").count() == 0


def test_meeting_needs_a_place(world, unscoped):
    with pytest.raises(ValidationError) as refused:
        make_meeting(world, address="")
    assert "Raum, eine Adresse oder einen Online-Link" in str(refused.value)


def test_decisions_are_numbered_per_body_across_meetings(world, unscoped):
    first = make_meeting(world, day=date(2027, 3, 10))
    second = make_meeting(world, day=date(2027, 5, 10))
    one = services.decision_create(actor=world.coordinator, meeting=first, text="Elterncafé")
    two = services.decision_create(actor=world.coordinator, meeting=first, text="Flyer")
    three = services.decision_create(actor=world.coordinator, meeting=second, text="Sommerfest")
    assert [one.number, two.number, three.number] == [1, 2, 3]
    from verbund.network.tests.factories import BodyFactory

    other_body = BodyFactory(municipality=world.tenant.municipality, centre=world.tenant.centre)
    other = make_meeting(world, body=other_body)
    assert services.decision_create(actor=None, meeting=other, text="Start").number == 1


def test_action_item_for_someone_outside_the_body_is_refused(world, unscoped):
    meeting = make_meeting(world)
    from verbund.network.tests.factories import ContactFactory, OrganisationFactory

    stranger = OrganisationFactory(municipality=world.tenant.municipality, name="Fremder Verein")
    with pytest.raises(ValidationError) as refused:
        services.action_create(
            actor=world.coordinator,
            meeting=meeting,
            data={"title": "Plakat", "owner_organisation": stranger},
        )
    assert "gehört nicht zu „AK Süd“" in str(refused.value.message_dict["owner_organisation"])
    outsider = ContactFactory(municipality=world.tenant.municipality, organisation=stranger)
    with pytest.raises(ValidationError):
        services.action_create(
            actor=None, meeting=meeting, data={"title": "x", "owner_contact": outsider}
        )
    # a user of another centre is not a member either
    from verbund.accounts.tests.factories import MembershipFactory, UserFactory

    other_centre = FamilyCentreFactory(municipality=world.tenant.municipality)
    someone = UserFactory(username="fremd")
    MembershipFactory(
        user=someone, role=Role.STAFF, municipality=world.tenant.municipality, centre=other_centre
    )
    with pytest.raises(ValidationError):
        services.action_create(
            actor=None, meeting=meeting, data={"title": "x", "owner_user": someone}
        )
    # members are fine: the school's contact, the partner organisation, the coordinator
    services.action_create(
        actor=None, meeting=meeting, data={"title": "a", "owner_contact": world.school_contact}
    )
    services.action_create(
        actor=None, meeting=meeting, data={"title": "b", "owner_organisation": world.partner_org}
    )
    services.action_create(
        actor=None, meeting=meeting, data={"title": "c", "owner_user": world.coordinator}
    )
    assert meeting.actions.count() == 3


def test_notes_are_sanitised(world, unscoped):
    meeting = make_meeting(world)
    item = services.agenda_item_create(
        actor=None,
        meeting=meeting,
        data={
            "title": "Bericht",
            "notes": '<p onclick="x()">Gut <strong>so</strong></p><script>alert(1)</script>'
            '<a href="javascript:alert(1)">Link</a>',
        },
    )
    assert item.notes == "<p>Gut <strong>so</strong></p>Link"
    assert item.position == 1


def _approved(world, **extra):
    meeting = make_meeting(world, **extra)
    item = services.agenda_item_create(
        actor=None, meeting=meeting, data={"title": "Elterncafé", "notes": "<p>Läuft gut.</p>"}
    )
    services.attendance_record(
        actor=None,
        meeting=meeting,
        statuses=_statuses(meeting, Grundschule=AttendanceStatus.EXCUSED, Kita="present"),
        guests=["Frau Gast"],
    )
    services.decision_create(actor=None, meeting=meeting, text="Weiter so", agenda_item=item)
    services.action_create(
        actor=None,
        meeting=meeting,
        data={"title": "Flyer", "owner_user": world.coordinator, "due_on": date(2027, 4, 1)},
    )
    services.minutes_transition(actor=world.coordinator, meeting=meeting, to="circulated")
    services.minutes_transition(actor=world.coordinator, meeting=meeting, to="approved")
    meeting.refresh_from_db()
    return meeting, item


def test_approval_freezes_the_minutes_with_a_hash(world, unscoped, mailoutbox):
    meeting, _item = _approved(world)
    assert meeting.minutes_status == MinutesStatus.APPROVED
    version = meeting.versions.get()
    assert version.number == 1
    assert version.content_sha256 == content_hash(version.content)
    assert version.content["decisions"] == [{"number": 1, "text": "Weiter so", "item": 1}]
    assert {"name": "Frau Gast", "status": "present", "label": "anwesend"} in version.content[
        "attendance"
    ]
    assert AuditEntry.unscoped.filter(action="meetings.minutes.approved").count() == 1


def test_edits_after_approval_are_refused(world, unscoped, mailoutbox):
    meeting, item = _approved(world)
    attempts = [
        lambda: services.agenda_item_update(actor=None, item=item, data={"notes": "<p>neu</p>"}),
        lambda: services.decision_create(actor=None, meeting=meeting, text="Nachtrag"),
        lambda: services.agenda_item_create(actor=None, meeting=meeting, data={"title": "x"}),
        lambda: services.meeting_update(actor=None, meeting=meeting, data={"title": "Neu"}),
        lambda: services.attendance_record(actor=None, meeting=meeting, statuses={}),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert "ist genehmigt und kann nicht mehr geändert werden" in str(refused.value)
    item.refresh_from_db()
    assert item.notes == "<p>Läuft gut.</p>"
    assert meeting.decisions.count() == 1
    with pytest.raises(ValidationError):
        services.minutes_transition(actor=None, meeting=meeting, to="draft")


def test_correction_makes_a_new_version_and_the_difference(world, unscoped, mailoutbox):
    meeting, item = _approved(world)
    with pytest.raises(ValidationError):
        services.minutes_correct(actor=None, meeting=meeting, note="  ")
    services.minutes_correct(actor=world.coordinator, meeting=meeting, note="Tippfehler")
    item.refresh_from_db()
    services.agenda_item_update(actor=None, item=item, data={"notes": "<p>Läuft sehr gut.</p>"})
    services.minutes_transition(actor=world.coordinator, meeting=meeting, to="approved")
    first, second = meeting.versions.order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert first.content["agenda"][0]["notes"] == "<p>Läuft gut.</p>"  # unchanged
    assert second.correction_note == "Tippfehler"
    assert first.content_sha256 != second.content_sha256
    from ..content import compare

    changed = [c for c in compare(first.content, second.content) if c.changed]
    assert [c.label for c in changed] == ["TOP 1: Elterncafé"]
    assert ("insert", "sehr") in changed[0].segments


def test_open_action_items_carry_over_until_done(world, unscoped, mailoutbox):
    meeting, _item = _approved(world, day=date(2027, 3, 10))
    later = make_meeting(world, day=date(2027, 6, 10))
    earlier = make_meeting(world, day=date(2027, 1, 10))
    carried = list(selectors.carried_actions(later))
    assert [a.title for a in carried] == ["Flyer"]
    assert list(selectors.carried_actions(earlier)) == []
    services.action_done(actor=world.coordinator, action=carried[0], note="gedruckt")
    assert list(selectors.carried_actions(later)) == []
    done = meeting.actions.get()
    assert done.status == ActionStatus.DONE and done.done_note == "gedruckt"
    with pytest.raises(ValidationError, match="schon erledigt"):
        services.action_done(actor=None, action=done)


def test_recipients_are_absent_and_excused_with_an_address_and_the_readers(world, unscoped):
    meeting = make_meeting(world)
    services.attendance_record(
        actor=None,
        meeting=meeting,
        statuses=_statuses(meeting, Grundschule=AttendanceStatus.EXCUSED, Kita="present"),
    )
    with scopes_disabled():
        recipients = rules.recipients_for(meeting)
    emails = sorted(email for _name, email, _reason in recipients)
    # the centre's seat is absent but the centre has no address; the Kita was present
    assert emails == ["fbl@example.org", "schule@example.org"]


def test_confidential_minutes_go_to_the_standing_readers_only(world, unscoped):
    meeting = make_meeting(world, confidential=True)
    services.attendance_record(
        actor=None,
        meeting=meeting,
        statuses=_statuses(meeting, Grundschule=AttendanceStatus.EXCUSED),
    )
    emails = [email for _name, email, _reason in rules.recipients_for(meeting)]
    assert emails == ["fbl@example.org"]
