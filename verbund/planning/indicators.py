"""The indicator catalogue: the figures a goal can be measured by and, where the system knows
them, how to read their current value for a centre.

Each reader takes the programme's centre, a period (from, to) and returns a number; it costs a
fixed number of queries (one count) whatever the data size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

MANUAL = "manual"
UNDER_THREE = ("0-1", "1-3")  # life-phase keys of the taxonomy for children under 3


@dataclass(frozen=True)
class IndicatorDef:
    key: str
    label: str
    explanation: str
    read: Callable[..., int] | None = None  # (centre, start, end) -> value


def _offers_under_three(centre, start: date, end: date) -> int:
    from verbund.offers.gaps.selectors import GapScope, reachable_offers

    scope = GapScope(municipality=centre.municipality, centre=centre)
    return (
        reachable_offers(scope=scope)
        .filter(terms__vocabulary="life_phase", terms__key__in=UNDER_THREE)
        .values("pk")
        .distinct()
        .count()
    )


def _partners_signed(centre, start: date, end: date) -> int:
    from verbund.cooperation.models import IN_FORCE, Agreement, Party, PartyKind

    agreements = Agreement.objects.filter(centre=centre, status__in=IN_FORCE)
    return (
        Party.objects.filter(agreement__in=agreements, kind=PartyKind.PARTNER)
        .values("organisation")
        .distinct()
        .count()
    )


def _families_brokered(centre, start: date, end: date) -> int:
    from verbund.offers.models import Referral

    return Referral.objects.filter(centre=centre, date__gte=start, date__lte=end).count()


def _needs_met(centre, start: date, end: date) -> int:
    from verbund.analysis.choices import NeedStatus
    from verbund.analysis.models import Need

    return Need.objects.filter(centre=centre, status=NeedStatus.MET).count()


CATALOGUE: dict[str, IndicatorDef] = {
    d.key: d
    for d in (
        IndicatorDef(
            "offers_under_three",
            _("Angebote für Kinder von 0 bis 3 Jahren im Sozialraum"),
            _(
                "Aktive, freigegebene Angebote der Lebensphasen 0–1 und 1–3 Jahre, die im "
                "Sozialraum des Familienzentrums erreichbar sind."
            ),
            _offers_under_three,
        ),
        IndicatorDef(
            "partners_signed",
            _("Partner mit unterzeichneter Kooperationsvereinbarung"),
            _(
                "Partnerorganisationen, mit denen das Familienzentrum eine gültige "
                "(unterzeichnete oder aktive) Vereinbarung hat."
            ),
            _partners_signed,
        ),
        IndicatorDef(
            "families_brokered",
            _("Vermittelte Familien im Programmjahr"),
            _(
                "Vermittlungen des Familienzentrums in Angebote vom 1. Januar bis zum Tag der "
                "Überprüfung (anonym gezählt)."
            ),
            _families_brokered,
        ),
        IndicatorDef(
            "needs_met",
            _("Gedeckte Bedarfe"),
            _("Bedarfe des Familienzentrums mit dem Status „gedeckt“."),
            _needs_met,
        ),
        IndicatorDef(
            MANUAL,
            _("eigene Kennzahl (von Hand eingetragen)"),
            _("Der Wert wird bei der Überprüfung von Hand eingetragen."),
            None,
        ),
    )
}

INDICATOR_CHOICES = [(d.key, d.label) for d in CATALOGUE.values()]


def current_value(key: str, centre, start: date, end: date) -> int | None:
    """The system's value of the indicator, or None when it is entered by hand."""
    definition = CATALOGUE.get(key)
    if definition is None or definition.read is None:
        return None
    return definition.read(centre, start, end)
