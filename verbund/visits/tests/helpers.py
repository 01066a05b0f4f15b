"""A municipality set up for the welcome visits: a street table, two centres with one area
each, the tenant's visitor in ``tenant.centre`` and a second visitor in the other centre."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from verbund.accounts.tests.factories import MembershipFactory, UserFactory
from verbund.areas.tests.factories import AreaFactory, square
from verbund.core.roles import Role
from verbund.tenancy.tests.factories import FamilyCentreFactory

from .factories import StreetSegmentFactory

HEADER = "Name;Straße;Hausnummer;PLZ;Geburtsmonat;Sprache;Geschwister\n"


def setup_world(tenant):
    municipality = tenant.municipality
    other = FamilyCentreFactory(municipality=municipality, name="Zentrum Süd")
    north = AreaFactory(municipality=municipality, name="Nordviertel", geometry=square(7.0, 51.0))
    south = AreaFactory(municipality=municipality, name="Südviertel", geometry=square(7.0, 50.9))
    north.centres.add(tenant.centre)
    south.centres.add(other)
    # Lindenstraße in the north, Bahnhofstraße in the south, Feldweg outside every area.
    StreetSegmentFactory(
        municipality=municipality,
        street="Lindenstraße",
        postcode="50667",
        number_from=1,
        number_to=50,
        latitude=51.005,
        longitude=7.005,
    )
    StreetSegmentFactory(
        municipality=municipality,
        street="Bahnhofstraße",
        postcode="50668",
        number_from=1,
        number_to=99,
        latitude=50.905,
        longitude=7.005,
    )
    StreetSegmentFactory(
        municipality=municipality,
        street="Feldweg",
        postcode="50669",
        number_from=1,
        number_to=20,
        latitude=50.5,
        longitude=6.5,
    )
    other_visitor = UserFactory(username=f"{municipality.slug}-visitor-south")
    MembershipFactory(
        user=other_visitor, role=Role.VISITOR, municipality=municipality, centre=other
    )
    return {"other_centre": other, "north": north, "south": south, "other_visitor": other_visitor}


def births_file(*lines: str, header: str = HEADER, name: str = "geburten.csv"):
    return SimpleUploadedFile(name, (header + "\n".join(lines) + "\n").encode("utf-8"))
