"""Issue 17, item 6: the list exports stream from ``values_list`` with labels built once: the
number of queries does not grow with the rows, no area boundary is read, formulas stay text."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.analysis.choices import NeedStatus
from verbund.analysis.tests.factories import IndicatorFactory, IndicatorValueFactory, NeedFactory
from verbund.areas.tests.factories import AreaFactory
from verbund.core.exports import ExportResponse
from verbund.core.roles import Role
from verbund.network.models import Sector
from verbund.network.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def download(client, url, fmt="csv"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        assert isinstance(response, ExportResponse)
        content = response.content
    rows = []
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    sql = [q["sql"] for q in queries.captured_queries]
    return rows, sql


def test_organisation_export_labels_areas_and_constant_queries(client, tenant):
    m = tenant.municipality
    nord, sued = AreaFactory(municipality=m, code="N1"), AreaFactory(municipality=m, code="S1")
    org = OrganisationFactory(
        municipality=m, name="=HYPERLINK(1)", sector="sport_club", languages=["Deutsch"]
    )
    with scopes_disabled():
        org.areas_served.add(nord, sued)
    client.force_login(tenant.users[Role.PLANNER])
    url = reverse("network:organisation_export", args=[m.slug, "csv"])
    rows, few = download(client, url)
    row = next(r for r in rows if r[0] == "'=HYPERLINK(1)")
    assert row[1] == str(Sector("sport_club").label)
    assert {"N1", "S1"} <= set(row[13].split(", "))
    assert "Deutsch" in row
    for _ in range(30):
        other = OrganisationFactory(municipality=m)
        with scopes_disabled():
            other.areas_served.add(nord)
    rows, more = download(client, url)
    assert len(rows) >= 32
    assert len(more) == len(few)
    assert not any("geometry" in sql for sql in more)
    xlsx = client.get(reverse("network:organisation_export", args=[m.slug, "xlsx"])).content
    assert xlsx.startswith(b"PK")


def test_area_export_names_centres_without_boundaries(client, tenant):
    m = tenant.municipality
    area = AreaFactory(municipality=m, code="A1", name="Altstadt")
    with scopes_disabled():
        area.centres.add(tenant.centre)
        centre_name = tenant.centre.name
    client.force_login(tenant.users[Role.PLANNER])
    url = reverse("areas:area_export", args=[m.slug, "csv"])
    rows, few = download(client, url)
    row = next(r for r in rows if r[0] == "A1")
    assert row[1] == "Altstadt" and centre_name in row[-1]
    AreaFactory.create_batch(30, municipality=m)
    rows, more = download(client, url)
    assert len(rows) >= 32 and len(more) == len(few)
    assert not any("geometry" in sql for sql in more)


def test_need_export_labels_and_constant_queries(client, tenant):
    m = tenant.municipality
    NeedFactory(municipality=m, centre=tenant.centre, title="@Bedarf", explanation="")
    client.force_login(tenant.users[Role.PLANNER])
    url = reverse("analysis:need_export", args=[m.slug, "csv"])
    rows, few = download(client, url)
    row = next(r for r in rows if r[3] == "'@Bedarf")
    assert row[8] == str(NeedStatus.CONFIRMED.label)
    NeedFactory.create_batch(30, municipality=m, centre=tenant.centre)
    rows, more = download(client, url)
    assert len(rows) >= 32 and len(more) == len(few)


def test_indicator_value_export_reads_no_boundaries(client, tenant):
    m = tenant.municipality
    indicator = IndicatorFactory(municipality=m)
    IndicatorValueFactory(indicator=indicator, value=12.5)
    client.force_login(tenant.users[Role.PLANNER])
    url = reverse("statistics:indicator_export", args=[m.slug, indicator.pk, "csv"])
    rows, few = download(client, url)
    assert rows[1][4] == "12,5"
    IndicatorValueFactory.create_batch(30, indicator=indicator)
    rows, more = download(client, url)
    assert len(rows) == 32 and len(more) == len(few)
    assert not any("geometry" in sql for sql in more)
