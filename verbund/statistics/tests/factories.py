import factory

from verbund.areas.models import Area
from verbund.statistics.importing.matching import normalise_name
from verbund.statistics.models import AreaAlias, ImportMapping, Indicator
from verbund.tenancy.tests.factories import MunicipalityFactory, ScopesDisabledFactory


class AreaFactory(ScopesDisabledFactory):
    class Meta:
        model = Area

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"{n + 1:03d}")
    name = factory.Sequence(lambda n: f"Stadtteil {n + 1}")
    level = "Stadtteil"


class IndicatorFactory(ScopesDisabledFactory):
    class Meta:
        model = Indicator

    municipality = factory.SubFactory(MunicipalityFactory)
    key = factory.Sequence(lambda n: f"indikator_{n}")
    name = factory.Sequence(lambda n: f"Indikator {n}")
    unit = "%"
    kind = "share"


class ImportMappingFactory(ScopesDisabledFactory):
    class Meta:
        model = ImportMapping

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Zuordnung {n}")


class AreaAliasFactory(ScopesDisabledFactory):
    class Meta:
        model = AreaAlias

    municipality = factory.SubFactory(MunicipalityFactory)
    area = factory.SubFactory(AreaFactory, municipality=factory.SelfAttribute("..municipality"))
    text = factory.Sequence(lambda n: f"StB {n} Stadtteil")
    normalised = factory.LazyAttribute(lambda alias: normalise_name(alias.text))
