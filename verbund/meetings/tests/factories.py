from datetime import date, time

import factory
from django.utils import timezone

from verbund.network.tests import factories as network_factories
from verbund.network.tests.factories import BodyFactory
from verbund.tenancy.tests.factories import (
    FamilyCentreFactory,
    MunicipalityFactory,
    ScopesDisabledFactory,
)

from ..models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Circle,
    Decision,
    Meeting,
    MinutesDelivery,
    MinutesVersion,
    StandingReader,
)


class BodyMemberFactory(network_factories.BodyMemberFactory):
    """A seat held by a centre (the network factory leaves the holder to the caller). Named
    like the model so the tenant-guard test, which builds every model a relation points to,
    can build a valid seat for ``Attendance.member``."""

    centre = factory.SubFactory(
        FamilyCentreFactory, municipality=factory.SelfAttribute("..municipality")
    )


class MeetingFactory(ScopesDisabledFactory):
    class Meta:
        model = Meeting

    municipality = factory.SubFactory(MunicipalityFactory)
    body = factory.SubFactory(BodyFactory, municipality=factory.SelfAttribute("..municipality"))
    title = factory.Sequence(lambda n: f"Sitzung {n}")
    date = date(2027, 3, 10)
    start_time = time(10)
    end_time = time(12)
    address = "Rathaus, Sitzungssaal 2"


class CircleFactory(ScopesDisabledFactory):
    class Meta:
        model = Circle

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Koordinierungsrunde {n}")
    centre = factory.SubFactory(
        FamilyCentreFactory, municipality=factory.SelfAttribute("..municipality")
    )


class AgendaItemFactory(ScopesDisabledFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    municipality = factory.SelfAttribute("meeting.municipality")
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Thema {n}")


class ActionItemFactory(ScopesDisabledFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    municipality = factory.SelfAttribute("meeting.municipality")
    title = factory.Sequence(lambda n: f"Aufgabe {n}")
    owner_organisation = factory.SubFactory(
        network_factories.OrganisationFactory, municipality=factory.SelfAttribute("..municipality")
    )


class AttendanceFactory(ScopesDisabledFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    municipality = factory.SelfAttribute("meeting.municipality")
    guest_name = factory.Sequence(lambda n: f"Gast {n}")


class DecisionFactory(ScopesDisabledFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    municipality = factory.SelfAttribute("meeting.municipality")
    body = factory.SelfAttribute("meeting.body")
    number = factory.Sequence(lambda n: n + 1)
    text = "Das Elterncafé wird fortgeführt."


class MinutesVersionFactory(ScopesDisabledFactory):
    class Meta:
        model = MinutesVersion

    meeting = factory.SubFactory(MeetingFactory)
    municipality = factory.SelfAttribute("meeting.municipality")
    number = factory.Sequence(lambda n: n + 1)
    content = factory.LazyFunction(dict)
    content_sha256 = "0" * 64
    approved_at = factory.LazyFunction(timezone.now)


class MinutesDeliveryFactory(ScopesDisabledFactory):
    class Meta:
        model = MinutesDelivery

    version = factory.SubFactory(MinutesVersionFactory)
    municipality = factory.SelfAttribute("version.municipality")
    name = "Fachbereichsleitung"
    email = factory.Sequence(lambda n: f"leser{n}@example.org")
    reason = "ständig lesend"


class StandingReaderFactory(ScopesDisabledFactory):
    class Meta:
        model = StandingReader

    body = factory.SubFactory(BodyFactory)
    municipality = factory.SelfAttribute("body.municipality")
    contact = factory.SubFactory(
        network_factories.ContactFactory, municipality=factory.SelfAttribute("..municipality")
    )
