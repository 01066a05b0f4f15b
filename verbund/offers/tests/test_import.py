"""Import of offers from CSV/XLSX: preview, German errors per row and column, atomic commit."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.areas.tests.factories import AreaFactory
from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.network.tests.factories import OrganisationFactory
from verbund.offers.models import Offer
from verbund.offers.tests.factories import OfferFactory
from verbund.offers.text import search_text_for
from verbund.offers.transfer.reader import read_sheet
from verbund.offers.transfer.rows import UPDATE, Lookups, check_rows
from verbund.offers.transfer.services import offers_import_commit
from verbund.tenancy.tests.factories import FamilyCentreFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "Titel",
    "Kurzbeschreibung",
    "Anbieter",
    "Lebensphasen",
    "Themen",
    "Leistungsart",
    "Form",
    "Kosten",
    "Anmeldung",
    "Sprachen",
    "Ort/Adresse",
    "Gebiete",
    "Status",
    "Sichtbarkeit",
    "Kontakt",
]
BABY = [
    "Babymassage",
    "Ruhe und Berührung für Eltern und Babys",
    "Hebammenpraxis Storchennest",
    "0–1 Jahre",
    "Gesundheit und Bewegung; Erziehung und Elternberatung",
    "Beratung in Fragen der Partnerschaft, Trennung und Scheidung (§ 17)",
    "Kurs",
    "30 € für sechs Termine",
    "mit Anmeldung",
    "Deutsch, Türkisch",
    "Lerchenweg 12, 51061 Lindenhagen",
    "Nordstadt",
    "läuft",
    "öffentlich",
    "Hebammenteam, hebammen@example.org, 02171 4880-10",
]
FATHERS = [
    "Väterfrühstück",
    "",
    "",
    "0-1, 1-3",
    "parenting",
    "sgb8_16",
    "offener Treff",
    "kostenlos",
    "ohne Anmeldung",
    "de ar",
    "online",
    "101",
    "",
    "nur im Netzwerk",
    "",
]


def table(*rows, header=HEADER, delimiter=";", encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


@pytest.fixture
def world(tenant):
    m = tenant.municipality
    organisation = OrganisationFactory(municipality=m, name="Hebammenpraxis Storchennest")
    area = AreaFactory(municipality=m, name="Nordstadt", code="101")
    return {"organisation": organisation, "area": area}


def preview_of(content, tenant, filename="angebote.csv", duplicates="skip"):
    sheet = read_sheet(content, filename)
    with scopes_disabled():
        lookups = Lookups.load(municipality=tenant.municipality, centre=tenant.centre)
    return check_rows(sheet, lookups, duplicates=duplicates)


def test_rows_become_offers_with_terms_places_and_contact(tenant, world):
    preview = preview_of(table(BABY, FATHERS), tenant)
    assert preview.errors == [] and len(preview.rows) == 2
    with scopes_disabled():
        result = offers_import_commit(
            actor=tenant.users[Role.COORDINATOR],
            municipality=tenant.municipality,
            centre=tenant.centre,
            preview=preview,
            filename="angebote.csv",
        )
        baby = Offer.objects.get(pk=result.created[0])
        assert baby.provider == world["organisation"] and baby.centre == tenant.centre
        assert baby.cost == "fee" and baby.cost_note == "30 € für sechs Termine"
        assert baby.admission == "registration" and baby.languages == "de tr"
        assert (baby.place_kind, baby.street, baby.postcode, baby.city) == (
            "address",
            "Lerchenweg 12",
            "51061",
            "Lindenhagen",
        )
        assert list(baby.areas_served.all()) == [world["area"]]
        keys = {(t.vocabulary, t.key) for t in baby.terms.all()}
        assert keys == {
            ("life_phase", "0-1"),
            ("topic", "health"),
            ("topic", "parenting"),
            ("service_kind", "sgb8_17"),
        }
        assert (baby.contact_name, baby.contact_email, baby.contact_phone) == (
            "Hebammenteam",
            "hebammen@example.org",
            "02171 4880-10",
        )
        assert baby.search_text == search_text_for(baby) and "babymassage" in baby.search_text
        fathers = Offer.objects.get(pk=result.created[1])
        assert fathers.provider is None and fathers.visibility == "internal"
        assert fathers.place_kind == "online" and fathers.format == "open_meeting"
        assert {t.key for t in fathers.terms.all()} == {"0-1", "1-3", "parenting", "sgb8_16"}
        assert fathers.review_state == "approved" and fathers.last_checked
        actions = set(
            AuditEntry.unscoped.filter(municipality=tenant.municipality).values_list(
                "action", flat=True
            )
        )
        assert {"offers.offer.create", "offers.import.commit"} <= actions


def test_unknown_values_are_named_with_line_column_and_what_is_known(tenant, world):
    bad = list(BABY)
    bad[3] = "Teenager"
    bad[2] = "Hebammenpraxis Storchenest"
    bad[6] = "Workshop"
    bad[9] = "Klingonisch"
    bad[11] = "Nordstat"
    bad[14] = "Team, keine-mail@"
    preview = preview_of(table(FATHERS, bad), tenant)
    text = "\n".join(preview.errors)
    assert (
        "Zeile 3, Spalte „Lebensphasen“: „Teenager“ ist keine bekannte Lebensphase – bekannt "
        "sind: Schwangerschaft, 0–1 Jahre, 1–3 Jahre" in text
    )
    assert "Zeile 3, Spalte „Anbieter“" in text and "„Hebammenpraxis Storchennest“" in text
    assert "Zeile 3, Spalte „Form“: „Workshop“ ist keine bekannte Form" in text
    assert "„Klingonisch“ ist keine bekannte Sprache" in text
    assert "„Nordstat“ ist kein bekanntes Gebiet" in text and "Meinten Sie „Nordstadt“" in text
    assert "„keine-mail@“ ist keine gültige E-Mail-Adresse" in text
    assert not preview.ok


def test_missing_required_column_and_empty_file(tenant, world):
    header = [h for h in HEADER if h != "Form"]
    preview = preview_of(table(BABY[:6] + BABY[7:], header=header), tenant)
    assert any("Es fehlt die Spalte „Form“" in e for e in preview.errors)
    preview = preview_of(table(), tenant)
    assert any("keine Angebote" in e for e in preview.errors)


def test_a_file_cut_off_is_refused_naming_line_and_column(tenant, world):
    content = table(BABY, FATHERS)
    preview = preview_of(content[:-2], tenant)  # only the last line end is missing
    assert preview.errors and "Zeile 3, Spalte „Kontakt“" in preview.errors[0]
    preview = preview_of(content[: content.index(b"de ar") + 2], tenant)
    assert "Zeile 3: Die Datei endet mitten in dieser Zeile" in preview.errors[0]
    assert "es fehlt „Ort/Adresse“" in preview.errors[0]


def test_duplicates_are_skipped_or_updated_as_chosen_and_repeats_warned(tenant, world):
    with scopes_disabled():
        existing = OfferFactory(
            centre=tenant.centre,
            municipality=tenant.municipality,
            title="Babymassage",
            provider=world["organisation"],
            cost="free",
        )
    preview = preview_of(table(BABY, FATHERS, FATHERS), tenant)
    assert [r["title"] for r in preview.rows] == ["Väterfrühstück"]
    assert len(preview.skipped) == 1
    assert any("Zeile 4 wiederholt Zeile 3" in w for w in preview.warnings)
    preview = preview_of(table(BABY), tenant, duplicates=UPDATE)
    assert not preview.rows and len(preview.updates) == 1
    with scopes_disabled():
        result = offers_import_commit(
            actor=tenant.users[Role.COORDINATOR],
            municipality=tenant.municipality,
            centre=tenant.centre,
            preview=preview,
            filename="a.csv",
        )
        existing.refresh_from_db()
        assert result.updated == [existing.pk]
        assert existing.cost == "fee" and existing.languages == "de tr"
        assert Offer.objects.filter(title="Babymassage").count() == 1


def test_xlsx_is_read_by_the_same_reader(tenant, world):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Angebote des Familienzentrums"])
    sheet.append(HEADER)
    sheet.append(BABY)
    buffer = io.BytesIO()
    book.save(buffer)
    preview = preview_of(buffer.getvalue(), tenant, filename="angebote.xlsx")
    assert preview.errors == [] and [r["title"] for r in preview.rows] == ["Babymassage"]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_upload_preview_commit_result(
    tenant, world, django_assert_max_num_queries, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    client = _client(tenant.users[Role.COORDINATOR])
    url = reverse("offers:import", args=[tenant.municipality.slug])
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("angebote.csv", table(BABY, FATHERS), "text/csv")
    response = client.post(url, {"file": upload, "centre": tenant.centre.pk, "duplicates": "skip"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 neu, 0 werden aktualisiert" in page and "2 Angebote übernehmen" in page
    token = response.context["token"]
    with scopes_disabled():
        assert not Offer.objects.filter(municipality=tenant.municipality).exists()
    data = {"token": token, "centre": tenant.centre.pk, "duplicates": "skip", "action": "commit"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "2 neu angelegt, 0 aktualisiert, 0 übersprungen" in response.content.decode()
    with scopes_disabled():
        assert Offer.objects.filter(municipality=tenant.municipality).count() == 2
    # the token is gone: a second commit writes nothing
    response = client.post(url, data)
    assert response.status_code == 302
    with scopes_disabled():
        assert Offer.objects.filter(municipality=tenant.municipality).count() == 2


def test_preview_costs_the_same_queries_for_few_and_many_rows(
    tenant, world, django_assert_max_num_queries, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    client = _client(tenant.users[Role.COORDINATOR])
    url = reverse("offers:import", args=[tenant.municipality.slug])
    for count in (2, 120):
        rows = [[f"Kurs {n}", *BABY[1:]] for n in range(count)]
        upload = SimpleUploadedFile("a.csv", table(*rows), "text/csv")
        with django_assert_max_num_queries(16):
            response = client.post(
                url, {"file": upload, "centre": tenant.centre.pk, "duplicates": "skip"}
            )
        assert response.status_code == 200


def test_errors_disable_commit_and_nothing_is_written(tenant, world, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    client = _client(tenant.users[Role.COORDINATOR])
    url = reverse("offers:import", args=[tenant.municipality.slug])
    bad = list(BABY)
    bad[3] = "Teenager"
    upload = SimpleUploadedFile("a.csv", table(FATHERS, bad), "text/csv")
    response = client.post(url, {"file": upload, "centre": tenant.centre.pk, "duplicates": "skip"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "„Teenager“ ist keine bekannte Lebensphase" in page and "disabled" in page
    data = {
        "token": response.context["token"],
        "centre": tenant.centre.pk,
        "duplicates": "skip",
        "action": "commit",
    }
    assert client.post(url, data).status_code == 400
    with scopes_disabled():
        assert not Offer.objects.filter(municipality=tenant.municipality).exists()


def test_bad_uploads_get_a_message_at_the_field(tenant, world, monkeypatch, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    client = _client(tenant.users[Role.COORDINATOR])
    url = reverse("offers:import", args=[tenant.municipality.slug])
    monkeypatch.setattr("verbund.offers.transfer.forms.MAX_UPLOAD_BYTES", 100)
    upload = SimpleUploadedFile("a.csv", table(BABY), "text/csv")
    response = client.post(url, {"file": upload, "centre": tenant.centre.pk, "duplicates": "skip"})
    assert response.status_code == 400 and "Die Datei ist zu groß" in response.content.decode()
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4", "application/pdf")
    response = client.post(url, {"file": upload, "centre": tenant.centre.pk, "duplicates": "skip"})
    assert response.status_code == 400 and "CSV-Datei" in response.content.decode()


def test_only_own_centres_and_no_foreign_ones(tenant, foreign, world, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    other = FamilyCentreFactory(municipality=tenant.municipality)
    client = _client(tenant.users[Role.COORDINATOR])
    url = reverse("offers:import", args=[tenant.municipality.slug])
    choices = client.get(url).context["form"].fields["centre"].queryset
    assert list(choices) == [tenant.centre]
    for centre in (other, foreign.centre):
        upload = SimpleUploadedFile("a.csv", table(BABY), "text/csv")
        response = client.post(url, {"file": upload, "centre": centre.pk, "duplicates": "skip"})
        assert response.status_code == 400
    assert _client(tenant.users[Role.PARTNER]).get(url).status_code == 403
    with scopes_disabled():
        assert not Offer.objects.exists()


def test_a_row_the_models_refuse_at_commit_writes_nothing(tenant, world):
    preview = preview_of(table(FATHERS, BABY), tenant)
    assert preview.ok
    preview.rows[1]["online_url"] = "kein Link"  # refused by the model's URL validation
    with scopes_disabled(), pytest.raises(ValidationError, match=r"Zeile 3 \(„Babymassage“\)"):
        offers_import_commit(
            actor=tenant.users[Role.COORDINATOR],
            municipality=tenant.municipality,
            centre=tenant.centre,
            preview=preview,
            filename="a.csv",
        )
    with scopes_disabled():
        assert not Offer.objects.filter(municipality=tenant.municipality).exists()
        assert not AuditEntry.unscoped.filter(action="offers.offer.create").exists()


@pytest.mark.parametrize(
    "title,rest",
    [("Summe", "42"), ("Gesamt: 2 Angebote", ""), ("INSGESAMT", "2"), ("Anzahl Angebote", "2")],
)
def test_a_total_row_at_the_end_is_skipped_with_a_word(tenant, world, title, rest):
    total = [title] + [""] * (len(HEADER) - 1)
    total[1] = rest
    preview = preview_of(table(BABY, FATHERS, total), tenant)
    assert [r["title"] for r in preview.rows] == ["Babymassage", "Väterfrühstück"]
    assert not preview.errors
    assert any("Zeile 4" in w and "Summenzeile" in w for w in preview.warnings)


def test_an_offer_named_like_a_total_with_real_values_is_kept(tenant, world):
    named = list(FATHERS)
    named[0] = "Gesamtschule Elterncafé"
    preview = preview_of(table(named), tenant)
    assert [r["title"] for r in preview.rows] == ["Gesamtschule Elterncafé"]
    named[0] = "Summe der Möglichkeiten: Familienzeit"
    preview = preview_of(table(named), tenant)
    assert len(preview.rows) == 1 and not any("Summenzeile" in w for w in preview.warnings)
