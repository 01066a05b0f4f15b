"""Sample values for this app's URL kwargs, used by the isolation and role-matrix tests.

The sample family belongs to ``tenant.centre`` (whose visit team is the tenant's visitor); the
sample births list was uploaded by that visitor."""

from __future__ import annotations

from verbund.core.roles import Role


def _family(tenant):
    if "visits_family" not in tenant.extra:
        from .factories import FamilyFactory

        tenant.extra["visits_family"] = FamilyFactory(
            municipality=tenant.municipality, centre=tenant.centre
        )
    return tenant.extra["visits_family"]


def _draft(tenant):
    if "visits_draft" not in tenant.extra:
        from .factories import BirthsImportFactory

        tenant.extra["visits_draft"] = BirthsImportFactory(
            municipality=tenant.municipality, uploaded_by=tenant.users[Role.VISITOR]
        )
    return tenant.extra["visits_draft"]


SAMPLES = {
    "family_id": lambda tenant: _family(tenant).pk,
    "births_id": lambda tenant: _draft(tenant).pk,
}
