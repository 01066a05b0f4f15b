"""Issue 11: "Partner aufnehmen" — organisation, first contact and the centre's assessment in
one submission, all or nothing, each part audited by its own service."""

from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.network import services
from verbund.network.models import Contact, Organisation, Relationship

pytestmark = pytest.mark.django_db


def url(tenant):
    return reverse("network:partner_add", args=[tenant.municipality.slug])


class _Defaults(HTMLParser):
    """What a browser would send for the form as shown (text, hidden, selected options)."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"checkbox", "submit"}:
            self.values[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self.values[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.values[name] = ""
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def page_defaults(client, tenant) -> dict[str, str]:
    response = client.get(url(tenant))
    assert response.status_code == 200
    parser = _Defaults()
    parser.feed(response.content.decode())
    parser.values.pop("csrfmiddlewaretoken", None)
    return parser.values


ORGANISATION = {"org-name": "Stadtteilbibliothek Nord", "org-sector": "culture_library"}
CONTACT = {
    "person-first_name": "Aylin",
    "person-last_name": "Demir",
    "person-function": "Leitung",
    "person-preferred_channel": "email",
    "person-email": "demir@example.org",
    "person-legal_basis": "a",
    "person-source": "Gespräch beim Stadtteilfest",
}
ASSESSMENT = {
    "einschaetzung-relevance_centre": "3",
    "einschaetzung-relevance_families": "2",
    "einschaetzung-influence": "1",
    "einschaetzung-quality": "2",
    "einschaetzung-status": "contacted",
}


def counts(tenant):
    with scopes_disabled():
        m = tenant.municipality
        return (
            Organisation.objects.filter(municipality=m).count(),
            Contact.objects.filter(municipality=m).count(),
            Relationship.objects.filter(municipality=m).count(),
        )


def test_all_three_parts_in_one_submission(client, tenant, django_assert_max_num_queries):
    client.force_login(tenant.users[Role.COORDINATOR])
    with django_assert_max_num_queries(25):
        data = page_defaults(client, tenant)
    assert data["einschaetzung-centre"] == str(tenant.centre.pk)
    response = client.post(url(tenant), {**data, **ORGANISATION, **CONTACT, **ASSESSMENT})
    assert response.status_code == 302, response.content.decode().split("form-errors")[-1][:1500]
    with scopes_disabled():
        organisation = Organisation.objects.get(name="Stadtteilbibliothek Nord")
        contact = organisation.contacts.get()
        relationship = organisation.relationships.get()
        assert response.url == reverse(
            "network:organisation_detail", args=[tenant.municipality.slug, organisation.pk]
        )
        assert (contact.first_name, contact.legal_basis) == ("Aylin", "a")
        assert (relationship.centre, relationship.relevance_centre) == (tenant.centre, 3)
        assert (relationship.influence, relationship.quality) == (1, 2)
        actions = set(
            AuditEntry.objects.filter(municipality=tenant.municipality).values_list(
                "action", flat=True
            )
        )
    assert {
        "network.organisation.created",
        "network.contact.created",
        "network.relationship.created",
    } <= actions
    page = client.get(response.url).content.decode()
    assert "Die Ansprechperson wurde angelegt." in page and "Demir" in page


def test_untouched_contact_and_assessment_are_left_out(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    data = page_defaults(client, tenant)
    response = client.post(url(tenant), {**data, **ORGANISATION})
    assert response.status_code == 302
    assert counts(tenant) == (1, 0, 0)


def test_a_begun_contact_must_be_complete_and_nothing_is_saved(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    data = page_defaults(client, tenant)
    contact = {k: v for k, v in CONTACT.items() if k != "person-legal_basis"}
    response = client.post(url(tenant), {**data, **ORGANISATION, **contact, **ASSESSMENT})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="form-errors"' in page and "autofocus" in page
    assert 'href="#id_person-legal_basis"' in page
    # Everything typed is still there.
    assert 'value="Stadtteilbibliothek Nord"' in page
    assert 'value="Gespräch beim Stadtteilfest"' in page
    assert '<option value="3" selected>' in page
    assert counts(tenant) == (0, 0, 0)


def test_ratings_have_no_silent_default(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    data = page_defaults(client, tenant)
    for name in ("relevance_centre", "relevance_families", "influence", "quality"):
        assert data[f"einschaetzung-{name}"] == "", name
    only_one = {"einschaetzung-relevance_centre": "3"}
    response = client.post(url(tenant), {**data, **ORGANISATION, **only_one})
    assert response.status_code == 400
    page = response.content.decode()
    for name in ("relevance_families", "influence", "quality"):
        assert f'href="#id_einschaetzung-{name}"' in page
    assert counts(tenant) == (0, 0, 0)


def test_a_failing_part_rolls_back_the_others(client, tenant, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"next_step": "Bitte den nächsten Schritt beschreiben."})

    monkeypatch.setattr(services, "relationship_create", refuse)
    client.force_login(tenant.users[Role.COORDINATOR])
    data = page_defaults(client, tenant)
    response = client.post(url(tenant), {**data, **ORGANISATION, **CONTACT, **ASSESSMENT})
    assert response.status_code == 400
    assert 'href="#id_einschaetzung-next_step"' in response.content.decode()
    assert counts(tenant) == (0, 0, 0)


def test_a_possible_duplicate_asks_first(client, tenant):
    from .factories import OrganisationFactory

    OrganisationFactory(municipality=tenant.municipality, name="Stadtteilbibliothek Nord")
    client.force_login(tenant.users[Role.COORDINATOR])
    data = {**page_defaults(client, tenant), **ORGANISATION, **CONTACT}
    response = client.post(url(tenant), data)
    assert response.status_code == 409
    assert counts(tenant) == (1, 0, 0)
    response = client.post(url(tenant), {**data, "org-confirm_duplicate": "on"})
    assert response.status_code == 302
    assert counts(tenant) == (2, 1, 0)


def test_a_planner_adds_partners_without_assessing(client, tenant):
    client.force_login(tenant.users[Role.PLANNER])
    data = page_defaults(client, tenant)
    assert not any(name.startswith("einschaetzung-") for name in data)
    response = client.post(url(tenant), {**data, **ORGANISATION, **ASSESSMENT})
    assert response.status_code == 302
    assert counts(tenant) == (1, 0, 0)


def test_list_and_first_steps_lead_here(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    page = client.get(
        reverse("network:organisation_list", args=[tenant.municipality.slug])
    ).content.decode()
    assert url(tenant) in page
