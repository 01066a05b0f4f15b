"""The network page's content is kept rendered (``verbund.core.page_cache``): what it names
follows every change on the next view, and the frame around it stays the viewer's own."""

import datetime

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.accounts.tests.factories import MembershipFactory
from verbund.areas.tests.factories import AreaFactory
from verbund.core.roles import Role

pytestmark = pytest.mark.django_db


def page(client, tenant, user=None, query="") -> str:
    client.force_login(user or tenant.users[Role.PLANNER])
    response = client.get(reverse("network:network", args=[tenant.municipality.slug]) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_content_follows_areas_and_centres(client, tenant):
    page(client, tenant)
    area = AreaFactory(municipality=tenant.municipality, name="Kalk-Nord")
    assert "Kalk-Nord" in page(client, tenant)
    with scopes_disabled():
        area.name = "Kalk-Süd"
        area.save()
        tenant.centre.name = "Familienzentrum am Rhein"
        tenant.centre.save()
    seen = page(client, tenant)
    assert "Kalk-Süd" in seen and "Kalk-Nord" not in seen
    assert "Familienzentrum am Rhein" in seen


def test_two_planners_share_the_content_but_not_the_frame(client, tenant):
    other = MembershipFactory(
        municipality=tenant.municipality, role=Role.PLANNER, user__first_name="Zweite"
    ).user
    first, second = page(client, tenant), page(client, tenant, other)
    assert str(tenant.users[Role.PLANNER]) in first and str(other) not in first
    assert str(other) in second and str(tenant.users[Role.PLANNER]) not in second
    content = first.split('<main id="main"')[1].split("</main>")[0]
    assert content == second.split('<main id="main"')[1].split("</main>")[0]


def test_a_period_without_end_ends_today(client, tenant, monkeypatch):
    from django.utils import timezone

    seen = page(client, tenant, query="?von=2020-01-01")
    assert timezone.localdate().strftime("%d.%m.%Y") in seen
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: tomorrow)
    assert tomorrow.strftime("%d.%m.%Y") in page(client, tenant, query="?von=2020-01-01")


def test_organisation_list_kept_whole_follows_organisations_and_areas(client, tenant):
    from .factories import OrganisationFactory

    url = reverse("network:organisation_list", args=[tenant.municipality.slug])
    client.force_login(tenant.users[Role.PLANNER])
    client.get(url)
    organisation = OrganisationFactory(municipality=tenant.municipality, name="Sportverein Kalk")
    assert "Sportverein Kalk" in client.get(url).content.decode()
    area = AreaFactory(municipality=tenant.municipality, name="Kalk-Nord")
    with scopes_disabled():
        organisation.areas_served.add(area)
    assert "Kalk-Nord" in client.get(url).content.decode()
    with scopes_disabled():
        area.name = "Kalk-Süd"
        area.save()
    assert "Kalk-Süd" in client.get(url).content.decode()
    assert "Sportverein Kalk" in client.get(url + "?q=Sportverein").content.decode()
    assert "Sportverein Kalk" not in client.get(url + "?q=Tennis").content.decode()


def test_relationship_list_kept_whole_follows_owners_and_reach(client, tenant):
    from verbund.tenancy.tests.factories import FamilyCentreFactory

    from .factories import OrganisationFactory, RelationshipFactory

    m = tenant.municipality
    url = reverse("network:relationship_list", args=[m.slug])
    owner = tenant.users[Role.COORDINATOR]
    own = RelationshipFactory(
        municipality=m,
        centre=tenant.centre,
        organisation=OrganisationFactory(municipality=m, name="Kita Sonnenschein"),
        next_step="Anrufen",
        next_step_due=datetime.date(2027, 1, 15),
        next_step_owner=owner,
    )
    RelationshipFactory(
        municipality=m,
        centre=FamilyCentreFactory(municipality=m),
        organisation=OrganisationFactory(municipality=m, name="Hebammenpraxis Mitte"),
    )
    client.force_login(tenant.users[Role.PLANNER])
    planner = client.get(url + "?zentrum=").content.decode()
    client.force_login(owner)
    coordinator = client.get(url + "?zentrum=").content.decode()
    assert "Hebammenpraxis Mitte" in planner and "Hebammenpraxis Mitte" not in coordinator
    assert "Kita Sonnenschein" in coordinator
    client.force_login(tenant.users[Role.PLANNER])  # the owner's name is not in the frame
    assert str(owner) in client.get(url + "?zentrum=").content.decode()
    owner.last_name = "Neuname"
    owner.save()
    assert "Neuname" in client.get(url + "?zentrum=").content.decode()
    with scopes_disabled():
        own.next_step = "Besuch vereinbaren"
        own.save()
    assert "Besuch vereinbaren" in client.get(url + "?zentrum=").content.decode()


def test_body_list_kept_whole_follows_bodies(client, tenant):
    from .factories import BodyFactory

    url = reverse("network:body_list", args=[tenant.municipality.slug])
    client.force_login(tenant.users[Role.PLANNER])
    client.get(url)
    body = BodyFactory(municipality=tenant.municipality, name="Runder Tisch Frühe Hilfen")
    assert "Runder Tisch Frühe Hilfen" in client.get(url).content.decode()
    with scopes_disabled():
        body.name = "Netzwerk Frühe Hilfen"
        body.save()
    assert "Netzwerk Frühe Hilfen" in client.get(url).content.decode()
