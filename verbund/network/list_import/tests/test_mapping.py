"""The preview's column mapping, saved mappings, duplicate choices, discarding and expiry."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from verbund.core import pending_uploads
from verbund.core.models import BackgroundJob, JobStatus
from verbund.core.roles import Role
from verbund.network.list_import import services
from verbund.network.list_import.models import ListImportMapping
from verbund.network.list_import.reader import read_list
from verbund.network.list_import.rows import FACILITY, guess_columns, header_key, validate
from verbund.tenancy.models import Facility, FacilityKind
from verbund.tenancy.tests.factories import FacilityFactory

from .test_list_import import clean_kitas, facilities, form_data, upload

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
STADT = FIXTURES / "kitas_stadt_cp1252.csv"
STADT_MAPPING = {
    "name": "Einrichtungsbezeichnung",
    "street": "Straße u. Hausnr.",
    "postcode": "PLZ",
    "phone": "Telefon",
    "x": "Rechtswert",
    "y": "Hochwert",
}


def check(tenant, path, **options):
    content = path.read_bytes() if isinstance(path, Path) else path
    name = path.name if isinstance(path, Path) else "liste.csv"
    with scope(municipality=tenant.municipality.pk):
        listing = read_list(content, name, source_crs=options.get("source_crs", ""))
        return validate(listing, municipality=tenant.municipality, target=FACILITY, **options)


def url(tenant):
    return reverse("network:list_import", args=[tenant.municipality.slug])


# --- guessing and checking a mapping -------------------------------------------------------


def test_reasons_say_why_a_column_was_or_was_not_taken():
    columns = ["Kita-Nr.", "Einrichtungsbezeichnung", "Träger", "PLZ", "Stadtteil", "Sektor"]
    mapping, reasons = guess_columns(columns, FACILITY)
    assert mapping == {"name": "Kita-Nr.", "postcode": "PLZ"}
    assert reasons["Kita-Nr."] == "Überschrift beginnt mit „kita“, also „Name“"
    assert reasons["PLZ"] == "Überschrift „PLZ“ bedeutet „Postleitzahl“"
    assert reasons["Stadtteil"] == "keine bekannte Überschrift"
    assert reasons["Sektor"] == "„Sektor“ gibt es hier nicht (Einrichtungen)"


def test_the_same_header_set_in_another_order_has_the_same_key():
    assert header_key(["Name", "PLZ", "Straße"]) == header_key(["strasse", "plz ", "NAME"])
    assert header_key(["Name", "PLZ"]) != header_key(["Name", "Ort"])


def test_a_number_column_guessed_as_name_is_refused_in_german(tenant):
    preview = check(tenant, STADT)
    assert preview.errors == [
        "Die Spalte „Kita-Nr.“ enthält Nummern (z. B. „101“), keine Namen. Bitte wählen Sie in "
        "der Zuordnung unter „Name“ die Spalte mit den Namen."
    ]


def test_a_cp1252_city_list_imports_with_a_manual_mapping(tenant):
    preview = check(
        tenant,
        STADT,
        mapping=STADT_MAPPING,
        source_crs="EPSG:25832",
        default_kind=FacilityKind.KITA,
    )
    assert preview.ok, preview.errors
    assert [r["name"] for r in preview.rows] == [
        "Kita Sonnenblume – Familienzentrum",
        "Städt. Kita „Regenbogen“",
        "Kinderhaus Müllerstraße",
    ]
    assert preview.rows[2]["street"] == "Müllerstraße 7" and preview.rows[0]["phone"] == "0221 111"
    assert abs(float(preview.rows[0]["latitude"]) - 50.9320) < 1e-5
    assert preview.reasons["Einrichtungsbezeichnung"] == "von Ihnen „Name“ zugeordnet"
    assert preview.reasons["Kita-Nr."] == "von Ihnen abgewählt"


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"street": "PLZ"}, "Keine Spalte mit dem Namen erkannt"),
        (
            {"name": "Einrichtungsbezeichnung", "city": "PLZ", "postcode": "PLZ"},
            "Die Spalte „PLZ“ ist „Postleitzahl“ und „Ort“ zugeordnet",
        ),
        ({"name": "Einrichtungsbezeichnung", "x": "Rechtswert"}, "beide Spalten"),
        ({"name": "Spalte gibt es nicht"}, "gibt es in der Datei nicht"),
    ],
)
def test_a_mapping_that_cannot_work_is_a_clear_message(tenant, mapping, message):
    preview = check(tenant, STADT, mapping=mapping)
    assert not preview.ok and not preview.rows
    assert message in " ".join(preview.errors)


def test_a_school_list_with_title_rows_and_geojson_in_both_systems(tenant):
    preview = check(tenant, FIXTURES / "schulen_titel.xlsx")
    assert preview.ok, preview.errors
    assert [r["street"] for r in preview.rows] == ["Lindenweg 1", "Olpener Str. 5"]
    assert [r["kind"] for r in preview.rows] == [
        FacilityKind.PRIMARY_SCHOOL,
        FacilityKind.SECONDARY_SCHOOL,
    ]
    assert "Überschrift steht in Zeile 4" in preview.warnings[0]
    positions = []
    for name in ("kitas_25832.geojson", "kitas_4326.geojson"):
        preview = check(tenant, FIXTURES / name)
        assert preview.ok, preview.errors
        positions.append([(r["latitude"], r["longitude"]) for r in preview.rows])
    assert (
        positions[0]
        == positions[1]
        == [
            ("50.926000", "6.965000"),
            ("50.941000", "6.958000"),
        ]
    )


# --- the page: change the mapping, remember it, discard ------------------------------------


def test_changing_the_mapping_rerenders_the_preview_and_is_remembered(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    response = upload(client, tenant, STADT, "kitas.csv", default_kind=FacilityKind.KITA)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Überschrift beginnt mit „kita“, also „Name“" in page
    assert "enthält Nummern" in page
    assert not response.context["can_commit"]
    changes = {f"map_{k}": v for k, v in STADT_MAPPING.items()}
    response = client.post(
        url(tenant), form_data(response, "preview", source_crs="EPSG:25832", **changes)
    )
    assert response.status_code == 200, response.context["preview"].errors
    assert "3 werden übernommen" in response.content.decode()
    assert "von Ihnen „Name“ zugeordnet" in response.content.decode()
    # A select changed after the preview is shown first, not committed unseen.
    stale = client.post(url(tenant), form_data(response, map_phone=""))
    assert stale.status_code == 200 and "Zuordnung geändert" in stale.content.decode()
    assert facilities(tenant) == []
    response = client.post(url(tenant), form_data(response))
    assert response.status_code == 302
    assert sorted(f.name for f in facilities(tenant))[0] == "Kinderhaus Müllerstraße"
    with scopes_disabled():
        saved = ListImportMapping.objects.get(municipality=tenant.municipality)
    assert saved.mapping == STADT_MAPPING and saved.options["source_crs"] == "EPSG:25832"
    assert saved.options["default_kind"] == FacilityKind.KITA
    # The publisher's next file, columns reordered: the saved mapping is used at once.
    lines = STADT.read_bytes().decode("cp1252").splitlines()
    reordered = []
    for line in lines:
        cells = line.split(";")
        reordered.append(";".join([cells[1], cells[0], *cells[2:]]))
    content = (
        "\r\n".join(reordered)
        .replace("Kinderhaus Müllerstraße", "Kinderladen Wurzelzwerge")
        .encode("cp1252")
    )
    response = upload(client, tenant, content, "kitas-2025.csv")
    assert response.status_code == 200, response.context["preview"].errors
    assert "gespeicherte Zuordnung" in response.content.decode()
    preview = response.context["preview"]
    assert len(preview.rows) == 1 and preview.duplicates == 2  # two are there already


def test_a_mapping_of_another_municipality_is_not_used(client, tenant, foreign):
    with scopes_disabled():
        ListImportMapping.objects.create(
            municipality=foreign.municipality,
            target=FACILITY,
            header_key=header_key(read_list(STADT.read_bytes(), "k.csv").columns),
            mapping=STADT_MAPPING,
            options={"source_crs": "EPSG:25832", "default_kind": FacilityKind.KITA},
        )
    client.force_login(tenant.users[Role.COORDINATOR])
    response = upload(client, tenant, STADT, "kitas.csv")
    assert response.status_code == 400 and "enthält Nummern" in response.content.decode()


def test_discarding_forgets_the_upload_and_writes_nothing(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    response = upload(client, tenant, clean_kitas(), "kitas.csv", source_crs="EPSG:25832")
    data = form_data(response)
    assert pending_uploads.names(data["token"], user=tenant.users[Role.COORDINATOR])
    cancelled = client.post(url(tenant), {**data, "action": "cancel"}, follow=True)
    assert "verworfen" in cancelled.content.decode()
    assert not pending_uploads.names(data["token"], user=tenant.users[Role.COORDINATOR])
    late = client.post(url(tenant), data, follow=True)
    assert "Die Vorschau ist abgelaufen" in late.content.decode()
    assert facilities(tenant) == []


def test_another_users_token_is_worth_nothing(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    response = upload(client, tenant, clean_kitas(), "kitas.csv", source_crs="EPSG:25832")
    data = form_data(response)
    client.force_login(tenant.users[Role.PLANNER])
    late = client.post(url(tenant), data, follow=True)
    assert "Die Vorschau ist abgelaufen" in late.content.decode()
    assert facilities(tenant) == []


def test_expired_uploads_and_orphaned_rows_are_swept(tenant, monkeypatch):
    user = tenant.users[Role.COORDINATOR]
    old = pending_uploads.stash([SimpleUploadedFile("alt.csv", b"Name\nA\n")], user=user)
    fresh = pending_uploads.stash([SimpleUploadedFile("neu.csv", b"Name\nB\n")], user=user)
    folder = pending_uploads._folder()
    key = pending_uploads._files(old, user=user)[0][0]
    stale = time.time() - pending_uploads.MAX_AGE_SECONDS - 60
    os.utime(folder / f"{key}.upload", (stale, stale))
    orphan = default_storage.save(f"{services.STORAGE_DIR}/alt.json", ContentFile(b"[]"))
    later = timezone.now() + timedelta(seconds=pending_uploads.MAX_AGE_SECONDS + 60)
    monkeypatch.setattr(services.timezone, "now", lambda: later)
    assert services.sweep_expired() >= 2
    assert not pending_uploads.names(old, user=user)
    assert pending_uploads.names(fresh, user=user) == ["neu.csv"]
    assert not default_storage.exists(orphan)


def test_a_queued_background_import_can_be_cancelled(client, tenant):
    user = tenant.users[Role.COORDINATOR]
    with scope(municipality=tenant.municipality.pk):
        preview = check(tenant, clean_kitas(), source_crs="EPSG:25832")
        job = services.list_import_start(
            actor=user,
            municipality=tenant.municipality,
            target=FACILITY,
            rows=preview.rows,
            filename="kitas.csv",
        )
    client.force_login(user)
    job_url = reverse("network:list_import_job", args=[tenant.municipality.slug, job.pk])
    assert "Übernahme abbrechen" in client.get(job_url).content.decode()
    response = client.post(job_url)
    assert response.status_code == 302
    with scopes_disabled():
        assert BackgroundJob.objects.get(pk=job.pk).status == JobStatus.CANCELLED
    assert facilities(tenant) == []


# --- duplicates: skip, update or create anyway ---------------------------------------------


def test_duplicates_can_be_skipped_updated_or_created_anyway(client, tenant):
    kept = FacilityFactory(
        municipality=tenant.municipality,
        name="Kita Sonnenschein",
        street="Lindenstraße 12",
        postcode="",
        latitude=None,
        longitude=None,
    )
    FacilityFactory(  # a few metres away, no address: a duplicate by position
        municipality=tenant.municipality,
        name="Kindergarten Regenbogen",
        street="",
        latitude=Decimal("50.925150"),
        longitude=Decimal("6.950250"),
    )
    client.force_login(tenant.users[Role.COORDINATOR])
    response = upload(client, tenant, clean_kitas(), "kitas.csv", source_crs="EPSG:25832")
    rows = {r["name"]: r for r in response.context["display"] if r["line"] != 6}
    assert rows["Kita Sonnenschein"]["decision"] == "skip"
    assert [c for c, _label in rows["Kita Sonnenschein"]["choices"]] == ["skip", "update"]
    assert [c for c, _label in rows["Kindergarten Regenbogen"]["choices"]] == [
        "skip",
        "update",
        "create",
    ]
    data = form_data(response)
    data[f"entscheidung-{rows['Kita Sonnenschein']['line']}"] = "update"
    data[f"entscheidung-{rows['Kindergarten Regenbogen']['line']}"] = "create"
    preview = client.post(url(tenant), {**data, "action": "preview"})
    assert "1 davon ergänzen vorhandene" in preview.content.decode()
    response = client.post(url(tenant), data)  # the choices are on the page: no second look
    assert response.status_code == 302
    with scopes_disabled():
        kept.refresh_from_db()
        assert kept.postcode == "50674" and kept.latitude == Decimal("50.932000")
        assert Facility.objects.filter(name="Kindergarten Regenbogen").count() == 2
        assert Facility.objects.filter(name="Kita Sonnenschein").count() == 1
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "1 vorhandener Eintrag ergänzt." in messages[0]


def kita_rows(count: int) -> bytes:
    lines = ["Name;Art;Straße;PLZ;Ort;Breite;Länge"]
    for n in range(count):
        lines.append(f"Kita {n};Kita;Weg {n};50674;Köln;50,{9000 + n};6,{9000 + n}")
    return "\n".join(lines).encode("cp1252")


@pytest.mark.parametrize("count", [3, 120])
def test_preview_and_remap_cost_the_same_queries_for_any_length(
    client, tenant, count, django_assert_max_num_queries
):
    FacilityFactory.create_batch(5, municipality=tenant.municipality)
    client.force_login(tenant.users[Role.COORDINATOR])
    with django_assert_max_num_queries(20):
        response = upload(client, tenant, kita_rows(count), "kitas.csv")
    assert response.status_code == 200 and len(response.context["preview"].rows) == count
    with django_assert_max_num_queries(20):
        response = client.post(url(tenant), form_data(response, "preview", map_city=""))
    assert response.status_code == 200


def test_an_organisation_list_updates_the_areas_an_organisation_serves(client, tenant):
    from verbund.areas.models import Area
    from verbund.network.tests.factories import OrganisationFactory

    with scopes_disabled():
        north = Area.objects.create(
            municipality=tenant.municipality, code="01", name="Nordstadt", level="Stadtteil"
        )
        south = Area.objects.create(
            municipality=tenant.municipality, code="02", name="Südstadt", level="Stadtteil"
        )
        club = OrganisationFactory(
            municipality=tenant.municipality, name="TuS Nordstadt", street="Am Sportplatz 1"
        )
        club.areas_served.set([north])
    client.force_login(tenant.users[Role.COORDINATOR])
    content = "Name;Sektor;Straße und Hausnummer;Einzugsgebiete;Sprachen\n" + (
        "TuS Nordstadt;Sport;Am Sportplatz 1;Südstadt;Deutsch, Türkisch\n"
    )
    response = upload(client, tenant, content.encode("utf-8"), "vereine.csv", target="organisation")
    row = next(r for r in response.context["display"])
    assert row["status"] == "duplicate"
    data = form_data(response)
    data[f"entscheidung-{row['line']}"] = "update"
    assert client.post(url(tenant), data).status_code == 302
    with scopes_disabled():
        club.refresh_from_db()
        assert set(club.areas_served.all()) == {north, south}
        assert club.languages == ["Deutsch", "Türkisch"]
