"""Sample values for this app's URL kwargs (isolation and role-matrix tests)."""

from __future__ import annotations


# --- overlaps part ----------------------------------------------------------------------------
def _overlap_offer(tenant):
    """An offer of ``tenant.centre`` provided by the partner user's own organisation, so every
    role reaches it (centre team through the centre, provider through the centre's provider,
    partner through its organisation). Shared with the catalogue part's sample when present."""
    if "offer" not in tenant.extra:
        from .factories import OfferFactory, own_organisation

        tenant.extra["offer"] = OfferFactory(
            municipality=tenant.municipality,
            centre=tenant.centre,
            provider=own_organisation(tenant),
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
        first, second = sorted([_overlap_offer(tenant), _other_offer(tenant)], key=lambda o: o.pk)
        tenant.extra["pair"] = ComplementaryPairFactory(first=first, second=second)
    return tenant.extra["pair"]


def _referral(tenant):
    from .factories import ReferralFactory

    return ReferralFactory(offer=_overlap_offer(tenant), centre=tenant.centre)


SAMPLES = {
    "offer_id": lambda tenant: _overlap_offer(tenant).pk,
    "other_offer_id": lambda tenant: _other_offer(tenant).pk,
    "pair_id": lambda tenant: _pair(tenant).pk,
    "referral_id": lambda tenant: _referral(tenant).pk,
}
# --- end overlaps part ------------------------------------------------------------------------
