"""Writes to the archive: documents, versions, links, retention."""

from __future__ import annotations

import contextlib
import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from verbund.core.audit import create_logged, log_action, save_changes, snapshot

from . import links as link_registry
from .choices import DocumentKind, ExtractionState, retention_date
from .models import Document, DocumentLink, DocumentVersion
from .search import search_text_for
from .uploads import CheckedFile, check_file

DOCUMENT_FIELDS = [
    "centre",
    "kind",
    "title",
    "description",
    "language",
    "tags",
    "document_date",
    "public",
    "confidential",
]
EDIT_FIELDS = [name for name in DOCUMENT_FIELDS if name != "centre"]


def _normalise_tags(tags: str) -> str:
    seen, result = set(), []
    for tag in (tags or "").split(","):
        tag = " ".join(tag.split())[:40]
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            result.append(tag)
    return ", ".join(result)[:300]


def _check_values(data: dict) -> None:
    if data.get("public") and data.get("kind") != DocumentKind.BROCHURE:
        raise ValidationError(
            {"public": _("Öffentlich können nur Broschüren sein.")}, code="public_kind"
        )
    if data.get("public") and data.get("confidential"):
        raise ValidationError(
            {"public": _("Ein vertrauliches Dokument kann nicht öffentlich sein.")},
            code="public_confidential",
        )
    if data.get("public") and not data.get("centre"):
        raise ValidationError(
            {"public": _("Öffentliche Broschüren gehören in das Archiv eines Familienzentrums.")},
            code="public_centre",
        )


def _refresh_search(document: Document, text: str | None = None) -> None:
    if text is None:
        latest = document.versions.order_by("-number").only("text").first()
        text = latest.text if latest else ""
    document.search_text = search_text_for(document, text)
    document.delete_after = retention_date(
        document.kind, since=timezone.localdate(document.updated_at or timezone.now())
    )
    Document.objects.filter(pk=document.pk).update(
        search_text=document.search_text, delete_after=document.delete_after
    )


