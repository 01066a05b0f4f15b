"""The importer against real files from ../shared/data (skipped when that folder is absent)."""

import csv
import json

import pytest
from django.core.files.base import ContentFile
from django_scopes import scopes_disabled

from verbund.areas.models import Area
from verbund.statistics import services
from verbund.statistics.importing.matching import REASON_TOTAL, REASON_UNKNOWN
from verbund.statistics.models import ImportStatus, Indicator, IndicatorValue

from .conftest import data_path

pytestmark = pytest.mark.django_db

MSS = ("berlin-mss", "data")
MSS_2019 = "berlin-lor-monitoring-social-urban-development-2019-00"


def berlin_areas(municipality) -> int:
    geojson = data_path(*MSS, MSS_2019, f"{MSS_2019}-planning-areas.geojson")
    features = json.loads(geojson.read_text(encoding="utf-8"))["features"]
    assert len(features) == 448
    areas = {}
    for feature in features:
        props = feature["properties"]
        # One Planungsraum (06010102) comes as two polygons: one area, as the unique key says.
        areas.setdefault(
            props["id"],
            Area(
                municipality=municipality,
                code=props["id"],
                name=props["name"],
                level="Planungsraum",
                kind="planning",
            ),
        )
    with scopes_disabled():
        Area.objects.bulk_create(areas.values())
    return len(areas)


MSS_COLUMNS = {
    "inhabitants": "population",
    "s1_percentage_unemployed": "unemployment_share",
    "s3_percentage_transfer_payments_recipients": "sgb2_share",
    "s4_percentage_transfer_payments_recipients_below_15_years": "child_poverty_share",
    "k02_single_parent_households": "single_parent_households_share",
    "k05_inhabitants_with_migration_background": "migration_background_share",
}


def upload(tenant, path, name=None):
    return services.import_upload(
        actor=tenant.users["planner"],
        municipality=tenant.municipality,
        upload=ContentFile(path.read_bytes(), name=name or path.name),
    )


def test_berlin_mss_2019_joins_435_rows_and_reports_the_rest(tenant, unscoped):
    assert berlin_areas(tenant.municipality) == 447
    path = data_path(*MSS, MSS_2019, f"{MSS_2019}-planning-areas.csv")
    run = upload(tenant, path)
    spec = {"layout": "wide", "area_column": "id", "area_match": "key", "year": 2019}
    spec["columns"] = MSS_COLUMNS
    run = services.import_analyse(actor=None, run=run, spec=spec, options={})
    report = run.report
    assert report["file_error"] == ""
    assert report["error_count"] == 0, report["errors"][:3]
    assert report["rows"] == 436
    assert report["rows_joined"] == 435
    assert report["unmatched"] == [
        {
            "line": 120,
            "value": "04030417",
            "reason": REASON_UNKNOWN,
            "text": "Schloßstraße",
            "numbers": [
                ["inhabitants", "10976.0"],
                ["status_index", "2.0"],
                ["s1_percentage_unemployed", "3.01293"],
            ],
        }
    ]
    assert report["areas_without_data_count"] == 12
    assert {a["code"] for a in report["areas_without_data"]} == {
        "01011102",
        "01022103",
        "03010104",
        "04020204",
        "04020314",
        "04041133",
        "04041239",
        "04061757",
        "09010102",
        "09041403",
        "10010203",
        "12214528",
    }
    # The repeated "inhabitants" column is reported, and the copy is called "inhabitants (2)".
    assert "inhabitants (2)" in report["header"]
    assert any("inhabitants" in warning for warning in report["warnings"])
    assert report["decimal"] == "."
    assert run.status == ImportStatus.READY

    run = services.import_commit(actor=tenant.users["planner"], run=run)
    assert run.status == ImportStatus.DONE, run.error_message
    assert not run.file
    missing = report["values"]["missing"]
    assert missing > 400  # "-" in k02 (single parents) is missing, not zero
    assert run.values_written == 435 * len(MSS_COLUMNS) - report["empty_cells"]
    single = Indicator.objects.get(
        municipality=tenant.municipality, key="single_parent_households_share"
    )
    stueler = IndicatorValue.objects.get(indicator=single, area__code="01011101", year=2019)
    assert stueler.status == "missing" and stueler.value is None
    population = IndicatorValue.objects.get(
        indicator__key="population", area__code="01011101", municipality=tenant.municipality
    )
    assert population.value == 3384.0


