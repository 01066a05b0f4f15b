"""A need marked as answered by an offer (``Offer.needs``), and the need's status follows.

What a social worker expects when she says "this offer answers that need":
* the offer runs (active and approved) → the need is met ("gedeckt");
* the offer is only planned, paused or waiting for approval → the need is in progress ("in
  Bearbeitung"): something is under way, not there yet;
* when the last answering offer is unmarked, a need that was met or in progress because of it
  goes back to confirmed (it still exists; nobody answers it).
A need that was rejected or is still open (unchecked) cannot be answered: it must be confirmed
first, so that only needs the centre stands behind appear as answered in the gap analysis.
Each change is audited on the need, with the offer and the status before and after.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from verbund.analysis import permissions as analysis_perms
from verbund.analysis.choices import NeedStatus
from verbund.analysis.models import Need
from verbund.core.audit import log_action

from .. import permissions as offer_perms
from ..choices import OfferStatus, ReviewState
from ..models import Offer

ANSWERABLE = (NeedStatus.CONFIRMED, NeedStatus.IN_PROGRESS, NeedStatus.MET)


def can_answer(access, need, offer=None) -> bool:
    """Who may say an offer answers a need: who sees the need and either keeps the need (the
    centre's team) or the offer (its provider, the administration)."""
    if not access.can(analysis_perms.view_needs, need):
        return False
    if access.can(analysis_perms.change_needs, need):
        return True
    return offer is not None and access.can(offer_perms.manage_offer, offer)


def _status_for(offers) -> str:
    running = any(
        o.status == OfferStatus.ACTIVE and o.review_state == ReviewState.APPROVED for o in offers
    )
    return NeedStatus.MET if running else NeedStatus.IN_PROGRESS


def _check(need: Need, offer: Offer) -> None:
    if need.municipality_id != offer.municipality_id:
        raise ValidationError({"offer": _("Dieses Angebot gehört zu einer anderen Kommune.")})


@transaction.atomic
def need_answer(*, actor, need: Need, offer: Offer) -> Need:
    _check(need, offer)
    need = Need.objects.select_for_update().get(pk=need.pk)
    if need.status not in ANSWERABLE:
        raise ValidationError(
            _(
                "Nur bestätigte Bedarfe können als beantwortet markiert werden; dieser ist "
                "„%(status)s“."
            )
            % {"status": need.get_status_display()}
        )
    if offer.needs.filter(pk=need.pk).exists():
        raise ValidationError({"offer": _("Dieses Angebot ist schon als Antwort vermerkt.")})
    before = need.status
    offer.needs.add(need)
    need.status = _status_for(need.offers.all())
    need.save(update_fields=["status", "updated_at"])
    log_action(
        "offers.need.answered",
        actor=actor,
        instance=need,
        before={"status": before},
        after={"status": need.status},
        data={"offer": offer.pk, "offer_title": offer.title},
    )
    return need


@transaction.atomic
def need_unanswer(*, actor, need: Need, offer: Offer) -> Need:
    _check(need, offer)
    need = Need.objects.select_for_update().get(pk=need.pk)
    if not offer.needs.filter(pk=need.pk).exists():
        raise ValidationError({"offer": _("Dieses Angebot ist nicht als Antwort vermerkt.")})
    before = need.status
    offer.needs.remove(need)
    remaining = list(need.offers.all())
    if need.status in (NeedStatus.MET, NeedStatus.IN_PROGRESS):
        need.status = _status_for(remaining) if remaining else NeedStatus.CONFIRMED
        need.save(update_fields=["status", "updated_at"])
    log_action(
        "offers.need.unanswered",
        actor=actor,
        instance=need,
        before={"status": before},
        after={"status": need.status},
        data={"offer": offer.pk, "offer_title": offer.title},
    )
    return need
