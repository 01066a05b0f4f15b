from datetime import date, time

import factory

from verbund.cooperation.models import Resource, ResourceKind
from verbund.cooperation.tests.factories import AgreementFactory, PartyFactory
from verbund.tenancy.tests.factories import (
    FacilityFactory,
    MunicipalityFactory,
    ScopesDisabledFactory,
)

from ..models import Booking, HolidayPeriod, Room


class RoomFactory(ScopesDisabledFactory):
    class Meta:
        model = Room

    municipality = factory.SubFactory(MunicipalityFactory)
    facility = factory.SubFactory(
        FacilityFactory, municipality=factory.SelfAttribute("..municipality")
    )
    name = factory.Sequence(lambda n: f"Raum {n}")
    capacity = 20


class BookingFactory(ScopesDisabledFactory):
    """A single booking; for a series pass ``rrule`` with ``until`` or ``count`` and the
    derived ``last_date``/``weekday_mask`` (or create it through the service)."""

    class Meta:
        model = Booking

    room = factory.SubFactory(RoomFactory)
    municipality = factory.SelfAttribute("room.municipality")
    title = factory.Sequence(lambda n: f"Buchung {n}")
    start_date = date(2027, 1, 12)
    start_time = time(9)
    end_time = time(11)
    first_date = factory.SelfAttribute("start_date")
    last_date = factory.SelfAttribute("start_date")
    weekday_mask = factory.LazyAttribute(lambda o: 1 << o.start_date.weekday())


class HolidayPeriodFactory(ScopesDisabledFactory):
    class Meta:
        model = HolidayPeriod

    municipality = factory.SubFactory(MunicipalityFactory)
    name = "Winterferien"
    first_day = date(2027, 1, 1)
    last_day = date(2027, 1, 8)


class ResourceFactory(ScopesDisabledFactory):
    """A room resource of an agreement (the cooperation app has none; rooms links to it)."""

    class Meta:
        model = Resource

    municipality = factory.SubFactory(MunicipalityFactory)
    agreement = factory.SubFactory(
        AgreementFactory, municipality=factory.SelfAttribute("..municipality")
    )
    party = factory.SubFactory(
        PartyFactory,
        municipality=factory.SelfAttribute("..municipality"),
        agreement=factory.SelfAttribute("..agreement"),
    )
    kind = ResourceKind.ROOM
    description = "Gymnastikhalle"
