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


def _online_offer(tenant):
    if "api_online_offer" not in tenant.extra:
        from verbund.offers.choices import PlaceKind
        from verbund.offers.tests.factories import OfferFactory

        tenant.extra["api_online_offer"] = OfferFactory(
            municipality=tenant.municipality, centre=tenant.centre, title="Elternabend online",
            place_kind=PlaceKind.ONLINE, online_url="https://treffen.example/raum",
        )  # fmt: skip
    return tenant.extra["api_online_offer"]


def _hsds(kind: str, pk):
    def sample(tenant):
        from verbund.api.ids import hsds_id

        return hsds_id(tenant.municipality.pk, kind, pk(tenant) if callable(pk) else pk)

    return sample


def _token(tenant):
    if "api_token" not in tenant.extra:
        from verbund.api.tests.helpers_partner import make_token

        tenant.extra["api_token"] = make_token(tenant)
    return tenant.extra["api_token"][0]


def _partner_offer(tenant):
    if "api_partner_offer" not in tenant.extra:
        from verbund.offers.tests.factories import OfferFactory, partner_organisation

        tenant.extra["api_partner_offer"] = OfferFactory(
            municipality=tenant.municipality,
            centre=tenant.centre,
            provider=partner_organisation(tenant),
            title="Elternkurs der Partnerorganisation",
        )
    return tenant.extra["api_partner_offer"]


def _partner_schedule(tenant):
    if "api_partner_schedule" not in tenant.extra:
        from verbund.offers.tests.factories import OfferScheduleFactory

        tenant.extra["api_partner_schedule"] = OfferScheduleFactory(
            municipality=tenant.municipality, offer=_partner_offer(tenant)
        )
    return tenant.extra["api_partner_schedule"]


SAMPLES = {
    "api_token_id": lambda tenant: _token(tenant).pk,
    "partner_offer_id": lambda tenant: _partner_offer(tenant).pk,
    "partner_schedule_id": lambda tenant: _partner_schedule(tenant).pk,
    "municipality": lambda tenant: tenant.municipality.slug,
    "service_id": _service_id,
    "organization_id": _organization_id,
    "schema_name": lambda tenant: "service.json",
    "location_id": _hsds("online", lambda tenant: _online_offer(tenant).pk),
    "service_at_location_id": _hsds("service_at_location", lambda t: _online_offer(t).pk),
    "taxonomy_id": _hsds("taxonomy", 1),
    "taxonomy_term_id": _hsds("profile_term", 1),
}
