"""Sample values for the API's URL kwargs (the isolation tests: public data)."""

from __future__ import annotations


def _offer(tenant):
    if "api_offer" not in tenant.extra:
        from verbund.offers.tests.factories import OfferFactory

        tenant.extra["api_offer"] = OfferFactory(
            municipality=tenant.municipality, centre=tenant.centre, title="Offenes Elterncafé"
        )
    return tenant.extra["api_offer"]


def _service_id(tenant):
    from verbund.api.ids import hsds_id

    return hsds_id(tenant.municipality.pk, "service", _offer(tenant).pk)


def _organization_id(tenant):
    from verbund.api.ids import hsds_id

    return hsds_id(tenant.municipality.pk, "centre", _offer(tenant).centre_id)


SAMPLES = {
    "municipality": lambda tenant: tenant.municipality.slug,
    "service_id": _service_id,
    "organization_id": _organization_id,
    "schema_name": lambda tenant: "service.json",
}
