import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.areas.models import Area
from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.network.models import Interaction, Relationship
from verbund.tenancy.tests.factories import FamilyCentreFactory

from .factories import ContactFactory, OrganisationFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


def url(name, tenant, *args):
    return reverse(f"network:{name}", args=[tenant.municipality.slug, *args])


def test_coordinator_assesses_for_own_centre_only(client, tenant):
    org = OrganisationFactory(municipality=tenant.municipality)
    neighbour = FamilyCentreFactory(municipality=tenant.municipality, name="Nachbarzentrum")
    client.force_login(tenant.users[Role.COORDINATOR])
    data = {
        "centre": neighbour.pk,
        "organisation": org.pk,
        "relevance_centre": 3,
        "relevance_families": 2,
        "influence": 1,
        "quality": 2,
        "status": "in_talks",
        "started_on": "2025-01-01",
        "next_step": "Termin",
        "next_step_due": "2026-12-01",
    }
    assert client.post(url("relationship_create", tenant), data).status_code == 400
    data["centre"] = tenant.centre.pk
    response = client.post(url("relationship_create", tenant), data)
    assert response.status_code == 302
    with scopes_disabled():
        rel = Relationship.objects.get()
        assert rel.centre == tenant.centre
        assert AuditEntry.objects.filter(action="network.relationship.created").exists()
    foreign = RelationshipFactory(municipality=tenant.municipality, centre=neighbour)
    assert client.get(url("relationship_detail", tenant, foreign.pk)).status_code == 403
    assert client.get(url("relationship_update", tenant, foreign.pk)).status_code == 403
    listing = client.get(url("relationship_list", tenant)).content.decode()
    assert "Nachbarzentrum" not in listing


def test_ending_sets_the_end_date_and_update_is_audited(client, tenant):
    rel = RelationshipFactory(municipality=tenant.municipality, centre=tenant.centre)
    client.force_login(tenant.users[Role.STAFF])
    response = client.post(
        url("relationship_update", tenant, rel.pk),
        {
            "relevance_centre": 1,
            "relevance_families": 1,
            "influence": 1,
            "quality": 1,
            "status": "ended",
            "started_on": "2024-01-01",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        rel.refresh_from_db()
        assert rel.ended_on is not None
        entry = AuditEntry.objects.get(action="network.relationship.changed")
        assert entry.after["status"] == "ended"


def test_next_step_date_needs_a_step(client, tenant):
    rel = RelationshipFactory(municipality=tenant.municipality, centre=tenant.centre)
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        url("relationship_update", tenant, rel.pk),
        {
            "relevance_centre": 1,
            "relevance_families": 1,
            "influence": 1,
            "quality": 1,
            "status": "contacted",
            "started_on": "2024-01-01",
            "next_step_due": "2026-12-01",
        },
    )
    assert response.status_code == 400
    assert "nächsten Schritt" in response.content.decode()


def test_contact_history(client, tenant):
    rel = RelationshipFactory(municipality=tenant.municipality, centre=tenant.centre)
    person = ContactFactory(municipality=tenant.municipality, organisation=rel.organisation)
    stranger = ContactFactory(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        url("interaction_create", tenant, rel.pk),
        {"kind": "visit", "date": "2026-03-01", "summary": "Besuch", "contacts": [stranger.pk]},
    )
    assert response.status_code == 400
    response = client.post(
        url("interaction_create", tenant, rel.pk),
        {"kind": "visit", "date": "2026-03-01", "summary": "Besuch", "contacts": [person.pk]},
    )
    assert response.status_code == 302
    with scopes_disabled():
        item = Interaction.objects.get()
        assert list(item.contacts.all()) == [person]
        assert item.recorded_by == tenant.users[Role.COORDINATOR]
    page = client.get(url("relationship_detail", tenant, rel.pk)).content.decode()
    assert "Besuch" in page


def test_matrix_places_by_relevance_and_quality(client, tenant):
    important = OrganisationFactory(municipality=tenant.municipality, name="Wichtig ohne Draht")
    RelationshipFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        organisation=important,
        relevance_centre=1,
        relevance_families=3,
        quality=0,
        status="identified",
    )
    client.force_login(tenant.users[Role.CENTRE_LEAD])
    response = client.get(url("matrix", tenant))
    matrix = response.context["matrix"]
    top = matrix["rows"][0]
    assert top["relevance"].label == "hoch"
    assert [r.organisation.name for r in top["cells"][0]["items"]] == ["Wichtig ohne Draht"]
    assert "<caption" in response.content.decode()


def test_suggestions_come_from_missing_sectors_in_the_centres_areas(client, tenant):
    with scopes_disabled():
        area = Area.objects.create(
            municipality=tenant.municipality, code="01", name="Nord", level="Stadtteil"
        )
        area.centres.add(tenant.centre)
        elsewhere = Area.objects.create(
            municipality=tenant.municipality, code="02", name="Süd", level="Stadtteil"
        )
    have = OrganisationFactory(municipality=tenant.municipality, sector="sport_club")
    RelationshipFactory(municipality=tenant.municipality, centre=tenant.centre, organisation=have)
    same_sector = OrganisationFactory(
        municipality=tenant.municipality, sector="sport_club", name="Zweiter Sportverein"
    )
    missing = OrganisationFactory(
        municipality=tenant.municipality, sector="health", name="Kinderarztpraxis"
    )
    far = OrganisationFactory(municipality=tenant.municipality, sector="health", name="Fern")
    with scopes_disabled():
        for org in (same_sector, missing):
            org.areas_served.add(area)
        far.areas_served.add(elsewhere)
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.get(url("suggestions", tenant))
    names = [o.name for o in response.context["candidates"]]
    assert names == ["Kinderarztpraxis"]
    assert "Sport/Verein" not in response.context["missing"]