def _store_version(
    *, actor, document: Document, checked: CheckedFile, original_name: str, note: str = ""
) -> DocumentVersion:
    number = (document.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = DocumentVersion(
        municipality=document.municipality,
        document=document,
        number=number,
        original_name=original_name[:200] or "dokument",
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        note=note[:300],
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        extraction=ExtractionState.PENDING,
    )
    version.file.save(original_name or "dokument", ContentFile(checked.data), save=False)
    stored = version.file.name
    try:
        version.full_clean()
        version.save()
    except Exception:
        version.file.storage.delete(stored)
        raise
    log_action(
        "documents.version.create",
        actor=actor,
        instance=document,
        after={
            "Version": number,
            "Datei": version.original_name,
            "Größe in Bytes": version.size,
            "Prüfsumme (SHA-256)": version.sha256,
        },
    )
    from .tasks import extract_version_text

    extract_version_text.enqueue(
        municipality=document.municipality,
        owner=actor,
        label=_("Text von „%(title)s“ lesen") % {"title": document.title[:150]},
        version_id=version.pk,
    )
    return version


@transaction.atomic
def document_create(*, actor, municipality, data: dict, upload=None, checked=None) -> Document:
    """A new document with its first version (``upload`` is checked by content first)."""
    checked = checked or check_file(upload)
    data = {**data, "tags": _normalise_tags(data.get("tags", ""))}
    _check_values(data)
    document = create_logged(
        Document,
        actor=actor,
        action="documents.document.create",
        values={
            "municipality": municipality,
            "created_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
        fields=DOCUMENT_FIELDS,
        data=data,
    )
    _store_version(
        actor=actor,
        document=document,
        checked=checked,
        original_name=getattr(upload, "name", "") or data.get("file_name", "") or "dokument",
    )
    _refresh_search(document, "")
    return document


@transaction.atomic
def document_update(*, actor, document: Document, data: dict) -> Document:
    data = {**data, "tags": _normalise_tags(data.get("tags", document.tags))}
    _check_values({**snapshot(document, DOCUMENT_FIELDS), **data, "centre": document.centre_id})
    save_changes(
        document, fields=EDIT_FIELDS, data=data, action="documents.document.update", actor=actor
    )
    document.refresh_from_db()
    _refresh_search(document)
    return document


@transaction.atomic
def version_add(*, actor, document: Document, upload, note: str = "") -> DocumentVersion:
    checked = check_file(upload)
    version = _store_version(
        actor=actor,
        document=document,
        checked=checked,
        original_name=getattr(upload, "name", "") or "dokument",
        note=note,
    )
    Document.objects.filter(pk=document.pk).update(updated_at=timezone.now())
    document.refresh_from_db()
    _refresh_search(document, "")
    return version


@transaction.atomic
def link_add(*, actor, document: Document, target) -> DocumentLink:
    """Link ``document`` to ``target`` (of a registered kind, same municipality)."""
    kind = link_registry.kind_for(target)
    if kind is None:
        raise ValidationError(_("Mit dieser Art von Eintrag kann nichts verknüpft werden."))
    if getattr(target, "municipality_id", None) != document.municipality_id:
        raise ValidationError(_("Der Eintrag gehört zu einer anderen Kommune."))
    content_type = ContentType.objects.get_for_model(target)
    existing = DocumentLink.objects.filter(
        document=document, target_type=content_type, target_id=target.pk
    ).first()
    if existing:
        return existing
    link = DocumentLink(
        municipality=document.municipality,
        document=document,
        target_type=content_type,
        target_id=target.pk,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    link.full_clean()
    link.save()
    log_action(
        "documents.link.create",
        actor=actor,
        instance=document,
        after={"link": f"{kind.label}: {kind.name(target)}"},
    )
    return link


@transaction.atomic
def link_remove(*, actor, link: DocumentLink) -> None:
    document = link.document
    log_action(
        "documents.link.delete",
        actor=actor,
        instance=document,
        before={"link": f"{link.target_type.app_label}.{link.target_type.model}:{link.target_id}"},
    )
    link.delete()


def _delete_files(document: Document) -> None:
    names = [name for name in document.versions.values_list("file", flat=True) if name]
    storage = DocumentVersion._meta.get_field("file").storage

    def remove():
        for name in names:
            with contextlib.suppress(OSError):
                storage.delete(name)

    transaction.on_commit(remove)


@transaction.atomic
def document_delete(*, actor, document: Document) -> None:
    log_action(
        "documents.document.delete",
        actor=actor,
        instance=document,
        before=snapshot(document, ["title", "kind", "centre"]),
        data={"versions": document.versions.count()},
    )
    _delete_files(document)
    document.delete()


def expire_due_documents(*, today: datetime.date | None = None) -> int:
    """Delete every document whose retention has run out (each in its own transaction,
    audited as done by the system). Returns how many were deleted."""
    today = today or timezone.localdate()
    with scopes_disabled():
        due = list(
            Document.objects.filter(delete_after__isnull=False, delete_after__lte=today)
            .select_related("municipality")
            .order_by("pk")[:5000]
        )
    deleted = 0
    for document in due:
        with scopes_disabled(), transaction.atomic():
            log_action(
                "documents.document.expire",
                actor=None,
                instance=document,
                before=snapshot(document, ["title", "kind", "centre", "delete_after"]),
                data={"versions": document.versions.count()},
            )
            _delete_files(document)
            document.delete()
            deleted += 1
    return deleted


@transaction.atomic
def file_generated(
    *,
    actor,
    municipality,
    centre,
    kind: str,
    title: str,
    data: bytes,
    file_name: str,
    target=None,
    document_date=None,
    confidential: bool = False,
) -> Document:
    """File a document the system made (e.g. approved minutes as PDF), checked like an upload;
    a second call for the same target and title adds a version instead of a new document."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(file_name, data)
    existing = None
    if target is not None:
        content_type = ContentType.objects.get_for_model(target)
        existing = (
            Document.objects.filter(
                municipality=municipality,
                kind=kind,
                links__target_type=content_type,
                links__target_id=target.pk,
            )
            .order_by("pk")
            .first()
        )
    if existing is not None:
        version_add(actor=actor, document=existing, upload=upload)
        return existing
    document = document_create(
        actor=actor,
        municipality=municipality,
        data={
            "centre": centre,
            "kind": kind,
            "title": title[:200],
            "document_date": document_date,
            "confidential": confidential,
            "public": False,
            "tags": "",
            "description": "",
            "language": "",
        },
        upload=upload,
    )
    if target is not None:
        link_add(actor=actor, document=document, target=target)
    return document
