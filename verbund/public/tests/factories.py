import factory

from verbund.tenancy.tests.factories import (
    FamilyCentreFactory,
    MunicipalityFactory,
    ScopesDisabledFactory,
)

from ..models import CentrePage, PageDownload


class CentrePageFactory(ScopesDisabledFactory):
    class Meta:
        model = CentrePage

    municipality = factory.SubFactory(MunicipalityFactory)
    centre = factory.SubFactory(
        FamilyCentreFactory, municipality=factory.SelfAttribute("..municipality")
    )
    published = True
    introduction = "<p>Willkommen im Familienzentrum.</p>"


class PageDownloadFactory(ScopesDisabledFactory):
    class Meta:
        model = PageDownload

    page = factory.SubFactory(CentrePageFactory)
    municipality = factory.SelfAttribute("page.municipality")
    title = factory.Sequence(lambda n: f"Flyer {n}")
    file = "public/downloads/flyer.pdf"
