import factory

from verbund.analysis.choices import NeedStatus, Priority
from verbund.analysis.models import CentreFigures, Need, NeedIndexConfig, NeedRule, RuleKind
from verbund.areas.models import Area
from verbund.statistics.models import Indicator, IndicatorKind, IndicatorValue
from verbund.taxonomy.tests.factories import term
from verbund.tenancy.tests.factories import (
    FamilyCentreFactory,
    MunicipalityFactory,
    ScopesDisabledFactory,
)


def square(lon: float, lat: float, size: float = 0.01) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [
            [
                [lon, lat],
                [lon + size, lat],
                [lon + size, lat + size],
                [lon, lat + size],
                [lon, lat],
            ]
        ],
    }


class AreaFactory(ScopesDisabledFactory):
    class Meta:
        model = Area

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"PR{n:05d}")
    name = factory.Sequence(lambda n: f"Planungsraum {n}")
    level = "Planungsraum"
    geometry_simplified = factory.Sequence(lambda n: square(7.0 + (n % 50) * 0.01, 50.9))


class IndicatorFactory(ScopesDisabledFactory):
    class Meta:
        model = Indicator

    municipality = factory.SubFactory(MunicipalityFactory)
    key = factory.Sequence(lambda n: f"indikator-{n}")
    name = factory.Sequence(lambda n: f"Indikator {n}")
    unit = "%"
    kind = IndicatorKind.SHARE
    higher_means_more_need = True
    topic = "Soziale Lage"


class IndicatorValueFactory(ScopesDisabledFactory):
    class Meta:
        model = IndicatorValue

    municipality = factory.SelfAttribute("indicator.municipality")
    indicator = factory.SubFactory(IndicatorFactory)
    area = factory.SubFactory(AreaFactory, municipality=factory.SelfAttribute("..municipality"))
    year = 2024
    value = 10.0


class CentreFiguresFactory(ScopesDisabledFactory):
    class Meta:
        model = CentreFigures

    municipality = factory.SubFactory(MunicipalityFactory)
    centre = factory.SubFactory(
        FamilyCentreFactory, municipality=factory.SelfAttribute("..municipality")
    )
    year = 2024
    families = 80
    children = 120
    children_under_3 = 30
    single_parents = 20
    refugee_background = 3
    non_german_language = 25
    both_parents_fulltime = 10
    benefits = 18


class NeedRuleFactory(ScopesDisabledFactory):
    class Meta:
        model = NeedRule

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Regel {n}")
    kind = RuleKind.FIGURE_SHARE
    figure = "single_parents"
    threshold = 20.0
    need_title = "Angebote für Alleinerziehende"
    target_group = factory.LazyAttribute(
        lambda o: term(o.municipality, "target_group", "single_parents")
    )
    life_phase = factory.LazyAttribute(lambda o: term(o.municipality, "life_phase", "all"))
    topic = factory.LazyAttribute(lambda o: term(o.municipality, "topic", "parenting"))
    priority = Priority.HIGH


class NeedFactory(ScopesDisabledFactory):
    class Meta:
        model = Need

    municipality = factory.SubFactory(MunicipalityFactory)
    centre = factory.SubFactory(
        FamilyCentreFactory, municipality=factory.SelfAttribute("..municipality")
    )
    title = factory.Sequence(lambda n: f"Bedarf {n}")
    target_group = factory.LazyAttribute(lambda o: term(o.municipality, "target_group", "families"))
    life_phase = factory.LazyAttribute(lambda o: term(o.municipality, "life_phase", "0-1"))
    topic = factory.LazyAttribute(lambda o: term(o.municipality, "topic", "health"))
    priority = Priority.MEDIUM
    status = NeedStatus.CONFIRMED


class NeedIndexConfigFactory(ScopesDisabledFactory):
    class Meta:
        model = NeedIndexConfig

    municipality = factory.SubFactory(MunicipalityFactory)
    level = "Planungsraum"
