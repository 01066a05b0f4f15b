"""Security issue item 4: one registry of every place a contact's personal data is stored.

A unique person is planted everywhere the app can put them — contact row, contact history,
body seat, next steps, an agreement's signatory and contact persons, the snapshot and stored
PDF of a signed version, a file name and the audit trail — through the services, as users
would. Before the erasure the Art. 15 export finds every table the person is in; after it,
no table, no stored file and no page holds any of their data.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from datetime import date

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from verbund.cooperation import services
from verbund.cooperation.models import AgreementVersion, AttachmentKind, Status
from verbund.core.models import AuditEntry
from verbund.core.privacy import declared_models
from verbund.core.roles import Role
from verbund.network import privacy_registry
from verbund.network import services as network_services
from verbund.network.models import Contact

from .factories import PNG_1PX, OrganisationFactory
from .helpers import make_agreement

pytestmark = pytest.mark.django_db

FIRST, LAST = "Zoë", "Quellmüller-Xyrandt"
FULL = f"{FIRST} {LAST}"
FUNCTION = "Fachdienstleitung Xyloquartz"
EMAIL = "zoe.quellmueller@example.org"
PHONE = "0221 9876543"
# What must be gone: every token of the person, also as JSON stores it on SQLite.
SECRETS = ["Quellmüller", "Xyrandt", "Xyloquartz", "quellmueller", "9876543"]
SECRET_FORMS = sorted({form for s in SECRETS for form in (s, json.dumps(s)[1:-1])})


def hits(text: str) -> list[str]:
    lowered = text.lower()
    return [secret for secret in SECRET_FORMS if secret.lower() in lowered]


def database_hits() -> dict[str, list[str]]:
    """Every table of the database, every column: where any secret occurs."""
    found: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 (table names from the DB)
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", "replace")
                    if isinstance(value, str) and hits(value):
                        found.setdefault(table, []).append(column)
    return found


def stored_files(folder: str = "") -> list[str]:
    if folder and not default_storage.exists(folder):
        return []
    directories, files = default_storage.listdir(folder)
    names = [f"{folder}/{name}" if folder else name for name in files]
    for directory in directories:
        names += stored_files(f"{folder}/{directory}" if folder else directory)
    return names


def file_text(name: str) -> str:
    data = default_storage.open(name).read()
    text = data.decode("latin-1")
    if data.startswith(b"%PDF-"):
        text += " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return text


def file_hits() -> dict[str, list[str]]:
    return {name: found for name in stored_files() if (found := hits(file_text(name)))}


@pytest.fixture
def planted(tenant):
    """The person, put everywhere through the services."""
    municipality = tenant.municipality
    actor = tenant.users[Role.COORDINATOR]
    organisation = OrganisationFactory(municipality=municipality)
    with scope(municipality=municipality.pk):
        contact = network_services.contact_create(
            actor=actor,
            municipality=municipality,
            data={
                "organisation": organisation,
                "first_name": FIRST,
                "last_name": "Quellmüller",
                "function": "Leitung",
                "email": EMAIL,
                "phone": PHONE,
                "notes": "erreichbar dienstags",
                "legal_basis": "e",
                "source": "Visitenkarte",
                "last_confirmed": date(2026, 1, 1),
            },
        )
        contact = network_services.contact_update(
            actor=actor, contact=contact, data={"last_name": LAST, "function": FUNCTION}
        )
        relationship = network_services.relationship_create(
            actor=actor,
            municipality=municipality,
            data={
                "centre": tenant.centre,
                "organisation": organisation,
                "status": "in_talks",
                "next_step": f"{FULL} zur Fachtagung einladen",
            },
        )
        network_services.interaction_create(
            actor=actor,
            relationship=relationship,
            data={"kind": "call", "summary": f"Telefonat mit {FULL} über die Sprechstunde"},
            contacts=[contact],
        )
        body = network_services.body_create(
            actor=actor,
            municipality=municipality,
            data={"name": "Runder Tisch Frühe Hilfen", "kind": "round_table"},
        )
        network_services.body_member_add(
            actor=actor,
            body=body,
            data={"organisation": organisation, "contact": contact, "role": "member"},
        )
    agreement = make_agreement(
        municipality=municipality, centre=tenant.centre, partners=[organisation], actor=actor
    )
    with scope(municipality=municipality.pk):
        partner = next(p for p in agreement.parties.all() if p.organisation_id)
        services.party_update(
            actor=actor, party=partner, data={"signatory": f"Dr. {FULL}, {FUNCTION}"}
        )
        services.responsibility_create(
            actor=actor,
            agreement=agreement,
            data={"party": partner, "task": "Elternberatung", "contact_person": contact},
        )
        services.responsibility_create(
            actor=actor,
            agreement=agreement,
            data={"party": partner, "task": "Vertretung", "contact": f"{FULL} (Vertretung)"},
        )
        agreement = services.agreement_transition(
            actor=actor, agreement=agreement, to=Status.NEGOTIATION
        )
        agreement = services.agreement_transition(
            actor=actor, agreement=agreement, to=Status.SIGNED, signed_on=date(2026, 2, 1)
        )
        version = agreement.versions.get()
        services.attachment_upload(
            actor=actor,
            agreement=agreement,
            upload=SimpleUploadedFile(f"Unterschrift {FULL}.png", PNG_1PX, "image/png"),
            kind=AttachmentKind.SIGNED_SCAN,
            version=version,
        )
    return contact, agreement, version, relationship, body


def pages(client, tenant, contact, agreement, version, relationship, body) -> dict[str, str]:
    slug = tenant.municipality.slug
    urls = {
        "contact": reverse("network:contact_detail", args=[slug, contact.pk]),
        "organisation": reverse(
            "network:organisation_detail", args=[slug, contact.organisation_id]
        ),
        "relationship": reverse("network:relationship_detail", args=[slug, relationship.pk]),
        "body": reverse("network:body_detail", args=[slug, body.pk]),
        "agreement": reverse("cooperation:agreement_detail", args=[slug, agreement.pk]),
        "version": reverse("cooperation:version_detail", args=[slug, agreement.pk, version.pk]),
        "audit log": reverse("tenancy:audit_log", args=[slug]),
    }
    result = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        result[name] = response.content.decode()
    pdf = client.get(reverse("cooperation:version_pdf", args=[slug, agreement.pk, version.pk]))
    result["version pdf"] = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages
    )
    return result


def test_export_finds_the_person_everywhere_and_erasure_leaves_them_nowhere(
    client, tenant, planted, django_capture_on_commit_callbacks
):
    contact, agreement, version, _relationship, _body = planted
    client.force_login(tenant.users[Role.ADMIN])
    slug = tenant.municipality.slug

    # Before: the person is in many tables, in the stored PDF and on the pages …
    before = database_hits()
    assert {"network_contact", "network_interaction", "network_relationship"} <= set(before)
    assert {"cooperation_party", "cooperation_responsibility"} <= set(before)
    assert {"cooperation_agreementversion", "cooperation_attachment", "core_auditentry"} <= set(
        before
    )
    assert any(name.startswith("cooperation/signed/") for name in file_hits())
    for name, text in pages(client, tenant, *planted).items():
        assert hits(text), name

    # … and the export finds every one of those tables, and names them all.
    person = privacy_registry.person_for(contact, pseudonym="x")
    found = privacy_registry.find_everywhere(person)
    found_tables = {model._meta.db_table for place, rows in found if rows for model in place.models}
    assert set(before) <= found_tables, set(before) - found_tables
    export = client.get(reverse("network:contact_access_json", args=[slug, contact.pk]))
    data = json.loads(export.content)
    assert data["person"]["nachname"] == LAST
    sections = {place.section for place, rows in found if rows}
    assert {"person", "kontaktverlauf", "gremien", "naechste_schritte", "protokoll"} <= sections
    assert "kooperationsvereinbarungen" in sections
    for section in sections - {"person", "gremien"}:  # a seat holds only the link
        assert hits(json.dumps(data[section], ensure_ascii=False)), section
    agreement_rows = json.dumps(data["kooperationsvereinbarungen"], ensure_ascii=False)
    assert version.pdf_sha256 in agreement_rows  # the stored PDF is listed
    assert "Unterschrift" in agreement_rows  # and the uploaded scan
    csv_export = client.get(reverse("network:contact_access_csv", args=[slug, contact.pk]))
    assert "kooperationsvereinbarungen" in csv_export.content.decode("utf-8-sig")

    # The erase page names the places and what happens there.
    confirm = client.get(reverse("network:contact_erase", args=[slug, contact.pk]))
    assert "Unterzeichnete Fassungen und ihre PDF-Dateien" in confirm.content.decode()

    old_pdf, old_content_hash = version.pdf.name, version.content_sha256
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("network:contact_erase", args=[slug, contact.pk]),
            {"confirm": "1", "reason": f"Antrag von {FULL} vom 3. März"},
        )
    assert response.status_code == 302

    # After: nowhere in the database, in no stored file, on no page, not in the export.
    assert database_hits() == {}
    assert file_hits() == {}
    assert not default_storage.exists(old_pdf)
    after = pages(client, tenant, *planted)
    for name, text in after.items():
        assert hits(text) == [], name
    assert "Personenbezogene Daten wurden am" in after["version"]
    export = client.get(reverse("network:contact_access_json", args=[slug, contact.pk]))
    assert hits(export.content.decode()) == []

    # The signed version stays signed and otherwise unchanged, with a visible note and the
    # new hashes recorded (the old ones in the audit entry).
    with scopes_disabled():
        erased = AgreementVersion.objects.get(pk=version.pk)
        contact.refresh_from_db()
        entry = AuditEntry.objects.get(action="cooperation.version.personal_data_erased")
    assert erased.is_signed and erased.signed_on == date(2026, 2, 1)
    assert erased.content["title"] == version.content["title"]
    assert contact.pseudonym in json.dumps(erased.content, ensure_ascii=False)
    assert erased.content_sha256 != old_content_hash and erased.pdf.name != old_pdf
    assert entry.data["before"]["content_sha256"] == old_content_hash
    assert entry.data["after"]["pdf_sha256"] == erased.pdf_sha256
    download = client.get(reverse("cooperation:version_pdf", args=[slug, agreement.pk, version.pk]))
    assert hashlib.sha256(download.content).hexdigest() == erased.pdf_sha256
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(download.content)).pages)
    assert "Personenbezogene Daten wurden am" in re.sub(r"\s+", " ", text)
    with scopes_disabled():
        erased.content = {}
        with pytest.raises(Exception, match="unterzeichnet"):
            erased.save()


# -- the registry covers every link to a contact and every declared personal field ----------

NOT_CONTACT_DATA = {
    "accounts.User": "Benutzerkonten (eigene Betroffene, eigene Auskunft und Löschung)",
    # Families of the welcome visits are not network contacts: their own app keeps them apart
    # and deletes names and addresses after the retention period (verbund/visits/README.md).
    "visits.BirthsImport": "Geburtenliste (nur bis zur Übernahme oder zum Verwerfen)",
    "visits.Family": "Familien der Begrüßungsbesuche (eigene Löschfrist)",
    "visits.Visit": "Besuche (eigene Löschfrist, danach nur Zahlen)",
    # The coordinator's working conditions are about a user account (employee data), deleted
    # with the account (on_delete=CASCADE), not about a network contact.
    "planning.ContractedHours": "Wochenstunden der Koordination (mit dem Benutzerkonto gelöscht)",
    "planning.Training": "Fortbildung und Supervision der Koordination (mit dem Konto gelöscht)",
}


def covered() -> set[tuple[str, str]]:
    return {
        (model._meta.label, name)
        for place in privacy_registry.places()
        for model, name in place.covers
    }


def test_every_link_to_a_contact_is_a_registered_place():
    links = {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey | models.ManyToManyField)
        and field.related_model is Contact
        and not field.auto_created
    }
    assert links, "the introspection finds the known links"
    assert links <= covered(), links - covered()


def test_every_declared_personal_field_is_a_registered_place():
    declared = {
        (model._meta.label, name)
        for model, record in declared_models()
        if model._meta.label not in NOT_CONTACT_DATA
        for name in record.fields
    }
    assert declared <= covered(), declared - covered()
