"""A complete tenant for tests: a municipality with provider, centre, facility and one user
per role (tenancy objects plus accounts memberships, so it lives in the accounts layer)."""

from __future__ import annotations

from dataclasses import dataclass, field

from verbund.core.roles import ROLE_SCOPE, Reach, Role


@dataclass
class Tenant:
    municipality: object
    provider: object
    centre: object
    facility: object
    users: dict[Role, object] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)


def build_tenant(slug: str) -> Tenant:
    from verbund.accounts.tests.factories import MembershipFactory, UserFactory
    from verbund.tenancy.tests.factories import (
        FacilityFactory,
        FamilyCentreFactory,
        MunicipalityFactory,
        ProviderFactory,
    )

    municipality = MunicipalityFactory(slug=slug, name=f"Kommune {slug}")
    provider = ProviderFactory(municipality=municipality)
    centre = FamilyCentreFactory(municipality=municipality, provider=provider)
    facility = FacilityFactory(municipality=municipality, centre=centre, provider=provider)
    tenant = Tenant(municipality, provider, centre, facility)
    for role in Role:
        user = UserFactory(username=f"{slug}-{role.value}")
        scope = {
            Reach.CENTRE: {"centre": centre},
            Reach.PROVIDER: {"provider": provider},
            Reach.OWN: {"facility": facility},
            Reach.MUNICIPALITY: {},
        }[ROLE_SCOPE[role]]
        MembershipFactory(user=user, role=role, municipality=municipality, **scope)
        tenant.users[role] = user
    return tenant
