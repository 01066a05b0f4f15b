"""Import services: preview report, atomic commit, mappings, history, audit, catalogue."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django_scopes import scopes_disabled
from openpyxl import Workbook

from verbund.core.models import AuditEntry
from verbund.statistics import services
from verbund.statistics.catalogue import default_indicators
from verbund.statistics.models import ImportMapping, ImportStatus, Indicator, IndicatorValue
from verbund.tenancy.tests.factories import MunicipalityFactory

from .factories import AreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas(tenant):
    return [
        AreaFactory(municipality=tenant.municipality, code="001", name="Altstadt-Nord"),
        AreaFactory(municipality=tenant.municipality, code="002", name="Neustadt/Süd"),
        AreaFactory(municipality=tenant.municipality, code="003", name="Mühlenviertel"),
    ]


def upload(tenant, content, name="daten.csv"):
    if isinstance(content, str):
        content = content.encode("utf-8")
    return services.import_upload(
        actor=tenant.users["planner"],
        municipality=tenant.municipality,
        upload=ContentFile(content, name=name),
    )


WIDE_SPEC = {
    "area_column": "Schlüssel",
    "year": 2023,
    "columns": {"Einwohner": "population", "SGB II %": "sgb2_share"},
}


def test_every_municipality_gets_the_catalogue(unscoped):
    municipality = MunicipalityFactory()
    keys = set(Indicator.objects.filter(municipality=municipality).values_list("key", flat=True))
    assert keys == {item["key"] for item in default_indicators()}
    assert {
        "children_0_3_share",
        "children_16_21_share",
        "child_poverty_share",
        "school_entry_motor_skills_share",
    } <= keys
    # Seeding again adds nothing and never overwrites a municipality's own wording.
    Indicator.objects.filter(municipality=municipality, key="population").update(name="Bevölkerung")
    assert services.indicator_catalogue_seed(municipality=municipality) == 0
    assert Indicator.objects.get(municipality=municipality, key="population").name == "Bevölkerung"


def test_wide_import_with_german_numbers_and_markers(tenant, areas, unscoped):
    content = (
        "Schlüssel;Name;Einwohner;SGB II %\n"
        "001;Altstadt-Nord;1.675;9,7\n"
        "002;Neustadt/Süd;12 345;.\n"
        "003;Mühlenviertel;-  23;-\n"
        "999;Insgesamt;15.000;8,1\n"
    )
    run = upload(tenant, content)
    run = services.import_analyse(actor=None, run=run, spec=WIDE_SPEC, options={})
    report = run.report
    assert report["delimiter"] == ";" and report["decimal"] == ","
    assert report["rows_joined"] == 3
    assert report["unmatched"] == [
        {
            "line": 5,
            "value": "999",
            "reason": "total",
            "text": "Insgesamt",
            "numbers": [["Einwohner", "15.000"], ["SGB II %", "8,1"]],
        }
    ]
    assert report["values"] == {"ok": 4, "missing": 1, "suppressed": 1}
    assert run.status == ImportStatus.READY
    run = services.import_commit(actor=tenant.users["planner"], run=run)
    assert (run.status, run.values_written, run.values_created) == ("done", 6, 6)
    values = {
        (v.area.code, v.indicator.key): (v.value, v.status)
        for v in IndicatorValue.objects.select_related("area", "indicator")
    }
    assert values[("001", "population")] == (1675.0, "ok")
    assert values[("002", "population")] == (12345.0, "ok")
    assert values[("003", "population")] == (-23.0, "ok")
    assert values[("001", "sgb2_share")] == (9.7, "ok")
    assert values[("002", "sgb2_share")] == (None, "suppressed")
    assert values[("003", "sgb2_share")] == (None, "missing")
    # One audit entry for the import, with counts, none per value.
    entries = AuditEntry.objects.filter(action="statistics.import.committed")
    assert entries.count() == 1
    assert entries.get().data["values_written"] == 6
    assert entries.get().actor == tenant.users["planner"]


def test_errors_name_line_and_column_in_german_and_block_the_commit(tenant, areas, unscoped):
    content = (
        "Schlüssel;Einwohner;SGB II %\n001;1.675;9,7\n002;viele;9,7\n003;12;3384.5\n003;12;1\n"
    )
    run = upload(tenant, content)
    run = services.import_analyse(actor=None, run=run, spec=WIDE_SPEC, options={})
    assert run.status == ImportStatus.INVALID
    errors = run.report["errors"]
    assert errors[0] == {
        "line": 3,
        "column": "B („Einwohner“)",
        "message": "„viele“ ist keine Zahl.",
    }
    assert errors[1]["line"] == 4 and errors[1]["column"] == "C („SGB II %“)"
    assert "Dezimalkomma" in errors[1]["message"]
    assert errors[2]["line"] == 5 and "steht schon in Zeile 4" in errors[2]["message"]
    assert "Mehrere Zeilen für ein Gebiet" in errors[2]["message"]
    with pytest.raises(ValidationError):
        services.import_commit(actor=None, run=run)
    assert IndicatorValue.objects.count() == 0


def test_commit_is_all_or_nothing(tenant, areas, unscoped, monkeypatch):
    run = upload(tenant, "Schlüssel;Einwohner\n001;1\n002;2\n003;3\n")
    spec = {"area_column": "Schlüssel", "year": 2023, "columns": {"Einwohner": "population"}}
    run = services.import_analyse(actor=None, run=run, spec=spec, options={})
    monkeypatch.setattr(services.writer, "BATCH_SIZE", 1)
    calls = {"n": 0}
    original = services._Writer.flush

    def failing_flush(self):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("Datenbank weg")
        return original(self)

    monkeypatch.setattr(services._Writer, "flush", failing_flush)
    run = services.import_commit(actor=None, run=run, background=False)
    assert run.status == ImportStatus.FAILED
    assert "nichts geschrieben" in run.error_message
    assert calls["n"] == 3
    assert IndicatorValue.objects.count() == 0


def test_reimport_updates_and_empty_cells_keep_values(tenant, areas, unscoped):
    spec = {"area_column": "Schlüssel", "year": 2023, "columns": {"Einwohner": "population"}}
    run = upload(tenant, "Schlüssel;Einwohner\n001;100\n002;200\n")
    services.import_commit(
        actor=None, run=services.import_analyse(actor=None, run=run, spec=spec, options={})
    )
    run = upload(tenant, "Schlüssel;Einwohner\n001;110\n002;\n003;300\n")
    run = services.import_commit(
        actor=None, run=services.import_analyse(actor=None, run=run, spec=spec, options={})
    )
    assert (run.values_written, run.values_created, run.values_updated) == (2, 1, 1)
    assert dict(IndicatorValue.objects.values_list("area__code", "value")) == {
        "001": 110.0,
        "002": 200.0,
        "003": 300.0,
    }


def test_long_layout_with_labels(tenant, areas, unscoped):
    content = (
        "Gebiet,Merkmal,Jahr,Wert\n"
        "Altstadt-Nord,Einwohner,2022,1675\n"
        "altstadt nord,Einwohner,2023,1680.5\n"
        "Neustadt Süd,Einwohner,2023,.\n"
        "Mühlenviertel,Fläche,2023,12\n"
        "Altstadt-Nord + Mühlenviertel,Einwohner,2023,2000\n"
    )
    run = upload(tenant, content)
    spec = {
        "layout": "long",
        "area_column": "Gebiet",
        "area_match": "name",
        "year_column": "Jahr",
        "indicator_columns": ["Merkmal"],
        "value_column": "Wert",
        "labels": {"Einwohner": "population"},
    }
    run = services.import_analyse(actor=None, run=run, spec=spec, options={})
    report = run.report
    assert report["decimal"] == "."
    assert report["labels"] == {"Einwohner": 3, "Fläche": 1}
    assert report["unmatched"] == [
        {
            "line": 6,
            "value": "Altstadt-Nord + Mühlenviertel",
            "reason": "merged",
            "text": "Einwohner",
            "numbers": [["Wert", "2000"]],
        }
    ]
    assert report["years"] == [2022, 2023]
    assert report["values"] == {"ok": 2, "missing": 0, "suppressed": 1}
    run = services.import_commit(actor=None, run=run)
    assert run.values_written == 3


def test_xlsx_import(tenant, areas, unscoped):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Schlüssel", "Einwohner", "SGB II %"])
    sheet.append([1, 1675, 9.7])  # a key that lost its leading zeros
    sheet.append(["002", "1.675", "9,7"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    run = upload(tenant, buffer.getvalue(), "daten.xlsx")
    run = services.import_analyse(actor=None, run=run, spec=WIDE_SPEC, options={})
    assert run.report["decimal"] == ","
    assert run.status == ImportStatus.READY, run.report["errors"]
    services.import_commit(actor=None, run=run)
    assert sorted(IndicatorValue.objects.values_list("value", flat=True)) == [
        9.7,
        9.7,
        1675.0,
        1675.0,
    ]


def test_saved_mapping_fits_next_years_file_with_reordered_columns(tenant, areas, unscoped):
    mapping = services.mapping_save(
        actor=tenant.users["planner"],
        municipality=tenant.municipality,
        name="Sozialstrukturatlas",
        spec={**WIDE_SPEC, "year": None, "year_column": "Jahr"},
    )
    run = upload(tenant, "SGB II %;Jahr;Einwohner;Schlüssel\n9,7;2024;1.675;001\n")
    run = services.import_analyse(actor=None, run=run, spec=mapping.spec, options={})
    assert run.status == ImportStatus.READY
    assert run.report["years"] == [2024]
    again = services.mapping_save(
        actor=None, municipality=tenant.municipality, name=" Sozialstrukturatlas ", spec={}
    )
    assert again.pk == mapping.pk
    assert ImportMapping.objects.count() == 1


def test_upload_limits_are_checked_before_storing(tenant, unscoped, monkeypatch):
    with pytest.raises(ValidationError, match="CSV-Datei"):
        upload(tenant, b"%PDF-1.4", "bericht.pdf")
    monkeypatch.setattr(services.uploads, "MAX_UPLOAD_BYTES", 10)
    with pytest.raises(ValidationError, match="zu groß"):
        upload(tenant, b"a;b\n1;2\n3;4\n")
    from verbund.statistics.models import ImportRun

    assert ImportRun.objects.count() == 0


def test_history_and_file_lifetime(tenant, areas, unscoped):
    content = b"Schl\xc3\xbcssel;Einwohner\n001;5\n"
    run = upload(tenant, content)
    import hashlib

    assert run.sha256 == hashlib.sha256(content).hexdigest()
    assert run.file_size == len(content) and run.file_name == "daten.csv"
    assert run.created_by == tenant.users["planner"]
    assert run.file
    stored = run.file.name
    run = services.import_cancel(actor=None, run=run)
    assert run.status == ImportStatus.CANCELLED and not run.file
    from django.core.files.storage import default_storage

    assert not default_storage.exists(stored)
    with pytest.raises(ValidationError):
        services.import_cancel(actor=None, run=run)


def test_new_indicator_and_update_keeps_key(tenant, unscoped):
    indicator = services.indicator_create(
        actor=None,
        municipality=tenant.municipality,
        data={"key": "kita_places", "name": "Kitaplätze", "kind": "count", "unit": "Plätze"},
    )
    with pytest.raises(ValidationError):
        services.indicator_create(
            actor=None,
            municipality=tenant.municipality,
            data={"key": "kita_places", "name": "Doppelt", "kind": "count"},
        )
    services.indicator_update(actor=None, indicator=indicator, data={"key": "x", "name": "Plätze"})
    indicator.refresh_from_db()
    assert (indicator.key, indicator.name) == ("kita_places", "Plätze")
    with scopes_disabled():
        assert AuditEntry.objects.filter(action__startswith="statistics.indicator").count() == 2
