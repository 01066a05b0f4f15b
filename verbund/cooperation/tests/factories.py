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


def build_pdf(objects: list[bytes], *, header: bytes = b"%PDF-1.4\n", root: int = 1) -> bytes:
    """A PDF with a correct cross-reference table; ``objects[i]`` is object ``i + 1``."""
    out = bytearray(header)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)


PAGE_OBJECTS = [
    b"<</Type/Catalog/Pages 2 0 R>>",
    b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
    b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>",
]
PDF_MINIMAL = build_pdf(PAGE_OBJECTS)


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
