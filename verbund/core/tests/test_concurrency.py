"""Optimistic concurrency: an edit form carries the version it was loaded at; a stale save is
refused with what the other person changed, keeps the input, and nothing is silently reverted."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from verbund.accounts.testing import build_tenant
from verbund.cooperation.models import Agreement
from verbund.cooperation.tests.helpers import make_agreement
from verbund.core.audit import VERSION_FIELD, StaleEdit, edit_version, save_changes
from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.core.testing import all_routes, url_for
from verbund.network.models import Organisation
from verbund.network.services import CONTACT_FIELDS, ORGANISATION_FIELDS
from verbund.network.tests.factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def post_data(form) -> dict:
    """What a browser would send back for the form as it was rendered."""
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(bound.field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
            continue
        if isinstance(bound.field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            data[bound.html_name] = [str(item) for item in value or []]
            continue
        shown = bound.field.widget.format_value(value)
        if isinstance(shown, list):  # a select: the chosen option
            shown = shown[0] if shown else ""
        data[bound.html_name] = "" if shown is None else str(shown)
    return data


def two_editors(tenant, url):
    first, second = Client(), Client()
    first.force_login(tenant.users[Role.COORDINATOR])
    second.force_login(tenant.users[Role.ADMIN])
    first_form = first.get(url).context["form"]
    second_form = second.get(url).context["form"]
    assert first_form.initial.get(VERSION_FIELD) or first_form[VERSION_FIELD].value()
    return first, post_data(first_form), second, post_data(second_form)


def test_second_save_of_an_organisation_is_refused_and_shows_the_first_change(tenant):
    organisation = OrganisationFactory(
        municipality=tenant.municipality, name="Turnverein Lindenhagen", phone=""
    )
    url = reverse("network:organisation_update", args=[tenant.municipality.slug, organisation.pk])
    first, first_data, second, second_data = two_editors(tenant, url)
    assert first_data[VERSION_FIELD] and second_data[VERSION_FIELD]

    first_data["name"] = "TV Lindenhagen 1880 e. V."
    assert first.post(url, first_data).status_code == 302

    second_data["phone"] = "0221 4711"
    response = second.post(url, second_data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "während Sie ihn bearbeitet haben" in page
    assert "Name: „TV Lindenhagen 1880 e. V.“" in page
    assert 'value="0221 4711"' in page  # the second person's input is kept
    with scopes_disabled():
        organisation.refresh_from_db()
    assert organisation.name == "TV Lindenhagen 1880 e. V."  # nothing silently reverted
    assert organisation.phone == ""
    assert AuditEntry.unscoped.filter(action="network.organisation.changed").count() == 1

    # Having read the message, saving again takes the second person's input deliberately.
    again = post_data(response.context["form"])
    assert again[VERSION_FIELD] != second_data[VERSION_FIELD]
    again["name"] = "TV Lindenhagen 1880 e. V."
    assert second.post(url, again).status_code == 302
    with scopes_disabled():
        organisation.refresh_from_db()
    assert (organisation.name, organisation.phone) == ("TV Lindenhagen 1880 e. V.", "0221 4711")


def test_second_save_of_an_agreement_is_refused_and_shows_the_first_change(tenant):
    agreement = make_agreement(municipality=tenant.municipality, centre=tenant.centre)
    url = reverse("cooperation:agreement_update", args=[tenant.municipality.slug, agreement.pk])
    first, first_data, second, second_data = two_editors(tenant, url)

    first_data["title"] = "Sprechstunde der Erziehungsberatung (neu)"
    assert first.post(url, first_data).status_code == 302

    second_data["goals"] = "Mehr Familien erreichen."
    response = second.post(url, second_data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Titel: „Sprechstunde der Erziehungsberatung (neu)“" in page
    assert "Mehr Familien erreichen." in page
    with scopes_disabled():
        stored = Agreement.objects.get(pk=agreement.pk)
    assert stored.title == "Sprechstunde der Erziehungsberatung (neu)"
    assert stored.goals != "Mehr Familien erreichen."


def test_a_change_to_fields_outside_the_form_does_not_block_the_save(tenant, unscoped):
    organisation = OrganisationFactory(municipality=tenant.municipality, name="Verein")
    version = edit_version(organisation, ["name"])
    Organisation.objects.filter(pk=organisation.pk).update(phone="0221 1")  # not in the form
    organisation.refresh_from_db()
    organisation.save()  # a newer updated_at
    save_changes(
        organisation,
        fields=ORGANISATION_FIELDS,
        data={"name": "Verein e. V.", VERSION_FIELD: version},
        action="network.organisation.changed",
        actor=None,
    )
    organisation.refresh_from_db()
    assert (organisation.name, organisation.phone) == ("Verein e. V.", "0221 1")


def test_stale_and_forged_versions_are_refused_in_the_service(tenant):
    with scope(municipality=tenant.municipality.pk):
        contact = ContactFactory(municipality=tenant.municipality, last_name="Muster", phone="")
        version = edit_version(contact, CONTACT_FIELDS)
        save_changes(
            contact,
            fields=CONTACT_FIELDS,
            data={"last_name": "Musterfrau"},
            action="network.contact.changed",
            actor=tenant.users[Role.COORDINATOR],
        )
        stale = type(contact).objects.get(pk=contact.pk)
        with pytest.raises(StaleEdit) as refused:
            save_changes(
                stale,
                fields=CONTACT_FIELDS,
                data={"last_name": "Muster", "phone": "1", VERSION_FIELD: version},
                action="network.contact.changed",
                actor=tenant.users[Role.ADMIN],
            )
        assert refused.value.changes == [("Nachname", "Musterfrau")]
        assert isinstance(refused.value, ValidationError)
        with pytest.raises(StaleEdit, match="keinem Stand"):
            save_changes(
                stale,
                fields=CONTACT_FIELDS,
                data={"phone": "1", VERSION_FIELD: version[:-3] + "xyz"},
                action="network.contact.changed",
                actor=None,
            )
        contact.refresh_from_db()
    assert (contact.last_name, contact.phone) == ("Musterfrau", "")


def test_a_partner_added_by_someone_else_is_not_silently_removed(tenant):
    agreement = make_agreement(municipality=tenant.municipality, centre=tenant.centre)
    added = OrganisationFactory(municipality=tenant.municipality, name="Stadtbibliothek Süd")
    url = reverse("cooperation:agreement_update", args=[tenant.municipality.slug, agreement.pk])
    first, first_data, second, second_data = two_editors(tenant, url)

    first_data["partners"] = [*first_data["partners"], str(added.pk)]
    assert first.post(url, first_data).status_code == 302

    second_data["goals"] = "Mehr Familien erreichen."
    response = second.post(url, second_data)
    assert response.status_code == 400
    assert "Partnerorganisationen: „" in response.content.decode()
    assert "Stadtbibliothek Süd" in response.content.decode()
    with scopes_disabled():
        partners = set(
            agreement.parties.exclude(organisation=None).values_list("organisation", flat=True)
        )
    assert added.pk in partners


EDIT_ROUTES = [
    route
    for route in all_routes()
    if route.is_tenant
    and route.name.endswith("_update")
    # statistics (indicators) is changed by its own branch; it adopts the mixin there.
    and not route.name.startswith("statistics:")
]


def test_edit_routes_were_collected():
    names = {route.name for route in EDIT_ROUTES}
    assert {"network:organisation_update", "cooperation:agreement_update"} <= names
    assert len(names) >= 14


@pytest.mark.parametrize("route", EDIT_ROUTES, ids=lambda r: r.name)
def test_every_edit_form_carries_its_version(route, client):
    target = build_tenant("ziel")
    if route.name.startswith("cooperation:"):
        # The shared sample agreement is signed (read-only); edit forms belong to a draft.
        draft = make_agreement(municipality=target.municipality, centre=target.centre)
        with scopes_disabled():
            target.extra["agreement"] = draft
            target.extra["party"] = draft.parties.get(kind="partner")
    url = url_for(route, target)
    for user in target.users.values():
        client.force_login(user)
        response = client.get(url)
        if response.status_code == 200:
            break
    else:
        pytest.fail(f"no role of the municipality may open {route.name}")
    assert f'name="{VERSION_FIELD}"' in response.content.decode(), route.name
