import datetime

import factory

from verbund.offers.choices import Cost, OfferFormat, ScheduleKind
from verbund.offers.models import Offer, OfferSchedule
from verbund.tenancy.tests.factories import FamilyCentreFactory, ScopesDisabledFactory


class OfferFactory(ScopesDisabledFactory):
    class Meta:
        model = Offer

    centre = factory.SubFactory(FamilyCentreFactory)
    municipality = factory.SelfAttribute("centre.municipality")
    title = factory.Sequence(lambda n: f"Elterncafé {n}")
    summary = "Offener Treff für Eltern mit kleinen Kindern."
    format = OfferFormat.OPEN_MEETING
    cost = Cost.FREE
    languages = "de"


class OfferScheduleFactory(ScopesDisabledFactory):
    class Meta:
        model = OfferSchedule

    offer = factory.SubFactory(OfferFactory)
    municipality = factory.SelfAttribute("offer.municipality")
    kind = ScheduleKind.SERIES
    start_date = datetime.date(2027, 1, 5)
    start_time = datetime.time(9, 0)
    end_time = datetime.time(11, 0)
    rrule = "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630"
    weekdays = 2
    start_minute = 540


# --- catalogue part ------------------------------------------------------------------------


def partner_organisation(tenant):
    """The network organisation of ``tenant.facility`` (the tenant's partner user's own)."""
    from django_scopes import scopes_disabled

    from verbund.network.models import Organisation
    from verbund.network.tests.factories import OrganisationFactory

    with scopes_disabled():
        existing = Organisation.objects.filter(facility=tenant.facility).first()
    return existing or OrganisationFactory(
        municipality=tenant.municipality, facility=tenant.facility, name="Familienbildung Eigen"
    )
