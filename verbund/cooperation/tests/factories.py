import io

import factory

from verbund.cooperation.models import Agreement, AgreementVersion, Party, PartyKind
from verbund.core.privacy import LegalBasis
from verbund.network.models import Contact, Organisation, Sector
from verbund.tenancy.tests.factories import (
    FacilityFactory,
    FamilyCentreFactory,
    MunicipalityFactory,
    ScopesDisabledFactory,
)

# Tiny valid files for upload tests (content checked by magic bytes, not by name).


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (4, 4)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 200, 200)).save(buffer, format=fmt)
    return buffer.getvalue()


PNG_1PX = image_bytes("PNG", (1, 1))
JPEG_SMALL = image_bytes("JPEG", (8, 8))
PDF_MINIMAL = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class OrganisationFactory(ScopesDisabledFactory):
    class Meta:
        model = Organisation

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Beratungsstelle {n} e. V.")
    sector = Sector.COUNSELLING
    street = factory.Sequence(lambda n: f"Am Markt {n}")
    postcode = "50667"
    city = "Köln"


class ContactFactory(ScopesDisabledFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    municipality = factory.SelfAttribute("organisation.municipality")
    first_name = "Anna"
    last_name = factory.Sequence(lambda n: f"Berg {n}")
    function = "Leitung"
    email = factory.Sequence(lambda n: f"anna.berg{n}@example.org")
    legal_basis = LegalBasis.PUBLIC_TASK
    source = "Runder Tisch"


class AgreementFactory(ScopesDisabledFactory):
    class Meta:
        model = Agreement

    municipality = factory.SubFactory(MunicipalityFactory)
    centre = factory.SubFactory(
        FamilyCentreFactory, municipality=factory.SelfAttribute("..municipality")
    )
    title = factory.Sequence(lambda n: f"Kooperation {n}")
    subject = "Gemeinsame Elternberatung"


class PartyFactory(ScopesDisabledFactory):
    class Meta:
        model = Party

    agreement = factory.SubFactory(AgreementFactory)
    municipality = factory.SelfAttribute("agreement.municipality")
    kind = PartyKind.CENTRE


class AgreementVersionFactory(ScopesDisabledFactory):
    class Meta:
        model = AgreementVersion

    agreement = factory.SubFactory(AgreementFactory)
    municipality = factory.SelfAttribute("agreement.municipality")
    number = factory.Sequence(lambda n: n + 1)


__all__ = [
    "AgreementFactory",
    "AgreementVersionFactory",
    "ContactFactory",
    "FacilityFactory",
    "FamilyCentreFactory",
    "OrganisationFactory",
    "PartyFactory",
]
