"""A signed version's PDF is rendered once at signing, stored, and served byte for byte."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from verbund.cooperation import services, signed_pdf
from verbund.cooperation.models import AgreementVersion
from verbund.core.models import AuditEntry
from verbund.core.roles import Role

from .helpers import make_agreement, sign

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def version_url(tenant, agreement, version):
    return reverse(
        "cooperation:version_pdf", args=[tenant.municipality.slug, agreement.pk, version.pk]
    )


def current_url(tenant, agreement):
    return reverse("cooperation:agreement_pdf", args=[tenant.municipality.slug, agreement.pk])


@pytest.fixture
def signed(tenant):
    agreement = sign(make_agreement(municipality=tenant.municipality, centre=tenant.centre))
    with scopes_disabled():
        version = agreement.versions.get()
    return agreement, version


def test_signing_stores_the_pdf_with_its_hash(tenant, signed):
    _agreement, version = signed
    assert version.pdf.name.startswith("cooperation/signed/") and version.pdf.name.endswith(".pdf")
    stored = default_storage.open(version.pdf.name).read()
    assert stored.startswith(b"%PDF-")
    assert hashlib.sha256(stored).hexdigest() == version.pdf_sha256
    assert "Offene Sprechstunde" in pdf_text(stored)
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="cooperation.agreement.signed")
    assert entry.data["pdf_sha256"] == version.pdf_sha256


def test_every_download_is_the_stored_file(client, tenant, signed):
    agreement, version = signed
    client.force_login(tenant.users[Role.COORDINATOR])
    first = client.get(version_url(tenant, agreement, version))
    second = client.get(version_url(tenant, agreement, version))
    current = client.get(current_url(tenant, agreement))
    for response in (first, second, current):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["ETag"] == f'"{version.pdf_sha256}"'
        assert hashlib.sha256(response.content).hexdigest() == version.pdf_sha256
    assert first.content == second.content == current.content
    assert first.content == default_storage.open(version.pdf.name).read()


def test_the_signed_file_does_not_follow_later_changes(client, tenant, signed):
    """A new draft changes the live data; the signed version's PDF stays what was signed."""
    agreement, version = signed
    with scope(municipality=tenant.municipality.pk):
        services.version_start_draft(actor=None, agreement=agreement)
        services.agreement_update(
            actor=None,
            agreement=agreement,
            partners=[p.organisation for p in agreement.parties.all() if p.organisation_id],
            data={"title": "Ganz neuer Titel der zweiten Fassung"},
        )
    client.force_login(tenant.users[Role.COORDINATOR])
    signed_download = client.get(version_url(tenant, agreement, version))
    assert hashlib.sha256(signed_download.content).hexdigest() == version.pdf_sha256
    assert "Ganz neuer Titel" not in pdf_text(signed_download.content)
    # The draft is rendered live: it shows the change.
    draft = client.get(current_url(tenant, agreement))
    assert draft.status_code == 200 and "ETag" not in draft
    assert "Ganz neuer Titel" in pdf_text(draft.content)
    assert "entwurf" in draft["Content-Disposition"]


def test_a_changed_file_is_not_served(client, tenant, signed):
    agreement, version = signed
    default_storage.delete(version.pdf.name)
    default_storage.save(version.pdf.name, io.BytesIO(b"%PDF-1.4 manipuliert\n%%EOF"))
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.get(version_url(tenant, agreement, version))
    assert response.status_code == 409
    assert "Prüfsumme" in response.content.decode()


def test_versions_signed_before_storage_get_their_file_once(client, tenant, signed):
    agreement, version = signed
    with scopes_disabled():
        AgreementVersion.objects.filter(pk=version.pk).update(pdf="", pdf_sha256="")
    client.force_login(tenant.users[Role.COORDINATOR])
    first = client.get(version_url(tenant, agreement, version))
    with scopes_disabled():
        version.refresh_from_db()
    assert version.pdf_sha256 == hashlib.sha256(first.content).hexdigest()
    second = client.get(version_url(tenant, agreement, version))
    assert second.content == first.content


def test_the_signed_version_stays_frozen(tenant, signed):
    _agreement, version = signed
    version.content = {**version.content, "title": "geändert"}
    with scopes_disabled(), pytest.raises(ValidationError):
        version.save()
    draft = AgreementVersion(municipality=tenant.municipality, agreement_id=version.agreement_id)
    with pytest.raises(ValueError):
        signed_pdf.store(draft)
