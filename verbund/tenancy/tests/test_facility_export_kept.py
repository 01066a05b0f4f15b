"""The facility export (and the facility list's count) is kept until what it shows changes."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from verbund.core import exports
from verbund.core.roles import Role
from verbund.tenancy import rows_cache
from verbund.tenancy.models import Facility
from verbund.tenancy.tests.factories import FacilityFactory

FACILITY_ROWS = 'FROM "tenancy_facility"'


def export(client, tenant, fmt="csv", **query):
    url = reverse("tenancy:facility_export", args=[tenant.municipality.slug, fmt])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
        body = response.content
    assert response.status_code == 200
    read_rows = any(FACILITY_ROWS in query["sql"] for query in queries.captured_queries)
    return body, read_rows


def names(body):
    rows = csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";")
    return sorted(row[0] for row in list(rows)[1:])


@pytest.fixture
def staff(client, tenant):
    client.force_login(tenant.users[Role.STAFF])
    return client


def test_the_second_download_reads_no_row_and_is_the_same_file(staff, tenant):
    first, read_first = export(staff, tenant)
    second, read_second = export(staff, tenant)
    assert read_first and not read_second
    assert second == first
    assert tenant.facility.name in names(second)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_change_of_a_facility_centre_or_provider_is_in_the_next_download(
    staff, tenant, unscoped, fmt
):
    export(staff, tenant, fmt)

    def shown():
        body, _read = export(staff, tenant, fmt)
        if fmt == "csv":
            return [
                cell
                for row in csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";")
                for cell in row
            ]
        sheet = load_workbook(io.BytesIO(body)).active
        return [cell.value for row in sheet.iter_rows() for cell in row]

    tenant.facility.name = "Kita Regenbogen neu"
    tenant.facility.save()
    assert "Kita Regenbogen neu" in shown()
    tenant.centre.name = "Familienzentrum Umbenannt"
    tenant.centre.save()
    assert "Familienzentrum Umbenannt" in shown()
    tenant.provider.name = "Träger Umbenannt"
    tenant.provider.save()
    assert "Träger Umbenannt" in shown()


def test_a_bulk_write_that_bumps_the_version_is_in_the_next_download(staff, tenant, unscoped):
    export(staff, tenant)
    Facility.objects.filter(pk=tenant.facility.pk).update(name="Massenänderung")
    rows_cache.bump(tenant.municipality.pk)
    body, read = export(staff, tenant)
    assert read and "Massenänderung" in names(body)


def test_each_filter_and_municipality_is_kept_apart(staff, client, tenant, foreign):
    FacilityFactory(municipality=tenant.municipality, name="Sonnenschein")
    everything, _read = export(staff, tenant)
    filtered, read = export(staff, tenant, q="Sonnen")
    assert read and names(filtered) == ["Sonnenschein"]
    assert "Sonnenschein" in names(everything) and len(names(everything)) == 2
    again, read_again = export(staff, tenant)
    assert again == everything and not read_again

    client.force_login(foreign.users[Role.STAFF])
    theirs, read_theirs = export(client, foreign)
    assert read_theirs and names(theirs) == [foreign.facility.name]


def test_an_export_larger_than_the_limit_is_streamed_each_time(staff, tenant, monkeypatch):
    monkeypatch.setattr(exports, "KEPT_EXPORT_MAX_BYTES", 10)
    export(staff, tenant)
    body, read = export(staff, tenant)
    assert read and tenant.facility.name in names(body)


def test_a_download_broken_off_keeps_nothing(staff, tenant):
    url = reverse("tenancy:facility_export", args=[tenant.municipality.slug, "csv"])
    response = staff.get(url)
    next(iter(response.streaming_content))  # the client stops after the first chunk
    # The test client's wrapper of the stream closes the response the way the server does
    # when a client goes away (without closing the test's database connection).
    response._iterator.close()
    _body, read = export(staff, tenant)
    assert read


def test_the_facility_lists_kept_count_follows_changes_and_filters(staff, tenant, unscoped):
    def shown(**query):
        body = staff.get(reverse("tenancy:facility_list", args=[tenant.municipality.slug]), query)
        return re.search(r"(\d+) Einrichtung", body.content.decode()).group(1)

    assert shown() == "1"
    FacilityFactory(municipality=tenant.municipality, name="Sonnenschein")
    assert shown() == "2"
    assert shown(q="Sonnen") == "1"
    tenant.facility.archived_at = timezone.now()
    tenant.facility.save()
    assert shown() == "1"
    assert shown(archived="on") == "2"
