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


SAMPLES = {
    "offer_id": lambda tenant: _offer(tenant).pk,
}
