"""Tokens and requests of the partner API for tests."""

from __future__ import annotations

from django_scopes import scope

from verbund.core.roles import Role


def make_token(tenant, *, name="Kursverwaltung", expires_on=None, user=None):
    """(row, token in clear) of the tenant's partner user for its own organisation."""
    from verbund.api.services import api_token_create
    from verbund.offers.tests.factories import partner_organisation

    organisation = partner_organisation(tenant)
    with scope(municipality=tenant.municipality.pk):
        return api_token_create(
            actor=user or tenant.users[Role.PARTNER],
            organisation=organisation,
            name=name,
            expires_on=expires_on,
        )


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def offers_url(tenant, *rest) -> str:
    tail = "".join(f"/{part}" for part in rest)
    return f"/api/v1/{tenant.municipality.slug}/partner/offers{tail}"


NEW_OFFER = {
    "title": "Babymassage für Eltern",
    "summary": "Vier Treffen für Eltern mit Babys bis sechs Monate",
    "format": "course",
    "cost": "free",
    "admission": "registration",
    "languages": ["de", "tr"],
    "place_kind": "address",
    "street": "Lindenstraße 4",
    "postcode": "12345",
    "city": "Musterstadt",
}
