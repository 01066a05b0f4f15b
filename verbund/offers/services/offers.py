"""Offers as the people who keep them do: create, change, pause, end, reactivate.

Who writes decides the review state: the centre's team (and the municipality's admins) put
offers straight into the catalogue; a partner organisation may only write offers it provides
itself, and those wait for the centre's approval (``review.py``). Schedules are not touched
here (the schedules part keeps them).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import create_logged, log_action, save_changes, snapshot
from verbund.core.roles import Reach

from ..choices import LANGUAGE_LABELS, OfferStatus, PlaceKind, ReviewState
from ..models import Offer
from ..text import refresh_search_text

OFFER_FIELDS = [
    "provider",
    "title",
    "summary",
    "description",
    "format",
    "cost",
    "cost_note",
    "admission",
    "languages",
    "interpretation",
    "step_free",
    "accessible_toilet",
    "accessibility_note",
    "childcare",
    "place_kind",
    "location",
    "street",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "online_url",
    "capacity",
    "contact_name",
    "contact_email",
    "contact_phone",
    "status",
    "visibility",
    "funding_programme",
    "agreement",
]
M2M_FIELDS = ["co_providers", "terms", "areas_served", "needs"]

# What families see of an offer (on the public pages and in the finder). A partner's change to
# one of these sends an approved offer back to the coordinator; a change only the network sees
# (funding programme, agreement, needs answered, capacity, status) does not.
NETWORK_ONLY = {"capacity", "status", "funding_programme", "agreement"}
FAMILY_VISIBLE = [name for name in OFFER_FIELDS if name not in NETWORK_ONLY]
FAMILY_VISIBLE_M2M = ["co_providers", "terms", "areas_served"]

# Status changes people make by hand; "ended" is how an offer is archived (it stays, with its
# history, but leaves every list of running offers).
STATUS_TRANSITIONS = {
    OfferStatus.PLANNED: [OfferStatus.ACTIVE, OfferStatus.PAUSED, OfferStatus.ENDED],
    OfferStatus.ACTIVE: [OfferStatus.PAUSED, OfferStatus.ENDED],
    OfferStatus.PAUSED: [OfferStatus.ACTIVE, OfferStatus.ENDED],
    OfferStatus.ENDED: [OfferStatus.ACTIVE, OfferStatus.PLANNED],
}

TEAM = "team"
PARTNER = "partner"


def _standing(actor, offer: Offer) -> str:
    """``TEAM`` when ``actor`` keeps the catalogue of the offer's centre (or is a system job),
    ``PARTNER`` when they reach the offer only as its providing organisation; anyone else is
    refused with a German message."""
    from verbund.accounts.access import access_for

    from ..permissions import manage_offer

    if actor is None or not getattr(actor, "is_authenticated", False):
        return TEAM
    access = access_for(actor, offer.municipality)
    reaches = access.reaches(manage_offer)
    if Reach.MUNICIPALITY in reaches:
        return TEAM
    if offer.centre_id in access.reach_ids(manage_offer, Reach.CENTRE):
        return TEAM
    if Reach.OWN in reaches:
        provider = offer.provider if offer.provider_id else None
        if provider is not None and provider.facility_id in access.reach_ids(
            manage_offer, Reach.OWN
        ):
            return PARTNER
        raise ValidationError(
            {"provider": _("Sie können nur Angebote Ihrer eigenen Organisation eintragen.")}
        )
    raise ValidationError(_("Sie dürfen in diesem Familienzentrum keine Angebote eintragen."))


def _check_related(municipality, data: dict[str, Any]) -> None:
    """Many-to-many choices of another municipality are refused, naming the field."""
    errors = {}
    for name in M2M_FIELDS:
        for item in data.get(name) or []:
            if getattr(item, "municipality_id", municipality.pk) != municipality.pk:
                label = Offer._meta.get_field(name).verbose_name
                errors[name] = _(
                    "„%(field)s“ gehört zu einer anderen Kommune und kann hier nicht verknüpft "
                    "werden."
                ) % {"field": label}
                break
    if errors:
        raise ValidationError(errors)


PLACE_FIELDS = {"place_kind", "location", "street", "city", "online_url"}


def _check_offer(offer: Offer, data: dict[str, Any]) -> None:
    """What a family needs to find the offer: a place that fits the kind of place (checked
    when the place is written: imported offers may still lack it)."""
    errors = {}
    place = not PLACE_FIELDS.isdisjoint(data)
    codes = [code for code in (offer.languages or "").split() if code]
    unknown = [code for code in codes if code not in LANGUAGE_LABELS]
    if unknown:
        errors["languages"] = _("Unbekannte Sprachcodes: %(codes)s.") % {
            "codes": ", ".join(unknown)
        }
    if place and offer.place_kind == PlaceKind.FACILITY and not offer.location_id:
        errors["location"] = _("Bitte wählen Sie die Einrichtung, in der das Angebot stattfindet.")
    if place and offer.place_kind == PlaceKind.ADDRESS and not (offer.street and offer.city):
        errors["street"] = _("Bitte geben Sie Straße und Ort an, wo das Angebot stattfindet.")
    if place and offer.place_kind == PlaceKind.ONLINE and not offer.online_url:
        errors["online_url"] = _("Bitte geben Sie den Link zur Online-Teilnahme an.")
    if offer.provider_id and any(
        org.pk == offer.provider_id for org in data.get("co_providers") or []
    ):
        errors["co_providers"] = _(
            "Der Anbieter selbst steht schon oben; wählen Sie hier nur weitere Organisationen."
        )
    if errors:
        raise ValidationError(errors)


def _m2m_state(offer: Offer) -> dict[str, list[int]]:
    return {name: sorted(getattr(offer, name).values_list("pk", flat=True)) for name in M2M_FIELDS}


def _m2m_display(offer: Offer) -> dict[str, tuple[str, str]]:
    return {
        name: (
            str(Offer._meta.get_field(name).verbose_name),
            ", ".join(str(item) for item in getattr(offer, name).all()),
        )
        for name in M2M_FIELDS
    }


def _set_m2m(offer: Offer, data: dict[str, Any]) -> dict[str, list[int]]:
    written = {}
    for name in M2M_FIELDS:
        if name in data:
            items = list(data[name] or [])
            getattr(offer, name).set(items)
            written[name] = sorted(item.pk for item in items)
    return written


def _reload(offer: Offer) -> Offer:
    return (
        Offer.objects.select_related("provider", "location", "centre")
        .prefetch_related("terms")
        .get(pk=offer.pk)
    )


@transaction.atomic
def offer_create(*, actor, centre, data: dict[str, Any]) -> Offer:
    """A new offer in ``centre``'s catalogue, with its terms, co-providers, areas and needs.

    Approved at once when the centre's team writes it; a partner's offer waits for approval.
    """
    municipality = centre.municipality
    _check_related(municipality, data)
    candidate = Offer(municipality=municipality, centre=centre, provider=data.get("provider"))
    who = _standing(actor, candidate)
    today = timezone.localdate()
    values = {
        "municipality": municipality,
        "centre": centre,
        "last_checked": today,
        "review_state": ReviewState.APPROVED if who == TEAM else ReviewState.SUBMITTED,
        "reviewed_at": timezone.now() if who == TEAM else None,
        "review_note": "",
    }
    offer = Offer(**values)
    for name in OFFER_FIELDS:
        if name in data:
            setattr(offer, name, data[name])
    _check_offer(offer, data)
    offer = create_logged(
        offer,
        fields=OFFER_FIELDS,
        data=data,
        log_fields=[*OFFER_FIELDS, "centre", "review_state", "last_checked"],
        after_save=lambda saved: _set_m2m(saved, data),
        action="offers.offer.create",
        actor=actor,
    )
    offer = _reload(offer)
    refresh_search_text([offer])
    return offer


def _family_view(offer: Offer) -> dict[str, Any]:
    view = snapshot(offer, FAMILY_VISIBLE)
    state = _m2m_state(offer)
    view.update({name: state[name] for name in FAMILY_VISIBLE_M2M})
    return view


@transaction.atomic
def offer_update(*, actor, offer: Offer, data: dict[str, Any], version: str | None = None) -> Offer:
    """Change an offer. A partner's change to what families see sends an approved offer back
    to the coordinator (``FAMILY_VISIBLE``); a returned offer goes back on any save."""
    offer = _locked(offer)
    _standing(actor, offer)  # the partner must own the offer as it is …
    _check_related(offer.municipality, data)
    if "provider" in data:
        moved = Offer(
            municipality=offer.municipality, centre=offer.centre, provider=data["provider"]
        )
        who = _standing(actor, moved)  # … and as it will be
    else:
        who = _standing(actor, offer)
    before = _family_view(offer)
    probe = Offer(**{f.attname: getattr(offer, f.attname) for f in Offer._meta.concrete_fields})
    for name in OFFER_FIELDS:
        if name in data:
            setattr(probe, name, data[name])
    _check_offer(probe, data)
    save_changes(
        offer,
        fields=OFFER_FIELDS,
        data=data,
        action="offers.offer.update",
        actor=actor,
        version=version,
        state=_m2m_state,
        state_display=_m2m_display,
        after_save=lambda saved: _set_m2m(saved, data),
    )
    offer = _reload(offer)
    if who == PARTNER:
        seen_changed = _family_view(offer) != before
        if offer.review_state == ReviewState.RETURNED or (
            offer.review_state == ReviewState.APPROVED and seen_changed
        ):
            _resubmit(actor, offer)
    refresh_search_text([offer])
    return offer


def _resubmit(actor, offer: Offer) -> None:
    before = snapshot(offer, ["review_state", "review_note"])
    offer.review_state = ReviewState.SUBMITTED
    offer.review_note = ""
    offer.save(update_fields=["review_state", "review_note", "updated_at"])
    log_action(
        "offers.offer.submitted",
        actor=actor,
        instance=offer,
        before=before,
        after=snapshot(offer, ["review_state", "review_note"]),
    )


@transaction.atomic
def offer_set_status(*, actor, offer: Offer, status: str, note: str = "") -> Offer:
    """Pause, end (archive) or reactivate an offer; ``note`` says why (kept in the history)."""
    offer = _locked(offer)
    _standing(actor, offer)
    allowed = STATUS_TRANSITIONS.get(offer.status, [])
    if status not in allowed:
        raise ValidationError(
            {
                "status": _("Von „%(now)s“ kann das Angebot nicht auf „%(to)s“ wechseln.")
                % {
                    "now": offer.get_status_display(),
                    "to": dict(OfferStatus.choices).get(status, status),
                }
            }
        )
    save_changes(
        offer,
        fields=["status"],
        data={"status": status},
        action="offers.offer.status",
        actor=actor,
        log_data={"note": note} if note else None,
    )
    return _reload(offer)


def _locked(offer: Offer) -> Offer:
    Offer.objects.select_for_update().filter(pk=offer.pk).first()
    return _reload(offer)
