import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from verbund.statistics.models import ImportMapping, ImportRun, IndicatorValue

from .factories import AreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas(tenant):
    AreaFactory(municipality=tenant.municipality, code="001", name="Altstadt")
    AreaFactory(municipality=tenant.municipality, code="002", name="Neustadt")


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "daten-2022.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_command_imports_and_saves_mapping(tenant, areas, tmp_path, capsys):
    path = write(tmp_path, "Gebiet;Einwohner\nAltstadt;1.675\nNeustadt;–\nGesamt;9\n", "cp1252")
    call_command(
        "import_indicators",
        tenant.municipality.slug,
        str(path),
        "--area-column",
        "Gebiet",
        "--match",
        "name",
        "--year",
        "2022",
        "--column",
        "Einwohner=population",
        "--save-mapping",
        "Einwohner je Stadtteil",
        "--user",
        tenant.users["planner"].username,
    )
    out = capsys.readouterr().out
    assert "2 Werte übernommen (2 neu, 0 aktualisiert)" in out
    assert "Zeile 4 „Gesamt“ – Summenzeile" in out
    with scopes_disabled():
        assert IndicatorValue.objects.count() == 2
        run = ImportRun.objects.get()
        assert run.created_by == tenant.users["planner"]
        assert ImportMapping.objects.get().spec["columns"] == {"Einwohner": "population"}
    # Next year: same mapping, dry run.
    path = write(tmp_path, "Einwohner;Gebiet\n1.700;Altstadt\n", "utf-8")
    call_command(
        "import_indicators",
        tenant.municipality.slug,
        str(path),
        "--mapping",
        "Einwohner je Stadtteil",
        "--year",
        "2023",
        "--dry-run",
    )
    assert "Probelauf" in capsys.readouterr().out
    with scopes_disabled():
        assert IndicatorValue.objects.count() == 2


def test_command_refuses_files_with_errors(tenant, areas, tmp_path, capsys):
    path = write(tmp_path, "Gebiet;Einwohner\nAltstadt;viele\n")
    with pytest.raises(CommandError, match="Nicht übernommen"):
        call_command(
            "import_indicators",
            tenant.municipality.slug,
            str(path),
            "--area-column",
            "Gebiet",
            "--match",
            "name",
            "--year",
            "2022",
            "--column",
            "Einwohner=population",
        )
    assert (
        "Fehler Zeile 2, Spalte B („Einwohner“): „viele“ ist keine Zahl." in capsys.readouterr().out
    )
    with scopes_disabled():
        assert IndicatorValue.objects.count() == 0