def test_berlin_2021_repeated_column_is_renamed_and_warned(tenant, unscoped):
    path = data_path(
        *MSS,
        "berlin-lor-monitoring-social-urban-development-2021-00",
        "berlin-lor-monitoring-social-urban-development-2021-00-planning-areas.csv",
    )
    run = upload(tenant, path)
    run = services.import_analyse(actor=None, run=run, spec={}, options={})
    header = run.report["header"]
    assert header.count("inhabitants") == 1
    assert header.index("inhabitants (2)") == 21
    assert run.report["warnings"] == [
        "Die Spaltenüberschrift „inhabitants“ kommt mehrfach vor; Spalte V heißt hier "
        "„inhabitants (2)“. Ordnen Sie nur eine der beiden Spalten einem Indikator zu."
    ]
    assert run.status == ImportStatus.INVALID


def koeln_areas(municipality) -> dict[str, str]:
    import shapefile

    dbf = data_path("koeln", "stadtteile_shp", "Stadtteil.dbf")
    reader = shapefile.Reader(dbf=dbf.open("rb"), encoding="latin-1")
    stadtteile = {record["STT_NR"]: record["STT_NAME"] for record in reader.iterRecords()}
    assert len(stadtteile) == 86
    with scopes_disabled():
        Area.objects.bulk_create(
            Area(municipality=municipality, code=code, name=name, level="Stadtteil")
            for code, name in stadtteile.items()
        )
    return stadtteile


def test_koeln_long_format_population(tenant, unscoped):
    stadtteile = koeln_areas(tenant.municipality)
    services.indicator_create(
        actor=None,
        municipality=tenant.municipality,
        data={
            "key": "children_0_3",
            "name": "Kinder unter 3 Jahren",
            "unit": "Personen",
            "kind": "count",
            "topic": "Bevölkerung",
        },
    )
    path = data_path("koeln", "bevoelkerung.csv")
    run = upload(tenant, path)
    spec = {
        "layout": "long",
        "area_column": "raum_id",
        "area_match": "key",
        "year_column": "jahr",
        "indicator_columns": ["tabelle", "zeile"],
        "value_column": "zahl",
    }
    run = services.import_analyse(actor=None, run=run, spec=spec, options={})
    labels = run.report["labels"]
    assert labels["Einwohner in Köln / Einwohner"] == 86 * 8  # labels of joined rows
    assert run.status == ImportStatus.INVALID  # no label mapped yet: nothing to write
    spec["labels"] = {
        "Einwohner in Köln / Einwohner": "population",
        "Einwohner nach Alter / 00 - < 03": "children_0_3",
    }
    run = services.import_analyse(actor=None, run=run, spec=spec, options={})
    report = run.report
    assert report["error_count"] == 0, report["errors"][:3]
    assert report["decimal"] == "."
    # Every row of the 86 Stadtteile joins; the city (000) and the 9 districts (001-009) do
    # not, the city total recognised as such.
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert report["rows"] == len(rows)
    assert report["rows_joined"] == sum(1 for row in rows if row["raum_id"] in stadtteile)
    assert report["areas_without_data_count"] == 0
    unmatched_ids = {item["value"] for item in report["unmatched"]}
    assert unmatched_ids <= {f"{n:03d}" for n in range(10)}
    assert report["years"] == list(range(2005, 2013))
    assert report["values"]["ok"] == 86 * 8 * 2
    run = services.import_commit(actor=None, run=run, background=False)
    assert run.status == ImportStatus.DONE, run.error_message
    assert run.values_created == 86 * 8 * 2
    nippes = IndicatorValue.objects.get(
        indicator__key="population", area__code="501", year=2012, municipality=tenant.municipality
    )
    expected = next(
        float(r["zahl"])
        for r in rows
        if r["raum_id"] == "501" and r["jahr"] == "2012" and r["tab_id"] == "005"
    )
    assert nippes.value == expected


def test_koeln_by_name_recognises_city_total(tenant, unscoped):
    tenant.municipality.name = "Stadt Köln"
    tenant.municipality.save()
    koeln_areas(tenant.municipality)
    content = "Gebiet;Einwohner\nStadt Köln;1.017.155\nNippes;36.209\nKöln insgesamt;1\n"
    run = services.import_upload(
        actor=None,
        municipality=tenant.municipality,
        upload=ContentFile(content.encode("cp1252"), name="koeln.csv"),
    )
    spec = {
        "area_column": "Gebiet",
        "area_match": "name",
        "year": 2012,
        "columns": {"Einwohner": "population"},
    }
    run = services.import_analyse(actor=None, run=run, spec=spec, options={})
    assert run.report["encoding"] == "cp1252"
    assert run.report["rows_joined"] == 1
    assert [u["reason"] for u in run.report["unmatched"]] == [REASON_TOTAL, REASON_TOTAL]
