"""The partner API: a partner organisation's software lists, creates and changes the
organisation's own offers and their schedules, with a token (``verbund.api.tokens``).

Writes go through the offers' services, as in the app: a partner's new offer, and a change to
what families see of an approved one, wait for the centre's approval. Every answer but 2xx is
``{"detail": "<German>", "field": …, "errors": {field: [messages]}}``: 401 missing, unknown,
revoked or expired token; 403 an offer of another organisation; 404 another municipality or
an unknown offer; 422 a refused value (naming the field); 429 over the token's rate limit
(``Retry-After``).
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from datetime import time

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django_scopes import scope
from ninja import Router, Status

from verbund.accounts.access import access_for
from verbund.core.roles import Reach
from verbund.offers import scheduling
from verbund.offers import services as offer_services
from verbund.offers.models import Offer, OfferSchedule
from verbund.offers.permissions import manage_offer
from verbund.tenancy.models import Facility, FamilyCentre

from .models import ApiToken
from .partner_schemas import (
    OfferCreate,
    OfferOut,
    OfferPage,
    OfferPatch,
    Problem,
    ScheduleIn,
    ScheduleOut,
)
from .tokens import ORPHANED, PartnerToken, PerToken, TokenRefused

router = Router(tags=["Partner-Schnittstelle (mit API-Zugang)"], auth=PartnerToken())
PER_PAGE = 50
MAX_PER_PAGE = 200
ERRORS = dict.fromkeys((400, 401, 403, 404, 422, 429), Problem)

# Our field names in the API where they differ from the model's.
API_NAMES = {"location": "location_id", "centre": "centre_id", "repeat": "repeat"}


class Refused(Exception):
    def __init__(self, status: int, message: str, *, field: str | None = None, errors=None):
        super().__init__(message)
        self.status, self.message, self.field, self.errors = status, message, field, errors


def problem(status: int, message: str, **extra) -> Refused:
    return Refused(status, message, **extra)


def from_validation(error: DjangoValidationError) -> Refused:
    """A service's German ``ValidationError`` as a 422 naming the field(s)."""
    if hasattr(error, "error_dict"):
        errors = {
            API_NAMES.get(name, name) if name != "__all__" else "": [str(m) for m in messages]
            for name, messages in error.message_dict.items()
        }
    else:
        errors = {"": [str(m) for m in error.messages]}
    parts = [
        f"„{name}“: {' '.join(messages)}" if name else " ".join(messages)
        for name, messages in errors.items()
    ]
    field = next((name for name in errors if name), None)
    return Refused(
        422, " ".join(parts), field=field, errors={k or "allgemein": v for k, v in errors.items()}
    )


@contextmanager
def partner_scope(request, municipality: str):
    """The token's municipality (404 for any other) and its actor, checked as a partner of
    the organisation at this moment."""
    token: ApiToken = request.auth
    if token.municipality.slug != municipality:
        raise problem(
            404, f"Die Kommune „{municipality[:60]}“ gibt es für diesen API-Zugang nicht."
        )
    actor = token.created_by
    with scope(municipality=token.municipality_id):
        access = access_for(actor, token.municipality) if actor.is_active else None
        facility = token.organisation.facility_id
        if access is None or facility not in access.reach_ids(manage_offer, Reach.OWN):
            raise TokenRefused(ORPHANED)
        yield token, actor, access


def _offers(token: ApiToken, access):
    schedules = Prefetch("schedules", queryset=OfferSchedule.objects.order_by("start_date", "pk"))
    return (
        access.narrow(manage_offer, Offer.objects.filter(municipality=token.municipality))
        .filter(provider=token.organisation)
        .prefetch_related(schedules)
        .order_by("pk")
    )


def _own_offer(token: ApiToken, access, offer_id: int) -> Offer:
    offer = (
        Offer.objects.filter(municipality=token.municipality, pk=offer_id)
        .only("pk", "provider_id", "municipality_id")
        .first()
    )
    if offer is None:
        raise problem(404, f"Ein Angebot mit der Nummer {offer_id} gibt es hier nicht.")
    if offer.provider_id != token.organisation_id:
        raise problem(403, "Dieses Angebot gehört nicht zu Ihrer Organisation.")
    found = _offers(token, access).filter(pk=offer_id).first()
    if found is None:  # pragma: no cover (the rule reaches every offer the organisation provides)
        raise problem(403, "Dieses Angebot gehört nicht zu Ihrer Organisation.")
    return found


