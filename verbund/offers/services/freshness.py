"""“Angaben stimmen noch”: the provider confirms that an offer is still as described."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from verbund.core.audit import save_changes

from ..models import Offer
from .offers import _locked, _standing


@transaction.atomic
def offer_confirm(*, actor, offer: Offer) -> Offer:
    """Set ``last_checked`` to today (logged even when it already was today: who confirmed)."""
    offer = _locked(offer)
    _standing(actor, offer)
    save_changes(
        offer,
        fields=["last_checked"],
        data={"last_checked": timezone.localdate()},
        action="offers.offer.confirmed",
        actor=actor,
        force=True,
    )
    return offer
