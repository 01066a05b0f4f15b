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


def list_job(tenant):
    """A finished list import job of the tenant (the job page shows its outcome)."""

    def build():
        from django_scopes import scopes_disabled

        from verbund.core.models import BackgroundJob, JobStatus
        from verbund.network.list_import.services import _list_import_task

        with scopes_disabled():
            return BackgroundJob.objects.create(
                municipality=tenant.municipality,
                task=_list_import_task.path,
                label="Listen-Import von kitas.csv",
                arguments={"target": "facility", "filename": "kitas.csv", "rows": 3},
                status=JobStatus.SUCCEEDED,
                progress_done=3,
                progress_total=3,
                result={"created": 3, "skipped": 0},
            )

    return _cached(tenant, "network.list_job", build)


SAMPLES = {
    "organisation_id": lambda tenant: organisation(tenant).pk,
    "contact_id": lambda tenant: contact(tenant).pk,
    "relationship_id": lambda tenant: relationship(tenant).pk,
    "body_id": lambda tenant: (member(tenant), body(tenant))[1].pk,
    "member_id": lambda tenant: member(tenant).pk,
    "list_job_id": lambda tenant: list_job(tenant).pk,
}
