import factory

from verbund.core.privacy import LegalBasis
from verbund.network.models import (
    Body,
    BodyKind,
    BodyMember,
    Contact,
    Interaction,
    InteractionKind,
    Organisation,
    Relationship,
    Sector,
)
from verbund.tenancy.tests.factories import (
    FamilyCentreFactory,
    MunicipalityFactory,
    ScopesDisabledFactory,
)


class OrganisationFactory(ScopesDisabledFactory):
    class Meta:
        model = Organisation

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Verein Nummer {n} e. V.")
    sector = Sector.SPORT_CLUB
    street = factory.Sequence(lambda n: f"Sportweg {n}")
    postcode = "51061"
    city = "Lindenhagen"


class ContactFactory(ScopesDisabledFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    municipality = factory.SelfAttribute("organisation.municipality")
    first_name = "Maria"
    last_name = factory.Sequence(lambda n: f"Beispiel{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    phone = "0221 123456"
    legal_basis = LegalBasis.PUBLIC_TASK
    source = "Visitenkarte beim Runden Tisch"


class RelationshipFactory(ScopesDisabledFactory):
    class Meta:
        model = Relationship

    municipality = factory.SubFactory(MunicipalityFactory)
    centre = factory.SubFactory(
        FamilyCentreFactory, municipality=factory.SelfAttribute("..municipality")
    )
    organisation = factory.SubFactory(
        OrganisationFactory, municipality=factory.SelfAttribute("..municipality")
    )
    quality = 3
    status = "cooperating"


class InteractionFactory(ScopesDisabledFactory):
    class Meta:
        model = Interaction

    relationship = factory.SubFactory(RelationshipFactory)
    municipality = factory.SelfAttribute("relationship.municipality")
    kind = InteractionKind.CALL
    summary = "Absprache zum Elterncafé"


class BodyFactory(ScopesDisabledFactory):
    class Meta:
        model = Body

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Runder Tisch {n}")
    kind = BodyKind.ROUND_TABLE


class BodyMemberFactory(ScopesDisabledFactory):
    class Meta:
        model = BodyMember

    body = factory.SubFactory(BodyFactory)
    municipality = factory.SelfAttribute("body.municipality")
