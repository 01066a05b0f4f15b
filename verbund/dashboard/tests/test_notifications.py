from datetime import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from verbund.core.roles import Role
from verbund.core.scheduler import periodic_jobs
from verbund.dashboard.models import Notification, NotificationSettings
from verbund.dashboard.notify import create_notifications, send_digests

from .factories import NotificationFactory
from .helpers import populate

pytestmark = pytest.mark.django_db

MORNING = timezone.make_aware(datetime(2026, 12, 1, 8, 0))


def notifications_of(user):
    with scopes_disabled():
        return list(Notification.objects.filter(user=user).order_by("key"))


def test_periodic_jobs_are_registered():
    names = {job.name for job in periodic_jobs()}
    assert {"dashboard.notifications", "dashboard.digest"} <= names


def test_each_item_is_told_once_and_only_to_who_may_see_it(tenant, foreign):
    populate(tenant)
    created = create_notifications()
    assert created > 0
    assert create_notifications() == 0  # the same items are not told twice
    coordinator = {n.key.split(":")[0] for n in notifications_of(tenant.users[Role.COORDINATOR])}
    assert {"cooperation.review", "network.step", "analysis.need_open"} <= coordinator
    planner = {n.key.split(":")[0] for n in notifications_of(tenant.users[Role.PLANNER])}
    assert "analysis.need_reported" in planner
    assert "statistics.import" in planner
    assert "cooperation.review" not in planner
    for user in foreign.users.values():
        assert notifications_of(user) == []


def test_header_counter_list_and_mark_read(client, tenant):
    user = tenant.users[Role.STAFF]
    mine = NotificationFactory(municipality=tenant.municipality, user=user, title="Meine Aufgabe")
    NotificationFactory(municipality=tenant.municipality, user=user, title="Zweite Aufgabe")
    other = NotificationFactory(
        municipality=tenant.municipality, user=tenant.users[Role.COORDINATOR], title="Fremd"
    )
    client.force_login(user)
    slug = tenant.municipality.slug
    home = client.get(reverse("tenancy:home", args=[slug])).content.decode()
    assert ": 2 ungelesen" in home
    page = client.get(reverse("dashboard:notifications", args=[slug])).content.decode()
    assert "Meine Aufgabe" in page and "Fremd" not in page
    # Someone else's notification cannot be marked.
    client.post(reverse("dashboard:notifications", args=[slug]), {"benachrichtigung": other.pk})
    with scopes_disabled():
        other.refresh_from_db()
    assert other.read_at is None
    # Open one: marked read and on to where the item is done.
    mine.url = f"/k/{slug}/netzwerk/gremien/"
    with scopes_disabled():
        mine.save()
    response = client.post(
        reverse("dashboard:notifications", args=[slug]),
        {"benachrichtigung": mine.pk, "weiter": "1"},
    )
    assert response.status_code == 302 and response["Location"] == mine.url
    home = client.get(reverse("tenancy:home", args=[slug])).content.decode()
    assert ": 1 ungelesen" in home
    client.post(reverse("dashboard:notifications", args=[slug]))
    with scopes_disabled():
        assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()
    assert (
        client.post(
            reverse("dashboard:notifications", args=[slug]), {"benachrichtigung": "²"}
        ).status_code
        == 404
    )


def test_digest_is_mailed_once_a_day_after_commit(tenant, django_capture_on_commit_callbacks):
    user = tenant.users[Role.COORDINATOR]
    user.email = "koordination@example.org"
    user.save()
    NotificationFactory(municipality=tenant.municipality, user=user, title="Überprüfung fällig")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests(now=MORNING, base_url="https://verbund.example.org") == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["koordination@example.org"]
    assert "1 neue Aufgabe" in message.subject
    assert "Überprüfung fällig" in message.body
    assert "https://verbund.example.org/k/heimat/benachrichtigungen/einstellungen/" in message.body
    # Not again the same day, and what was mailed is not mailed again.
    NotificationFactory(municipality=tenant.municipality, user=user, title="Noch etwas")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests(now=MORNING) == 0
    assert len(mail.outbox) == 1


def test_no_digest_before_the_hour(tenant):
    user = tenant.users[Role.COORDINATOR]
    user.email = "k@example.org"
    user.save()
    NotificationFactory(municipality=tenant.municipality, user=user)
    assert send_digests(now=MORNING.replace(hour=3)) == 0


def test_digest_opt_out(client, tenant, django_capture_on_commit_callbacks):
    user = tenant.users[Role.COORDINATOR]
    user.email = "koordination@example.org"
    user.save()
    NotificationFactory(municipality=tenant.municipality, user=user)
    client.force_login(user)
    url = reverse("dashboard:notification_settings", args=[tenant.municipality.slug])
    assert "Tägliche Zusammenfassung per E-Mail" in client.get(url).content.decode()
    response = client.post(url, {})  # the box unticked
    assert response.status_code == 302
    assert NotificationSettings.objects.get(user=user).daily_digest is False
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests(now=MORNING) == 0
    assert mail.outbox == []
    # Switched on again, it comes.
    client.post(url, {"daily_digest": "on", "edit_version": ""})
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests(now=MORNING) == 1
    assert len(mail.outbox) == 1
