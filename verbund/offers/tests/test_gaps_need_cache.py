"""The gap matrix keeps its need figures per place and viewer's reach until a need, an area,
a centre's areas or a term changes (issue 17)."""

import pytest

from verbund.accounts.access import access_for
from verbund.analysis.choices import NeedStatus
from verbund.analysis.tests.factories import NeedFactory
from verbund.core.roles import Role
from verbund.offers.gaps.matrix import compute_matrix
from verbund.offers.gaps.selectors import GapScope, overlaid_needs, reachable_offers
from verbund.offers.tests.test_gaps import chain, matrix_for, scope_of  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def needs_shown(tenant, place, access, *, kept=True):
    """The matrix's need figures; ``kept=False`` computes them without the cache."""
    if kept:
        matrix = matrix_for(tenant, place, access)
    else:
        with scope_of(tenant):
            matrix = compute_matrix(
                municipality=tenant.municipality,
                offers=reachable_offers(scope=place),
                needs=overlaid_needs(scope=place, access=access),
            )
    return {(c.row.key, c.column.key): c.needs for line in matrix.cells for c in line if c.needs}


def test_need_figures_follow_every_change_they_show(tenant, chain, unscoped):  # noqa: F811
    m = tenant.municipality
    viewers = [access_for(tenant.users[role], m) for role in (Role.PLANNER, Role.COORDINATOR)]
    places = [GapScope(m, centre=tenant.centre), GapScope(m)]
    need = NeedFactory(municipality=m, centre=tenant.centre, area=chain["north"])
    NeedFactory(municipality=m, centre=chain["other"], area=chain["south"])
    unplaced = NeedFactory(municipality=m, centre=chain["other"], area=None)

    def check(expected_at_centre):
        for place in places:
            for access in viewers:  # what was kept before the change is not shown after it
                assert needs_shown(tenant, place, access) == needs_shown(
                    tenant, place, access, kept=False
                )
        planner_at_centre = needs_shown(tenant, places[0], viewers[0])
        assert planner_at_centre.get(("0-1", "health"), 0) == expected_at_centre

    check(1)
    NeedFactory(municipality=m, centre=tenant.centre, area=chain["north"])
    check(2)
    need.status = NeedStatus.MET
    need.save()
    check(1)
    chain["north"].centres.add(chain["other"])  # the other centre's unplaced need comes near
    check(2)
    unplaced.delete()
    check(1)
