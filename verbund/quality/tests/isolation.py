"""Sample values for this app's URL kwargs (isolation and role-matrix tests): a self-check of
the tenant's centre for 2026 against the shipped catalogue, and one of its criteria."""

from __future__ import annotations


def _sample(tenant):
    if "quality.check" not in tenant.extra:
        from django_scopes import scopes_disabled

        from .. import services

        with scopes_disabled():
            check = services.selfcheck_create(
                actor=None, municipality=tenant.municipality, centre=tenant.centre, year=2026
            )
            first = check.criteria.order_by("pk").first()
        tenant.extra["quality.check"] = check
        tenant.extra["quality.criterion"] = first
    return tenant.extra["quality.check"]


SAMPLES = {
    "selfcheck_id": lambda tenant: _sample(tenant).pk,
    "criterion_id": lambda tenant: (_sample(tenant), tenant.extra["quality.criterion"])[1].pk,
    "catalogue_id": lambda tenant: _sample(tenant).catalogue_id,
}
