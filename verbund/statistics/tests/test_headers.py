"""Headers over several rows with merged cells, title rows above the table (issue 9, item 10).

The fixture (``fixtures/merged_headers.py``) is an XLSX with merged cells and its CSV twin,
with 0–2 title rows and a header of 1–3 rows."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verbund.core.roles import Role
from verbund.statistics import services
from verbund.statistics.forms import fitting_mapping
from verbund.statistics.importing.headers import combine
from verbund.statistics.importing.reader import ReadOptions, open_table
from verbund.statistics.models import ImportRun, ImportStatus, Indicator, IndicatorValue

from .factories import AreaFactory
from .fixtures import merged_headers as fixture

FILES = {"xlsx": fixture.xlsx_bytes, "csv": fixture.csv_bytes}


@given(
    title_rows=st.integers(0, 2),
    header_rows=st.integers(1, 3),
    kind=st.sampled_from(sorted(FILES)),
)
@settings(max_examples=40, deadline=None)
def test_header_rows_are_combined_and_titles_kept(title_rows, header_rows, kind):
    data = FILES[kind](title_rows, header_rows)
    table = open_table(io.BytesIO(data), f"tabelle.{kind}")
    assert table.header == fixture.expected_names(header_rows)
    assert table.titles == fixture.TITLES[:title_rows]
    assert table.header_rows == header_rows
    line, cells = next(table.rows)
    first_data = title_rows + (1 if title_rows else 0) + header_rows + 1
    assert line == first_data
    assert str(cells[1]) == "1200"


@pytest.mark.parametrize("kind", sorted(FILES))
def test_header_rows_can_be_given(kind):
    data = FILES[kind](1, 2)  # title on line 1, blank line 2, header on lines 3–4
    # Only the lowest row: the names of that row alone.
    table = open_table(io.BytesIO(data), f"t.{kind}", header_rows=1)
    assert table.header[1:3] == ["insgesamt", "männlich"]
    # The start line given, the rows below detected.
    table = open_table(io.BytesIO(data), f"t.{kind}", ReadOptions(header_row=3))
    assert table.header == fixture.expected_names(2)
    assert next(table.rows)[0] == 5
    # The start line and the number of rows given.
    table = open_table(io.BytesIO(data), f"t.{kind}", ReadOptions(header_row=3), header_rows=2)
    assert table.header == fixture.expected_names(2)


def test_a_numeric_row_below_the_header_is_data():
    # "Fläche" is merged downwards: its text stands in the upper row.
    data = "Stadtteil;Einwohner;;Fläche\n;insgesamt;unter 18;\nA;12;3;4\n".encode()
    table = open_table(io.BytesIO(data), "t.csv")
    assert table.header == ["Stadtteil", "Einwohner – insgesamt", "Einwohner – unter 18", "Fläche"]
    data = b"Stadtteil;Einwohner;Haushalte\nA;12;3\nB;1;2\n"
    table = open_table(io.BytesIO(data), "t.csv")
    assert table.header == ["Stadtteil", "Einwohner", "Haushalte"]
    assert [line for line, _cells in table.rows] == [2, 3]


def test_a_title_row_right_above_the_header_is_no_header_row():
    data = "Tabelle 1: Einwohner;;Stand: 31.12.2013\nStadtteil;Einwohner;Haushalte\nA;1;2\n"
    table = open_table(io.BytesIO(data.encode()), "t.csv")
    assert table.header == ["Stadtteil", "Einwohner", "Haushalte"]
    assert table.titles == ["Tabelle 1: Einwohner Stand: 31.12.2013"]


def test_a_label_is_carried_only_within_the_span_above():
    rows = [
        ["Gebiet", "2013", "", "", "2014", ""],
        ["", "Bevölkerung", "", "Haushalte", "Bevölkerung", ""],
        ["", "männlich", "weiblich", "insgesamt", "männlich", "weiblich"],
    ]
    assert combine(rows, 6) == [
        "Gebiet",
        "2013 – Bevölkerung – männlich",
        "2013 – Bevölkerung – weiblich",
        "2013 – Haushalte – insgesamt",
        "2014 – Bevölkerung – männlich",
        "2014 – Bevölkerung – weiblich",
    ]


@pytest.fixture
def areas(tenant):
    return [
        AreaFactory(municipality=tenant.municipality, code=code, name=name)
        for code, name in fixture.AREAS
    ]


SPEC = {
    "area_column": "Stadtteil",
    "area_match": "name",
    "year": 2013,
    "columns": {"Bevölkerung – insgesamt": "population", "Haushalte – insgesamt": "households"},
}


@pytest.mark.django_db
def test_one_mapping_fits_the_csv_and_the_xlsx_of_one_publication(tenant, areas, unscoped):
    Indicator.objects.create(
        municipality=tenant.municipality, key="households", name="Haushalte", kind="count"
    )
    mapping = services.mapping_save(
        actor=None, municipality=tenant.municipality, name="Bevölkerung", spec=SPEC
    )
    stored = {}
    for kind in sorted(FILES):
        name = f"bevoelkerung_stadtteile.{kind}"
        run = services.import_upload(
            actor=tenant.users["planner"],
            municipality=tenant.municipality,
            upload=ContentFile(FILES[kind](1, 2), name=name),
        )
        run = services.import_analyse(actor=None, run=run, spec={}, options={})
        fitting = fitting_mapping(file_name=name, header=run.report["header"], mappings=[mapping])
        assert fitting is not None and fitting[0] == mapping
        run = services.import_analyse(actor=None, run=run, spec=fitting[1], options={})
        assert run.status == ImportStatus.READY, run.report["errors"] or run.report["spec_errors"]
        assert run.report["rows_joined"] == 3
        run = services.import_commit(actor=None, run=run)
        assert run.status == ImportStatus.DONE
        stored[kind] = sorted(
            IndicatorValue.objects.values_list("indicator__key", "area__code", "year", "value")
        )
    assert stored["csv"] == stored["xlsx"]
    assert ("population", "002", 2013, 900.0) in stored["xlsx"]
    assert ("households", "003", 2013, 820.0) in stored["xlsx"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(FILES))
def test_the_wizard_takes_the_year_from_the_title(client, tenant, areas, kind):
    """No year column, no year in a header or the file name: the title names 31.12.2013."""
    client.force_login(tenant.users[Role.PLANNER])
    response = client.post(
        reverse("statistics:import_upload", args=[tenant.municipality.slug]),
        {"file": SimpleUploadedFile(f"bevoelkerung_stadtteile.{kind}", FILES[kind](2, 3))},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Die Überschrift steht in den Zeilen 4 bis 6" in page
    assert "Bevölkerung – Geschlecht – insgesamt" in page
    with scopes_disabled():
        run = ImportRun.objects.get()
    assert run.spec["year"] == 2013
    assert run.spec["area_column"] == "Stadtteil"
    assert run.spec["columns"].get("Bevölkerung – Geschlecht – insgesamt") == "population"
    # The planner says the header has two rows only (the lower two): the names follow.
    form = {
        "layout": "wide",
        "area_column": "Stadtteil",
        "area_match": "name",
        "year": "2013",
        "header_rows": "2",
        "header_row": "5",
        "duplicates": "error",
        "dash": "missing",
    }
    response = client.post(
        reverse("statistics:import_detail", args=[tenant.municipality.slug, run.pk]), form
    )
    assert response.status_code == 302
    with scopes_disabled():
        run.refresh_from_db()
    assert run.spec["header_rows"] == 2
    assert run.report["header"][1] == "Geschlecht – insgesamt"


@pytest.mark.django_db
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(title_rows=st.integers(0, 2), header_rows=st.integers(2, 3))
def test_each_shape_imports_the_same_values(tenant, areas, unscoped, title_rows, header_rows):
    IndicatorValue.objects.all().delete()
    name = fixture.expected_names(header_rows)[1]
    spec = {**SPEC, "columns": {name: "population"}}
    for kind in sorted(FILES):
        run = services.import_upload(
            actor=None,
            municipality=tenant.municipality,
            upload=ContentFile(FILES[kind](title_rows, header_rows), name=f"t.{kind}"),
        )
        run = services.import_analyse(actor=None, run=run, spec=spec, options={})
        assert run.status == ImportStatus.READY, run.report["errors"] or run.report["spec_errors"]
        assert run.report["values"]["ok"] == 3


@pytest.mark.django_db
def test_the_command_line_reads_merged_headers_and_the_year_from_the_title(
    tenant, areas, unscoped, tmp_path
):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "bevoelkerung_stadtteile.xlsx"
    path.write_bytes(fixture.xlsx_bytes(1, 2))
    out = StringIO()
    call_command(
        "import_indicators",
        tenant.municipality.slug,
        str(path),
        "--area-column",
        "Stadtteil",
        "--match",
        "name",
        "--column",
        "Bevölkerung – insgesamt=population",
        stdout=out,
    )
    assert "Jahr 2013 aus dem Titel" in out.getvalue()
    assert sorted(IndicatorValue.objects.values_list("area__code", "year", "value")) == [
        ("001", 2013, 1200.0),
        ("002", 2013, 900.0),
        ("003", 2013, 1500.0),
    ]
