"""Issue 11: a draft agreement carries its Zuständigkeiten and review date in one submission;
"Weitere Zuständigkeit" adds a row without JavaScript and saves nothing."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.cooperation.models import Agreement, Responsibility
from verbund.core.models import AuditEntry
from verbund.core.roles import Role

from .factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def url(tenant):
    return reverse("cooperation:agreement_create", args=[tenant.municipality.slug])


def base(tenant, org, rows=2, **extra):
    data = {
        "centre": tenant.centre.pk,
        "title": "Offene Sprechstunde",
        "subject": "Erziehungsberatung im Familienzentrum",
        "partners": [org.pk],
        "review_date": "2027-03-01",
        "zustaendigkeit-TOTAL_FORMS": str(rows),
        "zustaendigkeit-INITIAL_FORMS": "0",
        "zustaendigkeit-MIN_NUM_FORMS": "0",
        "zustaendigkeit-MAX_NUM_FORMS": "20",
    }
    data.update(extra)
    return data


def test_the_empty_form_has_two_rows(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    page = client.get(url(tenant)).content.decode()
    assert 'name="zustaendigkeit-1-task"' in page
    assert 'name="zustaendigkeit-2-task"' not in page
    assert "Weitere Zuständigkeit" in page


def test_draft_with_two_responsibilities_in_one_submission(client, tenant):
    org = OrganisationFactory(municipality=tenant.municipality, name="Beratungsstelle Ost")
    client.force_login(tenant.users[Role.COORDINATOR])
    data = base(
        tenant,
        org,
        **{
            "zustaendigkeit-0-who": str(org.pk),
            "zustaendigkeit-0-task": "Offene Sprechstunde",
            "zustaendigkeit-0-scope": "wöchentlich, 2 Stunden",
            "zustaendigkeit-1-who": "centre",
            "zustaendigkeit-1-task": "Raum und Einladung",
        },
    )
    response = client.post(url(tenant), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    with scopes_disabled():
        agreement = Agreement.objects.get()
        tasks = {
            (r.party.kind, r.task, r.scope)
            for r in Responsibility.objects.filter(agreement=agreement).select_related("party")
        }
        assert str(agreement.review_date) == "2027-03-01"
        logged = AuditEntry.objects.filter(action="cooperation.responsibility.created").count()
    assert tasks == {
        ("partner", "Offene Sprechstunde", "wöchentlich, 2 Stunden"),
        ("centre", "Raum und Einladung", ""),
    }
    assert logged == 2


def test_more_adds_a_row_offers_the_ticked_partners_and_saves_nothing(client, tenant):
    org = OrganisationFactory(municipality=tenant.municipality, name="Beratungsstelle Ost")
    client.force_login(tenant.users[Role.COORDINATOR])
    data = base(tenant, org, **{"zustaendigkeit-0-task": "Sprechstunde", "action": "more"})
    response = client.post(url(tenant), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="zustaendigkeit-2-task"' in page
    assert f'<option value="{org.pk}">Beratungsstelle Ost</option>' in page
    assert 'value="Sprechstunde"' in page
    assert 'id="form-errors"' not in page
    with scopes_disabled():
        assert not Agreement.objects.exists()


def test_a_row_begun_must_be_complete_and_nothing_is_saved(client, tenant):
    org = OrganisationFactory(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(url(tenant), base(tenant, org, **{"zustaendigkeit-1-task": "Raum"}))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="form-errors"' in page and 'href="#id_zustaendigkeit-1-who"' in page
    assert 'value="Raum"' in page
    with scopes_disabled():
        assert not Agreement.objects.exists()


def test_a_partner_not_ticked_is_no_choice(client, tenant):
    org = OrganisationFactory(municipality=tenant.municipality)
    other = OrganisationFactory(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.COORDINATOR])
    data = base(
        tenant, org, **{"zustaendigkeit-0-who": str(other.pk), "zustaendigkeit-0-task": "X"}
    )
    assert client.post(url(tenant), data).status_code == 400
    with scopes_disabled():
        assert not Agreement.objects.exists()


def test_the_municipality_only_when_it_is_a_party(client, tenant):
    org = OrganisationFactory(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.COORDINATOR])
    row = {"zustaendigkeit-0-who": "municipality", "zustaendigkeit-0-task": "Zuschuss"}
    response = client.post(url(tenant), base(tenant, org, **row))
    assert response.status_code == 400
    assert "gehört nicht zur Vereinbarung" in response.content.decode()
    with scopes_disabled():
        assert not Agreement.objects.exists()
    response = client.post(url(tenant), base(tenant, org, includes_municipality="on", **row))
    assert response.status_code == 302
    with scopes_disabled():
        assert Responsibility.objects.get().party.kind == "municipality"


@pytest.mark.parametrize("total", ["²", "-1", "x", "100000"])
def test_bad_row_counts_are_no_server_error(client, tenant, total):
    org = OrganisationFactory(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.COORDINATOR])
    for action in ("more", "save"):
        data = base(tenant, org, action=action)
        data["zustaendigkeit-TOTAL_FORMS"] = total
        assert client.post(url(tenant), data).status_code in {200, 302, 400}