def schedule_out(row: OfferSchedule) -> dict:
    return {
        "id": row.pk,
        "kind": row.kind,
        "start_date": row.start_date,
        "start_time": row.start_time.strftime("%H:%M") if row.start_time else None,
        "end_time": row.end_time.strftime("%H:%M") if row.end_time else None,
        "rrule": row.rrule,
        "until": row.until,
        "count": row.count,
        "exdates": [str(day) for day in row.exdates or []],
        "skip_school_holidays": row.skip_school_holidays,
        "note": row.note,
    }


def offer_out(offer: Offer) -> dict:
    names = [name for name in OfferOut.model_fields if name not in {"schedules", "languages"}]
    out = {name: getattr(offer, name) for name in names if name != "organisation_id"}
    out["organisation_id"] = offer.provider_id
    out["languages"] = [code for code in (offer.languages or "").split() if code]
    out["schedules"] = [schedule_out(row) for row in offer.schedules.all()]
    return out


def _data(municipality, payload, *, partial: bool) -> dict:
    sent = payload.model_dump(exclude_unset=partial)
    sent.pop("centre_id", None)
    sent.pop("status", None)
    data = {}
    for name, value in sent.items():
        if name == "location_id":
            location = None
            if value is not None:
                location = Facility.objects.filter(municipality=municipality, pk=value).first()
                if location is None:
                    raise problem(
                        422,
                        f"„location_id“: Eine Einrichtung mit der Nummer {value} gibt es in "
                        "dieser Kommune nicht.",
                        field="location_id",
                    )
            data["location"] = location
        elif name == "languages":
            data["languages"] = " ".join(value or [])
        elif value is None and name not in {"capacity"}:
            continue  # "not given" for text, choice and yes/no fields
        else:
            data[name] = value
    return data


@router.get(
    "/v1/{municipality}/partner/offers",
    response={200: OfferPage, **ERRORS},
    url_name="partner_offers",
    throttle=[PerToken()],
)
def list_offers(request, municipality: str, page: int = 1, per_page: int = PER_PAGE):
    """Die Angebote Ihrer Organisation (alle Status), je Seite höchstens 200."""
    if not 1 <= page <= 1_000_000:
        raise problem(400, "Der Parameter „page“ muss eine Zahl von 1 bis 1000000 sein.")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise problem(
            400, f"Der Parameter „per_page“ muss eine Zahl von 1 bis {MAX_PER_PAGE} sein."
        )
    with partner_scope(request, municipality) as (token, _actor, access):
        queryset = _offers(token, access)
        total = queryset.count()
        start = (page - 1) * per_page
        offers = list(queryset[start : start + per_page]) if start < total else []
        return Status(
            200,
            {
                "total_items": total,
                "page": page,
                "per_page": per_page,
                "total_pages": max(1, math.ceil(total / per_page)),
                "contents": [offer_out(offer) for offer in offers],
            },
        )


@router.post(
    "/v1/{municipality}/partner/offers",
    response={201: OfferOut, **ERRORS},
    url_name="partner_offers_create",
    throttle=[PerToken()],
)
def create_offer(request, municipality: str, payload: OfferCreate):
    """Ein neues Angebot Ihrer Organisation. Es wartet auf die Freigabe durch das
    Familienzentrum (``review_state``: ``submitted``)."""
    with partner_scope(request, municipality) as (token, actor, access):
        centre = FamilyCentre.objects.filter(
            municipality=token.municipality, pk=payload.centre_id
        ).first()
        if centre is None:
            raise problem(
                422,
                f"„centre_id“: Ein Familienzentrum mit der Nummer {payload.centre_id} gibt es "
                "in dieser Kommune nicht.",
                field="centre_id",
            )
        data = _data(token.municipality, payload, partial=False)
        data["provider"] = token.organisation
        try:
            offer = offer_services.offer_create(actor=actor, centre=centre, data=data)
        except DjangoValidationError as error:
            raise from_validation(error) from None
        return Status(201, offer_out(_offers(token, access).get(pk=offer.pk)))


@router.get(
    "/v1/{municipality}/partner/offers/{partner_offer_id}",
    response={200: OfferOut, **ERRORS},
    url_name="partner_offer",
    throttle=[PerToken()],
)
def get_offer(request, municipality: str, partner_offer_id: int):
    """Ein Angebot Ihrer Organisation mit seinen Terminen."""
    with partner_scope(request, municipality) as (token, _actor, access):
        return Status(200, offer_out(_own_offer(token, access, _id(partner_offer_id))))


