"""Issue 17, item 4: searchable choices instead of selects with thousands of options."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.areas.tests.factories import AreaFactory
from verbund.core.roles import Role
from verbund.core.search_choice import SELECT_LIMIT
from verbund.network.models import Organisation
from verbund.network.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def org_list(tenant, **params):
    return reverse("network:organisation_list", args=[tenant.municipality.slug]), params


def areas(tenant, count, **kwargs):
    return AreaFactory.create_batch(count, municipality=tenant.municipality, **kwargs)


def test_small_choice_sets_stay_a_select(client, tenant):
    areas(tenant, 3)
    client.force_login(tenant.users[Role.COORDINATOR])
    html = client.get(*org_list(tenant)).content.decode()
    assert '<select name="area"' in html and "data-search-choice" not in html


def test_large_choice_sets_become_a_text_field_without_geometry(client, tenant):
    areas(tenant, SELECT_LIMIT + 1)
    client.force_login(tenant.users[Role.COORDINATOR])
    with CaptureQueriesContext(connection) as queries:
        html = client.get(*org_list(tenant)).content.decode()
    assert '<select name="area"' not in html
    assert 'name="area"' in html and "data-search-choice" in html
    assert "js/search-choice.js" in html
    area_queries = [q["sql"] for q in queries.captured_queries if '"areas_area"' in q["sql"]]
    assert area_queries and not any("geometry" in sql for sql in area_queries)


def test_typed_name_is_resolved_on_the_server(client, tenant):
    areas(tenant, SELECT_LIMIT)
    (nordstadt,) = areas(tenant, 1, name="Nordstadt")
    inside = OrganisationFactory(municipality=tenant.municipality, name="Im Gebiet")
    outside = OrganisationFactory(municipality=tenant.municipality, name="Anderswo")
    with scopes_disabled():
        inside.areas_served.add(nordstadt)
    client.force_login(tenant.users[Role.COORDINATOR])
    for typed in ("nordst", "Nordstadt", str(nordstadt.pk), f"Nordstadt (Nr. {nordstadt.pk})"):
        response = client.get(*org_list(tenant, area=typed))
        keys = list(response.context["page"])  # the page holds keys (rows are cached)
        with scopes_disabled():
            names = set(Organisation.objects.filter(pk__in=keys).values_list("name", flat=True))
        assert "Im Gebiet" in names and "Anderswo" not in names, typed
        assert not response.context["filter_form"].errors
    assert outside.pk  # listed without the filter
    html = client.get(*org_list(tenant, area=nordstadt.pk)).content.decode()
    assert f'value="Nordstadt (Nr. {nordstadt.pk})"' in html


def test_ambiguous_or_unknown_names_get_a_german_error_with_candidates(client, tenant):
    areas(tenant, SELECT_LIMIT)
    first, second = areas(tenant, 2, name="Südstadt")
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.get(*org_list(tenant, area="südstadt", q=""))
    error = " ".join(response.context["filter_form"].errors["area"])
    assert "passt zu mehreren Einträgen" in error
    assert f"Südstadt (Nr. {first.pk})" in error and f"Südstadt (Nr. {second.pk})" in error
    response = client.get(*org_list(tenant, area="Atlantis"))
    assert "Kein Eintrag passt zu „Atlantis“" in " ".join(
        response.context["filter_form"].errors["area"]
    )
    assert response.status_code == 200


def test_foreign_ids_and_names_are_refused(client, tenant, foreign):
    areas(tenant, SELECT_LIMIT + 1)
    (elsewhere,) = AreaFactory.create_batch(1, municipality=foreign.municipality, name="Fremd")
    client.force_login(tenant.users[Role.COORDINATOR])
    for typed in (str(elsewhere.pk), "Fremd", f"Fremd (Nr. {elsewhere.pk})"):
        response = client.get(*org_list(tenant, area=typed))
        assert "area" in response.context["filter_form"].errors, typed


def test_partner_filter_refuses_partners_outside_the_access_rule(client, tenant):
    from verbund.cooperation.tests.helpers import make_agreement

    mine = OrganisationFactory(municipality=tenant.municipality, facility=tenant.facility)
    other = OrganisationFactory(municipality=tenant.municipality, name="Fremder Partner")
    make_agreement(municipality=tenant.municipality, centre=tenant.centre, partners=[mine, other])
    client.force_login(tenant.users[Role.PARTNER])
    url = reverse("cooperation:agreement_list", args=[tenant.municipality.slug])
    for typed in (str(other.pk), "Fremder Partner"):
        response = client.get(url, {"organisation": typed})
        assert "organisation" in response.context["filter_form"].errors, typed
    response = client.get(url, {"organisation": mine.pk})
    assert not response.context["filter_form"].errors


def test_json_endpoint_follows_tenant_and_access_rule(client, tenant, foreign):
    OrganisationFactory(municipality=tenant.municipality, name="Turnverein Nord")
    OrganisationFactory(municipality=foreign.municipality, name="Turnverein Fremd")
    url = reverse("network:organisation_choices", args=[tenant.municipality.slug])
    client.force_login(tenant.users[Role.COORDINATOR])
    data = client.get(url, {"q": "turnverein"}).json()
    assert [row["label"] for row in data["results"]] == ["Turnverein Nord"]
    row = data["results"][0]
    assert row["value"] == f"Turnverein Nord (Nr. {row['id']})"
    client.force_login(tenant.users[Role.PARTNER])  # reaches only its own organisation
    assert client.get(url, {"q": "turnverein"}).json()["results"] == []
    area_url = reverse("areas:area_choices", args=[tenant.municipality.slug])
    areas(tenant, 1, name="Weststadt")
    client.force_login(tenant.users[Role.COORDINATOR])
    labels = [r["label"] for r in client.get(area_url, {"q": "west"}).json()["results"]]
    assert labels == ["Weststadt"]
    assert client.get(area_url, {"q": "x" * 500, "anzahl": "²"}).status_code == 200


def test_unicode_digits_are_no_ids(client, tenant):
    areas(tenant, SELECT_LIMIT + 1)
    client.force_login(tenant.users[Role.COORDINATOR])
    for typed in ("²", "Nordstadt (Nr. ²)", "١٢"):
        response = client.get(*org_list(tenant, area=typed))
        assert response.status_code == 200
        assert "area" in response.context["filter_form"].errors, typed


def test_a_filter_with_one_choice_is_left_out_and_no_choice_is_counted(client, tenant):
    """The agreement list shows its partner filter only when there is more than one partner
    to pick, read from the first ids (the query that decides select or text field), not from
    a count of every partner."""
    from verbund.cooperation.models import PartyKind
    from verbund.cooperation.tests.factories import AgreementFactory, PartyFactory

    client.force_login(tenant.users[Role.PLANNER])
    url = reverse("cooperation:agreement_list", args=[tenant.municipality.slug])

    def partner_filter_shown() -> bool:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        counted = [q["sql"] for q in queries if "COUNT" in q["sql"]]
        assert not any("network_organisation" in sql for sql in counted)
        return 'name="organisation"' in html

    def agreement_with_partner():
        agreement = AgreementFactory(municipality=tenant.municipality, centre=tenant.centre)
        PartyFactory(
            agreement=agreement,
            kind=PartyKind.PARTNER,
            organisation=OrganisationFactory(municipality=tenant.municipality),
        )

    agreement_with_partner()
    assert not partner_filter_shown()
    agreement_with_partner()
    assert partner_filter_shown()


def test_offers_a_choice_counts_only_real_choices(tenant):
    from verbund.core.search_choice import SearchChoiceField, SearchChoiceWidget
    from verbund.network.models import Organisation

    with scopes_disabled():
        first, _second = OrganisationFactory.create_batch(2, municipality=tenant.municipality)
        field = SearchChoiceField(Organisation.objects.none(), required=False)
        field.queryset = Organisation.objects.filter(municipality=tenant.municipality)
        assert field.widget.offers_a_choice is True
        field = SearchChoiceField(Organisation.objects.none(), required=False)
        field.queryset = Organisation.objects.filter(pk=first.pk)
        assert field.widget.offers_a_choice is False
    widget = SearchChoiceWidget()
    widget.choices = [("", "alle"), ("a", "A")]
    assert widget.offers_a_choice is False
    widget = SearchChoiceWidget()
    widget.choices = [("", "alle"), ("a", "A"), ("b", "B")]
    assert widget.offers_a_choice is True
