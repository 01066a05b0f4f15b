"""Issue 10, item 1: the admin pages of the shared taxonomy."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.analysis.tests.factories import NeedFactory
from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.offers.tests.factories import OfferFactory
from verbund.taxonomy.models import Term
from verbund.taxonomy.selectors import term_key_for
from verbund.taxonomy.tests.factories import term

pytestmark = pytest.mark.django_db


def url(name, tenant, *args):
    return reverse(f"taxonomy:{name}", args=[tenant.municipality.slug, *args])


def test_list_shows_terms_with_keys_and_usage(client, tenant, django_assert_max_num_queries):
    m = tenant.municipality
    health = term(m, "topic", "health")
    NeedFactory(municipality=m, centre=tenant.centre, topic=health)
    NeedFactory(municipality=m, centre=tenant.centre, topic=health)
    offer = OfferFactory(municipality=m, centre=tenant.centre)
    offer.terms.add(health)
    client.force_login(tenant.users[Role.PLANNER])
    with django_assert_max_num_queries(25):
        response = client.get(url("list", tenant, "topic"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Gesundheit und Bewegung" in body and "<code>health</code>" in body
    row = body[body.index("<code>health</code>") :].split("</tr>", 1)[0]
    cells = [c.split(">", 1)[1].split("<", 1)[0] for c in row.split("<td")[1:]]
    assert cells[-2:] == ["1", "2"]  # offers, needs
    index = client.get(url("index", tenant)).content.decode()
    assert "Lebensphase" in index and "Leistungsart" in index


def test_query_count_does_not_grow_with_terms(client, tenant, django_assert_max_num_queries):
    from verbund.taxonomy.tests.factories import TermFactory

    client.force_login(tenant.users[Role.ADMIN])
    client.get(url("list", tenant, "topic"))
    with django_assert_max_num_queries(25) as few:
        client.get(url("list", tenant, "topic"))
    TermFactory.create_batch(30, municipality=tenant.municipality, vocabulary="topic")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("list", tenant, "topic"))


def test_create_forms_key_from_label_and_goes_to_the_end(client, tenant):
    client.force_login(tenant.users[Role.PLANNER])
    response = client.post(
        url("create", tenant, "topic"), {"label": "Übergänge gestalten", "active": "on"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        created = Term.objects.get(municipality=tenant.municipality, label="Übergänge gestalten")
        last = Term.objects.filter(municipality=tenant.municipality, vocabulary="topic")
        assert created.key == "uebergaenge-gestalten"
        assert created.position == max(t.position for t in last)
        assert created.min_age_months is None
        assert AuditEntry.objects.filter(action="taxonomy.term.create").exists()
    # the same label again gets a free key
    client.post(url("create", tenant, "topic"), {"label": "Übergänge gestalten", "active": "on"})
    assert term(tenant.municipality, "topic", "uebergaenge-gestalten-2")


def test_create_with_taken_or_bad_key_says_so_at_the_field(client, tenant):
    client.force_login(tenant.users[Role.ADMIN])
    response = client.post(url("create", tenant, "topic"), {"label": "Gesund", "key": "health"})
    assert response.status_code == 400
    assert "Diesen Schlüssel gibt es in dieser Liste schon." in response.content.decode()
    response = client.post(url("create", tenant, "topic"), {"label": "x", "key": "Ä b"})
    assert response.status_code == 400
    response = client.post(
        url("create", tenant, "life_phase"),
        {"label": "Jugend", "min_age_months": "200", "max_age_months": "100"},
    )
    assert response.status_code == 400
    assert "Das Alter „ab“ muss vor dem Alter „bis“ liegen." in response.content.decode()
    assert client.get(url("list", tenant, "nonsense")).status_code == 404
    assert client.get(url("create", tenant, "nonsense")).status_code == 404


def test_edit_keeps_the_key_and_logs_changes(client, tenant):
    health = term(tenant.municipality, "topic", "health")
    client.force_login(tenant.users[Role.PLANNER])
    page = client.get(url("update", tenant, health.pk)).content.decode()
    assert 'name="key"' not in page
    response = client.post(
        url("update", tenant, health.pk),
        {"label": "Gesundheit", "key": "forged", "description": "", "position": "3"},
    )
    assert response.status_code == 302
    health.refresh_from_db()
    assert (health.key, health.label, health.active, health.position) == (
        "health",
        "Gesundheit",
        False,
        3,
    )
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="taxonomy.term.update")
    assert entry.after["label"] == "Gesundheit"
    # a deactivated term stays on the need that carries it, and is no longer offered to new ones
    from verbund.analysis.forms import NeedForm
    from verbund.analysis.models import Need

    need = NeedFactory(municipality=tenant.municipality, centre=tenant.centre, topic=health)
    with scopes_disabled():
        fresh = NeedForm(municipality=tenant.municipality, centre=tenant.centre, can_decide=True)
        own = NeedForm(
            instance=Need.objects.get(pk=need.pk),
            municipality=tenant.municipality,
            centre=tenant.centre,
            can_decide=True,
        )
        assert health not in fresh.fields["topic"].queryset
        assert health in own.fields["topic"].queryset


def test_other_roles_are_refused(client, tenant):
    for role in (Role.COORDINATOR, Role.STAFF, Role.PARTNER):
        client.force_login(tenant.users[role])
        assert client.get(url("index", tenant)).status_code == 403


def test_term_key_for_transliterates_and_truncates(tenant):
    with scopes_disabled():
        key = term_key_for(
            municipality=tenant.municipality, vocabulary="topic", label="Größe " * 20
        )
        assert key.startswith("groesse-groesse") and len(key) <= 40
        assert term_key_for(municipality=tenant.municipality, vocabulary="topic", label="!!") == (
            "begriff"
        )