def _id(value: int) -> int:
    if not 1 <= value <= 2**31 - 1:
        raise problem(404, f"Ein Eintrag mit der Nummer {value} gibt es hier nicht.")
    return value


@router.patch(
    "/v1/{municipality}/partner/offers/{partner_offer_id}",
    response={200: OfferOut, **ERRORS},
    url_name="partner_offer_update",
    throttle=[PerToken()],
)
def update_offer(request, municipality: str, partner_offer_id: int, payload: OfferPatch):
    """Ändert die gesendeten Felder. Ändern Sie, was Familien sehen, wartet ein
    freigegebenes Angebot erneut auf die Freigabe. ``status`` pausiert, beendet oder
    aktiviert es."""
    with partner_scope(request, municipality) as (token, actor, access):
        offer = _own_offer(token, access, _id(partner_offer_id))
        data = _data(token.municipality, payload, partial=True)
        try:
            if data:
                offer = offer_services.offer_update(actor=actor, offer=offer, data=data)
            if payload.status is not None and payload.status != offer.status:
                offer_services.offer_set_status(actor=actor, offer=offer, status=payload.status)
        except DjangoValidationError as error:
            raise from_validation(error) from None
        return Status(200, offer_out(_offers(token, access).get(pk=offer.pk)))


def _schedule_data(payload: ScheduleIn) -> dict:
    data = payload.model_dump()
    for name in ("start_time", "end_time"):
        if data[name]:
            hour, minute = data[name].split(":")
            data[name] = time(int(hour), int(minute))
    if any(not 0 <= day <= 6 for day in data["weekdays"]):
        raise problem(
            422,
            "„weekdays“: Wochentage sind Zahlen von 0 (Montag) bis 6 (Sonntag).",
            field="weekdays",
        )
    return data


@router.post(
    "/v1/{municipality}/partner/offers/{partner_offer_id}/schedules",
    response={201: ScheduleOut, **ERRORS},
    url_name="partner_schedules_create",
    throttle=[PerToken()],
)
def create_schedule(request, municipality: str, partner_offer_id: int, payload: ScheduleIn):
    """Ein Termin oder eine Terminreihe für ein Angebot Ihrer Organisation."""
    with partner_scope(request, municipality) as (token, actor, access):
        offer = _own_offer(token, access, _id(partner_offer_id))
        try:
            row = scheduling.schedule_create(actor=actor, offer=offer, data=_schedule_data(payload))
        except DjangoValidationError as error:
            raise from_validation(error) from None
        return Status(201, schedule_out(row))


def _own_schedule(offer: Offer, schedule_id: int) -> OfferSchedule:
    row = OfferSchedule.objects.filter(offer=offer, pk=_id(schedule_id)).first()
    if row is None:
        raise problem(404, f"Einen Termin mit der Nummer {schedule_id} hat dieses Angebot nicht.")
    return row


@router.put(
    "/v1/{municipality}/partner/offers/{partner_offer_id}/schedules/{partner_schedule_id}",
    response={200: ScheduleOut, **ERRORS},
    url_name="partner_schedule",
    throttle=[PerToken()],
)
def update_schedule(
    request, municipality: str, partner_offer_id: int, partner_schedule_id: int, payload: ScheduleIn
):
    """Ersetzt einen Termin (oder eine Terminreihe) eines Angebots Ihrer Organisation."""
    with partner_scope(request, municipality) as (token, actor, access):
        offer = _own_offer(token, access, _id(partner_offer_id))
        row = _own_schedule(offer, partner_schedule_id)
        try:
            row = scheduling.schedule_update(
                actor=actor, schedule=row, data=_schedule_data(payload)
            )
        except DjangoValidationError as error:
            raise from_validation(error) from None
        return Status(200, schedule_out(row))


@router.delete(
    "/v1/{municipality}/partner/offers/{partner_offer_id}/schedules/{partner_schedule_id}",
    response={204: None, **ERRORS},
    url_name="partner_schedule_delete",
    throttle=[PerToken()],
)
def delete_schedule(request, municipality: str, partner_offer_id: int, partner_schedule_id: int):
    """Löscht einen Termin eines Angebots Ihrer Organisation."""
    with partner_scope(request, municipality) as (token, actor, access):
        offer = _own_offer(token, access, _id(partner_offer_id))
        scheduling.schedule_delete(actor=actor, schedule=_own_schedule(offer, partner_schedule_id))
        return Status(204, None)
