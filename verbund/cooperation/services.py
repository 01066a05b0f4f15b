"""Every write to agreements goes through here: validate, save, log, atomically (rule 1)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.core.audit import log_action, snapshot

from . import signed_pdf, uploads
from .content import agreement_content, content_hash
from .models import (
    TRANSITIONS,
    Agreement,
    AgreementVersion,
    Attachment,
    AttachmentKind,
    Party,
    PartyKind,
    Resource,
    Responsibility,
    Status,
)
from .rules import ensure_editable
from .selectors import agreement_get, current_version

AGREEMENT_FIELDS = [
    "title",
    "subject",
    "goals",
    "includes_municipality",
    "start_date",
    "end_date",
    "review_date",
    "notice_period",
]
STATUS_ACTIONS = {
    Status.DRAFT: "cooperation.agreement.reopened",
    Status.NEGOTIATION: "cooperation.agreement.negotiation_started",
    Status.SIGNED: "cooperation.agreement.signed",
    Status.ACTIVE: "cooperation.agreement.activated",
    Status.UNDER_REVIEW: "cooperation.agreement.review_started",
    Status.ENDED: "cooperation.agreement.ended",
}

ACTION_LABELS = {
    "cooperation.agreement.created": gettext_lazy("Vereinbarung angelegt"),
    "cooperation.agreement.changed": gettext_lazy("Inhalt geändert"),
    "cooperation.agreement.reopened": gettext_lazy("zurück zum Entwurf"),
    "cooperation.agreement.negotiation_started": gettext_lazy("Abstimmung begonnen"),
    "cooperation.agreement.signed": gettext_lazy("als unterzeichnet erfasst"),
    "cooperation.agreement.activated": gettext_lazy("aktiv gesetzt"),
    "cooperation.agreement.review_started": gettext_lazy("Überprüfung begonnen"),
    "cooperation.agreement.ended": gettext_lazy("beendet"),
    "cooperation.version.created": gettext_lazy("neue Fassung angelegt"),
    "cooperation.version.personal_data_erased": gettext_lazy(
        "personenbezogene Daten aus einer unterzeichneten Fassung gelöscht (Art. 17 DSGVO)"
    ),
    "cooperation.party.changed": gettext_lazy("Angaben einer Partei geändert"),
    "cooperation.responsibility.created": gettext_lazy("Zuständigkeit hinzugefügt"),
    "cooperation.responsibility.deleted": gettext_lazy("Zuständigkeit entfernt"),
    "cooperation.resource.created": gettext_lazy("Ressource hinzugefügt"),
    "cooperation.resource.deleted": gettext_lazy("Ressource entfernt"),
    "cooperation.attachment.uploaded": gettext_lazy("Datei hochgeladen"),
    "cooperation.attachment.deleted": gettext_lazy("Datei entfernt"),
    "cooperation.reminder.sent": gettext_lazy("Erinnerung gesendet"),
}


def _reload(agreement: Agreement) -> Agreement:
    return agreement_get(municipality=agreement.municipality, pk=agreement.pk)


def _sync_parties(agreement: Agreement, organisations) -> dict:
    """Make the partner parties match ``organisations`` (order kept); returns what changed."""
    existing = {p.organisation_id: p for p in agreement.parties.all() if p.kind == "partner"}
    wanted = [org.pk for org in organisations]
    removed = [p for org_id, p in existing.items() if org_id not in wanted]
    for party in removed:
        party.delete()
    added = []
    for position, org in enumerate(organisations, start=1):
        party = existing.get(org.pk)
        if party is None:
            party = Party(
                municipality=agreement.municipality,
                agreement=agreement,
                kind=PartyKind.PARTNER,
                organisation=org,
                position=position,
            )
            party.full_clean()
            party.save()
            added.append(org.pk)
        elif party.position != position:
            party.position = position
            party.save(update_fields=["position", "updated_at"])
    municipality_party = next(
        (p for p in agreement.parties.all() if p.kind == PartyKind.MUNICIPALITY), None
    )
    if agreement.includes_municipality and municipality_party is None:
        Party.objects.create(
            municipality=agreement.municipality,
            agreement=agreement,
            kind=PartyKind.MUNICIPALITY,
            position=1000,
        )
    elif not agreement.includes_municipality and municipality_party is not None:
        municipality_party.delete()
    return {
        "partners_added": added,
        "partners_removed": [p.organisation_id for p in removed],
    }


def _check_organisations(agreement: Agreement, organisations) -> None:
    if not organisations:
        raise ValidationError(
            {"partners": _("Bitte wählen Sie mindestens eine Partnerorganisation.")}
        )
    for org in organisations:
        if org.municipality_id != agreement.municipality_id:
            raise ValidationError({"partners": _("Diese Organisation gibt es hier nicht.")})


@transaction.atomic
def agreement_create(
    *, actor, municipality, centre, partners: list, data: dict[str, Any]
) -> Agreement:
    agreement = Agreement(municipality=municipality, centre=centre)
    for name in AGREEMENT_FIELDS:
        if name in data:
            setattr(agreement, name, data[name])
    agreement.full_clean()
    _check_organisations(agreement, partners)
    agreement.save()
    Party.objects.create(
        municipality=municipality, agreement=agreement, kind=PartyKind.CENTRE, position=0
    )
    _sync_parties(agreement, partners)
    AgreementVersion.objects.create(municipality=municipality, agreement=agreement, number=1)
    log_action(
        "cooperation.agreement.created",
        actor=actor,
        instance=agreement,
        after={
            **snapshot(agreement, [*AGREEMENT_FIELDS, "centre"]),
            "partners": [org.pk for org in partners],
        },
    )
    return _reload(agreement)


@transaction.atomic
def agreement_update(
    *, actor, agreement: Agreement, partners: list, data: dict[str, Any]
) -> Agreement:
    agreement = _locked(agreement)
    ensure_editable(agreement)
    before = snapshot(agreement, AGREEMENT_FIELDS)
    before_partners = sorted(
        p.organisation_id for p in agreement.parties.all() if p.organisation_id
    )
    for name in AGREEMENT_FIELDS:
        if name in data:
            setattr(agreement, name, data[name])
    agreement.full_clean()
    _check_organisations(agreement, partners)
    agreement.save()
    party_changes = _sync_parties(agreement, partners)
    after = snapshot(agreement, AGREEMENT_FIELDS)
    changed = [name for name in AGREEMENT_FIELDS if before[name] != after[name]]
    after_partners = sorted(org.pk for org in partners)
    if changed or before_partners != after_partners:
        log_action(
            "cooperation.agreement.changed",
            actor=actor,
            instance=agreement,
            before={
                **{name: before[name] for name in changed},
                **({"partners": before_partners} if before_partners != after_partners else {}),
            },
            after={
                **{name: after[name] for name in changed},
                **({"partners": after_partners} if before_partners != after_partners else {}),
            },
            data=party_changes,
        )
    return _reload(agreement)


def _locked(agreement: Agreement) -> Agreement:
    """Re-read under a row lock so that two people signing at once cannot both succeed."""
    Agreement.objects.select_for_update().filter(pk=agreement.pk).first()
    return _reload(agreement)


def _signing_problems(agreement: Agreement) -> list[str]:
    problems = []
    parties = list(agreement.parties.all())
    if not any(p.kind == PartyKind.PARTNER for p in parties):
        problems.append(_("Es ist keine Partnerorganisation beteiligt."))
    if not agreement.start_date:
        problems.append(_("Der Beginn der Laufzeit fehlt."))
    if not agreement.subject.strip():
        problems.append(_("Der Gegenstand der Vereinbarung fehlt."))
    if not list(agreement.responsibilities.all()):
        problems.append(_("Es ist noch keine Zuständigkeit festgelegt."))
    return problems


@transaction.atomic
def agreement_transition(
    *,
    actor,
    agreement: Agreement,
    to: str,
    note: str = "",
    signed_on: date | None = None,
    next_review_date: date | None = None,
) -> Agreement:
    """Move along the status pipeline; refuses anything TRANSITIONS does not allow.

    - to ``signed``: the current draft version is frozen (content snapshot + hash).
    - from ``under_review`` to ``negotiation``: a new draft version is started.
    - from ``under_review`` back to ``active`` (reviewed, unchanged): the next review date is
      scheduled. It is a date for planning and reminders; the signed text keeps its own.
    """
    agreement = _locked(agreement)
    current = agreement.status
    if to not in Status.values:
        raise ValidationError({"to": _("Diesen Status gibt es nicht.")})
    if to not in TRANSITIONS[current]:
        raise ValidationError(
            {
                "to": _("Von „%(from)s“ kann nicht zu „%(to)s“ gewechselt werden.")
                % {"from": Status(current).label, "to": Status(to).label}
            }
        )
    version = current_version(agreement)
    data: dict[str, Any] = {"note": note} if note else {}
    if to == Status.SIGNED:
        problems = _signing_problems(agreement)
        if problems:
            raise ValidationError(
                [_("Die Vereinbarung kann noch nicht als unterzeichnet erfasst werden:"), *problems]
            )
        if version.is_signed:
            raise ValidationError(_("Diese Fassung ist bereits unterzeichnet."))
        content = agreement_content(agreement)
        version.content = content
        version.content_sha256 = content_hash(content)
        version.signed_at = timezone.now()
        version.signed_by = actor if getattr(actor, "is_authenticated", False) else None
        version.signed_on = signed_on or timezone.localdate()
        version.full_clean()
        version.save()
        signed_pdf.store(version)  # rendered once; every download serves these bytes
        data.update(
            {
                "version": version.number,
                "content_sha256": version.content_sha256,
                "pdf_sha256": version.pdf_sha256,
            }
        )
    review_before = agreement.review_date
    if current == Status.UNDER_REVIEW and to == Status.ACTIVE:
        today = timezone.localdate()
        if next_review_date is None and (review_before is None or review_before <= today):
            raise ValidationError(
                {"next_review_date": _("Bitte geben Sie den Termin der nächsten Überprüfung an.")}
            )
        if next_review_date is not None:
            if next_review_date <= today:
                raise ValidationError(
                    {"next_review_date": _("Die nächste Überprüfung muss in der Zukunft liegen.")}
                )
            if agreement.end_date and next_review_date > agreement.end_date:
                raise ValidationError(
                    {
                        "next_review_date": _(
                            "Die nächste Überprüfung muss vor dem Ende der Laufzeit (%(end)s) "
                            "liegen."
                        )
                        % {"end": agreement.end_date.strftime("%d.%m.%Y")}
                    }
                )
            agreement.review_date = next_review_date
            data["review_date"] = {"before": review_before, "after": next_review_date}
    if current == Status.UNDER_REVIEW and to == Status.NEGOTIATION and version.is_signed:
        new = AgreementVersion.objects.create(
            municipality=agreement.municipality, agreement=agreement, number=version.number + 1
        )
        data["new_version"] = new.number
    agreement.status = to
    agreement.status_changed_at = timezone.now()
    agreement.save(update_fields=["status", "status_changed_at", "review_date", "updated_at"])
    log_action(
        STATUS_ACTIONS[Status(to)],
        actor=actor,
        instance=agreement,
        before={"status": current},
        after={"status": to},
        data=data or None,
    )
    return _reload(agreement)


@transaction.atomic
def version_start_draft(*, actor, agreement: Agreement) -> AgreementVersion:
    """Changes to a signed agreement start a new draft version (status back to negotiation)."""
    agreement = _locked(agreement)
    version = current_version(agreement)
    if not version.is_signed:
        raise ValidationError(
            _("Fassung %(number)s ist noch ein Entwurf; Sie können sie direkt bearbeiten.")
            % {"number": version.number}
        )
    if agreement.status not in (Status.SIGNED, Status.ACTIVE, Status.UNDER_REVIEW):
        raise ValidationError(_("Eine beendete Vereinbarung bekommt keine neue Fassung."))
    new = AgreementVersion.objects.create(
        municipality=agreement.municipality, agreement=agreement, number=version.number + 1
    )
    before = agreement.status
    agreement.status = Status.NEGOTIATION
    agreement.status_changed_at = timezone.now()
    agreement.save(update_fields=["status", "status_changed_at", "updated_at"])
    log_action(
        "cooperation.version.created",
        actor=actor,
        instance=agreement,
        before={"status": before, "version": version.number},
        after={"status": Status.NEGOTIATION, "version": new.number},
    )
    return new


PARTY_FIELDS = ["added_value", "signatory"]


@transaction.atomic
def party_update(*, actor, party: Party, data: dict[str, Any]) -> Party:
    agreement = _locked(party.agreement)
    ensure_editable(agreement)
    before = snapshot(party, PARTY_FIELDS)
    for name in PARTY_FIELDS:
        if name in data:
            setattr(party, name, data[name])
    party.full_clean()
    after = snapshot(party, PARTY_FIELDS)
    changed = [name for name in PARTY_FIELDS if before[name] != after[name]]
    if changed:
        party.save()
        log_action(
            "cooperation.party.changed",
            actor=actor,
            instance=party,
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
            data={"agreement": agreement.pk},
        )
    return party


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
    item = Responsibility(municipality=agreement.municipality, agreement=agreement)
    for name in RESPONSIBILITY_FIELDS:
        default = None if name == "contact_person" else ""
        setattr(item, name, data.get(name, default))
    item.full_clean()
    item.save()
    log_action(
        "cooperation.responsibility.created",
        actor=actor,
        instance=item,
        after=snapshot(item, RESPONSIBILITY_FIELDS),
        data={"agreement": agreement.pk},
    )
    return item


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
    item = Resource(municipality=agreement.municipality, agreement=agreement)
    for name in RESOURCE_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    item.full_clean()
    item.save()
    log_action(
        "cooperation.resource.created",
        actor=actor,
        instance=item,
        after=snapshot(item, RESOURCE_FIELDS),
        data={"agreement": agreement.pk},
    )
    return item


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
