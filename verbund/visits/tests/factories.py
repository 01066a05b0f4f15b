import datetime

import factory

from verbund.tenancy.tests.factories import (
    FamilyCentreFactory,
    MunicipalityFactory,
    ScopesDisabledFactory,
)
from verbund.visits.models import BirthsImport, Family, StreetSegment, Visit


class FamilyFactory(ScopesDisabledFactory):
    class Meta:
        model = Family

    municipality = factory.SubFactory(MunicipalityFactory)
    centre = factory.SubFactory(
        FamilyCentreFactory, municipality=factory.SelfAttribute("..municipality")
    )
    parent_name = factory.Sequence(lambda n: f"Elternteil Nummer{n}")
    street = "Lindenstraße"
    house_number = factory.Sequence(lambda n: str(n + 1))
    postcode = "12345"
    latitude = 52.0
    longitude = 13.0
    birth_month = factory.LazyFunction(lambda: datetime.date.today().replace(day=1))
    language = "tr"


class VisitFactory(ScopesDisabledFactory):
    class Meta:
        model = Visit

    family = factory.SubFactory(FamilyFactory)
    municipality = factory.SelfAttribute("family.municipality")
    appointment = factory.LazyFunction(
        lambda: datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    )
    outcome = "visited"


class StreetSegmentFactory(ScopesDisabledFactory):
    class Meta:
        model = StreetSegment

    municipality = factory.SubFactory(MunicipalityFactory)
    street = "Lindenstraße"
    postcode = "12345"
    number_from = 1
    number_to = 99
    latitude = 52.0
    longitude = 13.0


class BirthsImportFactory(ScopesDisabledFactory):
    class Meta:
        model = BirthsImport

    municipality = factory.SubFactory(MunicipalityFactory)
    file_name = "geburten.csv"
    rows = factory.LazyFunction(
        lambda: [
            {
                "line": 2,
                "parent_name": "Ayşe Beispiel",
                "street": "Lindenstraße",
                "house_number": "3",
                "postcode": "12345",
                "birth_month": datetime.date.today().replace(day=1).isoformat(),
                "language": "tr",
                "sibling_ages": "",
                "latitude": 52.0,
                "longitude": 13.0,
                "centre_id": None,
                "centre_name": "",
                "area_id": None,
                "area_name": "",
            }
        ]
    )
