"""The PDF of a signed version: rendered once, stored with its SHA-256, served byte for byte.

When a version is signed, its frozen content is rendered and stored through Django's storage
API (``AgreementVersion.pdf``); every later download serves that file, checked against the
stored hash, so what is downloaded is exactly what was signed. Drafts are rendered live.

The only later change is a GDPR erasure (``erase_person``): the person's data is replaced in the
snapshot, the PDF is rendered again with a visible note, and both new hashes are recorded; the
old file is deleted after the commit. ``AgreementVersion.save()`` refuses any write to a signed
version, so this module writes its few columns with ``update()``.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .content import content_hash
from .documents import render_pdf
from .models import AgreementVersion

logger = logging.getLogger(__name__)


def render_version(version: AgreementVersion) -> bytes:
    return render_pdf(
        content=version.content,
        version_number=version.number,
        signed=True,
        signed_on=version.signed_on,
        erased_on=version.personal_data_erased_on,
    )


def _write(version: AgreementVersion, **columns) -> None:
    AgreementVersion.objects.filter(pk=version.pk).update(**columns)
    for name, value in columns.items():
        setattr(version, name, value)


def store(version: AgreementVersion) -> AgreementVersion:
    """Render the signed version's PDF and store it with its hash (replacing an earlier file
    after the commit)."""
    if not version.is_signed:
        raise ValueError("only a signed version has a stored PDF")
    data = render_version(version)
    old_name = version.pdf.name
    field = AgreementVersion._meta.get_field("pdf")
    name = field.storage.save(field.generate_filename(version, "fassung.pdf"), ContentFile(data))
    _write(version, pdf=name, pdf_sha256=hashlib.sha256(data).hexdigest())
    if old_name and old_name != name:
        storage = field.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return version


@transaction.atomic
def ensure_stored(version: AgreementVersion) -> AgreementVersion:
    """Versions signed before PDFs were stored get theirs on the first download (once: the
    row is locked, so two downloads at once cannot store two different files)."""
    if version.pdf_sha256:
        return version
    locked = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    if locked.pdf_sha256:
        return locked
    return store(locked)


def stored_bytes(version: AgreementVersion) -> bytes | None:
    """The stored file's bytes if they match the recorded hash, else None."""
    try:
        with version.pdf.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError, ValueError):
        return None
    if hashlib.sha256(data).hexdigest() != version.pdf_sha256:
        return None
    return data


def download_name(version: AgreementVersion) -> str:
    return (
        f"kooperationsvereinbarung-{version.agreement_id}-fassung-{version.number}-"
        "unterzeichnet.pdf"
    )


def response(version: AgreementVersion) -> HttpResponse:
    version = ensure_stored(version)
    data = stored_bytes(version)
    if data is None:
        logger.error(
            "Stored PDF of agreement version %s is missing or does not match its hash",
            version.pk,
        )
        return HttpResponse(
            _(
                "Die gespeicherte PDF-Datei dieser unterzeichneten Fassung fehlt oder stimmt "
                "nicht mit ihrer Prüfsumme überein. Bitte wenden Sie sich an die Administration."
            ),
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    reply = HttpResponse(data, content_type="application/pdf")
    reply["Content-Disposition"] = f'inline; filename="{download_name(version)}"'
    reply["ETag"] = f'"{version.pdf_sha256}"'
    return reply


def replace_content(version: AgreementVersion, content: dict, *, erased_on=None) -> dict:
    """Swap a signed version's snapshot for ``content`` (a GDPR erasure), re-render and store
    its PDF; returns the hashes before and after for the audit entry."""
    before = {"content_sha256": version.content_sha256, "pdf_sha256": version.pdf_sha256}
    _write(
        version,
        content=content,
        content_sha256=content_hash(content),
        personal_data_erased_on=erased_on or timezone.localdate(),
    )
    store(version)
    return {
        "before": before,
        "after": {"content_sha256": version.content_sha256, "pdf_sha256": version.pdf_sha256},
    }
