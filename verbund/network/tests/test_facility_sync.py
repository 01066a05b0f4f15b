"""Issue 11, item 3: a facility of a centre's Verbund is an organisation of the network (one
record each, linked one-to-one and kept in step by the facility services)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from verbund.accounts.access import access_for
from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.network import graph as net
from verbund.network import graph_json
from verbund.network import permissions as network_perms
from verbund.network.facility_sync import KIND_SECTOR, link_existing
from verbund.network.forms import RelationshipForm
from verbund.network.models import Organisation, Relationship
from verbund.tenancy import services as tenancy_services
from verbund.tenancy.models import Facility, FacilityKind
from verbund.tenancy.tests.factories import FacilityFactory, FamilyCentreFactory

from .factories import OrganisationFactory, RelationshipFactory


def load(municipality, centre_ids=None):
    with scopes_disabled():
        return net.load(municipality=municipality, centre_ids=centre_ids)


pytestmark = pytest.mark.django_db


def url(name, tenant, *args, app="network"):
    return reverse(f"{app}:{name}", args=[tenant.municipality.slug, *args])


def create(tenant, **data):
    values = {"name": "SV Nordstadt 1920 e. V.", "kind": "club", "centre": tenant.centre}
    values.update(data)
    with scope(municipality=tenant.municipality.pk):
        return tenancy_services.facility_create(
            actor=tenant.users[Role.COORDINATOR], municipality=tenant.municipality, data=values
        )


def organisation_of(facility):
    with scopes_disabled():
        return Organisation.objects.filter(facility=facility).first()


# ------------------------------------------------------------------------------ the service


def test_every_kind_has_a_sector():
    assert set(KIND_SECTOR) == set(FacilityKind.values)


def test_creating_a_facility_creates_its_organisation(tenant):
    facility = create(tenant, street="Sportweg 3", postcode="50667", city="Köln")
    organisation = organisation_of(facility)
    assert organisation is not None
    assert organisation.municipality_id == tenant.municipality.pk
    assert (organisation.name, organisation.sector, organisation.org_type) == (
        "SV Nordstadt 1920 e. V.",
        "sport_club",
        "Verein",
    )
    assert organisation.address_line == "Sportweg 3, 50667 Köln"
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="network.organisation.created")
    assert entry.actor == tenant.users[Role.COORDINATOR]
    assert entry.object_id == str(organisation.pk)


def test_an_organisation_of_the_same_name_is_linked_not_duplicated(tenant, foreign):
    known = OrganisationFactory(
        municipality=tenant.municipality, name="sv nordstadt 1920 e. V.", sector="other", email=""
    )
    OrganisationFactory(municipality=foreign.municipality, name="SV Nordstadt 1920 e. V.")
    facility = create(tenant, email="info@sv.example.org")
    with scopes_disabled():
        assert Organisation.objects.filter(municipality=tenant.municipality).count() == 1
        known.refresh_from_db()
        entry = AuditEntry.objects.get(action="network.organisation.changed")
    assert known.facility_id == facility.pk
    assert known.sector == "other"  # what the network knew stays
    assert known.email == "info@sv.example.org"  # empty fields are filled
    assert entry.after["facility"] == facility.pk


def test_twins_in_other_municipalities_are_never_linked(tenant, foreign):
    stranger = OrganisationFactory(
        municipality=foreign.municipality, name="SV Nordstadt 1920 e. V."
    )
    facility = create(tenant)
    organisation = organisation_of(facility)
    assert organisation.pk != stranger.pk
    assert organisation.municipality_id == tenant.municipality.pk
    stranger.refresh_from_db()
    assert stranger.facility_id is None


def test_changing_the_facility_changes_the_organisation(tenant):
    facility = create(tenant)
    organisation = organisation_of(facility)
    with scopes_disabled():
        organisation.phone = "0221 12345"  # the network's own knowledge
        organisation.save()
    with scope(municipality=tenant.municipality.pk):
        facility = Facility.objects.get(pk=facility.pk)
        tenancy_services.facility_update(
            actor=tenant.users[Role.COORDINATOR],
            facility=facility,
            data={
                **{name: getattr(facility, name) for name in tenancy_services.FACILITY_FIELDS},
                "name": "Familienbüro Nordstadt",
                "kind": "counselling",
            },
        )
    organisation.refresh_from_db()
    assert (organisation.name, organisation.sector) == ("Familienbüro Nordstadt", "counselling")
    assert organisation.org_type == "Beratungsstelle"
    assert organisation.phone == "0221 12345"  # unchanged at the facility: kept
    with scopes_disabled():
        change = AuditEntry.objects.filter(action="network.organisation.changed").get()
    assert set(change.after) == {"name", "sector", "org_type"}


def test_archiving_and_restoring_the_facility_takes_the_organisation_along(tenant):
    facility = create(tenant)
    actor = tenant.users[Role.COORDINATOR]
    with scope(municipality=tenant.municipality.pk):
        tenancy_services.facility_archive(actor=actor, facility=facility)
    assert organisation_of(facility).is_archived
    with scope(municipality=tenant.municipality.pk):
        tenancy_services.facility_restore(actor=actor, facility=facility)
    assert not organisation_of(facility).is_archived
    with scopes_disabled():
        actions = list(
            AuditEntry.objects.filter(action__startswith="network.organisation.")
            .order_by("pk")
            .values_list("action", flat=True)
        )
    assert actions == [
        "network.organisation.created",
        "network.organisation.archived",
        "network.organisation.restored",
    ]


def test_deleting_a_facility_keeps_the_organisation_and_its_assessments(tenant):
    facility = create(tenant)
    organisation = organisation_of(facility)
    RelationshipFactory(
        municipality=tenant.municipality, centre=tenant.centre, organisation=organisation
    )
    with scopes_disabled():
        facility.delete()
        organisation.refresh_from_db()
        assert organisation.facility_id is None
        assert Relationship.objects.filter(organisation=organisation).count() == 1


def test_a_failing_organisation_rolls_the_facility_back(tenant, monkeypatch):
    from django.core.exceptions import ValidationError

    from verbund.network import facility_sync

    def broken(*args, **kwargs):
        raise ValidationError("kaputt")

    monkeypatch.setattr(facility_sync, "organisation_values", broken)
    with pytest.raises(ValidationError):
        create(tenant, name="Kita ohne Organisation")
    with scopes_disabled():
        assert not Facility.objects.filter(name="Kita ohne Organisation").exists()


# ------------------------------------------------------------------------------ the pages


def test_the_facility_form_says_what_a_facility_is_for(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    page = client.get(url("facility_create", tenant, app="tenancy")).content.decode()
    assert "automatisch auch als Organisation im Netzwerk" in page


def test_created_on_the_page_it_is_in_the_network_and_both_pages_link(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        url("facility_create", tenant, app="tenancy"),
        {"name": "Kita Regenbogen", "kind": "kita", "centre": tenant.centre.pk},
    )
    assert response.status_code == 302
    with scopes_disabled():
        facility = Facility.objects.get(name="Kita Regenbogen")
    organisation = organisation_of(facility)
    assert organisation.sector == "child_youth_welfare"
    facility_page = client.get(response["Location"]).content.decode()
    assert "auch im Netzwerk als Organisation" in facility_page
    assert url("organisation_detail", tenant, organisation.pk) in facility_page
    org_page = client.get(url("organisation_detail", tenant, organisation.pk)).content.decode()
    assert f"Einrichtung im Verbund von {tenant.centre.name}" in org_page
    assert url("facility_detail", tenant, facility.pk, app="tenancy") in org_page
    # the organisation list marks it
    listing = client.get(url("organisation_list", tenant)).content.decode()
    assert "Kita Regenbogen" in listing and "im Verbund" in listing


def test_changed_on_the_page_the_organisation_follows(client, tenant):
    facility = create(tenant)
    client.force_login(tenant.users[Role.COORDINATOR])
    data = {"name": "SV Nordstadt", "kind": "club", "centre": tenant.centre.pk}
    response = client.post(url("facility_update", tenant, facility.pk, app="tenancy"), data)
    assert response.status_code == 302, response.context["form"].errors
    assert organisation_of(facility).name == "SV Nordstadt"


# ---------------------------------------------------------------------- the migration


def test_the_migration_links_or_creates_an_organisation_for_every_facility(tenant, foreign):
    m = tenant.municipality
    plain = FacilityFactory(municipality=m, centre=tenant.centre, name="Kita Sonne", kind="kita")
    twin_facility = FacilityFactory(
        municipality=m, centre=tenant.centre, name="Stadtbibliothek", kind="library"
    )
    twin = OrganisationFactory(municipality=m, name="Stadtbibliothek", sector="culture_library")
    OrganisationFactory(municipality=foreign.municipality, name="Kita Sonne")
    archived = FacilityFactory(municipality=m, name="Alte Kita")
    with scopes_disabled():
        archived.archived_at = archived.created_at
        archived.save()
        before = Organisation.objects.filter(municipality=m).count()
    linked, created = link_existing(Facility, Organisation)
    # the tenants' own facilities (build_tenant) get theirs, too
    assert (linked, created) == (1, 3)
    assert organisation_of(plain).sector == "child_youth_welfare"
    assert organisation_of(plain).municipality_id == m.pk
    assert organisation_of(twin_facility).pk == twin.pk
    assert organisation_of(archived) is None
    with scopes_disabled():
        assert Organisation.objects.filter(municipality=m).count() == before + 2
    assert link_existing(Facility, Organisation) == (0, 0)  # idempotent


def test_the_migration_runs_with_historical_models(tenant):
    from django.apps import apps as current_apps
    from django.db.migrations.executor import MigrationExecutor

    facility = FacilityFactory(municipality=tenant.municipality, name="Kita Mond")
    state = MigrationExecutor(connection).loader.project_state(
        ("network", "0003_link_facility_organisations")
    )
    historical = state.apps
    link_existing(
        historical.get_model("tenancy", "Facility"), historical.get_model("network", "Organisation")
    )
    assert organisation_of(facility).name == "Kita Mond"
    assert current_apps.get_model("network", "Organisation")


# ---------------------------------------------------------------------- network map


def test_own_facilities_hang_on_their_centre_not_isolated(client, tenant):
    facility = create(tenant, name="Kita Pusteblume", kind="kita")
    organisation = organisation_of(facility)
    other = FamilyCentreFactory(municipality=tenant.municipality, name="Zentrum B")
    data = load(tenant.municipality, None)
    graph = net.build_graph(data)
    edge = graph.edges[net.cid(tenant.centre.pk), net.oid(organisation.pk)]
    assert edge["kind"] == net.MEMBER
    assert not graph.has_edge(net.cid(other.pk), net.oid(organisation.pk))
    metrics = net.metrics(data, graph)
    assert organisation.pk not in {entry["pk"] for entry in metrics.isolated}
    assert organisation.pk not in {entry["pk"] for entry in metrics.weakly_tied}
    assert "Kinder- und Jugendhilfe" in metrics.coverage["covered"]
    # a centre-bound view of the map shows its own facilities
    mine = load(tenant.municipality, {tenant.centre.pk})
    assert (tenant.centre.pk, organisation.pk) in mine.members
    assert load(tenant.municipality, {other.pk}).members == []

    client.force_login(tenant.users[Role.COORDINATOR])
    payload = json.loads(client.get(url("network_json", tenant)).content)
    ids = [node[0] for node in payload["n"]]
    edge_codes = {(ids[a], ids[b]): code for a, b, code in payload["e"]}
    pair = (net.cid(tenant.centre.pk), net.oid(organisation.pk))
    assert edge_codes.get(pair, edge_codes.get(pair[::-1])) == graph_json.MEMBER_EDGE
    page = client.get(url("network", tenant)).content.decode()
    assert "gehört zum Verbund" in page


def test_a_relationship_with_an_own_facility_keeps_one_edge(tenant):
    facility = create(tenant)
    organisation = organisation_of(facility)
    RelationshipFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        organisation=organisation,
        quality=4,
        status="cooperating",
    )
    graph = net.build_graph(load(tenant.municipality, None))
    edge = graph.edges[net.cid(tenant.centre.pk), net.oid(organisation.pk)]
    assert edge["kind"] == "relationship" and edge["member"] is True


def test_archived_facilities_leave_the_map(tenant):
    facility = create(tenant)
    organisation = organisation_of(facility)
    with scope(municipality=tenant.municipality.pk):
        tenancy_services.facility_archive(actor=None, facility=facility)
    data = load(tenant.municipality, None)
    assert organisation.pk not in data.organisations
    assert data.members == []


def test_map_queries_do_not_grow_with_facilities(client, tenant):
    client.force_login(tenant.users[Role.PLANNER])
    counts = []
    for size in (1, 12):
        for i in range(size):
            create(tenant, name=f"Kita {size}-{i}", kind="kita")
        for name in ("network_json", "organisation_list"):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url(name, tenant)).status_code == 200
            counts.append((name, len(ctx.captured_queries)))
    assert counts[:2] == counts[2:], counts


# ------------------------------------------------------------ assessments and agreements


def test_choosable_in_assessments_and_agreements(tenant):
    from verbund.cooperation import forms as coop_forms
    from verbund.cooperation import permissions as coop_perms

    facility = create(tenant, name="Kita Löwenzahn", kind="kita")
    organisation = organisation_of(facility)
    user = tenant.users[Role.COORDINATOR]
    access = access_for(user, tenant.municipality)
    with scope(municipality=tenant.municipality.pk):
        assessment = RelationshipForm(
            municipality=tenant.municipality,
            access=access,
            permission=network_perms.change_relationship,
        )
        assert organisation in assessment.fields["organisation"].queryset
        agreement = coop_forms.AgreementForm(
            municipality=tenant.municipality,
            access=access,
            permission=coop_perms.manage_agreement,
        )
        assert organisation in agreement.fields["partners"].queryset


def test_assessing_an_own_facility_on_the_page(client, tenant):
    facility = create(tenant, name="Kita Löwenzahn", kind="kita")
    organisation = organisation_of(facility)
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        url("relationship_create", tenant),
        {
            "centre": tenant.centre.pk,
            "organisation": organisation.pk,
            "relevance_centre": 3,
            "relevance_families": 3,
            "influence": 2,
            "quality": 3,
            "status": "cooperating",
            "started_on": "2025-01-01",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    with scopes_disabled():
        assert Relationship.objects.filter(organisation=organisation).exists()


def test_the_command_links_facilities_written_elsewhere(tenant, foreign):
    import io

    from django.core.management import call_command

    mine = FacilityFactory(municipality=tenant.municipality, name="Kita Stern")
    theirs = FacilityFactory(municipality=foreign.municipality, name="Kita Stern")
    out = io.StringIO()
    call_command("link_facility_organisations", kommune=tenant.municipality.slug, stdout=out)
    assert "2 Organisationen angelegt" in out.getvalue()  # with build_tenant's facility
    assert organisation_of(mine).municipality_id == tenant.municipality.pk
    assert organisation_of(theirs) is None
    call_command("link_facility_organisations", stdout=out)
    assert organisation_of(theirs).municipality_id == foreign.municipality.pk


def test_the_admin_keeps_the_organisation_in_step(admin_client, tenant):
    response = admin_client.post(
        reverse("admin:tenancy_facility_add"),
        {
            "municipality": tenant.municipality.pk,
            "name": "Kita Admin",
            "kind": "kita",
            "centre": tenant.centre.pk,
            "street": "",
            "postcode": "",
            "city": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with scopes_disabled():
        facility = Facility.objects.get(name="Kita Admin")
    assert organisation_of(facility).sector == "child_youth_welfare"
