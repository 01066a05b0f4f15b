"""Fixtures of the duplicate report's tests: an area and two similar offers in it."""

from __future__ import annotations

import pytest

from verbund.areas.tests.factories import AreaFactory
from verbund.tenancy.tests.factories import FamilyCentreFactory

from .factories import make_offer, own_organisation


@pytest.fixture
def kalk(tenant):
    return AreaFactory(municipality=tenant.municipality, name="Kalk", level="Stadtteil")


@pytest.fixture
def duplicates(tenant, kalk):
    """A partner's offer in the tenant's centre and a similar one of another centre."""
    neighbour = FamilyCentreFactory(municipality=tenant.municipality)
    ours = make_offer(
        tenant.municipality,
        area=kalk,
        title="Babyschwimmen",
        centre=tenant.centre,
        provider=own_organisation(tenant),
    )
    theirs = make_offer(
        tenant.municipality, area=kalk, title="Babyschwimmen am Dienstag", centre=neighbour
    )
    return ours, theirs, neighbour
