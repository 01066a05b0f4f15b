"""Agreements: create, edit, move along the status pipeline, start a new version."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import create_logged, log_action, save_changes

from .. import signed_pdf
from ..content import agreement_content, content_hash
from ..models import (
    TRANSITIONS,
    Agreement,
    AgreementVersion,
    Party,
    PartyKind,
    Status,
)
from ..rules import ensure_editable
from ..selectors import agreement_get, current_version, partner_state

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
    *,
    actor,
    municipality,
    centre,
    partners: list,
    data: dict[str, Any],
    responsibilities: list[dict[str, Any]] = (),
) -> Agreement:
    """A draft with its parties; ``responsibilities`` (each ``{"who": "centre" |
    "municipality" | <organisation pk>, "task", "scope", "contact"}``) are added in the same
    transaction through ``responsibility_create``, so each is audited and all or none stay."""
    agreement = _agreement_create(
        actor=actor, municipality=municipality, centre=centre, partners=partners, data=data
    )
    if responsibilities:
        from .parts import responsibility_create

        parties = {
            (p.organisation_id if p.kind == PartyKind.PARTNER else p.kind): p
            for p in agreement.parties.all()
        }
        for number, row in enumerate(responsibilities, start=1):
            party = parties.get(row["who"])
            if party is None:
                raise ValidationError(
                    _("Zuständigkeit %(number)s: Diese Partei gehört nicht zur Vereinbarung.")
                    % {"number": number}
                )
            values = {k: v for k, v in row.items() if k in {"task", "scope", "contact"}}
            responsibility_create(actor=actor, agreement=agreement, data={**values, "party": party})
        agreement = _reload(agreement)
    return agreement


def _agreement_create(
    *, actor, municipality, centre, partners: list, data: dict[str, Any]
) -> Agreement:
    _check_organisations(Agreement(municipality=municipality), partners)

    def add_parties_and_first_version(agreement: Agreement) -> dict[str, Any]:
        Party.objects.create(
            municipality=municipality, agreement=agreement, kind=PartyKind.CENTRE, position=0
        )
        _sync_parties(agreement, partners)
        AgreementVersion.objects.create(municipality=municipality, agreement=agreement, number=1)
        return {"partners": [org.pk for org in partners]}

    agreement = create_logged(
        Agreement,
        values={"municipality": municipality, "centre": centre},
        fields=AGREEMENT_FIELDS,
        data=data,
        log_fields=[*AGREEMENT_FIELDS, "centre"],
        after_save=add_parties_and_first_version,
        action="cooperation.agreement.created",
        actor=actor,
    )
    return _reload(agreement)


@transaction.atomic
def agreement_update(
    *, actor, agreement: Agreement, partners: list, data: dict[str, Any]
) -> Agreement:
    agreement = _locked(agreement)
    ensure_editable(agreement)
    _check_organisations(agreement, partners)
    party_changes: dict[str, Any] = {}
    save_changes(
        agreement,
        fields=AGREEMENT_FIELDS,
        data=data,
        action="cooperation.agreement.changed",
        actor=actor,
        state=partner_state,
        state_display=_partner_names,
        after_save=lambda saved: party_changes.update(_sync_parties(saved, partners)),
        log_data=party_changes,
    )
    return _reload(agreement)


def _partner_names(agreement: Agreement) -> dict[str, tuple[str, str]]:
    names = [
        str(p.organisation)
        for p in agreement.parties.select_related("organisation").order_by("position")
        if p.organisation_id
    ]
    return {"partners": (_("Partnerorganisationen"), ", ".join(names))}


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
