"""The kept datapackage: served again only while nothing it shows has changed."""

from __future__ import annotations

import datetime
import io
import re
import time
import zipfile
from unittest import mock

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from verbund.api import package_cache

from .helpers import build_directory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_cache_dir(settings, tmp_path):
    settings.DATAPACKAGE_CACHE_DIR = tmp_path


def download(client, tenant) -> tuple[bytes, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/v1/{tenant.municipality.slug}/datapackage.zip")
        assert response.status_code == 200
        body = b"".join(response.streaming_content)
    return body, len(captured)


def services_csv(body: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(body)).read("services.csv").decode("utf-8")


def kept(tmp_path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "datapackage").glob("*.zip"))


def test_a_second_download_is_the_kept_file_in_a_few_queries(client, tenant, tmp_path):
    build_directory(tenant, offers=4)
    first, built_queries = download(client, tenant)
    assert len(kept(tmp_path)) == 1
    second, kept_queries = download(client, tenant)
    assert second == first
    assert kept_queries <= 3 < built_queries  # municipality, version counters, cache number


def test_every_change_the_package_shows_makes_a_new_one(client, tenant, tmp_path):
    built = build_directory(tenant, offers=2)
    offer, area, partner = built["offers"][1], built["area"], built["partner"]
    body, _ = download(client, tenant)
    assert "Elterncafé 1" in services_csv(body)
    with scopes_disabled():
        offer.title = "Babytreff am Markt"
        offer.save()
        body, _ = download(client, tenant)
        assert "Babytreff am Markt" in services_csv(body)
        partner.name = "Kinderschutzbund Lindenhagen"
        partner.save()
        body, _ = download(client, tenant)
        organizations = zipfile.ZipFile(io.BytesIO(body)).read("organizations.csv").decode()
        assert "Kinderschutzbund Lindenhagen" in organizations
        area.name = "Nordstadt-Ost"
        area.save()
        body, _ = download(client, tenant)
        assert b"Nordstadt-Ost" in zipfile.ZipFile(io.BytesIO(body)).read("service_areas.csv")
        term = offer.terms.first()
        term.label = "Familien mit Kleinkindern"
        term.save()
        body, _ = download(client, tenant)
        assert b"Familien mit Kleinkindern" in zipfile.ZipFile(io.BytesIO(body)).read(
            "taxonomy_terms.csv"
        )
        schedule = offer.schedules.exclude(note="nach Absprache").first()
        schedule.note = "in den Ferien geschlossen"
        schedule.save()
        body, _ = download(client, tenant)
        assert b"in den Ferien geschlossen" in zipfile.ZipFile(io.BytesIO(body)).read(
            "schedules.csv"
        )
        attributes = zipfile.ZipFile(io.BytesIO(body)).read("attributes.csv").count(b"\n")
        offer.terms.clear()
        body, _ = download(client, tenant)
        fewer = zipfile.ZipFile(io.BytesIO(body)).read("attributes.csv").count(b"\n")
        assert fewer < attributes
    assert len(kept(tmp_path)) == 1  # the old files of the municipality are removed


