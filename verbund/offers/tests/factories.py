import datetime

import factory

from verbund.offers.choices import Cost, OfferFormat, ScheduleKind
from verbund.offers.models import FeedToken, Offer, OfferSchedule
from verbund.offers.models.feeds import token_digest
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


# --- schedules part ---------------------------------------------------------------------------
class FeedTokenFactory(ScopesDisabledFactory):
    """``token=`` sets the plain token (only its digest is stored)."""

    class Meta:
        model = FeedToken

    class Params:
        token = factory.Sequence(lambda n: f"test-token-{n:04d}-" + "a" * 24)

    municipality = factory.SubFactory("verbund.tenancy.tests.factories.MunicipalityFactory")
    user = factory.SubFactory("verbund.accounts.tests.factories.UserFactory")
    label = "Diensthandy"
    digest = factory.LazyAttribute(lambda o: token_digest(o.token))
