import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.accounts.models import Membership, User
from verbund.core.models import AuditEntry
from verbund.core.roles import Role

pytestmark = pytest.mark.django_db


def url(name, tenant, *args):
    return reverse(f"accounts:{name}", args=[tenant.municipality.slug, *args])


NEW_PERSON = {
    "username": "neu.person",
    "first_name": "Nora",
    "last_name": "Neumann",
    "email": "nora@example.org",
    "password": "Ein-gutes-Passwort-2026",
}


def test_admin_creates_person_with_centre_role(client, tenant):
    client.force_login(tenant.users[Role.ADMIN])
    response = client.post(
        url("membership_create", tenant),
        {**NEW_PERSON, "role": "staff", "centre": tenant.centre.pk},
    )
    assert response.status_code == 302
    user = User.objects.get(username="neu.person@heimat")
    assert user.check_password(NEW_PERSON["password"])
    with scopes_disabled():
        membership = Membership.objects.get(user=user)
    assert membership.role == "staff" and membership.centre == tenant.centre
    actions = set(AuditEntry.unscoped.values_list("action", flat=True))
    assert {"accounts.user.created", "accounts.membership.granted"} <= actions


def test_role_needs_its_scope(client, tenant):
    client.force_login(tenant.users[Role.ADMIN])
    response = client.post(url("membership_create", tenant), {**NEW_PERSON, "role": "coordinator"})
    assert response.status_code == 400
    assert "Diese Rolle braucht diese Angabe." in response.context["form"].errors["centre"]
    assert not User.objects.filter(username="neu.person").exists()


def test_weak_password_and_taken_username_are_refused(client, tenant):
    client.force_login(tenant.users[Role.ADMIN])
    created = client.post(
        url("membership_create", tenant),
        {**NEW_PERSON, "role": "staff", "centre": tenant.centre.pk},
    )
    assert created.status_code == 302
    response = client.post(
        url("membership_create", tenant),
        {**NEW_PERSON, "password": "kurz", "role": "planner"},
    )
    errors = response.context["form"].errors
    assert "in dieser Kommune schon: neu.person@heimat" in errors["username"][0]
    assert "password" in errors


def test_names_of_other_municipalities_change_nothing_in_the_answer(client, tenant, foreign):
    """Issue 8, item 13: an admin cannot tell whether a name exists elsewhere. A name taken in
    another municipality (in both forms that can exist) gets the same answer as a free one."""
    from verbund.accounts.tests.factories import UserFactory

    UserFactory(username="anna.berg@fremde")
    foreign_name = foreign.users[Role.STAFF].username  # "fremde-staff", a legacy name
    client.force_login(tenant.users[Role.ADMIN])

    def attempt(name, **extra):
        data = {**NEW_PERSON, "username": name, "role": "planner", **extra}
        response = client.post(url("membership_create", tenant), data, follow=True)
        page = response.content.decode().replace(name, "NAME")
        return response.redirect_chain, re.sub(r'value="[^"]{64}"', "", page)  # CSRF token

    # A bad password: the form comes back; only the password is refused, whatever the name.
    answers = {
        name: attempt(name, password="kurz") for name in (foreign_name, "anna.berg", "frei.name")
    }
    assert len({page for _chain, page in answers.values()}) == 1
    # A good one: every name becomes this municipality's own account.
    for name in (foreign_name, "anna.berg", "frei.name"):
        chain, page = attempt(name)
        assert chain and chain[-1][1] == 302
        assert "Anmeldename: NAME@heimat" in page
        assert User.objects.filter(username=f"{name}@heimat").exists()
    assert User.objects.filter(username="anna.berg@fremde").count() == 1


def test_a_name_with_another_municipalitys_suffix_is_refused(client, tenant):
    client.force_login(tenant.users[Role.ADMIN])
    response = client.post(
        url("membership_create", tenant),
        {**NEW_PERSON, "username": "anna@fremde", "role": "planner"},
    )
    assert response.status_code == 400
    assert "username" in response.context["form"].errors


def test_persons_of_other_municipalities_cannot_be_chosen(client, tenant, foreign):
    client.force_login(tenant.users[Role.ADMIN])
    stranger = foreign.users[Role.STAFF]
    response = client.post(
        url("membership_create", tenant), {"person": stranger.pk, "role": "planner"}
    )
    assert response.status_code == 400
    assert "person" in response.context["form"].errors
    with scopes_disabled():
        assert not Membership.objects.filter(user=stranger, municipality=tenant.municipality)


def test_forged_centre_of_other_municipality_is_refused(client, tenant, foreign):
    client.force_login(tenant.users[Role.ADMIN])
    response = client.post(
        url("membership_create", tenant),
        {"person": tenant.users[Role.PLANNER].pk, "role": "staff", "centre": foreign.centre.pk},
    )
    assert response.status_code == 400
    assert "centre" in response.context["form"].errors


def test_duplicate_membership_is_a_message_not_a_500(client, tenant):
    client.force_login(tenant.users[Role.ADMIN])
    data = {"person": tenant.users[Role.STAFF].pk, "role": "staff", "centre": tenant.centre.pk}
    response = client.post(url("membership_create", tenant), data)
    assert response.status_code == 400
    assert response.context["form"].errors


def test_revoke_and_last_admin_protection(client, tenant):
    admin = tenant.users[Role.ADMIN]
    client.force_login(admin)
    with scopes_disabled():
        staff_membership = Membership.objects.get(user=tenant.users[Role.STAFF])
        own = Membership.objects.get(user=admin)
    response = client.post(url("membership_revoke", tenant, staff_membership.pk))
    assert response.status_code == 302
    with scopes_disabled():
        assert not Membership.objects.filter(pk=staff_membership.pk).exists()
    assert AuditEntry.unscoped.filter(action="accounts.membership.revoked").exists()
    client.post(url("membership_revoke", tenant, own.pk))
    with scopes_disabled():
        assert Membership.objects.filter(pk=own.pk).exists()
    assert (
        "letzte Administrationsrolle" in client.get(url("membership_list", tenant)).content.decode()
    )


def test_system_admin_is_for_superusers_only(client, tenant):
    client.force_login(tenant.users[Role.ADMIN])
    response = client.get("/system/")
    assert response.status_code == 302
    assert "/system/login/" in response["Location"]
