"""The wizard as a planner uses it, the read pages as everyone else does."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verbund.core.models import BackgroundJob, JobStatus
from verbund.core.roles import Role
from verbund.statistics import services
from verbund.statistics.models import ImportRun, ImportStatus, IndicatorValue

from .factories import AreaFactory

pytestmark = pytest.mark.django_db

CSV = (
    "Schlüssel;Stadtteil;Einwohner;Anteil SGB II\n"
    "001;Altstadt;1.675;9,7\n"
    "002;Neustadt;2.300;.\n"
    ";Insgesamt;3.975;7,1\n"
).encode("cp1252")


@pytest.fixture
def areas(tenant):
    return [
        AreaFactory(municipality=tenant.municipality, code="001", name="Altstadt"),
        AreaFactory(municipality=tenant.municipality, code="002", name="Neustadt"),
        AreaFactory(municipality=tenant.municipality, code="003", name="Hafen"),
    ]


def url(name, tenant, *args):
    return reverse(f"statistics:{name}", args=[tenant.municipality.slug, *args])


def import_csv(tenant, columns: dict[str, str]) -> None:
    """Upload, analyse and commit ``CSV`` for 2023 as the services do, without the wizard."""
    with scopes_disabled():
        services.import_commit(
            actor=None,
            run=services.import_analyse(
                actor=None,
                run=services.import_upload(
                    actor=None,
                    municipality=tenant.municipality,
                    upload=SimpleUploadedFile("a.csv", CSV),
                ),
                spec={"area_column": "Schlüssel", "year": 2023, "columns": columns},
                options={},
            ),
        )


def test_planner_imports_a_file_through_the_wizard(client, tenant, areas):
    client.force_login(tenant.users[Role.PLANNER])
    response = client.post(
        url("import_upload", tenant),
        {"file": SimpleUploadedFile("sozialdaten-2023.csv", CSV, "text/csv")},
    )
    assert response.status_code == 302
    with scopes_disabled():
        run = ImportRun.objects.get()
    detail = url("import_detail", tenant, run.pk)
    assert response["Location"] == detail
    page = client.get(detail).content.decode()
    assert "Windows-1252" in page and "Semikolon" in page
    assert "Einwohner" in page
    # The year came from the file name, "Einwohner" was recognised as population, "Anteil SGB
    # II" as the SGB II share.
    with scopes_disabled():
        run.refresh_from_db()
    assert run.spec["year"] == 2023
    assert run.spec["columns"] == {"Einwohner": "population", "Anteil SGB II": "sgb2_share"}
    header = run.report["header"]
    form = {
        "layout": "wide",
        "area_column": "Schlüssel",
        "area_match": "key",
        "year": "2023",
        f"col_{header.index('Einwohner')}": "population",
        f"col_{header.index('Anteil SGB II')}": "sgb2_share",
        "mapping_name": "Sozialdaten Stadtteile",
    }
    response = client.post(detail, form)
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert "fehlerfrei" in page
    assert "Summenzeile" in page  # the "Insgesamt" row is reported, not imported
    assert "Hafen" in page  # an area without data
    assert "4 Werte übernehmen" in page
    response = client.post(url("import_commit", tenant, run.pk), follow=True)
    assert "4 Werte wurden übernommen." in response.content.decode()
    with scopes_disabled():
        run.refresh_from_db()
        assert run.status == ImportStatus.DONE
        assert IndicatorValue.objects.count() == 4
        assert run.mapping.name == "Sozialdaten Stadtteile"
    history = client.get(url("import_list", tenant)).content.decode()
    assert "sozialdaten-2023.csv" in history and run.sha256[:12] in history
    assert "Sozialdaten Stadtteile" in history


def test_saved_mapping_on_upload_is_applied(client, tenant, areas):
    with scopes_disabled():
        mapping = services.mapping_save(
            actor=None,
            municipality=tenant.municipality,
            name="Jahresdatei",
            spec={"area_column": "Schlüssel", "year": 2024, "columns": {"Einwohner": "population"}},
        )
    client.force_login(tenant.users[Role.ADMIN])
    client.post(
        url("import_upload", tenant),
        {"file": SimpleUploadedFile("daten.csv", CSV), "mapping": mapping.pk},
    )
    with scopes_disabled():
        run = ImportRun.objects.get()
    assert run.status == ImportStatus.READY
    assert run.mapping == mapping


def test_errors_are_shown_with_line_and_column(client, tenant, areas):
    client.force_login(tenant.users[Role.PLANNER])
    content = "Schlüssel;Einwohner\n001;viele\n".encode()
    client.post(url("import_upload", tenant), {"file": SimpleUploadedFile("a.csv", content)})
    with scopes_disabled():
        run = ImportRun.objects.get()
    client.post(
        url("import_detail", tenant, run.pk),
        {
            "layout": "wide",
            "area_column": "Schlüssel",
            "area_match": "key",
            "year": "2023",
            "col_1": "population",
        },
    )
    page = client.get(url("import_detail", tenant, run.pk)).content.decode()
    assert "„viele“ ist keine Zahl." in page
    assert "B („Einwohner“)" in page
    response = client.post(url("import_commit", tenant, run.pk), follow=True)
    assert "Nur ein fehlerfrei geprüfter Import" in response.content.decode()
    with scopes_disabled():
        assert IndicatorValue.objects.count() == 0


def test_upload_type_is_checked(client, tenant):
    client.force_login(tenant.users[Role.PLANNER])
    response = client.post(
        url("import_upload", tenant), {"file": SimpleUploadedFile("bericht.pdf", b"%PDF-1.4")}
    )
    assert response.status_code == 400
    assert "CSV-Datei" in response.content.decode()
    with scopes_disabled():
        assert ImportRun.objects.count() == 0


def test_running_import_page_refreshes_itself(client, tenant, areas):
    """The progress of a background import comes from its job row (no JS needed)."""
    with scopes_disabled():
        run = services.import_upload(
            actor=None,
            municipality=tenant.municipality,
            upload=SimpleUploadedFile("a.csv", CSV),
        )
        job = BackgroundJob.objects.create(
            municipality=tenant.municipality,
            task="verbund.statistics.services.imports.commit_task",
            status=JobStatus.RUNNING,
            progress_done=40,
            progress_total=100,
            heartbeat_at=timezone.now(),
            arguments={"run_id": run.pk},
        )
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportStatus.RUNNING, rows_total=100, job=job
        )
    client.force_login(tenant.users[Role.PLANNER])
    response = client.get(url("import_detail", tenant, run.pk))
    assert response["Refresh"] == "2"
    page = response.content.decode()
    assert 'value="40"' in page and "40 von 100 Zeilen" in page
    assert "Übernahme abbrechen" in page


def test_everyone_sees_values_only_planner_and_admin_import(client, tenant, areas):
    for role in Role:
        client.force_login(tenant.users[role])
        assert client.get(url("indicator_list", tenant)).status_code == 200
        allowed = role in {Role.PLANNER, Role.ADMIN}
        assert (client.get(url("import_list", tenant)).status_code == 200) is allowed
        assert (client.get(url("indicator_create", tenant)).status_code == 200) is allowed


def test_indicator_pages_keep_query_count_flat(
    client, tenant, areas, django_assert_max_num_queries
):
    import_csv(tenant, {"Einwohner": "population", "Anteil SGB II": "sgb2_share"})
    with scopes_disabled():
        population = tenant.municipality.indicator_set.get(key="population")
    client.force_login(tenant.users[Role.STAFF])
    with django_assert_max_num_queries(12):
        page = client.get(url("indicator_detail", tenant, population.pk)).content.decode()
    assert "1.675" in page and "Altstadt" in page
    with django_assert_max_num_queries(12):
        page = client.get(url("area_values", tenant, areas[1].pk)).content.decode()
    assert "geheim" in page and "2.300" in page
    response = client.get(url("indicator_export", tenant, population.pk, "csv"))
    assert response.status_code == 200
    assert "001;Altstadt;Stadtteil;2023;1675" in response.content.decode("utf-8-sig")


def test_planner_edits_the_catalogue(client, tenant):
    client.force_login(tenant.users[Role.PLANNER])
    response = client.post(
        url("indicator_create", tenant),
        {
            "key": "kita_quote",
            "name": "Betreuungsquote U3",
            "kind": "share",
            "unit": "%",
            "higher_means_more_need": "false",
            "topic": "Kindertagesbetreuung",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        indicator = tenant.municipality.indicator_set.get(key="kita_quote")
    assert indicator.higher_means_more_need is False
    response = client.post(
        url("indicator_create", tenant), {"key": "kita_quote", "name": "x", "kind": "share"}
    )
    assert response.status_code == 400
    assert "Diesen Indikatorschlüssel gibt es schon." in response.content.decode()


FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(
    content=st.binary(max_size=400),
    name=st.sampled_from(["a.csv", "b.xlsx", "c.txt", "d.tsv"]),
    form=st.dictionaries(
        st.sampled_from(
            [
                "layout",
                "area_column",
                "area_match",
                "year",
                "year_column",
                "col_0",
                "col_1",
                "decimal",
                "encoding",
                "delimiter",
                "indicator_columns",
                "value_column",
                "label_0",
                "sheet",
                "area_level",
            ]
        ),
        st.text(max_size=8),
        max_size=8,
    ),
)
def test_wizard_never_answers_500(client, tenant, content, name, form):
    client.force_login(tenant.users[Role.PLANNER])
    response = client.post(
        url("import_upload", tenant), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code in {302, 400}
    if response.status_code == 302:
        detail = response["Location"]
        assert client.get(detail).status_code == 200
        assert client.post(detail, form).status_code in {302, 400}
        assert client.get(detail).status_code == 200
        run_id = int(detail.rstrip("/").rsplit("/", 1)[1])
        assert client.post(url("import_commit", tenant, run_id)).status_code == 302
        assert client.get(detail).status_code == 200


def test_next_years_file_gets_the_fitting_saved_mapping(client, tenant, areas):
    with scopes_disabled():
        services.mapping_save(
            actor=None,
            municipality=tenant.municipality,
            name="Sozialdaten",
            spec={
                "area_column": "Schlüssel",
                "year_column": "Jahr",
                "columns": {"Einwohner": "population", "Anteil SGB II": "sgb2_share"},
            },
        )
    client.force_login(tenant.users[Role.PLANNER])
    response = client.post(
        url("import_upload", tenant),
        {"file": SimpleUploadedFile("sozialdaten_2024.csv", CSV)},
        follow=True,
    )
    page = response.content.decode()
    assert "„Sozialdaten“ passt zu dieser Datei" in page
    with scopes_disabled():
        run = ImportRun.objects.get()
    # The file has no "Jahr" column: the year comes from the file name instead.
    assert run.spec["year"] == 2024 and run.spec["year_column"] == ""
    assert run.status == ImportStatus.READY


def test_guess_prefers_a_key_column_over_the_year():
    from verbund.statistics.forms import guess_spec

    spec = guess_spec(file_name="x.csv", header=["Jahr", "Stadtteil-Nr.", "Name"], indicators=[])
    assert spec["area_column"] == "Stadtteil-Nr."
    spec = guess_spec(file_name="x.csv", header=["Jahr", "Gebiet", "Wert"], indicators=[])
    assert spec["area_column"] == "Gebiet"


def test_an_import_whose_server_died_is_reported_failed(client, tenant, areas):
    from datetime import timedelta

    from django.utils import timezone

    with scopes_disabled():
        run = services.import_upload(
            actor=None, municipality=tenant.municipality, upload=SimpleUploadedFile("a.csv", CSV)
        )
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=20)
        )
    client.force_login(tenant.users[Role.PLANNER])
    page = client.get(url("import_detail", tenant, run.pk)).content.decode()
    assert "unterbrochen" in page
    with scopes_disabled():
        run.refresh_from_db()
    assert run.status == ImportStatus.FAILED


def test_catalogue_counts_follow_imports_and_single_changes(client, tenant, areas):
    """The catalogue's counts are kept per change of the values: an import, a value saved or
    deleted one by one, and a deleted indicator each show on the next view."""
    client.force_login(tenant.users[Role.PLANNER])

    def population_row():
        page = client.get(url("indicator_list", tenant)).content.decode()
        row = page[page.index(population.name) :]
        return row[: row.index("</tr>")]

    with scopes_disabled():
        population = tenant.municipality.indicator_set.get(key="population")
    assert '<td class="kern-table__cell kern-table__cell--numeric">0</td>' in population_row()
    import_csv(tenant, {"Einwohner": "population"})
    row = population_row()
    assert ">2</td>" in row and ">2023</td>" in row
    with scopes_disabled():
        IndicatorValue.objects.create(
            municipality=tenant.municipality, indicator=population, area=areas[2], year=2024,
            value=10,
        )  # fmt: skip
    row = population_row()
    assert ">3</td>" in row and ">2024</td>" in row
    with scopes_disabled():
        IndicatorValue.objects.filter(year=2024).get().delete()
    row = population_row()
    assert ">2</td>" in row and ">2023</td>" in row
