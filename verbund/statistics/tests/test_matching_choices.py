"""Real-file traps (issue 9, items 6–10): total rows, split areas, wide-by-year files,
code-prefixed names and aliases, first guesses. Fixtures: tests/fixtures/city_files.py."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from openpyxl import Workbook

from verbund.core.models import AuditEntry
from verbund.statistics import selectors, services
from verbund.statistics.forms import fitting_mapping, guess_spec
from verbund.statistics.importing.matching import (
    DUAL,
    REASON_AMBIGUOUS,
    REASON_TOTAL_LEVEL,
    AreaMatcher,
    AreaRef,
    split_code,
)
from verbund.statistics.importing.wide import year_of_header
from verbund.statistics.models import AreaAlias, ImportStatus, IndicatorValue
from verbund.tenancy.tests.factories import MunicipalityFactory

from .factories import AreaAliasFactory, AreaFactory
from .fixtures import city_files

pytestmark = pytest.mark.django_db


def upload(tenant, content, name="daten.csv"):
    if isinstance(content, str):
        content = content.encode("cp1252")
    return services.import_upload(
        actor=tenant.users["planner"],
        municipality=tenant.municipality,
        upload=ContentFile(content, name=name),
    )


def first_guess(tenant, run):
    """What the wizard does after an upload: read, profile, guess, check."""
    run = services.import_analyse(actor=None, run=run, spec={}, options={})
    spec = guess_spec(
        file_name=run.file_name,
        header=run.report["header"],
        indicators=selectors.indicator_list(municipality=tenant.municipality),
        profile=run.report.get("profile"),
    )
    return services.import_analyse(actor=None, run=run, spec=spec, options={})


@pytest.fixture
def city(tenant):
    return city_files.create_areas(tenant.municipality)


def test_district_profile_guess_totals_and_split_area(tenant, city, unscoped):
    text, info = city_files.district_profile()
    run = first_guess(tenant, upload(tenant, text, "stadtteilprofil_2023.csv"))
    spec = run.spec
    # Area column and mode from the content, year from the file name.
    assert (spec["area_column"], spec["area_match"], spec["year"]) == ("Nr", "key", 2023)
    expected = {name: key for name, key, _kind in city_files.CATALOGUE_COLUMNS}
    assert spec["columns"] == expected  # 14 of 58 columns, none wrong
    report = run.report
    assert report["level"] == city_files.SUB_LEVEL
    # District totals (another level's key) and the city total are skipped, not duplicates.
    assert report["rows_total"] == 5
    reasons = {item["value"]: item["reason"] for item in report["unmatched"]}
    assert reasons["2"] == REASON_TOTAL_LEVEL and reasons[""] == "total"
    assert reasons["306/307"] == "merged"
    # The split area is one error that says why and where to choose.
    assert run.status == ImportStatus.INVALID
    assert report["error_count"] == 1
    message = report["errors"][0]["message"]
    split_name = next(name for code, name, _d in city_files.sub_districts() if code == "205")
    assert f"{split_name} (Planungsraum West)" in message and "aufgeteilt" in message
    assert "Mehrere Zeilen für ein Gebiet" in message
    group = report["duplicates"][0]
    assert [row["line"] for row in group["rows"]] == [28, 29] or len(group["rows"]) == 2
    assert group["rows"][0]["numbers"]

    run = services.import_analyse(
        actor=None, run=run, spec={**spec, "duplicates": "sum"}, options={}
    )
    assert run.status == ImportStatus.READY, run.report["errors"][:2]
    shares = len(expected) - 1  # population is the only count among the mapped columns
    assert run.report["values_not_summed"] == shares
    run = services.import_commit(actor=tenant.users["planner"], run=run)
    assert run.status == ImportStatus.DONE
    values = {
        (code, key): value
        for code, key, value in IndicatorValue.objects.values_list(
            "area__code", "indicator__key", "value"
        )
    }
    assert values[("205", "population")] == info["values"][("205", "Einwohner insgesamt")]
    assert ("205", "sgb2_share") not in values  # a share of two parts is not their sum
    assert values[("102", "sgb2_share")] == info["values"][("102", "SGB-II-Quote")]
    assert not IndicatorValue.objects.filter(area__level=city_files.DISTRICT_LEVEL).exists()
    # 92 areas with one row each (not 306/307, merged; not 424, missing; not 205, split)
    assert run.values_written == 92 * 14 + 1


def test_first_only_and_remembered_in_the_mapping(tenant, city, unscoped):
    text, info = city_files.district_profile()
    run = first_guess(tenant, upload(tenant, text, "stadtteilprofil_2023.csv"))
    spec = {**run.spec, "duplicates": "first"}
    run = services.import_analyse(actor=None, run=run, spec=spec, options={})
    assert run.status == ImportStatus.READY and run.report["rows_duplicate_skipped"] == 1
    mapping = services.mapping_save(
        actor=None, municipality=tenant.municipality, name="Profil", spec=spec
    )
    assert mapping.spec["duplicates"] == "first"
    fitting, adapted = fitting_mapping(
        file_name="stadtteilprofil_2024.csv", header=info["header"], mappings=[mapping]
    )
    assert fitting == mapping and adapted["duplicates"] == "first"


def test_same_name_on_two_levels_the_heavier_row_is_the_total(tenant, city, unscoped):
    # Name mode: "Innenstadt" is district 1 and sub-district 101; the district's total row is
    # called "Innenstadt" too.
    text, _info = city_files.district_profile()
    run = upload(tenant, text)
    spec = {
        "area_column": "Stadtteil",
        "area_match": "name",
        "year": 2023,
        "columns": {"Einwohner insgesamt": "population"},
        "duplicates": "sum",
    }
    run = services.import_analyse(actor=None, run=run, spec=spec, options={})
    report = run.report
    totals = [item for item in report["unmatched"] if item["value"] == "Innenstadt"]
    assert len(totals) == 1 and totals[0]["reason"] == REASON_TOTAL_LEVEL
    assert totals[0]["line"] == 2  # the district row stands first
    assert report["error_count"] == 0


def test_level_column_and_marked_total_rows(tenant, unscoped):
    AreaFactory(municipality=tenant.municipality, code="01", name="Altstadt")
    AreaFactory(municipality=tenant.municipality, code="02", name="Neustadt")
    content = (
        "Ebene;Gebiet;Einwohner\n"
        "Bezirk;Altstadt;300\n"
        "Stadtteil;Altstadt;100\n"
        "Stadtteil;Neustadt;200\n"
        "Stadtteil;Altstadt;300\n"
    )
    run = first_guess(tenant, upload(tenant, content, "einwohner_2022.csv"))
    assert run.spec["level_column"] == "Ebene" and run.spec["level_value"] == "Stadtteil"
    report = run.report
    assert report["unmatched"][0]["reason"] == "total_column"
    # The last row is a total nobody can recognise: the duplicate error offers the choices,
    # the user marks it.
    assert report["error_count"] == 1 and "doppelt" in report["errors"][0]["message"]
    run = services.import_analyse(
        actor=None, run=run, spec={**run.spec, "total_rows": ["Altstadt@2"]}, options={}
    )
    assert run.status == ImportStatus.READY
    assert [i["reason"] for i in run.report["unmatched"]] == ["total_column", "total_marked"]


def test_wide_by_year_file_imports_as_a_time_series(tenant, city, unscoped):
    text, info = city_files.wide_years()
    run = first_guess(tenant, upload(tenant, text, "einwohner_zeitreihe_2006-2017.csv"))
    spec = run.spec
    assert spec["layout"] == "years" and spec["indicator"] == "population"
    assert spec["area_match"] == "name"
    assert sorted(spec["year_columns"].values()) == list(range(2006, 2018))
    report = run.report
    assert run.status == ImportStatus.READY, (report["errors"][:2], report["spec_errors"])
    assert report["empty_year_columns"] == [city_files.EMPTY_YEAR]
    assert report["years"] == [y for y in range(2006, 2018) if y != 2010]
    assert report["rows_total"] == 5  # "1 Innenstadt" … "4 Süd", "Stadt insgesamt"
    run = services.import_commit(actor=None, run=run)
    assert run.values_written == 96 * 11
    assert not IndicatorValue.objects.filter(year=2010).exists()  # missing, not 0
    value = IndicatorValue.objects.get(area__code="102", year=2013).value
    assert value == info["values"][("102", "Dez 2013")]


def test_year_headers():
    assert [
        year_of_header(h)
        for h in ["31.12.2006", "2017", "Dez 2013", "Stand 31.12.2013", "2013-12-31", "Anteil"]
    ] == [2006, 2017, 2013, 2013, 2013, None]


def test_code_prefixed_names_match_by_code_or_name():
    areas = [
        AreaRef(1, "01", "Innere Altstadt", "Stadtteil"),
        AreaRef(2, "02", "Hafen", "Stadtteil"),
        AreaRef(3, "07", "Altstadt", "Stadtteil"),
    ]
    others = [AreaRef(9, "9", "Mitte", "Bezirk"), AreaRef(8, "8", "Hafen", "Bezirk")]
    matcher = AreaMatcher(areas, by="name", others=others)
    assert split_code("StB 0 Altstadt") == ("0", "Altstadt")
    assert split_code("Altstadt") is None
    assert matcher.match("01 Innere Altstadt") == (areas[0], "")
    assert matcher.match("StB 0 Altstadt") == (areas[2], "")  # no area "0": by the name
    assert matcher.match("02 Unbekannt") == (areas[1], "")  # by the code
    assert matcher.match("02 Altstadt") == (None, REASON_AMBIGUOUS)  # code and name disagree
    assert matcher.match("9 Mitte") == (None, REASON_TOTAL_LEVEL)
    assert matcher.match("Hafen") == (areas[1], DUAL)


def test_alias_chosen_once_joins_next_time(tenant, unscoped):
    area = AreaFactory(municipality=tenant.municipality, code="01", name="Altstadt")
    content = "Gebiet;Einwohner\nAltstadt;100\nAlte Stadt (Kern);50\n"
    spec = {
        "area_column": "Gebiet",
        "area_match": "name",
        "year": 2023,
        "columns": {"Einwohner": "population"},
    }
    run = services.import_analyse(actor=None, run=upload(tenant, content), spec=spec, options={})
    item = run.report["unmatched"][0]
    assert item["numbers"] == [["Einwohner", "50"]]
    alias = services.alias_create(
        actor=tenant.users["planner"],
        municipality=tenant.municipality,
        area=area,
        text=item["value"],
    )
    assert AuditEntry.objects.filter(action="statistics.alias.created").count() == 1
    other = AreaFactory(municipality=tenant.municipality, code="02", name="Neustadt")
    with pytest.raises(ValidationError):
        services.alias_create(
            actor=None, municipality=tenant.municipality, area=other, text="alte stadt kern"
        )
    run = services.import_analyse(actor=None, run=upload(tenant, content), spec=spec, options={})
    assert run.report["rows_joined"] == 1 and run.report["unmatched"] == []
    # Both rows now name Altstadt: the duplicate error explains it.
    assert run.report["error_count"] == 1
    assert alias.normalised == "alte stadt kern"


def test_alias_tenant_guard(tenant, unscoped):
    foreign = AreaFactory(municipality=MunicipalityFactory())
    with pytest.raises(ValidationError):
        services.alias_create(
            actor=None, municipality=tenant.municipality, area=foreign, text="Fremd"
        )
    alias = AreaAliasFactory(municipality=tenant.municipality)
    assert alias.area.municipality == tenant.municipality
    assert AreaAlias.objects.filter(municipality=tenant.municipality).count() == 1


LAYOUTS = [
    # header, rows, expected area column, mode, year
    ("ID;Name;Einwohner", ["01;Altstadt;5", "02;Neustadt;6"], "ID", "key", None),
    ("Name;ID;Einwohner", ["Altstadt;99;5", "Neustadt;98;6"], "Name", "name", None),
    ("lfd;Raum;Einwohner 31.12.2013", ["1;Altstadt;5", "2;Neustadt;6"], "Raum", "name", 2013),
    ("Nr.;Bezeichnung;EW", ["x;01 Altstadt;5", "y;02 Neustadt;6"], "Bezeichnung", "name", None),
    ("Jahr;Gebiet;Einwohner", ["2020;1;5", "2020;2;6"], "Gebiet", "key", None),
]  # fmt: skip


@pytest.mark.parametrize(("header", "rows", "column", "mode", "year"), LAYOUTS)
def test_first_guess_on_many_layouts(tenant, unscoped, header, rows, column, mode, year):
    AreaFactory(municipality=tenant.municipality, code="01", name="Altstadt")
    AreaFactory(municipality=tenant.municipality, code="02", name="Neustadt")
    content = "\n".join([header, *rows]) + "\n"
    run = first_guess(tenant, upload(tenant, content, "daten.csv"))
    assert (run.spec["area_column"], run.spec["area_match"]) == (column, mode)
    assert run.spec["year"] == year
    assert "population" in run.spec["columns"].values()


def test_same_mapping_fits_csv_and_xlsx_of_one_publication(tenant, city, unscoped):
    text, _info = city_files.district_profile()
    run = first_guess(tenant, upload(tenant, text, "stadtteilprofil_2023.csv"))
    spec = {**run.spec, "duplicates": "sum"}
    mapping = services.mapping_save(
        actor=None, municipality=tenant.municipality, name="P", spec=spec
    )
    book = Workbook()
    sheet = book.active
    sheet.append(["Stadtteilprofil 2023"])
    sheet.append(["Quelle: Statistikstelle"])
    sheet.append([])
    for line in text.strip().split("\r\n"):
        cells = line.split(";")
        sheet.append(cells[:2] + [c.replace(".", "").replace(",", ".") for c in cells[2:]])
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx = upload(tenant, buffer.getvalue(), "stadtteilprofil_2023.xlsx")
    xlsx = services.import_analyse(actor=None, run=xlsx, spec={}, options={})
    fitting, adapted = fitting_mapping(
        file_name=xlsx.file_name, header=xlsx.report["header"], mappings=[mapping]
    )
    assert fitting == mapping
    xlsx = services.import_analyse(actor=None, run=xlsx, spec=adapted, options={})
    assert xlsx.status == ImportStatus.READY, xlsx.report["errors"][:2]
