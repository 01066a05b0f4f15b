"""Partner offers wait for the coordinator: approve, or return with a reason.

An approved offer counts as checked that day (``last_checked``); a returned one shows the
reason to the partner, who changes it and thereby submits it again (``offer_update``) or
submits it unchanged (``offer_submit``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import log_action, snapshot

from ..choices import ReviewState
from ..models import Offer
from .offers import _locked, _standing

REVIEW_FIELDS = ["review_state", "review_note", "reviewed_at", "last_checked"]
REASON_MAX = Offer._meta.get_field("review_note").max_length


def _write(actor, offer: Offer, action: str, *, note: str = "", **values) -> Offer:
    before = snapshot(offer, REVIEW_FIELDS)
    for name, value in values.items():
        setattr(offer, name, value)
    offer.full_clean()
    offer.save(update_fields=[*values, "updated_at"])
    log_action(
        action,
        actor=actor,
        instance=offer,
        before=before,
        after=snapshot(offer, REVIEW_FIELDS),
        data={"note": note} if note else None,
    )
    return offer


@transaction.atomic
def offer_approve(*, actor, offer: Offer) -> Offer:
    """Release a submitted (or returned) offer into the catalogue."""
    offer = _locked(offer)
    if offer.review_state == ReviewState.APPROVED:
        raise ValidationError(_("Dieses Angebot ist bereits freigegeben."))
    return _write(
        actor,
        offer,
        "offers.offer.approved",
        review_state=ReviewState.APPROVED,
        review_note="",
        reviewed_at=timezone.now(),
        last_checked=timezone.localdate(),
    )


@transaction.atomic
def offer_return(*, actor, offer: Offer, reason: str) -> Offer:
    """Send a submitted offer back to its provider; ``reason`` is shown to them."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(
            {"reason": _("Bitte schreiben Sie, was am Angebot noch fehlt oder zu ändern ist.")}
        )
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {
                "reason": _("Die Begründung darf höchstens %(n)d Zeichen lang sein.")
                % {"n": REASON_MAX}
            }
        )
    offer = _locked(offer)
    if offer.review_state != ReviewState.SUBMITTED:
        raise ValidationError(_("Nur Angebote, die auf Freigabe warten, können zurückgehen."))
    return _write(
        actor,
        offer,
        "offers.offer.returned",
        note=reason,
        review_state=ReviewState.RETURNED,
        review_note=reason,
        reviewed_at=timezone.now(),
    )


@transaction.atomic
def offer_submit(*, actor, offer: Offer) -> Offer:
    """The partner submits a returned offer again without changing it."""
    offer = _locked(offer)
    _standing(actor, offer)
    if offer.review_state != ReviewState.RETURNED:
        raise ValidationError(_("Dieses Angebot wartet nicht auf eine Überarbeitung."))
    return _write(
        actor, offer, "offers.offer.submitted", review_state=ReviewState.SUBMITTED, review_note=""
    )
