"""Sample values for this app's URL kwargs, used by the isolation and role-matrix tests.

The sample organisation is linked to the tenant's facility, so the tenant's partner user
reaches it (and its contacts and bodies) through ``access_keys``.
"""

from .factories import (
    BodyFactory,
    BodyMemberFactory,
    ContactFactory,
    OrganisationFactory,
    RelationshipFactory,
)


def _cached(tenant, key, build):
    if key not in tenant.extra:
        tenant.extra[key] = build()
    return tenant.extra[key]


def organisation(tenant):
    return _cached(
        tenant,
        "network.organisation",
        lambda: OrganisationFactory(municipality=tenant.municipality, facility=tenant.facility),
    )


def contact(tenant):
    return _cached(
        tenant,
        "network.contact",
        lambda: ContactFactory(municipality=tenant.municipality, organisation=organisation(tenant)),
    )


def relationship(tenant):
    return _cached(
        tenant,
        "network.relationship",
        lambda: RelationshipFactory(
            municipality=tenant.municipality,
            centre=tenant.centre,
            organisation=organisation(tenant),
        ),
    )


def body(tenant):
    def build():
        made = BodyFactory(municipality=tenant.municipality, centre=tenant.centre)
        BodyMemberFactory(body=made, municipality=tenant.municipality, centre=tenant.centre)
        return made

    return _cached(tenant, "network.body", build)


def member(tenant):
    return _cached(
        tenant,
        "network.member",
        lambda: BodyMemberFactory(
            body=body(tenant), municipality=tenant.municipality, organisation=organisation(tenant)
        ),
    )


SAMPLES = {
    "organisation_id": lambda tenant: organisation(tenant).pk,
    "contact_id": lambda tenant: contact(tenant).pk,
    "relationship_id": lambda tenant: relationship(tenant).pk,
    "body_id": lambda tenant: (member(tenant), body(tenant))[1].pk,
    "member_id": lambda tenant: member(tenant).pk,
}
