import csv
import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from verbund.cooperation.models import Agreement, Attachment, Status
from verbund.core.roles import Role
from verbund.tenancy.tests.factories import FacilityFactory, FamilyCentreFactory

from .factories import PDF_MINIMAL, ContactFactory, OrganisationFactory
from .helpers import make_agreement, sign
from .test_uploads import zip_bomb

pytestmark = pytest.mark.django_db


def url(name, tenant, *args):
    return reverse(f"cooperation:{name}", args=[tenant.municipality.slug, *args])


@pytest.fixture
def setup(tenant):
    """Own agreement (partner org linked to the tenant's facility) and a neighbour centre's."""
    own_org = OrganisationFactory(municipality=tenant.municipality, facility=tenant.facility)
    own = make_agreement(
        municipality=tenant.municipality, centre=tenant.centre, partners=[own_org], title="Eigene"
    )
    other_centre = FamilyCentreFactory(municipality=tenant.municipality)
    other_facility = FacilityFactory(municipality=tenant.municipality, centre=other_centre)
    other_org = OrganisationFactory(municipality=tenant.municipality, facility=other_facility)
    other = make_agreement(
        municipality=tenant.municipality,
        centre=other_centre,
        partners=[other_org],
        title="Nachbarzentrum",
    )
    return tenant, own, other, own_org


def test_create_with_forged_foreign_organisation_is_a_field_error(client, tenant, foreign):
    stranger = OrganisationFactory(municipality=foreign.municipality)
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        url("agreement_create", tenant),
        {
            "centre": tenant.centre.pk,
            "title": "Neu",
            "subject": "Gegenstand",
            "partners": [stranger.pk],
        },
    )
    assert response.status_code == 400
    assert "partners" in response.context["form"].errors
    with scopes_disabled():
        assert not Agreement.objects.exists()


def test_coordinator_cannot_create_for_a_neighbour_centre(client, tenant):
    neighbour = FamilyCentreFactory(municipality=tenant.municipality)
    org = OrganisationFactory(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        url("agreement_create", tenant),
        {"centre": neighbour.pk, "title": "Neu", "subject": "G", "partners": [org.pk]},
    )
    assert response.status_code == 400
    assert "centre" in response.context["form"].errors


