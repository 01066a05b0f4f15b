"""The offers of the demo municipality Lindenhagen along the prevention chain.

Read by ``seed_demo_offers``. Each entry names its centre (whose catalogue), provider (an
organisation of the demo network; ``None`` = the centre itself), place (a facility of the demo,
an address, online or outreach), terms by their stable keys, areas by Stadtteil name (default:
the centre's Stadtteile) and its dates in a short notation:

    "wö DI 09:30-11:00"          weekly on Tuesday
    "wö DI 09:30-11:00 ferien"   weekly, not in the school holidays
    "2wö FR 15:00-17:00"         every other week
    "mon 1MI 19:00-21:00"        first Wednesday of the month (n-th weekday)
    "kurs MO 10:00-11:00 x8"     a course: weekly, 8 dates, starting in two weeks
    "am +21 18:00-20:00"         one date, 21 days from the day the demo is loaded
    "anfrage"                    on request

Deliberate gaps (so the gap matrix shows something): no offer for 10–16 year olds reaches Am
Mühlbach, and nothing on the transition into work (16–21, Übergang in den Beruf) reaches the
Nordstadt, where a confirmed need asks for it (``NEEDS``). Two duplicate pairs (``DUPLICATES``):
two providers offer nearly the same thing in the same Stadtteil at overlapping times.
"""

from __future__ import annotations

from . import altstadt, citywide, muehlbach, nordstadt, suedfeld
from .common import (
    AWAITING_APPROVAL,
    CENTRE_AREAS,
    CENTRE_CONTACT,
    CENTRE_HOUSE,
    CITY,
    DUPLICATES,
    GAPS,
    LONG_UNCHECKED,
    NEEDS,
    PARTNER_ORGANISATION,
)

OFFERS = nordstadt.OFFERS + muehlbach.OFFERS + altstadt.OFFERS + suedfeld.OFFERS + citywide.OFFERS

__all__ = [
    "AWAITING_APPROVAL",
    "CENTRE_AREAS",
    "CENTRE_CONTACT",
    "CENTRE_HOUSE",
    "CITY",
    "DUPLICATES",
    "GAPS",
    "LONG_UNCHECKED",
    "NEEDS",
    "OFFERS",
    "PARTNER_ORGANISATION",
]
