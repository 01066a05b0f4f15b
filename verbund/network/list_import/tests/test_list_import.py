"""Facilities and organisations from public lists (issue 9, item 12)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verbund.core.models import AuditEntry, BackgroundJob, JobStatus
from verbund.core.roles import Role
from verbund.network.list_import import reader, services
from verbund.network.list_import.reader import read_list
from verbund.network.list_import.rows import FACILITY, ORGANISATION, validate
from verbund.network.models import Organisation, Sector
from verbund.tenancy.models import Facility, FacilityKind
from verbund.tenancy.tests.factories import FacilityFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
KITAS = FIXTURES / "kitas_utm32.csv"
SCHOOLS = FIXTURES / "schulen.xlsx"
GEOJSON = FIXTURES / "kitas_utm33.geojson"
SHAPEFILE = FIXTURES / "vereine_shp.zip"


def clean_kitas() -> bytes:
    return KITAS.read_bytes().replace(b"5067X", b"50670")


def check(tenant, content, filename, target=FACILITY, **options):
    with scope(municipality=tenant.municipality.pk):
        listing = read_list(content, filename, source_crs=options.get("source_crs", ""))
        return validate(listing, municipality=tenant.municipality, target=target, **options)


def facilities(tenant):
    """The facilities besides the tenant's own."""
    with scopes_disabled():
        return list(
            Facility.objects.filter(municipality=tenant.municipality)
            .exclude(pk=tenant.facility.pk)
            .order_by("name")
        )


# --- reading and checking ----------------------------------------------------------------


def test_projected_columns_without_crs_are_explained(tenant):
    preview = check(tenant, clean_kitas(), "kitas.csv")
    assert not preview.ok
    message = preview.errors[0]
    assert "„Rechtswert“ und „Hochwert“" in message and "EPSG:25832" in message
    assert "Zeile 2" in message


def test_kita_list_in_utm32_is_reprojected_with_duplicates_in_the_file(tenant):
    preview = check(tenant, clean_kitas(), "kitas.csv", source_crs="EPSG:25832")
    assert preview.ok, preview.errors
    assert preview.mapping["name"] == "Name der Einrichtung"
    assert preview.mapping["house_number"] == "Hausnummer"
    assert len(preview.rows) == 5 and preview.duplicates == 1
    first = preview.rows[0]
    assert first["street"] == "Lindenstraße 12" and first["kind"] == FacilityKind.KITA
    assert abs(float(first["latitude"]) - 50.9320) < 1e-5
    assert abs(float(first["longitude"]) - 6.9401) < 1e-5
    repeated = next(r for r in preview.display if r["status"] == "in_file")
    assert repeated["line"] == 6 and "Zeile 2" in repeated["notes"][0]


def test_a_bad_value_names_line_and_column(tenant):
    preview = check(tenant, KITAS.read_bytes(), "kitas.csv", source_crs="EPSG:25832")
    assert not preview.ok
    assert any(e.startswith("Zeile 7, Spalte „PLZ“:") for e in preview.errors), preview.errors


def test_existing_records_are_found_by_address_and_by_position(tenant):
    FacilityFactory(
        municipality=tenant.municipality,
        name="Kita Sonnenschein",
        street="Lindenstr. 12",
        postcode="50674",
    )
    FacilityFactory(
        municipality=tenant.municipality,
        name="Kindergarten Regenbogen gGmbH",
        street="",
        latitude=Decimal("50.925150"),
        longitude=Decimal("6.950250"),
    )
    FacilityFactory(
        municipality=tenant.municipality,
        name="Familienzentrum Pusteblume Süd",
        street="Anderswo 1",
        latitude=Decimal("50.924500"),
        longitude=Decimal("6.918500"),
    )
    preview = check(tenant, clean_kitas(), "kitas.csv", source_crs="EPSG:25832")
    statuses = {r["name"]: r["status"] for r in preview.display if r["line"] != 6}
    assert statuses["Kita Sonnenschein"] == "duplicate"  # same name, same address
    assert statuses["Kindergarten Regenbogen"] == "duplicate"  # same name, a few metres away
    assert statuses["Familienzentrum Pusteblume"] == "similar"
    assert statuses["Krippe Wolke 7"] == "new"
    assert len(preview.rows) == 3 and preview.duplicates == 3 and preview.similar == 1


def test_school_list_xlsx_with_kinds_and_german_decimals(tenant):
    preview = check(tenant, SCHOOLS.read_bytes(), "schulen.xlsx")
    assert preview.ok, preview.errors
    kinds = [r["kind"] for r in preview.rows]
    assert kinds == [
        FacilityKind.PRIMARY_SCHOOL,
        FacilityKind.SECONDARY_SCHOOL,
        FacilityKind.SECONDARY_SCHOOL,
    ]
    assert preview.rows[0]["latitude"] == "50.933000" and preview.rows[0]["phone"] == "0221 123"


