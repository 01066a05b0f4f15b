"""Liveness and readiness endpoints."""

import pytest
from django.test import override_settings
from django.urls import reverse

from verbund.core import health
from verbund.core.permissions import PUBLIC

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_touching_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/gesund/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readiness_checks_database_and_cache(client):
    response = client.get(reverse("readiness"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["cache"]["status"] == "ok"


def test_health_views_are_declared_public():
    assert health.liveness.permission is PUBLIC
    assert health.readiness.permission is PUBLIC


@pytest.fixture
def extra_check():
    before = health.readiness_checks()

    def register(name, fn):
        health.register_readiness_check(name, fn)

    yield register
    for name in set(health.readiness_checks()) - set(before):
        health.unregister_readiness_check(name)
    for name, fn in before.items():
        health.register_readiness_check(name, fn)


def test_a_failing_check_makes_the_node_unready_without_leaking_details(client, extra_check):
    def broken():
        raise RuntimeError("connect to postgres://verbund:GEHEIM@db failed")

    extra_check("worker", broken)
    response = client.get(reverse("readiness"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fehler"
    assert body["checks"]["worker"]["status"] == "fehler"
    assert body["checks"]["database"]["status"] == "ok"
    assert "GEHEIM" not in response.content.decode()
    assert "postgres" not in response.content.decode()


def test_a_check_may_answer_false_or_a_reason(client, extra_check):
    extra_check("heartbeat", lambda: "Worker meldet sich seit 300 s nicht")
    response = client.get(reverse("readiness"))
    assert response.status_code == 503
    assert "300" not in response.content.decode()
    health.register_readiness_check("heartbeat", lambda: True)
    assert client.get(reverse("readiness")).status_code == 200


def test_check_names_must_be_simple_words():
    with pytest.raises(ValueError):
        health.register_readiness_check("bad name!", lambda: None)


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:8139/1",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
)
def test_an_unreachable_cache_makes_the_node_unready(client):
    response = client.get(reverse("readiness"))
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["status"] == "fehler"
    assert response.json()["checks"]["database"]["status"] == "ok"


def test_readiness_needs_no_https_redirect():
    from django.conf import settings

    assert any("bereit" in pattern for pattern in settings.SECURE_REDIRECT_EXEMPT)


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db
def test_the_worker_check_needs_a_recent_heartbeat_with_the_database_backend(client):
    from datetime import timedelta

    from django.utils import timezone

    from verbund.core.models import WorkerHeartbeat
    from verbund.core.tasks import WORKER_BEAT_SECONDS, worker_beat

    with override_settings(TASKS=DATABASE_TASKS):
        response = client.get(reverse("readiness"))
        assert response.status_code == 503, response.json()
        assert response.json()["checks"]["worker"]["status"] == "fehler"

        worker_beat(worker_id="w1", hostname="node-a", pid=1)
        response = client.get(reverse("readiness"))
        assert response.status_code == 200, response.json()

        WorkerHeartbeat.objects.update(
            beat_at=timezone.now() - timedelta(seconds=7 * WORKER_BEAT_SECONDS)
        )
        assert client.get(reverse("readiness")).status_code == 503

    # With the immediate backend tasks run in the request: no worker is needed.
    assert client.get(reverse("readiness")).status_code == 200