def test_the_watched_rows_cover_every_table_a_build_reads(client, tenant):
    """A new relation shown in the package must bump the version, or the kept file would be
    served stale: every table a build reads belongs to a watched model or link table."""
    build_directory(tenant, offers=4)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/v1/{tenant.municipality.slug}/datapackage.zip")
        b"".join(response.streaming_content)
    read = set()
    for query in captured:
        read |= set(re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"]))
    models, links = package_cache.watched()
    covered = {model._meta.db_table for model in [*models, *links]}
    covered.add(apps.get_model("core", "CacheVersion")._meta.db_table)
    assert read and read <= covered, read - covered


def test_a_new_day_or_another_host_is_another_package(tenant):
    from verbund.api.hsds import Context

    ctx = Context(municipality=tenant.municipality, base_url="http://127.0.0.1")
    today = package_cache.key(ctx)
    assert package_cache.key(ctx) == today
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        assert package_cache.key(ctx) != today
    other = Context(municipality=tenant.municipality, base_url="https://verbund.example")
    assert package_cache.key(other) != today


def test_a_download_broken_off_or_overtaken_by_a_change_keeps_nothing(client, tenant, tmp_path):
    from verbund.api.hsds import Context

    build_directory(tenant, offers=2)
    ctx = Context(municipality=tenant.municipality, base_url="http://testserver")
    blocks = package_cache.stream(ctx, iter([b"PK", b"rest"]))
    assert next(blocks) == b"PK"
    blocks.close()  # the client went away
    assert kept(tmp_path) == []
    assert not list((tmp_path / "datapackage").iterdir())  # no partial file either

    response = client.get(f"/api/v1/{tenant.municipality.slug}/datapackage.zip")
    stream = iter(response.streaming_content)
    next(stream)
    package_cache.bump(tenant.municipality.pk)  # a change committed while it was built
    b"".join(stream)
    assert kept(tmp_path) == []
    download(client, tenant)
    assert len(kept(tmp_path)) == 1


def test_a_restored_database_never_reads_the_files_of_the_old_one(client, tenant, tmp_path):
    """Counters start again at the same values in a new database; the cache number does not."""
    from verbund.core.models import CacheVersion

    build_directory(tenant, offers=2)
    download(client, tenant)
    with scopes_disabled():
        CacheVersion.objects.filter(key__startswith="datapackage-nonce:").delete()
    _, queries = download(client, tenant)
    assert queries > 3  # built again, not read from the old file


def test_the_periodic_job_prepares_the_package_before_the_first_download(
    client, tenant, tmp_path, settings, django_capture_on_commit_callbacks
):
    from verbund.api.jobs import scheduled_prepare_datapackages
    from verbund.core.models import BackgroundJob

    build_directory(tenant, offers=2)
    settings.SITE_URL = ""
    assert scheduled_prepare_datapackages() == 0  # no host for the package's links
    settings.SITE_URL = "http://testserver/"
    with django_capture_on_commit_callbacks(execute=True):
        queued = scheduled_prepare_datapackages()
    assert queued >= 1
    with scopes_disabled():
        job = BackgroundJob.objects.filter(
            municipality=tenant.municipality, task__endswith="prepare_datapackage"
        ).get()
    assert job.status == "succeeded", job.message
    assert len(kept(tmp_path)) >= 1
    _, queries = download(client, tenant)
    assert queries <= 3  # served from the prepared file
    with django_capture_on_commit_callbacks(execute=True):
        assert scheduled_prepare_datapackages() == 0  # nothing changed since


def _title_change(built, title: str) -> None:
    offer = built["offers"][0]
    with scopes_disabled():
        offer.title = title
        offer.save()


def test_after_a_change_the_last_package_is_served_while_the_new_one_is_built(
    client, tenant, tmp_path, settings, django_capture_on_commit_callbacks
):
    from verbund.core.models import BackgroundJob

    settings.DATAPACKAGE_STALE_SECONDS = 60
    built = build_directory(tenant, offers=2)
    download(client, tenant)
    _title_change(built, "Babytreff am Markt")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.get(f"/api/v1/{tenant.municipality.slug}/datapackage.zip")
        stale = b"".join(response.streaming_content)
        again, _queries = download(client, tenant)
    assert response.has_header("Last-Modified")
    assert "Babytreff am Markt" not in services_csv(stale)  # the last package, at once
    assert again == stale
    with scopes_disabled():
        jobs = BackgroundJob.objects.filter(task__endswith="prepare_datapackage")
        assert jobs.count() == 1  # asked for once, not per download
    assert len(queued) == 1
    queued[0]()  # the worker builds the new package
    with scopes_disabled():
        assert jobs.get().status == "succeeded", jobs.get().message
    fresh, queries = download(client, tenant)
    assert "Babytreff am Markt" in services_csv(fresh)
    assert queries <= 3  # from the file the job built
    assert len(kept(tmp_path)) == 1


def test_without_a_worker_the_download_builds_once_the_stale_window_is_over(
    client, tenant, settings, django_capture_on_commit_callbacks
):
    from types import SimpleNamespace

    settings.DATAPACKAGE_STALE_SECONDS = 60
    built = build_directory(tenant, offers=2)
    download(client, tenant)
    _title_change(built, "Babytreff am Markt")
    with django_capture_on_commit_callbacks(execute=False):
        stale, _ = download(client, tenant)
        assert "Babytreff am Markt" not in services_csv(stale)
        later = SimpleNamespace(time=lambda: time.time() + 61)
        with mock.patch.object(package_cache, "time", later):
            fresh, _ = download(client, tenant)
    assert "Babytreff am Markt" in services_csv(fresh)


def test_a_package_of_another_host_never_stands_in(client, tenant, settings, tmp_path):
    settings.DATAPACKAGE_STALE_SECONDS = 60
    settings.ALLOWED_HOSTS = ["testserver", "verbund.example"]
    built = build_directory(tenant, offers=2)
    response = client.get(
        f"/api/v1/{tenant.municipality.slug}/datapackage.zip", HTTP_HOST="verbund.example"
    )
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert len(kept(tmp_path)) == 1
    _title_change(built, "Babytreff am Markt")
    body, _ = download(client, tenant)  # http://testserver: nothing of its shape is kept
    assert "Babytreff am Markt" in services_csv(body)
