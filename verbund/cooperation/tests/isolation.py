"""Sample values for this app's URL kwargs, used by the isolation and role-matrix tests.

The sample agreement belongs to ``tenant.centre``; its partner organisation is linked to
``tenant.facility`` (so the tenant's partner user is party to it). Version 1 is signed and has
a scanned signature page attached.
"""

from __future__ import annotations


def _sample(tenant):
    if "agreement" not in tenant.extra:
        from django_scopes import scopes_disabled

        from .factories import OrganisationFactory
        from .helpers import make_agreement, sign, upload_scan

        organisation = OrganisationFactory(
            municipality=tenant.municipality, facility=tenant.facility
        )
        agreement = make_agreement(
            municipality=tenant.municipality, centre=tenant.centre, partners=[organisation]
        )
        agreement = sign(agreement)
        with scopes_disabled():
            version = agreement.versions.get(number=1)
        attachment = upload_scan(agreement, version=version)
        with scopes_disabled():
            tenant.extra["agreement"] = agreement
            tenant.extra["version"] = version
            tenant.extra["attachment"] = attachment
            tenant.extra["party"] = agreement.parties.get(kind="partner")
            tenant.extra["responsibility"] = agreement.responsibilities.first()
            tenant.extra["resource"] = agreement.resources.first()
    return tenant.extra


SAMPLES = {
    "agreement_id": lambda tenant: _sample(tenant)["agreement"].pk,
    "version_id": lambda tenant: _sample(tenant)["version"].pk,
    "attachment_id": lambda tenant: _sample(tenant)["attachment"].pk,
    "party_id": lambda tenant: _sample(tenant)["party"].pk,
    "responsibility_id": lambda tenant: _sample(tenant)["responsibility"].pk,
    "resource_id": lambda tenant: _sample(tenant)["resource"].pk,
}
