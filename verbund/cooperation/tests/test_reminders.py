from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_scopes import scopes_disabled

from verbund.cooperation.models import Reminder, Status
from verbund.cooperation.reminders import due_reminders, send_due_reminders
from verbund.core.roles import Role

from .helpers import make_agreement, sign

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)


def active_agreement(tenant, review=None, end=None, **kwargs):
    from django_scopes import scope

    from verbund.cooperation import services

    agreement = sign(
        make_agreement(
            municipality=tenant.municipality,
            centre=tenant.centre,
            start=date(2026, 1, 1),
            review=review,
            end=end,
            **kwargs,
        )
    )
    with scope(municipality=tenant.municipality.pk):
        return services.agreement_transition(actor=None, agreement=agreement, to=Status.ACTIVE)


def test_lead_times_pick_the_smallest_reached(tenant):
    agreement = active_agreement(
        tenant, review=TODAY + timedelta(days=59), end=TODAY + timedelta(days=200)
    )
    due = due_reminders(today=TODAY, lead_days=(60, 14))
    assert [(d.agreement.pk, d.kind, d.lead_days, d.days_left) for d in due] == [
        (agreement.pk, "review", 60, 59)
    ]
    # 10 days before: the 14-day reminder, even if the 60-day one was never sent.
    due = due_reminders(today=TODAY + timedelta(days=49), lead_days=(60, 14))
    assert [(d.kind, d.lead_days) for d in due] == [("review", 14)]
    # After the date: nothing (the due list shows it as overdue).
    assert due_reminders(today=TODAY + timedelta(days=60), lead_days=(60, 14)) == []


def test_drafts_and_ended_agreements_get_no_reminders(tenant):
    make_agreement(
        municipality=tenant.municipality, centre=tenant.centre, review=TODAY + timedelta(days=3)
    )
    assert due_reminders(today=TODAY, lead_days=(60, 14)) == []


def test_command_sends_once_after_commit_and_records(tenant, django_capture_on_commit_callbacks):
    coordinator = tenant.users[Role.COORDINATOR]
    coordinator.email = "koordination@example.org"
    coordinator.save()
    staff = tenant.users[Role.STAFF]
    staff.email = "fachkraft@example.org"
    staff.save()
    agreement = active_agreement(
        tenant, review=TODAY + timedelta(days=10), end=TODAY + timedelta(days=40)
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sent = send_due_reminders(today=TODAY, lead_days=(60, 14))
    assert len(sent) == 2
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 2
    review_mail = next(m for m in mail.outbox if "Überprüfung" in m.subject)
    assert agreement.title in review_mail.subject
    lead = tenant.users[Role.CENTRE_LEAD].email
    assert sorted(review_mail.to) == sorted(["koordination@example.org", lead])  # not staff
    assert f"/kooperationen/{agreement.pk}/" in review_mail.body
    with scopes_disabled():
        assert set(Reminder.objects.values_list("kind", "lead_days")) == {
            ("review", 14),
            ("expiry", 60),
        }
    # The next run on the same or the next day sends nothing again.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_agreement_reminders", "--vorlauf", "60,14", "--stichtag", "2026-06-02")
    assert [m.subject for m in mail.outbox] == []


@override_settings(COOPERATION_REMINDER_LEAD_DAYS=[30])
def test_lead_times_from_settings(tenant, django_capture_on_commit_callbacks):
    active_agreement(tenant, review=TODAY + timedelta(days=45))
    assert due_reminders(today=TODAY) == []
    assert len(due_reminders(today=TODAY + timedelta(days=15))) == 1


def test_dry_run_records_nothing(tenant):
    active_agreement(tenant, review=TODAY + timedelta(days=5))
    call_command("send_agreement_reminders", "--stichtag", TODAY.isoformat(), "--probelauf")
    with scopes_disabled():
        assert not Reminder.objects.exists()
    assert mail.outbox == []


def test_lead_times_from_environment(monkeypatch):
    from verbund.cooperation.reminders import lead_days_setting

    monkeypatch.setenv("VERBUND_REMINDER_LEAD_DAYS", "7, 90,30")
    assert lead_days_setting() == (90, 30, 7)
    monkeypatch.delenv("VERBUND_REMINDER_LEAD_DAYS")
    assert lead_days_setting() == (60, 14)
