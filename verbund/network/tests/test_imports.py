import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from verbund.areas.models import Area
from verbund.core.roles import Role
from verbund.network import services
from verbund.network.list_import.reader import read_list
from verbund.network.list_import.tests.test_list_import import form_data
from verbund.network.models import Organisation

pytestmark = pytest.mark.django_db

HEADER = "Name;Sektor;Straße und Hausnummer;PLZ;Ort;Breitengrad;Längengrad;Einzugsgebiete\n"


def csv_upload(body: str, name="vereine.csv"):
    return SimpleUploadedFile(name, (HEADER + body).encode("utf-8"), content_type="text/csv")


def import_url(tenant):
    return reverse("network:organisation_import", args=[tenant.municipality.slug])


def send(client, tenant, upload):
    """The organisation import is the list import for organisations (one flow)."""
    return client.post(import_url(tenant), {"file": upload, "target": "organisation"})


def count(tenant):
    with scopes_disabled():
        return Organisation.objects.filter(municipality=tenant.municipality).count()


def test_preview_then_commit_creates_every_row(client, tenant):
    with scopes_disabled():
        area = Area.objects.create(
            municipality=tenant.municipality, code="01", name="Nordstadt", level="Stadtteil"
        )
    client.force_login(tenant.users[Role.COORDINATOR])
    body = (
        "TuS Nordstadt;Sport/Verein;Am Sportplatz 1;51061;Lindenhagen;50,99;7,01;01\n"
        "Stadtbibliothek;Kultur;Markt 1;51065;Lindenhagen;;;Nordstadt\n"
    )
    response = send(client, tenant, csv_upload(body))
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 Einträge übernehmen" in page
    assert count(tenant) == 0  # preview stores nothing
    data = form_data(response)
    response = client.post(import_url(tenant), data)
    assert response.status_code == 302
    assert response["Location"].endswith("/organisationen/")
    assert count(tenant) == 2
    with scopes_disabled():
        club = Organisation.objects.get(name="TuS Nordstadt")
        assert club.sector == "sport_club"
        assert str(club.latitude) == "50.990000"
        assert list(club.areas_served.all()) == [area]
        assert Organisation.objects.get(name="Stadtbibliothek").sector == "culture_library"
    # The preview cannot be committed twice.
    client.post(import_url(tenant), data)
    assert count(tenant) == 2


def test_errors_name_line_and_column_and_nothing_is_stored(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    body = (
        "Gut;Gesundheit;Weg 1;51061;Lindenhagen;;;\n"
        "Schlecht;Raumfahrt;Weg 2;510;Lindenhagen;;;\n"
        ";Gesundheit;Weg 3;51061;Lindenhagen;abc;7;Unbekannt\n"
    )
    response = send(client, tenant, csv_upload(body))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Zeile 3, Spalte „Sektor“: „Raumfahrt“ ist kein bekannter Sektor" in page
    assert "Zeile 3, Spalte „PLZ“" in page
    assert "Zeile 4, Spalte „Breitengrad“: „abc“ ist keine Zahl." in page
    assert "Zeile 4, Spalte „Einzugsgebiete“: Gebiet „Unbekannt“ gibt es nicht." in page
    assert "Zeile 4, Spalte „Name“" in page
    assert "übernehmen</span>" not in page
    assert count(tenant) == 0


def test_missing_required_columns(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    upload = SimpleUploadedFile("x.csv", b"Verein Nr;Ort\n1;B\n")
    page = send(client, tenant, upload).content.decode()
    assert "enthält Nummern" in page and "unter „Name“" in page
    upload = SimpleUploadedFile("x.csv", b"Vereinsname;Ort\nA;B\n")
    page = send(client, tenant, upload).content.decode()
    assert "Zeile 2, Spalte „Sektor“: Der Sektor fehlt" in page


def test_commit_is_all_or_nothing(tenant):
    rows = [
        {"name": "Erster Verein", "sector": "sport_club"},
        {"name": "Zweiter Verein", "sector": "sport_club"},
        {"name": "", "sector": "unbekannt"},
    ]
    with scopes_disabled(), pytest.raises(ValidationError):
        services.organisation_import(
            actor=None, municipality=tenant.municipality, rows=rows, filename="x.csv"
        )
    assert count(tenant) == 0


def xlsx_bytes(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_upload_is_read(client, tenant):
    client.force_login(tenant.users[Role.PLANNER])
    data = xlsx_bytes([["Name", "Sektor", "PLZ"], ["Hebammenpraxis", "Gesundheit", "51061"]])
    upload = SimpleUploadedFile("liste.xlsx", data)
    response = send(client, tenant, upload)
    assert response.status_code == 200
    assert "1 Eintrag übernehmen" in response.content.decode()


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bombe.xlsx", None, "manipulierten Datei"),
        ("liste.pdf", b"%PDF-1.4 ...", "Dateityp wird nicht unterstützt"),
        ("liste.xlsx", b"Name;Sektor\nA;B\n", "keine Excel-Arbeitsmappe"),
        ("gross.csv", b"Name;Sektor\n" + b"x" * (10 * 1024 * 1024 + 10), "zu groß"),
        ("leer.csv", b"   ", "leer"),
        ("kaputt.xlsx", b"PK\x03\x04 not really a zip", "beschädigt"),
    ],
)
def test_bad_uploads_get_a_clear_message_and_store_nothing(client, tenant, name, content, message):
    content = zip_bomb() if content is None else content
    client.force_login(tenant.users[Role.COORDINATOR])
    response = send(client, tenant, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert count(tenant) == 0
    assert not response.context.get("token")


def test_bomb_is_refused_before_openpyxl_opens_it(monkeypatch):
    import openpyxl

    def explode(*args, **kwargs):
        raise AssertionError("openpyxl must not open a ZIP bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", explode)
    assert "manipulierten Datei" in " ".join(read_list(zip_bomb(), "b.xlsx").errors)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_reader_never_fails_with_anything_but_a_message(data):
    for name in ("f.csv", "f.xlsx"):
        listing = read_list(data, name)
        assert listing.records or listing.errors


def test_club_list_with_other_headers_and_separate_house_number(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    body = "Vereinsname;Bereich;Straße;Hausnummer;PLZ\nSchachclub;Sport;Lerchenweg;40;51061\n"
    upload = SimpleUploadedFile("vereinsliste.csv", body.encode("cp1252"))
    response = send(client, tenant, upload)
    assert response.status_code == 200
    client.post(import_url(tenant), form_data(response))
    with scopes_disabled():
        club = Organisation.objects.get(name="Schachclub")
    assert club.street == "Lerchenweg 40" and club.sector == "sport_club"
