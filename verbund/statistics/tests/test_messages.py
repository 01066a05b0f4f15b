"""Messages that help (issue 9, item 11): the wizard lists, per column, why it is not taken –
as the command line does."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.core.roles import Role
from verbund.statistics import services
from verbund.statistics.importing.columns import column_notes

from .factories import AreaFactory

pytestmark = pytest.mark.django_db

CSV = (
    "Schlüssel;Stadtteil;Einwohner;Bemerkung;Fläche in km²;Ebene\n"
    "001;Altstadt;1.675;;2,5;Stadtteil\n"
    "002;Neustadt;2.300;;3,1;Stadtteil\n"
).encode()
SPEC = {
    "area_column": "Schlüssel",
    "year": 2023,
    "columns": {"Einwohner": "population"},
    "level_column": "Ebene",
    "level_value": "Stadtteil",
}


def test_the_wizard_says_why_each_column_is_not_taken(tenant, client):
    with scopes_disabled():
        AreaFactory(municipality=tenant.municipality, code="001", name="Altstadt")
        AreaFactory(municipality=tenant.municipality, code="002", name="Neustadt")
        run = services.import_upload(
            actor=None, municipality=tenant.municipality, upload=ContentFile(CSV, name="a.csv")
        )
        run = services.import_analyse(actor=None, run=run, spec=SPEC, options={})
    client.force_login(tenant.users[Role.PLANNER])
    page = client.get(
        reverse("statistics:import_detail", args=[tenant.municipality.slug, run.pk])
    ).content.decode()
    assert "5 Spalten werden nicht als Indikator übernommen" in page
    assert "<strong>Schlüssel</strong>: Spalte mit dem Gebiet" in page
    assert "<strong>Stadtteil</strong>: enthält Text, keine Zahlen (z. B. „Altstadt“)" in page
    assert "<strong>Bemerkung</strong>: leer in den ersten Zeilen" in page
    assert (
        "<strong>Fläche in km²</strong>: enthält Zahlen, ist aber keinem Indikator zugeordnet "
        "(z. B. „2,5“)" in page
    )
    assert "<strong>Ebene</strong>: Spalte mit der Gebietsebene" in page
    assert "--column" not in page  # that is the command line's way to map it


def test_year_columns_of_a_time_series_are_taken():
    report = {
        "header": ["Gebiet", "2012", "2013"],
        "sample": [[2, ["Altstadt", "1", "2"]]],
        "decimal": ",",
    }
    spec = {
        "layout": "years",
        "area_column": "Gebiet",
        "year_columns": {"2012": 2012, "2013": 2013},
        "indicator": "population",
    }
    assert column_notes(report, spec) == [("Gebiet", "Spalte mit dem Gebiet")]


def test_a_nul_character_in_the_file_is_stored_in_the_report(tenant):
    """PostgreSQL's jsonb refuses NUL: a UTF-16 file may carry one into a title or header."""
    content = "Titel\x00 2013\n\nSchlüssel;Ein\x00wohner\n001;5\n".encode("utf-16")
    with scopes_disabled():
        AreaFactory(municipality=tenant.municipality, code="001", name="Altstadt")
        run = services.import_upload(
            actor=None, municipality=tenant.municipality, upload=ContentFile(content, "a.csv")
        )
        run = services.import_analyse(actor=None, run=run, spec=SPEC, options={})
        run.refresh_from_db()
    assert "Ein\ufffdwohner" in run.report["header"]
    assert run.report["titles"] == ["Titel\ufffd 2013"]
