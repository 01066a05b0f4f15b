"""Inside one municipality, what each role may open matches the declared policy table."""

import pytest
from django.urls import reverse

from verbund.accounts.access import access_for
from verbund.accounts.testing import build_tenant
from verbund.core.permissions import all_permissions
from verbund.core.roles import Role
from verbund.core.testing import all_routes, url_for

pytestmark = pytest.mark.django_db

TENANT_ROUTES = [route for route in all_routes() if route.is_tenant]


@pytest.mark.parametrize("route", TENANT_ROUTES, ids=lambda r: r.name)
def test_each_role_gets_what_the_policy_grants(route, client):
    tenant = build_tenant("heim")
    url = url_for(route, tenant)
    for role, user in tenant.users.items():
        client.force_login(user)
        response = client.get(url)
        if route.permission.reach_for(role):
            assert response.status_code in {200, 302}, f"{route.name} as {role}: denied"
        else:
            assert response.status_code == 403, f"{route.name} as {role}: not denied"


def test_access_matches_policy_for_every_permission_and_role(tenant):
    for role, user in tenant.users.items():
        access = access_for(user, tenant.municipality)
        assert access.roles == {role}
        for permission in all_permissions():
            granted = permission.reach_for(role) is not None
            assert access.can(permission) is granted, (permission.code, role)
            # The tenant's sample facility lies within every role's scope.
            assert access.can(permission, tenant.facility) is granted, (permission.code, role)


def test_role_matrix_page_lists_every_permission_and_role(client, tenant):
    client.force_login(tenant.users[Role.STAFF])
    response = client.get(reverse("accounts:role_matrix", args=[tenant.municipality.slug]))
    body = response.content.decode()
    for permission in all_permissions():
        assert str(permission.label) in body
    for role in Role:
        assert str(role.label) in body


def test_object_reach_is_enforced(client, tenant):
    """A coordinator may edit facilities of their own centre, not of a neighbour's."""
    from verbund.tenancy.tests.factories import FacilityFactory, FamilyCentreFactory

    other_centre = FamilyCentreFactory(municipality=tenant.municipality)
    neighbour = FacilityFactory(municipality=tenant.municipality, centre=other_centre)
    client.force_login(tenant.users[Role.COORDINATOR])
    slug = tenant.municipality.slug
    assert (
        client.get(reverse("tenancy:facility_update", args=[slug, tenant.facility.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("tenancy:facility_update", args=[slug, neighbour.pk])).status_code == 403
    )
    assert (
        client.post(reverse("tenancy:facility_archive", args=[slug, neighbour.pk])).status_code
        == 403
    )
    # Viewing is municipality-wide for everyone.
    assert (
        client.get(reverse("tenancy:facility_detail", args=[slug, neighbour.pk])).status_code == 200
    )


def test_role_matrix_lists_every_permission_a_view_declares_or_the_code_defines(client, tenant):
    """Generated from the declared permissions: those of every view and every permission an
    app's ``permissions`` module defines (viewing, creating and editing centres and providers
    were once left off)."""
    from django.utils.html import escape

    from verbund.core.permissions import Permission, declared_permissions
    from verbund.tenancy import permissions as tenancy_perms

    client.force_login(tenant.users[Role.PARTNER])
    response = client.get(reverse("accounts:role_matrix", args=[tenant.municipality.slug]))
    body = response.content.decode()
    listed = {permission.code for permission in all_permissions()}
    view_permissions = {
        route.permission.code: route.permission
        for route in all_routes()
        if isinstance(route.permission, Permission)
    }
    defined = {perm.code: perm for perms in declared_permissions().values() for perm in perms}
    assert set(view_permissions) <= set(defined)
    for permission in {**view_permissions, **defined}.values():
        assert permission.code in listed, permission.code
        assert escape(str(permission.label)) in body, permission.code
    for permission in (
        tenancy_perms.view_centre,
        tenancy_perms.manage_centres,
        tenancy_perms.change_centre,
        tenancy_perms.change_provider,
    ):
        assert escape(str(permission.label)) in body
    # Each permission appears once, in its app's section.
    assert len(listed) == len(all_permissions())