def test_create_then_edit_then_sign_through_the_ui(client, tenant):
    org = OrganisationFactory(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        url("agreement_create", tenant),
        {
            "centre": tenant.centre.pk,
            "title": "Sprechstunde",
            "subject": "Gegenstand",
            "partners": [org.pk],
            "includes_municipality": "on",
            "start_date": "2026-01-01",
            "end_date": "2027-12-31",
            "review_date": "2026-12-01",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        agreement = Agreement.objects.get()
        partner_party = agreement.parties.get(kind="partner")
    response = client.post(
        url("responsibility_create", tenant, agreement.pk),
        {"party": partner_party.pk, "task": "Offene Sprechstunde", "scope": "wöchentlich"},
    )
    assert response.status_code == 302
    response = client.post(
        url("resource_create", tenant, agreement.pk),
        {
            "party": partner_party.pk,
            "kind": "money",
            "description": "Zuschuss",
            "amount": "1.200,50",
            "unit": "€/Jahr",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert str(agreement.resources.get().amount) == "1200.50"
    for to in ("negotiation", "signed"):
        response = client.post(url("agreement_transition", tenant, agreement.pk), {"to": to})
        assert response.status_code == 302, response.content
    detail = client.get(url("agreement_detail", tenant, agreement.pk))
    body = detail.content.decode()
    assert "Fassung 1 ist unterzeichnet und unveränderlich" in body
    assert "Offene Sprechstunde" in body and "1.200,5" in body
    # Edits are refused with the reason; nothing changes.
    response = client.post(
        url("agreement_update", tenant, agreement.pk),
        {"title": "Anders", "subject": "x", "partners": [org.pk]},
        follow=True,
    )
    assert "kann nicht mehr geändert werden" in response.content.decode()
    with scopes_disabled():
        assert Agreement.objects.get().title == "Sprechstunde"


def test_invalid_transition_shows_a_field_error(client, tenant):
    agreement = make_agreement(municipality=tenant.municipality, centre=tenant.centre)
    client.force_login(tenant.users[Role.CENTRE_LEAD])
    response = client.post(url("agreement_transition", tenant, agreement.pk), {"to": "active"})
    assert response.status_code == 400
    assert "to" in response.context["form"].errors


def test_resource_with_forged_party_of_other_agreement_is_refused(client, setup):
    tenant, own, other, _org = setup
    with scopes_disabled():
        foreign_party = other.parties.first()
    client.force_login(tenant.users[Role.ADMIN])
    response = client.post(
        url("resource_create", tenant, own.pk),
        {"party": foreign_party.pk, "kind": "room", "description": "Raum"},
    )
    assert response.status_code == 400
    assert "party" in response.context["form"].errors


def test_lists_follow_reach(client, setup):
    tenant, _own, _other, _org = setup
    expectations = {
        Role.COORDINATOR: {"Eigene"},
        Role.STAFF: {"Eigene"},
        Role.PARTNER: {"Eigene"},
        Role.PLANNER: {"Eigene", "Nachbarzentrum"},
        Role.ADMIN: {"Eigene", "Nachbarzentrum"},
    }
    for role, titles in expectations.items():
        client.force_login(tenant.users[role])
        page = client.get(url("agreement_list", tenant)).context["page"]
        assert {a.title for a in page} == titles, role


def test_list_filters_by_partner_organisation(client, setup):
    tenant, _own, _other, own_org = setup
    client.force_login(tenant.users[Role.PLANNER])
    response = client.get(url("agreement_list", tenant) + f"?organisation={own_org.pk}")
    assert [a.title for a in response.context["page"]] == ["Eigene"]
    # Partner users only get the organisations of agreements they can see as choices.
    client.force_login(tenant.users[Role.PARTNER])
    form = client.get(url("agreement_list", tenant)).context["filter_form"]
    assert [value for value, _label in form.fields["organisation"].choices if value] == [own_org.pk]


def test_partner_reads_own_agreement_only_and_cannot_edit(client, setup):
    tenant, own, other, _org = setup
    client.force_login(tenant.users[Role.PARTNER])
    assert client.get(url("agreement_detail", tenant, own.pk)).status_code == 200
    assert client.get(url("agreement_pdf", tenant, own.pk)).status_code == 200
    assert client.get(url("agreement_detail", tenant, other.pk)).status_code == 403
    assert client.get(url("agreement_update", tenant, own.pk)).status_code == 403
    assert (
        client.post(url("agreement_transition", tenant, own.pk), {"to": "ended"}).status_code == 403
    )


def test_partner_uploads_signed_scan_for_its_own_party(client, setup):
    tenant, own, _other, own_org = setup
    own = sign(own)
    with scopes_disabled():
        version = own.versions.get()
        own_party = own.parties.get(organisation=own_org)
        centre_party = own.parties.get(kind="centre")
    client.force_login(tenant.users[Role.PARTNER])
    form = client.get(url("attachment_upload", tenant, own.pk)).context["form"]
    assert [value for value, _label in form.fields["party"].choices if value] == [own_party.pk]
    # Claiming to upload for the centre is refused.
    response = client.post(
        url("attachment_upload", tenant, own.pk),
        {
            "file": SimpleUploadedFile("scan.pdf", PDF_MINIMAL),
            "kind": "signed_scan",
            "version": version.pk,
            "party": centre_party.pk,
        },
    )
    assert response.status_code == 400
    response = client.post(
        url("attachment_upload", tenant, own.pk),
        {
            "file": SimpleUploadedFile("Unterschrift.pdf", PDF_MINIMAL),
            "kind": "signed_scan",
            "version": version.pk,
            "party": own_party.pk,
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        attachment = Attachment.objects.get()
    assert attachment.uploaded_by_party == own_party
    download = client.get(url("attachment_download", tenant, own.pk, attachment.pk))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF_MINIMAL


def test_upload_of_zip_disguised_as_pdf_shows_message_and_stores_nothing(client, setup):
    tenant, own, _other, _org = setup
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        url("attachment_upload", tenant, own.pk),
        {"file": SimpleUploadedFile("scan.pdf", zip_bomb()), "kind": "annex"},
    )
    assert response.status_code == 400
    assert "ZIP-Archiv" in response.content.decode()
    with scopes_disabled():
        assert not Attachment.objects.exists()


def test_attachment_of_another_agreement_is_not_served_via_own_agreement(client, setup):
    tenant, own, other, _org = setup
    from .helpers import upload_scan

    attachment = upload_scan(other)
    client.force_login(tenant.users[Role.PARTNER])
    assert client.get(url("attachment_download", tenant, own.pk, attachment.pk)).status_code == 404


def test_versions_history_and_diff(client, tenant):
    agreement = sign(make_agreement(municipality=tenant.municipality, centre=tenant.centre))
    client.force_login(tenant.users[Role.COORDINATOR])
    with scope(municipality=tenant.municipality.pk):
        from verbund.cooperation import services

        agreement = services.agreement_transition(actor=None, agreement=agreement, to=Status.ACTIVE)
    assert client.post(url("agreement_new_version", tenant, agreement.pk)).status_code == 302
    with scopes_disabled():
        partners = [p.organisation_id for p in agreement.parties.all() if p.organisation_id]
    response = client.post(
        url("agreement_update", tenant, agreement.pk),
        {
            "title": agreement.title,
            "subject": "Ein ganz neuer Gegenstand",
            "partners": partners,
            "start_date": "2026-01-01",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        v2 = agreement.versions.get(number=2)
        v1 = agreement.versions.get(number=1)
    page = client.get(url("version_detail", tenant, agreement.pk, v2.pk))
    body = page.content.decode()
    assert "Änderungen von Fassung 1 zu Fassung 2" in body
    assert "<ins>" in body and "<del>" in body and "neuer Gegenstand" in body
    # The signed first version still shows the old text.
    page = client.get(url("version_detail", tenant, agreement.pk, v1.pk))
    assert "Dies ist die erste Fassung" in page.content.decode()
    pdf = client.get(url("version_pdf", tenant, agreement.pk, v1.pk))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert "unterzeichnet" in pdf["Content-Disposition"]


def test_due_list_filters_and_exports(client, setup):
    tenant, own, other, _org = setup
    today = timezone.localdate()
    with scope(municipality=tenant.municipality.pk):
        from verbund.cooperation import services

        for agreement, review in ((own, 10), (other, 100)):
            agreement = services.agreement_update(
                actor=None,
                agreement=agreement,
                partners=[p.organisation for p in agreement.parties.all() if p.organisation_id],
                data={
                    "start_date": today - timedelta(days=300),
                    "review_date": today + timedelta(days=review),
                    "end_date": today + timedelta(days=400),
                },
            )
            sign(agreement)
    client.force_login(tenant.users[Role.ADMIN])
    assert due_rows(client.get(url("agreement_due", tenant))) == [("Überprüfung", "Eigene")]
    listed = due_rows(client.get(url("agreement_due", tenant) + "?tage=120&art=review"))
    assert [title for _kind, title in listed] == ["Eigene", "Nachbarzentrum"]
    response = client.get(url("agreement_due_export", tenant, "csv") + "?tage=500")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Fällig am" and len(rows) == 5
    xlsx = client.get(url("agreement_due_export", tenant, "xlsx") + "?tage=500")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    # A coordinator's list covers their own centre only.
    client.force_login(tenant.users[Role.COORDINATOR])
    listed = due_rows(client.get(url("agreement_due", tenant) + "?tage=500"))
    assert {title for _kind, title in listed} == {"Eigene"}
    # A page number alone keeps the default filter (the next page continues the list): the
    # form's defaults, not an empty bound form.
    client.force_login(tenant.users[Role.ADMIN])
    for query in ("?seite=2", "", "?seite=1"):
        page = client.get(url("agreement_due", tenant) + query).content.decode()
        assert 'name="tage" value="90"' in page, query
        assert "Nachbarzentrum" not in page, query  # due in 100 days: beyond the default 90


def due_rows(response) -> list[tuple[str, str]]:
    """(kind, title) of each row of the deadlines table (the page is kept rendered)."""
    body = response.content.decode()
    table = body[body.index('<tbody class="kern-table__body">') :]
    table = table[: table.index("</tbody>")]
    return re.findall(
        r'<td class="kern-table__cell">([^<]*)</td>\s*<td class="kern-table__cell">'
        r'<a class="kern-link" href="[^"]*">([^<]*)</a>',
        table,
    )


def test_list_queries_do_not_grow_with_agreements(client, tenant, django_assert_max_num_queries):
    client.force_login(tenant.users[Role.ADMIN])
    for _ in range(3):
        make_agreement(municipality=tenant.municipality, centre=tenant.centre)
    with django_assert_max_num_queries(14) as few:
        client.get(url("agreement_list", tenant))
    for _ in range(10):
        make_agreement(municipality=tenant.municipality, centre=tenant.centre)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("agreement_list", tenant))


def test_detail_queries_do_not_grow_with_items(client, tenant, django_assert_max_num_queries):
    partners = [OrganisationFactory(municipality=tenant.municipality) for _ in range(8)]
    agreement = make_agreement(
        municipality=tenant.municipality, centre=tenant.centre, partners=partners
    )
    small = make_agreement(municipality=tenant.municipality, centre=tenant.centre)
    client.force_login(tenant.users[Role.COORDINATOR])
    with django_assert_max_num_queries(30) as baseline:
        client.get(url("agreement_detail", tenant, small.pk))
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        client.get(url("agreement_detail", tenant, agreement.pk))


def test_responsibility_with_network_contact(client, setup):
    tenant, own, _other, own_org = setup
    person = ContactFactory(organisation=own_org, first_name="Jonas", last_name="Albrecht")
    stranger = ContactFactory(organisation=OrganisationFactory(municipality=tenant.municipality))
    with scopes_disabled():
        party = own.parties.get(organisation=own_org)
    client.force_login(tenant.users[Role.COORDINATOR])
    form = client.get(url("responsibility_create", tenant, own.pk)).context["form"]
    choices = [value for value, _label in form.fields["contact_person"].choices if value]
    assert [c.value for c in choices] == [person.pk]
    # A contact of an organisation that is not party to the agreement is an invalid choice.
    response = client.post(
        url("responsibility_create", tenant, own.pk),
        {"party": party.pk, "task": "Sprechstunde", "contact_person": stranger.pk},
    )
    assert response.status_code == 400 and "contact_person" in response.context["form"].errors
    # The centre's party has no network contacts.
    with scopes_disabled():
        centre_party = own.parties.get(kind="centre")
    response = client.post(
        url("responsibility_create", tenant, own.pk),
        {"party": centre_party.pk, "task": "Raum", "contact_person": person.pk},
    )
    assert response.status_code == 400 and "contact_person" in response.context["form"].errors
    response = client.post(
        url("responsibility_create", tenant, own.pk),
        {"party": party.pk, "task": "Sprechstunde", "contact_person": person.pk},
    )
    assert response.status_code == 302
    body = client.get(url("agreement_detail", tenant, own.pk)).content.decode()
    assert "Jonas Albrecht, Leitung" in body and person.email in body


def test_due_list_queries_do_not_grow(client, tenant, django_assert_max_num_queries):
    today = timezone.localdate()

    def due_agreement():
        sign(
            make_agreement(
                municipality=tenant.municipality,
                centre=tenant.centre,
                start=today - timedelta(days=10),
                review=today + timedelta(days=20),
                end=today + timedelta(days=60),
            )
        )

    client.force_login(tenant.users[Role.COORDINATOR])
    due_agreement()
    with django_assert_max_num_queries(14) as few:
        assert len(client.get(url("agreement_due", tenant)).context["due_keys"]) == 2
    for _ in range(6):
        due_agreement()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(url("agreement_due", tenant)).context["due_keys"]) == 14


def test_attachment_removal_needs_a_reason_and_is_audited(
    client, setup, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    from verbund.core.models import AuditEntry

    from .helpers import upload_scan

    tenant, own, _other, _org = setup
    attachment = upload_scan(own)
    name = attachment.file.name
    delete_url = url("attachment_delete", tenant, own.pk, attachment.pk)
    client.force_login(tenant.users[Role.PARTNER])
    assert client.post(delete_url, {"reason": "falsch"}).status_code == 403
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(delete_url, {"reason": ""})
    assert response.status_code == 400 and "reason" in response.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url, {"reason": "falsche Datei"})
    assert response.status_code == 302
    assert not default_storage.exists(name)
    with scopes_disabled():
        assert not Attachment.objects.exists()
        entry = AuditEntry.objects.get(action="cooperation.attachment.deleted")
    assert entry.data["reason"] == "falsche Datei" and entry.before["sha256"] == attachment.sha256


def test_due_list_is_paged_soonest_first(client, tenant, monkeypatch):
    """Issue 17: a municipality with 1,500 agreements gets pages, not one table of all."""
    from verbund.cooperation import selectors

    today = timezone.localdate()
    for index in range(4):
        sign(
            make_agreement(
                municipality=tenant.municipality,
                centre=tenant.centre,
                title=f"Vereinbarung {index}",
                start=today - timedelta(days=10),
                review=today + timedelta(days=40 - index),
                end=today + timedelta(days=400),
            )
        )
    real = selectors.agreements_due_page

    def small_pages(**kwargs):
        return real(**kwargs, per_page=3)

    monkeypatch.setattr(selectors, "agreements_due_page", small_pages)
    client.force_login(tenant.users[Role.COORDINATOR])
    first = client.get(url("agreement_due", tenant))
    assert [title for _due, title, _kind, _pk in first.context["due_keys"]] == [
        "Vereinbarung 3",
        "Vereinbarung 2",
        "Vereinbarung 1",
    ]
    assert "4 Fristen" in first.content.decode()
    second = client.get(url("agreement_due", tenant) + "?seite=2")
    assert [title for _due, title, _kind, _pk in second.context["due_keys"]] == ["Vereinbarung 0"]
    assert client.get(url("agreement_due", tenant) + "?seite=999").status_code == 200
