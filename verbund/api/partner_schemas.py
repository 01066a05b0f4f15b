"""Request and response bodies of the partner API (OpenAPI documents them)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from verbund.offers.choices import (
    Admission,
    Cost,
    OfferFormat,
    OfferStatus,
    PlaceKind,
    ReviewState,
    Visibility,
)

FormatCode = Literal[tuple(OfferFormat.values)]  # type: ignore[valid-type]
CostCode = Literal[tuple(Cost.values)]  # type: ignore[valid-type]
AdmissionCode = Literal[tuple(Admission.values)]  # type: ignore[valid-type]
PlaceCode = Literal[tuple(PlaceKind.values)]  # type: ignore[valid-type]
VisibilityCode = Literal[tuple(Visibility.values)]  # type: ignore[valid-type]
StatusCode = Literal[tuple(OfferStatus.values)]  # type: ignore[valid-type]
ReviewCode = Literal[tuple(ReviewState.values)]  # type: ignore[valid-type]
# Local wall-clock times as "HH:MM" (OpenAPI's "format: time" would demand a UTC offset).
CLOCK = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
RepeatCode = Literal["single", "weekly", "biweekly", "monthly_nth", "custom", "on_request"]


class OfferFields(Schema):
    """What a partner may write of an offer. On ``PATCH`` every field is optional and only
    the fields sent change."""

    title: str | None = Field(None, min_length=1, max_length=200, description="Titel")
    summary: str | None = Field(None, max_length=300, description="Kurzbeschreibung")
    description: str | None = Field(None, max_length=5000, description="Beschreibung")
    format: FormatCode | None = Field(None, description="Form des Angebots")
    cost: CostCode | None = Field(None, description="Kosten")
    cost_note: str | None = Field(None, max_length=200, description="Kosten im Einzelnen")
    admission: AdmissionCode | None = Field(None, description="Zugang")
    languages: list[str] | None = Field(
        None, max_length=30, description="Sprachcodes (ISO 639-1, z. B. de, tr, ar)"
    )
    interpretation: bool | None = Field(None, description="Sprachmittlung auf Anfrage")
    step_free: bool | None = Field(None, description="stufenlos erreichbar")
    accessible_toilet: bool | None = Field(None, description="barrierefreies WC")
    accessibility_note: str | None = Field(None, max_length=300)
    childcare: bool | None = Field(None, description="Kinderbetreuung während des Angebots")
    place_kind: PlaceCode | None = Field(None, description="Art des Orts")
    location_id: int | None = Field(
        None, ge=1, le=2**31 - 1, description="Einrichtung (Ort) bei place_kind=facility"
    )
    street: str | None = Field(None, max_length=200)
    postcode: str | None = Field(None, max_length=5)
    city: str | None = Field(None, max_length=100)
    online_url: str | None = Field(None, max_length=200)
    capacity: int | None = Field(None, ge=0, le=100_000, description="Plätze")
    contact_name: str | None = Field(None, max_length=120)
    contact_email: str | None = Field(None, max_length=254)
    contact_phone: str | None = Field(None, max_length=40)
    visibility: VisibilityCode | None = Field(None, description="Sichtbarkeit")


class OfferCreate(OfferFields):
    centre_id: int = Field(
        ..., ge=1, le=2**31 - 1, description="Familienzentrum, in dessen Angebotsliste es steht"
    )
    title: str = Field(..., min_length=1, max_length=200, description="Titel")
    format: FormatCode = Field(..., description="Form des Angebots")


class OfferPatch(OfferFields):
    status: StatusCode | None = Field(
        None, description="Status; ended beendet (archiviert) das Angebot"
    )


class ScheduleIn(Schema):
    """A schedule line, as in the schedule form of the app. Weekdays: Monday = 0."""

    repeat: RepeatCode
    start_date: date | None = None
    start_time: str | None = Field(None, pattern=CLOCK, description="Beginn (Ortszeit, HH:MM)")
    end_time: str | None = Field(None, pattern=CLOCK, description="Ende (Ortszeit, HH:MM)")
    weekdays: list[int] = Field(default_factory=list, max_length=7)
    nth: int | None = Field(None, ge=-1, le=5, description="n-ter Wochentag (−1: letzter)")
    month_weekday: int | None = Field(None, ge=0, le=6)
    rule: str = Field("", max_length=200, description="eigene RRULE bei repeat=custom")
    until: date | None = None
    count: int | None = Field(None, ge=1, le=1000)
    exdates: list[date] = Field(default_factory=list, max_length=200)
    skip_school_holidays: bool = False
    note: str = Field("", max_length=200)


class ScheduleOut(Schema):
    id: int
    kind: str
    start_date: date | None
    start_time: str | None = Field(..., pattern=CLOCK, description="Beginn (Ortszeit, HH:MM)")
    end_time: str | None = Field(..., pattern=CLOCK, description="Ende (Ortszeit, HH:MM)")
    rrule: str
    until: date | None
    count: int | None
    exdates: list[str]
    skip_school_holidays: bool
    note: str


class OfferOut(Schema):
    id: int
    centre_id: int
    organisation_id: int
    title: str
    summary: str
    description: str
    format: str
    cost: str
    cost_note: str
    admission: str
    languages: list[str]
    interpretation: bool
    step_free: bool
    accessible_toilet: bool
    accessibility_note: str
    childcare: bool
    place_kind: str
    location_id: int | None
    street: str
    postcode: str
    city: str
    online_url: str
    capacity: int | None
    contact_name: str
    contact_email: str
    contact_phone: str
    visibility: str
    status: StatusCode
    review_state: ReviewCode = Field(
        ..., description="approved: freigegeben; submitted: wartet auf Freigabe; returned"
    )
    review_note: str
    updated_at: datetime
    schedules: list[ScheduleOut]


class OfferPage(Schema):
    total_items: int
    page: int
    per_page: int
    total_pages: int
    contents: list[OfferOut]


class Problem(Schema):
    """An error: ``detail`` in German; for a refused write also the field (``field``) and
    every field's messages (``errors``)."""

    detail: str
    field: str | None = None
    errors: dict[str, list[str]] | None = None
