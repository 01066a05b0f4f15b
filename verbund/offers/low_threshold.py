"""Low threshold is derived from what an offer is, never ticked (issue 10, scope 1).

``low_threshold(offer)`` looks at six things a family notices before it comes: does it cost
money, must one register, can one simply walk in, is there childcare, is the offer in a
language other than German (or is interpretation arranged), and is it near (it comes to the
families, or takes place in the centre's own Verbund, i.e. in the Sozialraum). It returns a
level with the reasons met and missing, in plain German, for the detail page and the list.

It reads only the offer's own columns and ``location.centre_id``: callers listing many offers
``select_related("location")`` and need no further query.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from .choices import OPEN_FORMATS, Admission, Cost, OfferFormat, PlaceKind

LOW = "low"
PARTLY = "partly"
HIGH = "high"
LEVEL_LABELS = {
    LOW: _("niedrigschwellig"),
    PARTLY: _("teilweise niedrigschwellig"),
    HIGH: _("hochschwellig"),
}
COMES_TO_FAMILIES = {OfferFormat.HOME_VISIT, OfferFormat.OUTREACH}


@dataclass(frozen=True)
class LowThreshold:
    level: str  # LOW, PARTLY or HIGH
    met: list[str]
    missing: list[str]
    score: float  # share of the six criteria met, 0..1

    @property
    def label(self) -> str:
        return str(LEVEL_LABELS[self.level])

    @property
    def is_low(self) -> bool:
        return self.level == LOW


def _criteria(offer) -> list[tuple[bool, str, str]]:
    """(met?, reason when met, reason when missing) for each criterion."""
    codes = [code for code in (offer.languages or "").split() if code]
    other_language = any(code != "de" for code in codes)
    near = offer.place_kind == PlaceKind.OUTREACH or offer.format in COMES_TO_FAMILIES
    if not near and offer.place_kind == PlaceKind.FACILITY and offer.location_id:
        near = offer.location.centre_id == offer.centre_id
    return [
        (
            offer.cost == Cost.FREE,
            _("kostenlos"),
            _("kostet etwas (ermäßigt möglich)")
            if offer.cost == Cost.REDUCED
            else _("kostet etwas"),
        ),
        (
            offer.admission == Admission.OPEN,
            _("ohne Anmeldung"),
            _("nur mit Vermittlung")
            if offer.admission == Admission.REFERRAL
            else _("Anmeldung nötig"),
        ),
        (
            offer.format in OPEN_FORMATS,
            _("offene Form: man kann einfach kommen"),
            _("feste Gruppe oder Termin (keine offene Form)"),
        ),
        (
            offer.childcare,
            _("Kinderbetreuung während des Angebots"),
            _("keine Kinderbetreuung"),
        ),
        (
            other_language or offer.interpretation,
            _("auch in anderen Sprachen als Deutsch oder mit Sprachmittlung"),
            _("nur auf Deutsch, ohne Sprachmittlung"),
        ),
        (
            near,
            _("in der Nähe: kommt zu den Familien oder findet im Sozialraum statt"),
            _("nicht im Sozialraum des Familienzentrums"),
        ),
    ]


def low_threshold(offer) -> LowThreshold:
    """The level of ``offer`` with the reasons met and missing (no query, see module doc)."""
    criteria = _criteria(offer)
    met = [str(yes) for ok, yes, _no in criteria if ok]
    missing = [str(no) for ok, _yes, no in criteria if not ok]
    free, walk_in = criteria[0][0], criteria[1][0]
    if len(met) >= 4 and free and walk_in:
        level = LOW
    elif len(met) <= 2:
        level = HIGH
    else:
        level = PARTLY
    return LowThreshold(level=level, met=met, missing=missing, score=len(met) / len(criteria))


def only_low_threshold(queryset: QuerySet) -> QuerySet:
    """The offers whose level is ``LOW``, decided in SQL by the same rule as
    ``low_threshold`` (free, walk-in, and at least two of the other four marks)."""

    def mark(condition: Q):
        return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())

    near = (
        Q(place_kind=PlaceKind.OUTREACH)
        | Q(format__in=list(COMES_TO_FAMILIES))
        | Q(place_kind=PlaceKind.FACILITY, location__centre_id=F("centre_id"))
    )
    other_marks = (
        mark(Q(format__in=list(OPEN_FORMATS)))
        + mark(Q(childcare=True))
        + mark(Q(interpretation=True) | ~Q(languages__in=["", "de"]))
        + mark(near)
    )
    return queryset.alias(low_threshold_marks=other_marks).filter(
        cost=Cost.FREE, admission=Admission.OPEN, low_threshold_marks__gte=2
    )
