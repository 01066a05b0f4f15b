"""Factories for the quality-seal models (the tenant-guard test builds rows of every model)."""

from __future__ import annotations

import factory

from verbund.quality.models import Catalogue, SelfCheck
from verbund.tenancy.tests.factories import (
    FamilyCentreFactory,
    MunicipalityFactory,
    ScopesDisabledFactory,
)


class CatalogueFactory(ScopesDisabledFactory):
    class Meta:
        model = Catalogue

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Katalog {n}")
    definition = factory.LazyFunction(lambda: {"areas": []})


class SelfCheckFactory(ScopesDisabledFactory):
    class Meta:
        model = SelfCheck

    centre = factory.SubFactory(FamilyCentreFactory)
    municipality = factory.SelfAttribute("centre.municipality")
    catalogue = factory.SubFactory(
        CatalogueFactory, municipality=factory.SelfAttribute("..municipality")
    )
    year = factory.Sequence(lambda n: 2000 + n)
