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


# --- catalogue and overlaps parts --------------------------------------------------------


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


own_organisation = partner_organisation


class ComplementaryPairFactory(ScopesDisabledFactory):
    class Meta:
        model = "offers.ComplementaryPair"

    first = factory.SubFactory(OfferFactory)
    second = factory.SubFactory(OfferFactory, centre=factory.SelfAttribute("..first.centre"))
    municipality = factory.SelfAttribute("first.municipality")
    reason = "Eines vormittags, eines abends für berufstätige Eltern."


class ReferralFactory(ScopesDisabledFactory):
    class Meta:
        model = "offers.Referral"

    offer = factory.SubFactory(OfferFactory)
    centre = factory.SelfAttribute("offer.centre")
    municipality = factory.SelfAttribute("offer.municipality")
    date = factory.LazyFunction(datetime.date.today)
    life_phase = factory.LazyAttribute(lambda o: _term(o.municipality, "life_phase", "0-1"))
    topic = factory.LazyAttribute(lambda o: _term(o.municipality, "topic", "health"))


def _term(municipality, vocabulary, key):
    from verbund.taxonomy.tests.factories import term

    return term(municipality, vocabulary, key)


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


def make_offer(
    municipality,
    *,
    area=None,
    keys=(("life_phase", "0-1"), ("topic", "health")),
    tuesday_at=9,
    **kwargs,
):
    """A running offer with a life phase, a topic, an area and a Tuesday time: the shape the
    duplicate report compares."""
    from django_scopes import scopes_disabled

    from verbund.taxonomy.tests.factories import term

    offer = OfferFactory(municipality=municipality, **kwargs)
    with scopes_disabled():
        offer.terms.set([term(municipality, vocabulary, key) for vocabulary, key in keys])
        if area is not None:
            offer.areas_served.add(area)
    if tuesday_at is not None:
        OfferScheduleFactory(
            offer=offer,
            weekdays=2,
            start_minute=tuesday_at * 60,
            start_time=datetime.time(tuesday_at, 0),
            end_time=datetime.time(tuesday_at + 1, 30),
        )
    return offer
