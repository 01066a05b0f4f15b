import pytest

from verbund.analysis.tests.factories import (
    AreaFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    square,
)


class LevelData:
    """Areas of one level with values of a few indicators, built in one municipality."""

    def __init__(self, municipality):
        self.municipality = municipality
        self.areas = {}
        self.indicators = {}

    def area(self, name, *, level="Planungsraum", code=None, parent=None, index=None):
        number = len(self.areas)
        area = AreaFactory(
            municipality=self.municipality,
            name=name,
            level=level,
            code=code or f"{level[:2].upper()}{number:04d}",
            parent=parent,
            geometry_simplified=square(7.0 + (index if index is not None else number) * 0.01, 50.9),
        )
        self.areas[name] = area
        return area

    def indicator(self, key, *, higher_means_more_need=True, name=None, unit="%"):
        indicator = IndicatorFactory(
            municipality=self.municipality,
            key=key,
            name=name or key.replace("_", " ").title(),
            higher_means_more_need=higher_means_more_need,
            unit=unit,
        )
        self.indicators[key] = indicator
        return indicator

    def values(self, key, year, mapping):
        for area_name, value in mapping.items():
            IndicatorValueFactory(
                municipality=self.municipality,
                indicator=self.indicators[key],
                area=self.areas[area_name],
                year=year,
                value=value,
            )


@pytest.fixture
def level(tenant):
    return LevelData(tenant.municipality)
