"""PostgreSQL: a web process keeps the municipality with the user's memberships, her unread
count and the cache versions it read until the database announces a change; every change
made anywhere counts on the next request (issue 17)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from verbund.core import cache_versions, session_cache
from verbund.core.roles import Role

from .test_session_cache import OtherProcess

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="LISTEN/NOTIFY: PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def start_page(client, tenant):
    return client.get(reverse("tenancy:home", args=[tenant.municipality.slug]))


def test_a_kept_list_page_costs_no_query(client, tenant):
    client.force_login(tenant.users[Role.PLANNER])
    url = reverse("tenancy:centre_list", args=[tenant.municipality.slug])
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert ctx.captured_queries == []


def test_a_membership_taken_away_elsewhere_counts_on_the_next_request(client, tenant):
    user = tenant.users[Role.COORDINATOR]
    client.force_login(user)
    assert start_page(client, tenant).status_code == 200
    with OtherProcess() as other:
        other.run("DELETE FROM accounts_membership WHERE user_id = %s", [user.pk])
    assert start_page(client, tenant).status_code == 404  # no membership left


def test_a_membership_granted_elsewhere_counts_on_the_next_request(client, tenant, foreign):
    user = tenant.users[Role.PLANNER]
    client.force_login(user)
    assert start_page(client, foreign).status_code == 404  # no membership there
    with OtherProcess() as other:
        other.run(
            "INSERT INTO accounts_membership (created_at, updated_at, user_id, municipality_id,"
            " role) VALUES (now(), now(), %s, %s, 'planner')",
            [user.pk, foreign.municipality.pk],
        )
    assert start_page(client, foreign).status_code == 200


def test_a_municipality_renamed_elsewhere_counts_on_the_next_request(client, tenant):
    client.force_login(tenant.users[Role.PLANNER])
    assert start_page(client, tenant).status_code == 200
    old = tenant.municipality.slug
    with OtherProcess() as other:
        other.run("UPDATE tenancy_municipality SET slug = 'umbenannt' WHERE slug = %s", [old])
    assert start_page(client, tenant).status_code == 404


def test_a_notification_written_elsewhere_is_counted_on_the_next_request(client, tenant):
    user = tenant.users[Role.PLANNER]
    client.force_login(user)
    assert "Benachrichtigungen" in start_page(client, tenant).content.decode()
    assert (
        'kern-badge--danger" aria-hidden="true"><span class="kern-label kern-label--small">1'
        not in (start_page(client, tenant).content.decode())
    )
    with OtherProcess() as other:
        other.run(
            "INSERT INTO dashboard_notification (created_at, updated_at, municipality_id,"
            " user_id, key, title, action, url) VALUES (now(), now(), %s, %s, 'k', 'Frist',"
            " '', '/')",
            [tenant.municipality.pk, user.pk],
        )
    page = start_page(client, tenant).content.decode()
    assert 'kern-label--small">1</span></span><span class="kern-sr-only">' in page
    with OtherProcess() as other:
        other.run("UPDATE dashboard_notification SET read_at = %s", [timezone.now()])
    assert 'kern-label--small">1</span></span><span class="kern-sr-only">' not in (
        start_page(client, tenant).content.decode()
    )


def test_a_version_bumped_or_created_elsewhere_is_read_anew(db):
    assert cache_versions.current_many(["test:a", "test:b"]) == (0, 0)
    kept = connection._kept_frame_rows
    assert kept.value("version", "test:a") == 0
    with OtherProcess() as other:
        other.run("INSERT INTO core_cacheversion (key, value) VALUES ('test:a', 5)")
    assert cache_versions.current_many(["test:a", "test:b"]) == (5, 0)
    with OtherProcess() as other:
        other.run("UPDATE core_cacheversion SET value = 6 WHERE key = 'test:a'")
    assert cache_versions.current("test:a") == 6
    cache_versions.bump("test:b")  # in this process: its own notice drops the kept value
    assert cache_versions.current("test:b") == 1
    with CaptureQueriesContext(connection) as ctx:
        assert cache_versions.current_many(["test:a", "test:b"]) == (6, 1)
    assert ctx.captured_queries == []
    with OtherProcess() as other:
        other.run("TRUNCATE core_cacheversion")
    assert cache_versions.current_many(["test:a", "test:b"]) == (0, 0)


def test_kept_values_are_dropped_by_their_own_notices_only():
    kept = session_cache.KeptRows(raw=None)

    def notice(payload):
        kept.on_notice(type("Notice", (), {"channel": session_cache.CHANNEL, "payload": payload}))

    for group, outer, inner in (
        ("frame", "7", "koeln"),
        ("unread", "7", 1),
        ("version", "k", None),
    ):
        kept.keep_value(group, outer, inner, "x", kept.notices)
    kept.keep_value("frame", "8", "koeln", "y", kept.notices)
    notice("n8")
    assert kept.value("unread", "7", 1) == "x"
    notice("m7")
    assert kept.value("frame", "7", "koeln") is session_cache.MISSING
    assert kept.value("frame", "8", "koeln") == "y"
    notice("u7")
    assert kept.value("unread", "7", 1) is session_cache.MISSING
    assert kept.value("version", "k") == "x"
    notice("vk")
    assert kept.value("version", "k") is session_cache.MISSING
    notice("M1")
    assert kept.value("frame", "8", "koeln") is session_cache.MISSING
    before = kept.notices
    notice("vother")
    kept.keep_value("version", "k", None, "z", before)  # overtaken by a notice: not kept
    assert kept.value("version", "k") is session_cache.MISSING