def test_geojson_points_in_utm33_are_reprojected(tenant):
    preview = check(tenant, GEOJSON.read_bytes(), "kitas.geojson", default_kind=FacilityKind.KITA)
    assert preview.ok, preview.errors
    assert preview.file_format == "geojson" and "UTM zone 33N" in preview.crs_label
    assert abs(float(preview.rows[0]["latitude"]) - 52.52) < 1e-5
    assert abs(float(preview.rows[0]["longitude"]) - 13.405) < 1e-5
    assert preview.rows[0]["street"] == "Parkweg 1"


def test_a_point_shapefile_becomes_organisations(tenant):
    preview = check(tenant, SHAPEFILE.read_bytes(), "vereine.zip", target=ORGANISATION)
    assert preview.ok, preview.errors
    assert [r["sector"] for r in preview.rows] == [Sector.SPORT_CLUB, Sector.CULTURE_LIBRARY]
    assert preview.rows[1]["name"] == "Förderverein Bücherei"  # Latin-1 DBF
    assert abs(float(preview.rows[0]["latitude"]) - 50.93) < 1e-5


def test_a_missing_kind_is_an_error_unless_a_default_is_chosen(tenant):
    content = b"Name;Adresse\nHaus am See;Seeweg 1\n"
    preview = check(tenant, content, "liste.csv")
    assert preview.errors == [
        "Zeile 2, Spalte „Art“: Die Art der Einrichtung fehlt; bitte wählen Sie eine für die Liste."
    ]
    preview = check(tenant, content, "liste.csv", default_kind=FacilityKind.COUNSELLING)
    assert preview.ok and preview.rows[0]["kind"] == FacilityKind.COUNSELLING


@pytest.mark.parametrize(
    ("content", "filename", "expected"),
    [
        (b"", "leer.csv", "leer"),
        (b"PK\x03\x04kaputt", "liste.zip", "ZIP"),
        (b'{"type": "FeatureCollection", "features": [', "liste.geojson", "JSON"),
        (b"Spalte A;Spalte B\n1;2\n", "liste.csv", "Keine Spalte mit dem Namen"),
        (b"Name;Art\n" + b"\xff\xfe\x00bad", "liste.csv", ""),
    ],
)
def test_broken_files_are_messages_not_exceptions(tenant, content, filename, expected):
    preview = check(tenant, content, filename)
    assert not preview.ok or not preview.rows
    assert expected in " ".join(preview.errors + preview.warnings)


# --- the page: upload, preview, commit ----------------------------------------------------


def upload(client, tenant, path_or_bytes, filename, **data):
    content = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    data.setdefault("target", FACILITY)
    return client.post(
        reverse("network:list_import", args=[tenant.municipality.slug]),
        {"file": SimpleUploadedFile(filename, content), **data},
    )


def token_of(response) -> str:
    return response.context["token"]


