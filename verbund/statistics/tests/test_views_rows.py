"""The preview's row choices (an area → alias, a total row → mark) and indicators created in
bulk from the mapping table, through the views."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.statistics.models import AreaAlias, ImportRun, ImportStatus, Indicator

from .factories import AreaFactory

pytestmark = pytest.mark.django_db

CSV = (
    "Gebiet;Einwohner;Kitaplätze;Anteil Grünfläche in %\n"
    "01 Altstadt;1.675;40;12,5\n"
    "Neustadt (mit Hafen);2.300;55;30,1\n"
    "Stadt gesamt;3.975;95;20,0\n"
    "Sonderzeile;5;1;1\n"
).encode("cp1252")


def url(name, tenant, *args):
    return reverse(f"statistics:{name}", args=[tenant.municipality.slug, *args])


@pytest.fixture
def areas(tenant):
    return [
        AreaFactory(municipality=tenant.municipality, code="01", name="Altstadt"),
        AreaFactory(municipality=tenant.municipality, code="02", name="Neustadt"),
    ]


def test_rows_get_an_area_or_are_marked_as_totals(client, tenant, areas):
    client.force_login(tenant.users[Role.PLANNER])
    client.post(url("import_upload", tenant), {"file": SimpleUploadedFile("d-2024.csv", CSV)})
    with scopes_disabled():
        run = ImportRun.objects.get()
    detail = url("import_detail", tenant, run.pk)
    page = client.get(detail).content.decode()
    # The unmatched list shows the first numbers with their column names.
    assert "Einwohner: 2.300" in page
    assert 'name="row_3"' in page and 'name="row_5"' in page
    assert run.spec["area_match"] == "name" and run.spec["year"] == 2024
    response = client.post(
        detail, {"save_rows": "1", "row_3": str(areas[1].pk), "row_5": "__total__"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        run.refresh_from_db()
        alias = AreaAlias.objects.get()
        assert (alias.area, alias.text) == (areas[1], "Neustadt (mit Hafen)")
        assert AuditEntry.objects.filter(action="statistics.alias.created").exists()
    assert run.spec["total_rows"] == ["Sonderzeile"]
    assert run.report["rows_joined"] == 2
    assert [i["reason"] for i in run.report["unmatched"]] == ["total", "total_marked"]
    # Next time the alias joins by itself.
    client.post(url("import_upload", tenant), {"file": SimpleUploadedFile("d-2025.csv", CSV)})
    with scopes_disabled():
        second = ImportRun.objects.order_by("-pk").first()
    assert second.report["rows_joined"] == 2


def test_missing_indicators_are_created_in_bulk_in_the_same_step(client, tenant, areas):
    client.force_login(tenant.users[Role.PLANNER])
    client.post(url("import_upload", tenant), {"file": SimpleUploadedFile("d-2024.csv", CSV)})
    with scopes_disabled():
        run = ImportRun.objects.get()
    header = run.report["header"]
    detail = url("import_detail", tenant, run.pk)
    response = client.post(
        detail,
        {
            "layout": "wide",
            "area_column": "Gebiet",
            "area_match": "name",
            "year": "2024",
            "duplicates": "error",
            f"col_{header.index('Einwohner')}": "population",
            f"col_{header.index('Kitaplätze')}": "__new__",
            f"col_{header.index('Anteil Grünfläche in %')}": "__new__",
            "new_topic": "Infrastruktur",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        run.refresh_from_db()
        created = Indicator.objects.filter(municipality=tenant.municipality, topic="Infrastruktur")
        by_name = {i.name: (i.kind, i.unit) for i in created}
        assert by_name == {"Kitaplätze": ("count", ""), "Anteil Grünfläche in %": ("share", "%")}
        keys = set(created.values_list("key", flat=True))
    assert set(run.spec["columns"].values()) == keys | {"population"}
    assert run.status == ImportStatus.READY
