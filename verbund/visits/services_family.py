"""Writes about a family beside the visit: a decline after the letter, a change of centre and
the record of which offers were on a printed personal list. Audit entries carry ids, dates,
channels and counts only."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import log_action

from .models import DeclineChannel, Family, FamilyStatus, ListedOffer


def _locked(family: Family) -> Family:
    return Family.objects.select_for_update().get(pk=family.pk)


@transaction.atomic
def family_decline(*, actor, family: Family, declined_on: date, channel: str) -> Family:
    """The family declines the visit after the letter (by phone, letter, mail or in person):
    no visit, the status becomes "declined" and the retention clock starts at ``declined_on``."""
    errors: dict[str, list[str]] = {}
    if channel not in DeclineChannel.values:
        errors["channel"] = [_("Bitte wählen Sie, wie die Familie abgesagt hat.")]
    today = timezone.localdate()
    if declined_on is None or declined_on > today:
        errors["declined_on"] = [_("Das Datum der Absage darf nicht in der Zukunft liegen.")]
    elif family.announced_on and declined_on < family.announced_on:
        errors["declined_on"] = [
            _("Die Absage kann nicht vor der Ankündigung (%(date)s) liegen.")
            % {"date": family.announced_on.strftime("%d.%m.%Y")}
        ]
    current = _locked(family)
    if current.status != FamilyStatus.OPEN:
        errors["__all__"] = [
            _("Für diese Familie ist schon ein Ergebnis erfasst (%(status)s).")
            % {"status": current.get_status_display()}
        ]
    if errors:
        raise ValidationError(errors)
    family.status = FamilyStatus.DECLINED
    family.closed_on = declined_on
    family.decline_channel = channel
    family.save(update_fields=["status", "closed_on", "decline_channel", "updated_at"])
    log_action(
        "visits.family.declined",
        actor=actor,
        instance=family,
        data={"declined_on": declined_on.isoformat(), "channel": channel},
    )
    return family


@transaction.atomic
def family_move(*, actor, family: Family, centre, allowed_centre_ids: set[int]) -> Family:
    """Give the family to another centre of the same municipality; the old centre's team no
    longer sees it. ``allowed_centre_ids``: the municipality's centres."""
    if centre is None or centre.pk not in allowed_centre_ids:
        raise ValidationError({"centre": [_("Bitte ein Familienzentrum dieser Kommune wählen.")]})
    if centre.municipality_id != family.municipality_id:
        raise ValidationError({"centre": [_("Bitte ein Familienzentrum dieser Kommune wählen.")]})
    if centre.pk == family.centre_id:
        raise ValidationError(
            {"centre": [_("Die Familie gehört schon zu diesem Familienzentrum.")]}
        )
    if family.anonymised_on:
        raise ValidationError(_("Diese Familie ist bereits anonymisiert."))
    old = family.centre_id
    family.centre = centre
    family.save(update_fields=["centre", "updated_at"])
    log_action(
        "visits.family.moved",
        actor=actor,
        instance=family,
        data={"from_centre": old, "to_centre": centre.pk},
    )
    return family


@transaction.atomic
def offers_listed(*, family: Family, offer_ids: list[int], today: date | None = None) -> int:
    """Record the offers of the family's latest printed list (a reprint replaces the earlier
    list, so a family counts once per offer). The rows hold offer, area and month; the family
    link is cut at retention."""
    today = today or timezone.localdate()
    ListedOffer.objects.filter(family=family).delete()
    ListedOffer.objects.bulk_create(
        [
            ListedOffer(
                municipality_id=family.municipality_id,
                family=family,
                offer_id=offer_id,
                area_id=family.area_id,
                month=today.replace(day=1),
            )
            for offer_id in dict.fromkeys(offer_ids)
        ]
    )
    return len(set(offer_ids))
