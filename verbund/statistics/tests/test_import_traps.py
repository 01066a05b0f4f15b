"""The traps of issue 9 (items 1, 2, 11) through the services, the command and the wizard.

Each trap is a fixture under ``fixtures/`` (see its README)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from verbund.statistics import services
from verbund.statistics.models import ImportMapping, ImportStatus, IndicatorValue

from .factories import AreaFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
SPEC = {
    "area_column": "Nr",
    "year": 2023,
    "columns": {"Einwohner": "population", "Haushalte": "household_size"},
}
DASH_SPEC = {
    "area_column": "Nr",
    "year": 2023,
    "columns": {"Einwohner": "population", "Alleinerziehende": "single_parent_households_share"},
}


@pytest.fixture
def areas(tenant):
    return [
        AreaFactory(municipality=tenant.municipality, code="001", name="Altstadt-Nord"),
        AreaFactory(municipality=tenant.municipality, code="002", name="Neustadt/Süd"),
        AreaFactory(municipality=tenant.municipality, code="003", name="Mühlenviertel"),
    ]


def check(tenant, name, spec, options=None, content=None):
    run = services.import_upload(
        actor=tenant.users["planner"],
        municipality=tenant.municipality,
        upload=ContentFile(content or (FIXTURES / name).read_bytes(), name=name),
    )
    return services.import_analyse(
        actor=tenant.users["planner"], run=run, spec=spec, options=options or {}
    )


def test_cut_inside_a_number_is_an_error_naming_line_and_column(tenant, areas, unscoped):
    run = check(tenant, "cut_in_number.csv", SPEC)
    assert run.status == ImportStatus.INVALID
    (error,) = run.report["errors"]
    assert (error["line"], error["column"]) == (4, "D („Haushalte“)")
    assert "69 5" in error["message"]
    with pytest.raises(Exception, match="fehlerfrei"):
        services.import_commit(actor=None, run=run)
    assert IndicatorValue.objects.count() == 0


def test_cut_mid_row_is_an_error_no_confirmation_lifts(tenant, areas, unscoped):
    options = {"accept": ["short_rows", "open_end"]}
    run = check(tenant, "cut_mid_row.csv", SPEC, options)
    assert run.status == ImportStatus.INVALID
    error = run.report["errors"][-1]
    assert (error["line"], error["column"]) == (4, "C („Einwohner“)")
    assert "abgeschnitten" in error["message"]
    assert not run.report["confirm"]


def test_real_berlin_file_cut_inside_a_number_is_refused(tenant, unscoped):
    AreaFactory(municipality=tenant.municipality, code="01011202", name="Unter den Linden")
    spec = {
        "area_column": "id",
        "year": 2019,
        "columns": {
            "inhabitants": "population",
            "k12_balance_of_migration": "household_size",
            "k13_balance_of_migration_of_children_below_6": "migration_background_share",
        },
    }
    run = check(tenant, "berlin_mss_2019_cut.csv", spec)
    assert run.status == ImportStatus.INVALID
    (error,) = run.report["errors"]
    assert error["line"] == 7
    assert error["column"].startswith("AH („k12_balance_of_migration“)")
    assert "abgeschnitten" in error["message"]


def test_open_end_needs_a_confirmation_before_the_commit(tenant, areas, unscoped):
    run = check(tenant, "open_end_complete.csv", SPEC)
    assert run.status == ImportStatus.INVALID
    assert run.report["error_count"] == 0
    (item,) = run.report["confirm"]
    assert "69 570" in item["message"] and "Zeile 4" in item["message"]
    run = services.import_analyse(actor=None, run=run, spec=SPEC, options={"accept": ["open_end"]})
    assert run.status == ImportStatus.READY
    assert run.options["accept"] == ["open_end"]
    run = services.import_commit(actor=None, run=run)
    assert run.status == ImportStatus.DONE
    assert IndicatorValue.objects.get(area__code="003", indicator__key="household_size").value == (
        69570
    )


def test_omitted_trailing_fields_are_errors_until_confirmed(tenant, areas, unscoped):
    spec = {**SPEC, "columns": {**SPEC["columns"], "Alleinerziehende": "sgb2_share"}}
    run = check(tenant, "omitted_trailing_fields.csv", spec)
    assert run.status == ImportStatus.INVALID
    (error,) = run.report["errors"]
    assert (error["line"], error["column"]) == (3, "D („Haushalte“)")
    assert run.report["confirm"][0]["code"] == "short_rows"
    run = services.import_analyse(
        actor=None, run=run, spec=spec, options={"accept": ["short_rows"]}
    )
    assert run.status == ImportStatus.READY
    assert "bestätigt" in run.report["accepted"][0]["message"]


def test_dash_over_a_stored_zero_shows_in_the_diff_and_the_choice_keeps_it(tenant, areas, unscoped):
    run = check(tenant, "dash_first_import.csv", DASH_SPEC)
    assert run.report["diff"]["new"] == 6
    services.import_commit(actor=None, run=run)

    run = check(tenant, "dash_reimport.csv", DASH_SPEC)
    diff = run.report["diff"]
    assert (diff["new"], diff["changed"], diff["emptied"], diff["unchanged"]) == (0, 2, 2, 2)
    example = diff["examples"]["emptied"][0]
    assert example["area"] == "Altstadt-Nord"
    assert example["year"] == 2023
    assert example["old"] == {"value": 0.0, "status": "ok"}
    assert example["new"] == {"value": None, "status": "missing"}
    assert diff["examples"]["changed"][0]["old"]["value"] == 12345.0
    assert run.report["dashes"] == 2
    assert run.report["dash_example"] == {"line": 2, "column": "Alleinerziehende"}

    run = services.import_analyse(
        actor=None, run=run, spec={**DASH_SPEC, "dash": "zero"}, options={}
    )
    assert run.report["diff"]["emptied"] == 0
    assert run.report["diff"]["unchanged"] == 4
    run = services.import_commit(actor=None, run=run)
    zeros = IndicatorValue.objects.filter(indicator__key="single_parent_households_share")
    assert sorted(zeros.values_list("value", "status")) == [
        (0.0, "ok"),
        (0.0, "ok"),
        (1020.0, "ok"),
    ]


def test_dash_choice_is_saved_with_the_mapping(tenant, unscoped):
    mapping = services.mapping_save(
        actor=None,
        municipality=tenant.municipality,
        name="Destatis",
        spec={**DASH_SPEC, "dash": "suppressed"},
    )
    assert ImportMapping.objects.get(pk=mapping.pk).spec["dash"] == "suppressed"


def test_encoding_error_names_the_line_and_the_encoding(tenant, areas, unscoped):
    rows = [f"00{1 + i % 3};{i}" for i in range(12000)]
    rows[11000] = "003;Mühle"
    content = ("Nr;Einwohner\n" + "\n".join(rows) + "\n").encode("cp1252")
    run = check(
        tenant,
        "late.csv",
        {"area_column": "Nr", "year": 2023, "columns": {"Einwohner": "population"}},
        content=content,
    )
    message = run.report["file_error"]
    assert message.startswith("Zeile 11002 ist nicht in der Zeichenkodierung UTF-8")
    assert "Windows-1252" in message


def test_separator_hint_in_the_report(tenant, areas, unscoped):
    spec = {"area_column": "Nr;Gebiet;Einwohner;SGB-II-Quote", "year": 2023, "columns": {}}
    options = {"delimiter": ",", "header_row": 1}
    run = check(tenant, "semicolon_decimal_comma.csv", spec, options)
    assert run.report["header"] == ["Nr;Gebiet;Einwohner;SGB-II-Quote"]
    spec = {"area_column": "Nr;Gebiet;Einwohner;SGB-II-Quote", "year": 2023}
    spec["columns"] = {"Nr;Gebiet;Einwohner;SGB-II-Quote": "population"}
    run = services.import_analyse(actor=None, run=run, spec=spec, options=options)
    messages = " ".join(error["message"] for error in run.report["errors"])
    assert "Semikolon (;) statt mit Komma (,)" in messages


def test_command_lists_column_reasons_confirmations_and_diff(tenant, areas, unscoped):
    out = StringIO()
    call_command(
        "import_indicators",
        tenant.municipality.slug,
        str(FIXTURES / "open_end_complete.csv"),
        "--area-column",
        "Nr",
        "--year",
        "2023",
        "--column",
        "Einwohner=population",
        "--dry-run",
        stdout=out,
    )
    text = out.getvalue()
    assert "Spalte „Gebiet“ nicht als Indikator übernommen: enthält Text" in text
    assert "Spalte „Haushalte“ nicht als Indikator übernommen: enthält Zahlen" in text
    assert "Spalte „Nr“ nicht als Indikator übernommen: Spalte mit dem Gebiet" in text
    assert "Probelauf" in text  # the last column is not used: a cut there changes nothing
    out = StringIO()
    args = [
        "import_indicators",
        tenant.municipality.slug,
        str(FIXTURES / "open_end_complete.csv"),
        "--area-column",
        "Nr",
        "--year",
        "2023",
        "--column",
        "Haushalte=population",
    ]
    with pytest.raises(CommandError):
        call_command(*args, stdout=out)
    assert "Bitte bestätigen (--accept-open-end): Die Datei endet ohne" in out.getvalue()
    out = StringIO()
    call_command(
        "import_indicators",
        tenant.municipality.slug,
        str(FIXTURES / "open_end_complete.csv"),
        "--area-column",
        "Nr",
        "--year",
        "2023",
        "--column",
        "Haushalte=population",
        "--accept-open-end",
        "--dash",
        "zero",
        stdout=out,
    )
    text = out.getvalue()
    assert "Bestätigt: Die Datei endet ohne Zeilenumbruch" in text
    assert "3 neu, 0 geändert, 0 werden leer" in text
    assert IndicatorValue.objects.count() == 3


def test_wizard_shows_dash_choice_confirmation_and_diff(client, tenant, areas, unscoped):
    first = check(tenant, "dash_first_import.csv", DASH_SPEC)
    services.import_commit(actor=None, run=first)
    run = check(tenant, "dash_reimport.csv", DASH_SPEC)
    client.force_login(tenant.users["planner"])
    url = reverse("statistics:import_detail", args=[tenant.municipality.slug, run.pk])
    page = client.get(url).content.decode()
    assert 'name="dash"' in page
    assert "2 Zellen enthalten einen Strich (-)" in page
    assert "Was sich gegenüber den gespeicherten Werten ändert" in page
    assert "2 gespeicherte Werte würden leer." in page

    run = check(tenant, "open_end_complete.csv", SPEC)
    url = reverse("statistics:import_detail", args=[tenant.municipality.slug, run.pk])
    page = client.get(url).content.decode()
    assert 'form="spec-form" name="accept_open_end"' in page
    assert "übernehmen</span>" not in page.split("mapping-heading")[0]
    form = {
        "layout": "wide",
        "area_column": "Nr",
        "area_match": "key",
        "year": "2023",
        "col_2": "population",
        "col_3": "household_size",
        "dash": "missing",
        "accept_open_end": "on",
    }
    response = client.post(url, form)
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportStatus.READY, run.report
    page = client.get(url).content.decode()
    assert "Bestätigter Hinweis" in page
    assert "Werte übernehmen" in page
