"""Issue 17, item 4: no form offers thousands of options; several objects are chosen by typing
(``SearchMultipleChoiceField``), without JavaScript, within the municipality and access rule."""

import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.accounts.models import Membership
from verbund.areas.tests.factories import AreaFactory
from verbund.cooperation.models import Agreement
from verbund.core.roles import Role
from verbund.core.search_choice import MAX_ENTRIES, SELECT_LIMIT
from verbund.network.models import Organisation
from verbund.network.tests.factories import OrganisationFactory
from verbund.tenancy.tests.factories import FacilityFactory

pytestmark = pytest.mark.django_db
MANY = SELECT_LIMIT + 5
MAX_OPTIONS = 200


def assert_no_long_choice_lists(html: str) -> None:
    """No select and no checkbox list anywhere near the number of objects."""
    for select in re.findall(r"<select\b.*?</select>", html, flags=re.S):
        assert select.count("<option") <= MAX_OPTIONS
    assert html.count('type="checkbox"') <= MAX_OPTIONS
    assert html.count('type="checkbox"') < MANY


def many(factory, tenant, count=MANY, **kwargs):
    return factory.create_batch(count, municipality=tenant.municipality, **kwargs)


def agreement_data(tenant, partners):
    return {
        "centre": tenant.centre.pk,
        "title": "Sprechstunde",
        "subject": "Gegenstand",
        "partners": partners,
    }


def test_agreement_partners_are_typed_without_javascript(client, tenant, foreign):
    many(OrganisationFactory, tenant)
    nord = OrganisationFactory(municipality=tenant.municipality, name="Turnverein Nord")
    bib = OrganisationFactory(municipality=tenant.municipality, name="Stadtbibliothek Mitte")
    stranger = OrganisationFactory(municipality=foreign.municipality, name="Fremder Verein")
    create = reverse("cooperation:agreement_create", args=[tenant.municipality.slug])
    client.force_login(tenant.users[Role.COORDINATOR])
    html = client.get(create).content.decode()
    assert_no_long_choice_lists(html)
    assert '<textarea class="kern-form-input__input" name="partners"' in html
    assert "data-search-choice-multiple" in html

    for typed, message in (
        (str(stranger.pk), "ist keine Auswahl"),
        ("Fremder Verein", "Kein Eintrag passt"),
        (f"Fremder Verein (Nr. {stranger.pk})", "ist keine Auswahl"),
        ("Atlantis", "Kein Eintrag passt zu „Atlantis“"),
    ):
        response = client.post(create, agreement_data(tenant, ["turnverein nord\n" + typed]))
        assert response.status_code == 400, typed
        assert message in " ".join(response.context["form"].errors["partners"]), typed
        assert_no_long_choice_lists(response.content.decode())
    with scopes_disabled():
        assert not Agreement.objects.exists()

    response = client.post(
        create, agreement_data(tenant, ["Turnverein Nord\n", f"Stadtbibliothek (Nr. {bib.pk})"])
    )
    assert response.status_code == 302
    with scopes_disabled():
        agreement = Agreement.objects.get()
        partners = set(agreement.parties.values_list("organisation_id", flat=True))
    assert partners >= {nord.pk, bib.pk}

    # Editing shows the chosen partners as ticked boxes, not every organisation.
    edit = reverse("cooperation:agreement_update", args=[tenant.municipality.slug, agreement.pk])
    html = client.get(edit).content.decode()
    assert_no_long_choice_lists(html)
    assert f'value="{nord.pk}"' in html and f'value="{bib.pk}"' in html


def test_ambiguous_partner_name_lists_candidates(client, tenant):
    many(OrganisationFactory, tenant)
    first, second = OrganisationFactory.create_batch(
        2, municipality=tenant.municipality, name="Kita Sonnenschein"
    )
    client.force_login(tenant.users[Role.COORDINATOR])
    create = reverse("cooperation:agreement_create", args=[tenant.municipality.slug])
    response = client.post(create, agreement_data(tenant, ["Sonnenschein"]))
    error = " ".join(response.context["form"].errors["partners"])
    assert "passt zu mehreren Einträgen" in error
    assert f"(Nr. {first.pk})" in error and f"(Nr. {second.pk})" in error
    html = response.content.decode()
    assert ">Sonnenschein</textarea>" in html  # what was typed is shown back
    too_many = "\n".join(str(n) for n in range(1, MAX_ENTRIES + 2))
    response = client.post(create, agreement_data(tenant, [too_many]))
    assert "höchstens" in " ".join(response.context["form"].errors["partners"])


