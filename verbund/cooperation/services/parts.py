"""An agreement's parties, responsibilities, resources and attachments (rule 1)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from verbund.core.audit import create_logged, log_action, save_changes, snapshot

from .. import uploads
from ..models import (
    Agreement,
    AgreementVersion,
    Attachment,
    AttachmentKind,
    Party,
    Resource,
    Responsibility,
)
from ..rules import ensure_editable
from .agreements import _locked

PARTY_FIELDS = ["added_value", "signatory"]


@transaction.atomic
def party_update(*, actor, party: Party, data: dict[str, Any]) -> Party:
    agreement = _locked(party.agreement)
    ensure_editable(agreement)
    return save_changes(
        party,
        fields=PARTY_FIELDS,
        data=data,
        action="cooperation.party.changed",
        actor=actor,
        log_data={"agreement": agreement.pk},
    )


def _check_party(agreement: Agreement, party: Party) -> None:
    if party.agreement_id != agreement.pk:
        raise ValidationError({"party": _("Diese Partei gehört nicht zu dieser Vereinbarung.")})


RESPONSIBILITY_FIELDS = ["party", "task", "scope", "contact", "contact_person"]


@transaction.atomic
def responsibility_create(*, actor, agreement: Agreement, data: dict[str, Any]) -> Responsibility:
    agreement = _locked(agreement)
    ensure_editable(agreement)
    _check_party(agreement, data["party"])
    person = data.get("contact_person")
    if person is not None and (
        person.organisation_id != data["party"].organisation_id or person.is_erased
    ):
        raise ValidationError(
            {
                "contact_person": _(
                    "Diese Ansprechperson gehört nicht zur gewählten Partei. Bitte wählen Sie "
                    "eine Person der Partnerorganisation oder tragen Sie Name/Funktion ein."
                )
            }
        )
    defaults = {name: None if name == "contact_person" else "" for name in RESPONSIBILITY_FIELDS}
    return create_logged(
        Responsibility,
        values={"municipality": agreement.municipality, "agreement": agreement},
        fields=RESPONSIBILITY_FIELDS,
        data={**defaults, **data},
        action="cooperation.responsibility.created",
        actor=actor,
        log_data={"agreement": agreement.pk},
    )


@transaction.atomic
def responsibility_delete(*, actor, item: Responsibility) -> None:
    ensure_editable(_locked(item.agreement))
    before = snapshot(item, RESPONSIBILITY_FIELDS)
    log_action(
        "cooperation.responsibility.deleted",
        actor=actor,
        instance=item,
        before=before,
        data={"agreement": item.agreement_id},
    )
    item.delete()


RESOURCE_FIELDS = ["party", "kind", "description", "amount", "unit"]


@transaction.atomic
def resource_create(*, actor, agreement: Agreement, data: dict[str, Any]) -> Resource:
    agreement = _locked(agreement)
    ensure_editable(agreement)
    _check_party(agreement, data["party"])
    return create_logged(
        Resource,
        values={"municipality": agreement.municipality, "agreement": agreement},
        fields=RESOURCE_FIELDS,
        data=data,
        action="cooperation.resource.created",
        actor=actor,
        log_data={"agreement": agreement.pk},
    )


@transaction.atomic
def resource_delete(*, actor, item: Resource) -> None:
    ensure_editable(_locked(item.agreement))
    log_action(
        "cooperation.resource.deleted",
        actor=actor,
        instance=item,
        before=snapshot(item, RESOURCE_FIELDS),
        data={"agreement": item.agreement_id},
    )
    item.delete()


@transaction.atomic
def attachment_upload(
    *,
    actor,
    agreement: Agreement,
    upload,
    kind: str,
    version: AgreementVersion | None = None,
    party: Party | None = None,
) -> Attachment:
    """Checks the file's content first; nothing is stored unless every check passes."""
    checked = uploads.check_upload(upload)
    if version is not None and version.agreement_id != agreement.pk:
        raise ValidationError({"version": _("Diese Fassung gehört nicht zu dieser Vereinbarung.")})
    if party is not None:
        _check_party(agreement, party)
    if kind == AttachmentKind.SIGNED_SCAN and version is not None and not version.is_signed:
        raise ValidationError(
            {
                "version": _(
                    "Fassung %(number)s ist noch nicht als unterzeichnet erfasst; ein Scan der "
                    "Unterschriften gehört zu einer unterzeichneten Fassung."
                )
                % {"number": version.number}
            }
        )
    original = (getattr(upload, "name", "") or "scan")[-200:]
    attachment = Attachment(
        municipality=agreement.municipality,
        agreement=agreement,
        version=version,
        kind=kind,
        # The detected type's extension, never the uploaded one (Protokoll.html → .pdf).
        original_name=uploads.download_name(original, checked.content_type),
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        uploaded_by_party=party,
    )
    attachment.file.save("upload", upload, save=False)
    try:
        attachment.full_clean()
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    log_action(
        "cooperation.attachment.uploaded",
        actor=actor,
        instance=attachment,
        data={"agreement": agreement.pk},
        after={
            "kind": kind,
            "version": version.number if version else None,
            "content_type": checked.content_type,
            "size": checked.size,
            "sha256": checked.sha256,
        },
    )
    return attachment


@transaction.atomic
def attachment_delete(*, actor, attachment: Attachment, reason: str) -> None:
    """Removes a file uploaded by mistake (or holding data that must go). The audit entry keeps
    name, size and checksum, not the content. The file is deleted after the commit."""
    if not reason.strip():
        raise ValidationError({"reason": _("Bitte geben Sie einen Grund an.")})
    log_action(
        "cooperation.attachment.deleted",
        actor=actor,
        instance=attachment,
        before={
            "original_name": attachment.original_name,
            "kind": attachment.kind,
            "size": attachment.size,
            "sha256": attachment.sha256,
        },
        data={"agreement": attachment.agreement_id, "reason": reason.strip()},
    )
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
