import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.tenancy.models import Facility
from verbund.tenancy.tests.factories import FacilityFactory, FamilyCentreFactory

pytestmark = pytest.mark.django_db


def url(name, tenant, *args):
    return reverse(f"tenancy:{name}", args=[tenant.municipality.slug, *args])


VALID = {
    "name": "Familienbüro am Markt",
    "kind": "counselling",
    "street": "Markt 1",
    "postcode": "50667",
    "city": "Köln",
    "latitude": "50,9375",
    "longitude": "6,9603",
}


def count_facilities(unscoped_ok=True):
    from django_scopes import scopes_disabled

    with scopes_disabled():
        return Facility.objects.count()


def test_coordinator_creates_facility_for_own_centre(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(url("facility_create", tenant), {**VALID, "centre": tenant.centre.pk})
    assert response.status_code == 302
    from django_scopes import scopes_disabled

    with scopes_disabled():
        created = Facility.objects.get(name=VALID["name"])
    assert str(created.latitude) == "50.937500"
    assert response["Location"] == url("facility_detail", tenant, created.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Die Einrichtung wurde angelegt." in page


def test_forged_centre_of_other_municipality_is_a_field_error(client, tenant, foreign):
    client.force_login(tenant.users[Role.ADMIN])
    before = count_facilities()
    response = client.post(url("facility_create", tenant), {**VALID, "centre": foreign.centre.pk})
    assert response.status_code == 400
    assert "centre" in response.context["form"].errors
    # The searchable centre choice names what was sent (a number that is not offered here).
    assert "ist keine Auswahl, die Sie hier treffen können" in response.content.decode()
    assert count_facilities() == before


def test_coordinator_cannot_assign_a_neighbour_centre(client, tenant):
    neighbour = FamilyCentreFactory(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.COORDINATOR])
    before = count_facilities()
    response = client.post(url("facility_create", tenant), {**VALID, "centre": neighbour.pk})
    assert response.status_code == 400
    assert "centre" in response.context["form"].errors
    assert count_facilities() == before


def test_coordinator_must_choose_own_centre(client, tenant):
    """Without a centre the new facility would lie outside the coordinator's reach."""
    client.force_login(tenant.users[Role.COORDINATOR])
    form = client.get(url("facility_create", tenant)).context["form"]
    assert form.fields["centre"].required
    assert form.fields["centre"].initial == tenant.centre.pk
    before = count_facilities()
    response = client.post(url("facility_create", tenant), VALID)
    assert response.status_code == 400
    assert "centre" in response.context["form"].errors
    assert count_facilities() == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Bitte geben Sie „Name“ an."),
        ("name", "x" * 201, "höchstens 200 Zeichen"),
        ("postcode", "5066", "fünfstellige Postleitzahl"),
        ("latitude", "12,5", "außerhalb Deutschlands"),
        ("latitude", "abc", "Zahl"),
        ("email", "keine-mail", "gültige E-Mail-Adresse"),
        ("kind", "zoo", "gültige Auswahl"),
        ("description", "y" * 4001, "höchstens 4000 Zeichen"),
    ],
)
def test_bad_input_gets_a_german_message_at_the_field(client, tenant, field, value, message):
    client.force_login(tenant.users[Role.ADMIN])
    before = count_facilities()
    response = client.post(url("facility_create", tenant), {**VALID, field: value})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    body = response.content.decode()
    assert 'aria-invalid="true"' in body
    assert f'id="id_{field}-error"' in body
    assert count_facilities() == before


def test_coordinates_must_come_in_pairs(client, tenant):
    client.force_login(tenant.users[Role.ADMIN])
    response = client.post(url("facility_create", tenant), {**VALID, "longitude": ""})
    assert response.status_code == 400
    assert "Breiten- und Längengrad zusammen" in response.content.decode()


def test_edit_changes_and_audits(client, tenant):
    client.force_login(tenant.users[Role.CENTRE_LEAD])
    data = {**VALID, "name": "Kita Umbenannt", "centre": tenant.centre.pk}
    response = client.post(url("facility_update", tenant, tenant.facility.pk), data)
    assert response.status_code == 302
    entry = AuditEntry.unscoped.get(action="tenancy.facility.changed")
    assert entry.after["name"] == "Kita Umbenannt"
    assert entry.actor == tenant.users[Role.CENTRE_LEAD]


def test_coordinator_cannot_move_facility_out_of_reach(client, tenant):
    neighbour = FamilyCentreFactory(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.COORDINATOR])
    data = {**VALID, "centre": neighbour.pk}
    response = client.post(url("facility_update", tenant, tenant.facility.pk), data)
    assert response.status_code == 400  # the neighbour centre is not among the choices
    from django_scopes import scopes_disabled

    with scopes_disabled():
        tenant.facility.refresh_from_db()
    assert tenant.facility.centre == tenant.centre


def test_partner_edits_only_its_own_facility(client, tenant):
    other = FacilityFactory(municipality=tenant.municipality, centre=tenant.centre)
    client.force_login(tenant.users[Role.PARTNER])
    assert client.get(url("facility_update", tenant, tenant.facility.pk)).status_code == 200
    assert client.get(url("facility_update", tenant, other.pk)).status_code == 403
    assert client.get(url("facility_create", tenant)).status_code == 403