def test_organisation_areas_served_typed_and_kept(client, tenant, foreign):
    many(AreaFactory, tenant)
    nord = AreaFactory(municipality=tenant.municipality, name="Nordstadt")
    sued = AreaFactory(municipality=tenant.municipality, name="Südstadt")
    elsewhere = AreaFactory(municipality=foreign.municipality, name="Fremdstadt")
    org = OrganisationFactory(municipality=tenant.municipality, name="Turnverein")
    with scopes_disabled():
        org.areas_served.add(nord)
    slug = tenant.municipality.slug
    edit = reverse("network:organisation_update", args=[slug, org.pk])
    client.force_login(tenant.users[Role.COORDINATOR])
    html = client.get(edit).content.decode()
    assert_no_long_choice_lists(html)
    assert f'value="{nord.pk}"' in html and 'name="areas_served"' in html
    assert "geometry" not in html

    data = {
        "name": "Turnverein",
        "sector": "sport_club",
        "edit_version": client.get(edit).context["form"]["edit_version"].value(),
    }
    response = client.post(edit, {**data, "areas_served": [str(elsewhere.pk)]})
    assert response.status_code in (400, 200)
    assert "areas_served" in response.context["form"].errors
    response = client.post(edit, {**data, "areas_served": [str(nord.pk), "südstadt"]})
    assert response.status_code == 302, response.context["form"].errors
    with scopes_disabled():
        assert set(Organisation.objects.get(pk=org.pk).areas_served.all()) == {nord, sued}


def test_sozialraum_areas_typed(client, tenant, foreign):
    many(AreaFactory, tenant)
    west = AreaFactory(municipality=tenant.municipality, name="Weststadt")
    elsewhere = AreaFactory(municipality=foreign.municipality, name="Fremdstadt")
    page = reverse("areas:sozialraum", args=[tenant.municipality.slug, tenant.centre.pk])
    client.force_login(tenant.users[Role.COORDINATOR])
    assert_no_long_choice_lists(client.get(page).content.decode())
    response = client.post(page, {"areas": [f"Fremdstadt (Nr. {elsewhere.pk})"]})
    assert response.status_code == 400
    assert "ist keine Auswahl" in " ".join(response.context["form"].errors["areas"])
    assert client.post(page, {"areas": ["Weststadt"]}).status_code == 302
    with scopes_disabled():
        assert list(tenant.centre.areas.all()) == [west]
    html = client.get(page).content.decode()
    assert f'value="{west.pk}"' in html and "checked" in html


def test_membership_centre_and_facility_typed(client, tenant, foreign):
    many(FacilityFactory, tenant)  # as many centres and providers come with them
    create = reverse("accounts:membership_create", args=[tenant.municipality.slug])
    client.force_login(tenant.users[Role.ADMIN])
    html = client.get(create).content.decode()
    assert_no_long_choice_lists(html)
    for name in ("centre", "provider", "facility"):
        assert f'name="{name}"' in html
    person = {
        "username": "neu.person",
        "first_name": "Nora",
        "last_name": "Neumann",
        "email": "nora@example.org",
        "password": "Ein-gutes-Passwort-2026",
    }
    response = client.post(create, {**person, "role": "staff", "centre": str(foreign.centre.pk)})
    assert response.status_code == 400
    assert "ist keine Auswahl" in " ".join(response.context["form"].errors["centre"])
    with scopes_disabled():
        centre_name = tenant.centre.name
    response = client.post(create, {**person, "role": "staff", "centre": centre_name})
    assert response.status_code == 302, response.context["form"].errors
    with scopes_disabled():
        assert Membership.objects.filter(
            user__username="neu.person@" + tenant.municipality.slug, centre=tenant.centre
        ).exists()


def test_choice_endpoints_for_providers_and_facilities(client, tenant, foreign):
    with scopes_disabled():
        own = tenant.facility.name
        stranger = foreign.facility.name
    client.force_login(tenant.users[Role.ADMIN])
    slug = tenant.municipality.slug
    found = client.get(reverse("tenancy:facility_choices", args=[slug]), {"q": own}).json()[
        "results"
    ]
    assert own in [row["label"] for row in found]
    found = client.get(reverse("tenancy:facility_choices", args=[slug]), {"q": stranger}).json()[
        "results"
    ]
    assert stranger not in [row["label"] for row in found]
    assert client.get(reverse("tenancy:provider_choices", args=[slug])).status_code == 200
