"""Sample values for this app's URL kwargs (isolation and role-matrix tests)."""

from __future__ import annotations


# --- schedules part ---------------------------------------------------------------------------
# The sample offer is the one the catalogue part uses (``tenant.extra["offer"]``): approved,
# public and active, provided by the partner user's own organisation, so every role that may
# manage offers reaches it, and the public feed shows it.
def _offer(tenant):
    if "offer" not in tenant.extra:
        from django_scopes import scopes_disabled

        from verbund.network.models import Organisation
        from verbund.network.tests.factories import OrganisationFactory

        from .factories import OfferFactory

        with scopes_disabled():
            provider = Organisation.objects.filter(facility=tenant.facility).first()
        provider = provider or OrganisationFactory(
            municipality=tenant.municipality, facility=tenant.facility
        )
        tenant.extra["offer"] = OfferFactory(
            municipality=tenant.municipality, centre=tenant.centre, provider=provider
        )
    return tenant.extra["offer"]


def _schedule(tenant):
    if "offer_schedule" not in tenant.extra:
        from .factories import OfferScheduleFactory

        tenant.extra["offer_schedule"] = OfferScheduleFactory(offer=_offer(tenant))
    return tenant.extra["offer_schedule"]


def _feed_token(tenant):
    """A personal calendar address of the tenant's admin (the plain token)."""
    if "feed_token" not in tenant.extra:
        from .factories import FeedTokenFactory

        _schedule(tenant)
        token = f"probe-{tenant.municipality.slug}-" + "x" * 30
        FeedTokenFactory(
            municipality=tenant.municipality,
            user=next(iter(tenant.users.values())),
            token=token,
        )
        tenant.extra["feed_token"] = token
    return tenant.extra["feed_token"]


SAMPLES = {
    "offer_id": lambda tenant: _schedule(tenant).offer_id,
    "schedule_id": lambda tenant: _schedule(tenant).pk,
    "place": lambda tenant: tenant.municipality.slug,
    "token": _feed_token,
}
