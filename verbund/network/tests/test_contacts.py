import csv
import io
import json
from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.network import services
from verbund.network.models import Contact

from .factories import ContactFactory, InteractionFactory, OrganisationFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


def url(name, tenant, *args):
    return reverse(f"network:{name}", args=[tenant.municipality.slug, *args])


@pytest.fixture
def contact(tenant):
    org = OrganisationFactory(municipality=tenant.municipality, facility=tenant.facility)
    with scopes_disabled():
        person = services.contact_create(
            actor=tenant.users[Role.COORDINATOR],
            municipality=tenant.municipality,
            data={
                "organisation": org,
                "first_name": "Miriam",
                "last_name": "Schäfer",
                "email": "miriam.schaefer@example.org",
                "phone": "0221 1234",
                "legal_basis": "a",
                "source": "Visitenkarte",
            },
        )
        services.contact_update(
            actor=tenant.users[Role.COORDINATOR], contact=person, data={"function": "Hebamme"}
        )
        relationship = RelationshipFactory(
            municipality=tenant.municipality, centre=tenant.centre, organisation=org
        )
        interaction = InteractionFactory(
            municipality=tenant.municipality, relationship=relationship, summary="Treffen"
        )
        interaction.contacts.add(person)
    return person


def test_create_via_view_requires_legal_basis_and_source(client, tenant):
    org = OrganisationFactory(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        url("contact_create", tenant, org.pk),
        {"organisation": org.pk, "last_name": "Muster", "last_confirmed": "2026-01-01"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Rechtsgrundlage" in page and "Herkunft der Daten" in page
    response = client.post(
        url("contact_create", tenant, org.pk),
        {
            "organisation": org.pk,
            "last_name": "Muster",
            "legal_basis": "f",
            "source": "Website",
            "last_confirmed": "2026-01-01",
        },
    )
    assert response.status_code == 302


def test_access_export_contains_everything_including_audit(client, tenant, contact):
    client.force_login(tenant.users[Role.ADMIN])
    response = client.get(url("contact_access_json", tenant, contact.pk))
    data = json.loads(response.content)
    assert data["person"]["e_mail"] == "miriam.schaefer@example.org"
    assert data["person"]["funktion"] == "Hebamme"
    assert data["person"]["rechtsgrundlage"].startswith("Einwilligung")
    assert data["kontaktverlauf"][0]["inhalt"] == "Treffen"
    actions = [entry["aktion"] for entry in data["protokoll"]]
    assert actions[:2] == ["network.contact.created", "network.contact.changed"]
    response = client.get(url("contact_access_csv", tenant, contact.pk))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert ["person", "1", "e_mail", "miriam.schaefer@example.org"] in rows
    assert any(row[0] == "protokoll" for row in rows)
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="network.contact.access_exported").count() == 2


def test_staff_may_not_export_or_erase(client, tenant, contact):
    client.force_login(tenant.users[Role.STAFF])
    assert client.get(url("contact_access_json", tenant, contact.pk)).status_code == 403
    assert (
        client.post(url("contact_erase", tenant, contact.pk), {"confirm": "1"}).status_code == 403
    )


def test_erasure_leaves_a_pseudonymous_tombstone_and_scrubs_the_audit(client, tenant, contact):
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(url("contact_erase", tenant, contact.pk), {"reason": "Antrag"})
    assert response.status_code == 400  # not confirmed
    response = client.post(url("contact_erase", tenant, contact.pk), {"confirm": "1"})
    assert response.status_code == 302
    with scopes_disabled():
        contact.refresh_from_db()
        assert contact.is_erased
        assert contact.first_name == contact.last_name == contact.email == contact.phone == ""
        assert contact.pseudonym.startswith("Gelöschte Person ")
        assert contact.interactions.count() == 1  # the history stays consistent
        dumped = json.dumps(
            list(
                AuditEntry.objects.filter(object_id=str(contact.pk)).values(
                    "before", "after", "object_repr"
                )
            )
        )
    for secret in ("Schäfer", "Sch\\u00e4fer", "miriam", "0221 1234", "Hebamme"):
        assert secret not in dumped
    page = client.get(url("contact_detail", tenant, contact.pk)).content.decode()
    assert "Schäfer" not in page and "Gelöschte Person" in page
    # A tombstone cannot be edited back into a person.
    assert client.get(url("contact_update", tenant, contact.pk)).status_code == 302


def test_database_refuses_personal_data_on_a_tombstone(tenant, contact):
    with scopes_disabled():
        services.contact_erase(actor=None, contact=contact)
        with pytest.raises(IntegrityError):
            Contact.objects.filter(pk=contact.pk).update(email="x@example.org")


def test_unconfirmed_contacts_are_flagged_for_review(client, tenant, settings):
    org = OrganisationFactory(municipality=tenant.municipality)
    today = timezone.localdate()
    old = ContactFactory(
        municipality=tenant.municipality,
        organisation=org,
        last_name="Alt",
        last_confirmed=today - timedelta(days=400),
    )
    ContactFactory(
        municipality=tenant.municipality,
        organisation=org,
        last_name="Neu",
        last_confirmed=today - timedelta(days=100),
    )
    client.force_login(tenant.users[Role.COORDINATOR])
    page = client.get(url("contact_review", tenant)).content.decode()
    assert "Maria Alt" in page and "Maria Neu" not in page
    settings.NETWORK_CONTACT_REVIEW_DAYS = 30
    page = client.get(url("contact_review", tenant)).content.decode()
    assert "Maria Alt" in page and "Maria Neu" in page
    client.post(url("contact_confirm", tenant, old.pk))
    settings.NETWORK_CONTACT_REVIEW_DAYS = 365
    page = client.get(url("contact_review", tenant)).content.decode()
    assert "Maria Alt" not in page


def test_partner_keeps_its_own_contacts_only(client, tenant):
    own = OrganisationFactory(municipality=tenant.municipality, facility=tenant.facility)
    other = OrganisationFactory(municipality=tenant.municipality)
    mine = ContactFactory(municipality=tenant.municipality, organisation=own)
    theirs = ContactFactory(municipality=tenant.municipality, organisation=other)
    client.force_login(tenant.users[Role.PARTNER])
    assert client.get(url("contact_detail", tenant, mine.pk)).status_code == 200
    assert client.get(url("contact_detail", tenant, theirs.pk)).status_code == 403
    assert client.get(url("contact_create", tenant, other.pk)).status_code == 403
    # Moving the own contact to a foreign organisation is not a valid choice.
    response = client.post(
        url("contact_update", tenant, mine.pk),
        {
            "organisation": other.pk,
            "last_name": "X",
            "legal_basis": "a",
            "source": "s",
            "last_confirmed": "2026-01-01",
        },
    )
    assert response.status_code == 400
