import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.network.duplicates import find_similar, normalise
from verbund.network.models import Organisation

from .factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def url(name, tenant, *args):
    return reverse(f"network:{name}", args=[tenant.municipality.slug, *args])


def form_data(**overrides):
    data = {
        "name": "Turnverein Lindenhagen 1880 e. V.",
        "sector": "sport_club",
        "street": "Sportweg 1",
        "postcode": "51061",
        "city": "Lindenhagen",
        "languages": "Deutsch, Türkisch",
    }
    data.update(overrides)
    return data


def test_normalise_ignores_case_umlauts_and_legal_forms():
    assert normalise("TuS Nordstadt 1921 e. V.") == normalise("tus nordstadt 1921 eV")
    assert normalise("Straßenfußball gGmbH") == "strassenfussball"


def test_find_similar_prefers_same_address():
    rows = [
        (1, "TuS Nordstadt 1921 e. V.", "Am Sportplatz 1", "51061", "Lindenhagen"),
        (2, "Bibliothek Süd", "Kirchgasse 2", "51069", "Lindenhagen"),
    ]
    found = find_similar(
        name="TuS Nordstadt 1921", street="Am Sportplatz 1", postcode="51061", existing=rows
    )
    assert [c.pk for c in found] == [1]
    assert found[0].same_address
    assert find_similar(name="Hebammenpraxis", street="", postcode="", existing=rows) == []


def test_create_warns_about_a_duplicate_and_creates_after_confirmation(client, tenant):
    OrganisationFactory(
        municipality=tenant.municipality, name="Turnverein Lindenhagen 1880", street="Sportweg 1"
    )
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(url("organisation_create", tenant), form_data())
    assert response.status_code == 409
    assert "vielleicht schon" in response.content.decode()
    with scopes_disabled():
        assert Organisation.objects.filter(municipality=tenant.municipality).count() == 1
    response = client.post(url("organisation_create", tenant), form_data(confirm_duplicate="on"))
    assert response.status_code == 302
    with scopes_disabled():
        created = Organisation.objects.get(name="Turnverein Lindenhagen 1880 e. V.")
        assert created.languages == ["Deutsch", "Türkisch"]
        assert AuditEntry.objects.filter(
            action="network.organisation.created", object_id=str(created.pk)
        ).exists()


def test_invalid_postcode_is_reported_at_the_field(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(url("organisation_create", tenant), form_data(postcode="123"))
    assert response.status_code == 400
    assert "fünfstellige Postleitzahl" in response.content.decode()


def test_partner_sees_and_edits_only_its_own_organisation(client, tenant):
    own = OrganisationFactory(
        municipality=tenant.municipality, facility=tenant.facility, name="Beratungsstelle Eigen"
    )
    other = OrganisationFactory(municipality=tenant.municipality, name="Fremder Verein")
    client.force_login(tenant.users[Role.PARTNER])
    listing = client.get(url("organisation_list", tenant)).content.decode()
    assert "Beratungsstelle Eigen" in listing and "Fremder Verein" not in listing
    assert client.get(url("organisation_detail", tenant, other.pk)).status_code == 403
    assert client.get(url("organisation_update", tenant, other.pk)).status_code == 403
    assert client.post(url("organisation_update", tenant, other.pk), form_data()).status_code == 403
    response = client.post(
        url("organisation_update", tenant, own.pk),
        form_data(name="Beratungsstelle Eigen", phone="0221 555"),
    )
    assert response.status_code == 302
    with scopes_disabled():
        own.refresh_from_db()
        assert own.phone == "0221 555"
        assert own.facility_id == tenant.facility.pk  # the partner cannot unlink itself
        entry = AuditEntry.objects.get(action="network.organisation.changed")
        assert entry.after["phone"] == "0221 555"
        assert entry.before["phone"] == ""
    assert client.get(url("organisation_create", tenant)).status_code == 403


def test_export_is_formula_safe_and_round_trips_the_header(client, tenant):
    OrganisationFactory(municipality=tenant.municipality, name="=HYPERLINK(1)")
    client.force_login(tenant.users[Role.STAFF])
    response = client.get(url("organisation_export", tenant, "csv"))
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Name;Sektor;Art")
    assert "'=HYPERLINK(1)" in text
    assert client.get(url("organisation_export", tenant, "xlsx")).status_code == 200


def test_archive_hides_from_list(client, tenant):
    org = OrganisationFactory(municipality=tenant.municipality, name="Alter Verein")
    client.force_login(tenant.users[Role.COORDINATOR])
    assert client.post(url("organisation_archive", tenant, org.pk)).status_code == 302
    assert "Alter Verein" not in client.get(url("organisation_list", tenant)).content.decode()
    assert client.get(url("organisation_update", tenant, org.pk)).status_code == 302


def test_coordinator_may_link_only_facilities_of_own_centres(client, tenant):
    from verbund.tenancy.tests.factories import FacilityFactory

    foreign_facility = FacilityFactory(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        url("organisation_create", tenant), form_data(facility=foreign_facility.pk)
    )
    assert response.status_code == 400
    response = client.post(
        url("organisation_create", tenant), form_data(facility=tenant.facility.pk)
    )
    assert response.status_code == 302


def test_detail_lists_the_relationships_within_the_viewers_reach(client, tenant):
    """The organisation page lists its relationships (a query compiled once per reach): the
    planner sees every centre's, a coordinator her own centre's only."""
    from verbund.tenancy.tests.factories import FamilyCentreFactory

    from .factories import RelationshipFactory

    m = tenant.municipality
    organisation = OrganisationFactory(municipality=m)
    other = FamilyCentreFactory(municipality=m, name="Zentrum Süd")
    own = RelationshipFactory(municipality=m, centre=tenant.centre, organisation=organisation)
    theirs = RelationshipFactory(municipality=m, centre=other, organisation=organisation)
    page_url = url("organisation_detail", tenant, organisation.pk)

    def listed(role) -> list[bool]:
        client.force_login(tenant.users[role])
        body = client.get(page_url).content.decode()
        return [
            reverse("network:relationship_detail", args=[m.slug, rel.pk]) in body
            for rel in (own, theirs)
        ]

    assert listed(Role.PLANNER) == [True, True]
    assert listed(Role.COORDINATOR) == [True, False]
    assert listed(Role.PLANNER) == [True, True]