def test_archive_flow_and_archived_facility_is_read_only(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    facility_url = url("facility_detail", tenant, tenant.facility.pk)
    response = client.post(url("facility_archive", tenant, tenant.facility.pk))
    assert response.status_code == 302
    body = client.get(facility_url).content.decode()
    assert "archiviert" in body and "Wiederherstellen" in body
    edit = client.post(url("facility_update", tenant, tenant.facility.pk), VALID)
    assert edit.status_code == 302 and edit["Location"] == facility_url
    listed = client.get(url("facility_list", tenant)).content.decode()
    assert tenant.facility.name not in listed
    with_archived = client.get(url("facility_list", tenant) + "?archived=on").content.decode()
    assert tenant.facility.name in with_archived
    client.post(url("facility_archive", tenant, tenant.facility.pk))
    assert tenant.facility.name in client.get(url("facility_list", tenant)).content.decode()


def test_list_filters_and_search(client, tenant):
    FacilityFactory(
        municipality=tenant.municipality, name="Grundschule Am Park", kind="primary_school"
    )
    client.force_login(tenant.users[Role.STAFF])
    body = client.get(url("facility_list", tenant) + "?q=park").content.decode()
    assert "Grundschule Am Park" in body and tenant.facility.name not in body
    body = client.get(url("facility_list", tenant) + "?kind=primary_school").content.decode()
    assert "Grundschule Am Park" in body and tenant.facility.name not in body
    # Garbage in filters is ignored, not a 500.
    assert client.get(url("facility_list", tenant) + "?centre=abc&seite=zz").status_code == 200


def test_list_query_count_does_not_grow_with_facilities(
    client, tenant, django_assert_max_num_queries
):
    client.force_login(tenant.users[Role.STAFF])
    list_url = url("facility_list", tenant)
    client.get(list_url)
    FacilityFactory.create_batch(3, municipality=tenant.municipality, centre=tenant.centre)
    with django_assert_max_num_queries(12) as small:
        client.get(list_url)
    FacilityFactory.create_batch(60, municipality=tenant.municipality)
    with django_assert_max_num_queries(12) as large:
        client.get(list_url)
    # The 60 facilities bring their own centres: past SELECT_LIMIT centres the filter is a text
    # field and its options are not loaded (one query fewer), never more.
    assert len(large.captured_queries) <= len(small.captured_queries)


def test_facility_filter_takes_a_centre_by_name(client, tenant):
    client.force_login(tenant.users[Role.STAFF])
    FacilityFactory.create_batch(60, municipality=tenant.municipality)  # > SELECT_LIMIT centres
    body = client.get(url("facility_list", tenant)).content.decode()
    assert "data-search-choice=" in body  # a text field with autocomplete, not a select
    response = client.get(url("facility_list", tenant), {"centre": tenant.centre.name})
    assert response.status_code == 200
    assert tenant.facility.name in response.content.decode()


def test_csv_and_xlsx_export_are_formula_safe(client, tenant):
    FacilityFactory(municipality=tenant.municipality, name='=HYPERLINK("http://x")')
    client.force_login(tenant.users[Role.STAFF])
    response = client.get(url("facility_export", tenant, "csv"))
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Name"
    assert any(row[0] == '\'=HYPERLINK("http://x")' for row in rows)
    response = client.get(url("facility_export", tenant, "xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert '\'=HYPERLINK("http://x")' in names
    assert client.get(f"/k/{tenant.municipality.slug}/einrichtungen/export.pdf").status_code == 404


def test_audit_log_page_for_admin(client, tenant):
    client.force_login(tenant.users[Role.ADMIN])
    client.post(url("facility_archive", tenant, tenant.facility.pk))
    body = client.get(url("audit_log", tenant)).content.decode()
    # A sentence, not the event code.
    assert "tenancy.facility.archived" not in body
    assert "archiviert" in body


def test_audit_log_filters_by_person_kind_and_date(client, tenant):
    admin, coordinator = tenant.users[Role.ADMIN], tenant.users[Role.COORDINATOR]
    client.force_login(coordinator)
    client.post(url("facility_archive", tenant, tenant.facility.pk))
    client.force_login(admin)
    client.post(url("facility_archive", tenant, tenant.facility.pk))  # restores it
    log = url("audit_log", tenant)
    everyone = client.get(log).content.decode()
    assert everyone.count('class="history__entry"') >= 2
    mine = client.get(log, {"person": coordinator.pk}).content.decode()
    assert mine.count('class="history__entry"') == 1
    assert client.get(log, {"kind": "areas"}).content.decode().count('class="history__entry"') == 0
    assert (
        client.get(log, {"kind": "tenancy"}).content.decode().count('class="history__entry"') >= 2
    )
    assert (
        client.get(log, {"von": "2000-01-01", "bis": "2000-01-02"})
        .content.decode()
        .count('class="history__entry"')
        == 0
    )
    wrong = client.get(log, {"von": "2026-02-01", "bis": "2026-01-01"})
    assert wrong.status_code == 200
    assert "Ende des Zeitraums" in wrong.content.decode()
    assert client.get(log, {"person": "abc", "kind": "<x>"}).status_code == 200


def test_permission_denial_is_audited(client, tenant):
    client.force_login(tenant.users[Role.STAFF])
    assert client.get(url("facility_create", tenant)).status_code == 403
    entry = AuditEntry.unscoped.get(action="security.permission.denied")
    assert entry.data["permission"] == "tenancy.facility.create"
    assert entry.actor == tenant.users[Role.STAFF]


def test_foreign_tenant_denial_is_audited(client, tenant, foreign):
    client.force_login(foreign.users[Role.ADMIN])
    assert client.get(url("facility_list", tenant)).status_code == 404
    assert AuditEntry.unscoped.filter(action="security.tenant.denied").exists()