def form_data(response, action="commit", **changes) -> dict:
    """What the preview's form posts as rendered (mapping, options, decisions)."""
    form = response.context["mapping_form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, False):
            continue
        data[name] = "on" if value is True else value
    for row in response.context["display"]:
        if row.get("choices"):
            data[f"entscheidung-{row['line']}"] = row["decision"]
    data.update(changes, action=action)
    return data


def commit(client, tenant, response, **changes):
    return client.post(
        reverse("network:list_import", args=[tenant.municipality.slug]),
        form_data(response, **changes),
    )


def test_preview_then_commit_creates_everything_and_logs(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    response = upload(client, tenant, clean_kitas(), "kitas.csv", source_crs="EPSG:25832")
    assert response.status_code == 200
    page = response.content.decode()
    assert "5 werden übernommen" in page and "doppelt in der Datei" in page
    assert facilities(tenant) == []  # nothing stored by the preview
    response = commit(client, tenant, response)
    assert response.status_code == 302
    names = [f.name for f in facilities(tenant)]
    assert len(names) == 5 and names.count("Kita Sonnenschein") == 1
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="tenancy.facility.created").count() == 5
        assert AuditEntry.objects.filter(action="network.list.imported").count() == 1
    # The same list again: everything is a duplicate, nothing to commit.
    response = upload(client, tenant, clean_kitas(), "kitas.csv", source_crs="EPSG:25832")
    assert "0 werden übernommen" in response.content.decode()
    assert not response.context["can_commit"]


def test_errors_block_the_commit_and_store_nothing(client, tenant):
    client.force_login(tenant.users[Role.PLANNER])
    response = upload(client, tenant, KITAS, "kitas.csv", source_crs="EPSG:25832")
    assert response.status_code == 400
    assert "Zeile 7, Spalte „PLZ“" in response.content.decode()
    assert not response.context["can_commit"]
    response = commit(client, tenant, response)
    assert response.status_code == 400 and facilities(tenant) == []


def test_commit_is_all_or_nothing(client, tenant, monkeypatch):
    client.force_login(tenant.users[Role.COORDINATOR])
    response = upload(client, tenant, clean_kitas(), "kitas.csv", source_crs="EPSG:25832")
    calls = []
    original = services.facility_create

    def failing(**kwargs):
        calls.append(kwargs)
        if len(calls) == 4:
            from django.core.exceptions import ValidationError

            raise ValidationError("Datenbank sagt nein")
        return original(**kwargs)

    monkeypatch.setattr(services, "facility_create", failing)
    response = client.post(
        reverse("network:list_import", args=[tenant.municipality.slug]),
        form_data(response),
        follow=True,
    )
    assert "es wurde nichts gespeichert" in response.content.decode()
    assert "Datenbank sagt nein" in response.content.decode()
    assert facilities(tenant) == []


def test_a_large_list_goes_through_the_task_worker(
    client, tenant, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "BACKGROUND_ROWS", 3)
    client.force_login(tenant.users[Role.COORDINATOR])
    response = upload(client, tenant, clean_kitas(), "kitas.csv", source_crs="EPSG:25832")
    with django_capture_on_commit_callbacks(execute=True):
        response = commit(client, tenant, response)
    assert response.status_code == 302 and "/auftrag/" in response["Location"]
    with scopes_disabled():
        job = BackgroundJob.objects.get(task=services._list_import_task.path)
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.result == {"created": 5, "skipped": 0, "updated": 0}
    assert len(facilities(tenant)) == 5
    page = client.get(response["Location"]).content.decode()
    assert "5 Einrichtungen angelegt." in page


def test_organisations_from_a_shapefile_through_the_page(client, tenant):
    client.force_login(tenant.users[Role.PLANNER])
    response = upload(client, tenant, SHAPEFILE, "vereine.zip", target=ORGANISATION)
    assert response.status_code == 200, response.context["preview"].errors
    commit(client, tenant, response)
    with scopes_disabled():
        names = set(
            Organisation.objects.filter(municipality=tenant.municipality).values_list(
                "name", flat=True
            )
        )
    assert names == {"TuS Lindenhagen 1890", "Förderverein Bücherei"}


def test_size_limit_and_wrong_type_are_form_errors(client, tenant, monkeypatch):
    client.force_login(tenant.users[Role.COORDINATOR])
    monkeypatch.setattr(reader, "MAX_UPLOAD_BYTES", 100)
    from verbund.network.list_import import forms

    monkeypatch.setattr(forms, "MAX_UPLOAD_BYTES", 100)
    response = upload(client, tenant, clean_kitas(), "kitas.csv")
    assert response.status_code == 400
    assert "groß" in response.content.decode()
    response = upload(client, tenant, b"MZ\x90\x00", "programm.exe")
    assert response.status_code == 400
    assert "Dateityp" in response.content.decode()


def test_a_stale_token_is_refused_without_writing(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        reverse("network:list_import", args=[tenant.municipality.slug]),
        {"action": "commit", "token": "abc", "target": FACILITY},
        follow=True,
    )
    assert "Die Vorschau ist abgelaufen" in response.content.decode()
    assert facilities(tenant) == []


def test_partners_may_not_import(client, tenant):
    client.force_login(tenant.users[Role.PARTNER])
    response = client.get(reverse("network:list_import", args=[tenant.municipality.slug]))
    assert response.status_code == 403


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    content=st.binary(max_size=300),
    filename=st.sampled_from(["x.csv", "x.xlsx", "x.geojson", "x.zip", "x.txt"]),
)
def test_any_bytes_give_a_preview_never_an_exception(tenant, content, filename):
    preview = check(tenant, content, filename)
    assert preview.ok or preview.errors


def test_every_cut_of_a_real_shaped_list_is_read_or_explained(tenant):
    content = clean_kitas()
    for cut in range(0, len(content), 7):
        preview = check(tenant, content[:cut], "kitas.csv", source_crs="EPSG:25832")
        assert preview.ok or all(isinstance(e, str) and e for e in preview.errors)


@pytest.mark.parametrize(
    ("marker", "column"),
    [(b";K\xf6ln", "Ort"), (b";Buchenring", "Hausnummer"), (b"Kita Kleine", "Art")],
)
def test_a_list_cut_off_mid_row_is_refused_naming_line_and_column(tenant, marker, column):
    content = clean_kitas().rstrip(b"\r\n")
    cut = content.rfind(marker) + len(marker) - 3  # inside the last row's value
    preview = check(tenant, content[:cut], "kitas.csv", source_crs="EPSG:25832")
    assert not preview.ok
    assert "endet mitten in dieser Zeile" in preview.errors[0]
    assert "Zeile 7" in preview.errors[0]


def test_a_list_without_a_final_line_end_is_read_with_a_warning(tenant):
    content = clean_kitas().rstrip(b"\r\n")
    preview = check(tenant, content, "kitas.csv", source_crs="EPSG:25832")
    assert preview.ok
    assert any("ohne Zeilenumbruch" in w for w in preview.warnings)


def test_no_cut_stores_the_stump_of_a_name(tenant):
    content = clean_kitas()
    whole = check(tenant, content, "kitas.csv", source_crs="EPSG:25832")
    assert whole.ok and whole.rows
    names = {row["name"] for row in whole.rows}
    for cut in range(0, len(content), 3):
        preview = check(tenant, content[:cut], "kitas.csv", source_crs="EPSG:25832")
        if preview.ok:
            assert {row["name"] for row in preview.rows} <= names, cut
