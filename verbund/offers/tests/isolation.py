"""Sample values for this app's URL kwargs (isolation and role-matrix tests)."""

from __future__ import annotations


# --- catalogue part ---------------------------------------------------------------------------
def _offer(tenant):
    """An approved offer of ``tenant.centre`` provided by the partner user's own organisation,
    so every role that may manage offers reaches it (the centre team through the centre, the
    partner through its organisation)."""
    if "offer" not in tenant.extra:
        from .factories import OfferFactory, partner_organisation

        tenant.extra["offer"] = OfferFactory(
            municipality=tenant.municipality,
            centre=tenant.centre,
            provider=partner_organisation(tenant),
            last_checked=None,
        )
    return tenant.extra["offer"]


def _other_offer(tenant):
    if "other_offer" not in tenant.extra:
        from .factories import OfferFactory

        tenant.extra["other_offer"] = OfferFactory(
            municipality=tenant.municipality, centre=tenant.centre, title="Elterncafé am Abend"
        )
    return tenant.extra["other_offer"]


def _pair(tenant):
    from .factories import ComplementaryPairFactory

    if "pair" not in tenant.extra:
        first, second = sorted([_offer(tenant), _other_offer(tenant)], key=lambda o: o.pk)
        tenant.extra["pair"] = ComplementaryPairFactory(first=first, second=second)
    return tenant.extra["pair"]


def _referral(tenant):
    from .factories import ReferralFactory

    return ReferralFactory(offer=_offer(tenant), centre=tenant.centre)


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
    "other_offer_id": lambda tenant: _other_offer(tenant).pk,
    "pair_id": lambda tenant: _pair(tenant).pk,
    "referral_id": lambda tenant: _referral(tenant).pk,
    "schedule_id": lambda tenant: _schedule(tenant).pk,
    "place": lambda tenant: tenant.municipality.slug,
    "token": _feed_token,
}
