"""Writes of the overlaps part: complementary pairs and referrals, each audited."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import create_logged, log_action, save_changes, snapshot

from ..models import ComplementaryPair, Offer, Referral, ReferralOutcome
from ..models.overlaps import canonical

REFERRAL_FIELDS = ["date", "centre", "life_phase", "topic", "need"]


@transaction.atomic
def pair_mark(
    *, actor, municipality, first: Offer, second: Offer, reason: str
) -> ComplementaryPair:
    """Declare two similar offers complementary (with the reason); stored once per pair."""
    if first.pk == second.pk:
        raise ValidationError(_("Ein Angebot kann sich nicht selbst ergänzen."))
    low, high = canonical(first.pk, second.pk)
    reason = (reason or "").strip()
    return create_logged(
        ComplementaryPair,
        actor=actor,
        action="offers.pair.mark",
        values={
            "municipality": municipality,
            "first_id": low,
            "second_id": high,
            "marked_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
        fields=["reason"],
        data={"reason": reason},
        extra={"first": low, "second": high},
    )


@transaction.atomic
def pair_unmark(*, actor, pair: ComplementaryPair) -> None:
    """Undo the marking: the pair shows in the duplicate report again (audited with the
    reason it had)."""
    log_action(
        "offers.pair.unmark",
        actor=actor,
        instance=pair,
        before=snapshot(pair, ["first", "second", "reason", "marked_by"]),
    )
    pair.delete()


def _check_date(value: datetime.date | None) -> None:
    if value and value > timezone.localdate():
        raise ValidationError({"date": _("Das Datum darf nicht in der Zukunft liegen.")})


@transaction.atomic
def referral_record(*, actor, municipality, offer: Offer, data: dict) -> Referral:
    """Record anonymously that a family was referred to ``offer``.

    ``data``: date, centre, life_phase, topic and/or need (a need without topic gives its
    topic). Nothing that names the family is stored.
    """
    from verbund.taxonomy.models import Vocabulary

    data = dict(data)
    _check_date(data.get("date"))
    if not data.get("topic") and not data.get("need"):
        raise ValidationError({"topic": _("Bitte ein Thema oder einen Bedarf wählen.")})
    need = data.get("need")
    if need is not None:
        if data.get("centre") is not None and need.centre_id != data["centre"].pk:
            raise ValidationError(
                {"need": _("Der Bedarf gehört zu einem anderen Familienzentrum.")}
            )
        if not data.get("topic"):
            data["topic"] = need.topic
    for name, vocabulary in (("life_phase", Vocabulary.LIFE_PHASE), ("topic", Vocabulary.TOPIC)):
        term = data.get(name)
        if term is not None and term.vocabulary != vocabulary:
            raise ValidationError({name: _("Dieser Begriff gehört in eine andere Liste.")})
    return create_logged(
        Referral,
        actor=actor,
        action="offers.referral.record",
        values={
            "municipality": municipality,
            "offer": offer,
            "recorded_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
        fields=REFERRAL_FIELDS,
        data=data,
        extra={"offer": offer.pk},
    )


@transaction.atomic
def referral_set_outcome(*, actor, referral: Referral, outcome: str) -> Referral:
    """Record what came of the referral (taken up, not taken up, waiting list, or open)."""
    if outcome not in ReferralOutcome.values:
        raise ValidationError({"outcome": _("Bitte ein Ergebnis aus der Liste wählen.")})
    on = None if outcome == ReferralOutcome.OPEN else timezone.localdate()
    if outcome == referral.outcome:
        on = referral.outcome_on
    return save_changes(
        referral,
        fields=["outcome", "outcome_on"],
        data={"outcome": outcome, "outcome_on": on},
        action="offers.referral.outcome",
        actor=actor,
    )
