"""Pages show only what the one access rule allows (issue 8, items 8 and 11).

Unique names are planted where a page could show them; every role opens the pages and each
name must be absent wherever the role may not see its holder (and present where it may, so
the test cannot pass by showing nothing).
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.accounts.access import access_for
from verbund.core.audit import log_action
from verbund.core.roles import Role

pytestmark = pytest.mark.django_db

OWN_PERSON = "Quendolin Eigenbrodt"
FOREIGN_PERSON = "Zyprian Fremdhuber"
FOREIGN_CHAIR = "Xaveria Vorsitzmann"
SNOOP = "schnueffel.nase"


@pytest.fixture
def body_world(tenant):
    """A round table where the partner's organisation sits beside another organisation,
    whose people the partner may not see."""
    from verbund.network.tests.factories import (
        BodyFactory,
        BodyMemberFactory,
        ContactFactory,
        OrganisationFactory,
    )

    m = {"municipality": tenant.municipality}
    own = OrganisationFactory(**m, facility=tenant.facility)
    other = OrganisationFactory(**m)
    first, last = OWN_PERSON.split()
    own_person = ContactFactory(**m, organisation=own, first_name=first, last_name=last)
    first, last = FOREIGN_PERSON.split()
    foreign_person = ContactFactory(**m, organisation=other, first_name=first, last_name=last)
    first, last = FOREIGN_CHAIR.split()
    third = OrganisationFactory(**m)
    chair = ContactFactory(**m, organisation=third, first_name=first, last_name=last)
    body = BodyFactory(**m, centre=tenant.centre)
    BodyMemberFactory(**m, body=body, organisation=own, contact=own_person)
    BodyMemberFactory(**m, body=body, organisation=other, contact=foreign_person)
    BodyMemberFactory(**m, body=body, organisation=third, contact=chair, role="chair")
    return {
        "body": body,
        "own": own,
        "other": other,
        "people": {OWN_PERSON: own_person, FOREIGN_PERSON: foreign_person, FOREIGN_CHAIR: chair},
    }


def pages(tenant, world):
    slug = tenant.municipality.slug
    return [
        reverse("network:body_detail", args=[slug, world["body"].pk]),
        reverse("network:body_list", args=[slug]),
        reverse("network:organisation_detail", args=[slug, world["own"].pk]),
        reverse("network:organisation_detail", args=[slug, world["other"].pk]),
        reverse("network:organisation_list", args=[slug]),
        reverse("network:contact_review", args=[slug]),
    ]


def test_contact_names_only_for_roles_that_may_see_the_person(client, tenant, body_world):
    from verbund.network import permissions as network_perms

    shown_somewhere = set()
    for role, user in tenant.users.items():
        access = access_for(user, tenant.municipality)
        client.force_login(user)
        for url in pages(tenant, body_world):
            response = client.get(url)
            if response.status_code != 200:
                continue
            body = response.content.decode()
            for name, person in body_world["people"].items():
                with scopes_disabled():
                    may_see = access.can(network_perms.view_contact, person)
                if may_see:
                    shown_somewhere.add((role, name)) if name in body else None
                else:
                    assert name not in body, f"{role} sees {name} on {url}"
    # The page does show people to those who may see them.
    assert (Role.COORDINATOR, FOREIGN_PERSON) in shown_somewhere
    assert (Role.COORDINATOR, FOREIGN_CHAIR) in shown_somewhere
    assert (Role.PARTNER, OWN_PERSON) in shown_somewhere


def history_pages(tenant):
    """Object pages with an audit history, each with the object it shows."""
    from verbund.analysis.tests.factories import NeedFactory
    from verbund.areas.tests.factories import AreaFactory
    from verbund.network.tests import isolation as network_samples

    slug = tenant.municipality.slug
    organisation = network_samples.organisation(tenant)
    contact = network_samples.contact(tenant)
    need = NeedFactory(municipality=tenant.municipality, centre=tenant.centre)
    area = AreaFactory(municipality=tenant.municipality)
    return [
        (tenant.facility, reverse("tenancy:facility_detail", args=[slug, tenant.facility.pk])),
        (organisation, reverse("network:organisation_detail", args=[slug, organisation.pk])),
        (contact, reverse("network:contact_detail", args=[slug, contact.pk])),
        (need, reverse("analysis:need_detail", args=[slug, need.pk])),
        (area, reverse("areas:area_detail", args=[slug, area.pk])),
    ]


def test_refused_access_entries_only_for_those_who_read_security_entries(client, tenant, settings):
    """Issue 8, item 11: an "access denied" entry names the user who was refused."""
    settings.AUDIT_STRICT_ACTIONS = False  # "test.changed" is an unregistered stand-in change
    from verbund.accounts import permissions as accounts_perms
    from verbund.accounts.tests.factories import UserFactory

    snoop = UserFactory(username=SNOOP, first_name="", last_name="")  # shown by user name
    seen_by = set()
    for instance, url in history_pages(tenant):
        log_action(
            "security.permission.denied",
            actor=snoop,
            instance=instance,
            data={"permission": "x", "path": url, "method": "GET"},
        )
        log_action("test.changed", actor=tenant.users[Role.ADMIN], instance=instance)
        for role, user in tenant.users.items():
            client.force_login(user)
            response = client.get(url)
            if response.status_code != 200:
                continue
            body = response.content.decode()
            may = access_for(user, tenant.municipality).can(accounts_perms.view_security_entries)
            assert (SNOOP in body) is may, f"{role} on {url}"
            assert "test.changed" in body, f"{role} on {url}: changes must stay visible"
            if may:
                seen_by.add(role)
    assert seen_by == {Role.ADMIN}
