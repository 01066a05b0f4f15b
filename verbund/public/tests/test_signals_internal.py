"""Hints from families inside Verbund: who sees them, turning one into a need, dismissing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from verbund.analysis.models import Need, NeedEvidence
from verbund.analysis.signals_models import NeedSignal, NeedSignalStatus
from verbund.analysis.signals_services import need_signal_create
from verbund.areas.models import Area
from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.taxonomy.models import Term
from verbund.tenancy.tests.factories import FamilyCentreFactory

pytestmark = pytest.mark.django_db


def make_signal(tenant, **data):
    values = {"centre": tenant.centre, "area": None, "topic": None, "life_phase": None}
    values.update(text="Abends ein Elterncafé", **data)
    with scope(municipality=tenant.municipality.pk):
        return need_signal_create(municipality=tenant.municipality, data=values)


def test_create_is_audited_as_anonymous(tenant):
    signal = make_signal(tenant)
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="analysis.need_signal.created")
    assert entry.actor is None and entry.actor_label == ""
    assert entry.object_id == str(signal.pk)
    assert "Elterncafé" not in str(entry.after)  # the free text stays out of the log


def test_create_refuses_another_municipalitys_centre(tenant, foreign):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_signal(tenant, centre=foreign.centre)
    with scopes_disabled():
        assert NeedSignal.objects.count() == 0


def test_other_centres_team_does_not_see_the_hint(client, tenant):
    signal = make_signal(tenant)
    other = FamilyCentreFactory(municipality=tenant.municipality, provider=tenant.provider)
    from verbund.accounts.tests.factories import MembershipFactory, UserFactory

    user = UserFactory(username="andere-koordination")
    MembershipFactory(
        user=user, municipality=tenant.municipality, role=Role.COORDINATOR, centre=other
    )
    client.force_login(user)
    slug = tenant.municipality.slug
    assert (
        "Elterncafé"
        not in client.get(reverse("analysis:signal_list", args=[slug])).content.decode()
    )
    assert client.get(reverse("analysis:signal_detail", args=[slug, signal.pk])).status_code == 403


def test_area_hint_reaches_the_centres_of_that_area_and_the_planner(client, tenant):
    with scopes_disabled():
        area = Area.objects.create(
            municipality=tenant.municipality, name="Nordstadt", code="N1", level="Stadtteil"
        )
        area.centres.add(tenant.centre)
    make_signal(tenant, centre=None, area=area)
    slug = tenant.municipality.slug
    for role in (Role.COORDINATOR, Role.PLANNER):
        client.force_login(tenant.users[role])
        body = client.get(reverse("analysis:signal_list", args=[slug])).content.decode()
        assert "Elterncafé" in body, role


def test_turn_into_need_with_evidence_and_audit(client, tenant):
    signal = make_signal(tenant)
    slug = tenant.municipality.slug
    client.force_login(tenant.users[Role.COORDINATOR])
    url = reverse("analysis:signal_to_need", args=[slug, signal.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert 'value="Abends ein Elterncafé"' in form.content.decode()
    with scopes_disabled():
        terms = {
            term.vocabulary: term.pk
            for term in Term.objects.filter(
                municipality=tenant.municipality, key__in=["families", "all", "parenting"]
            )
        }
    response = client.post(
        url,
        {
            "target_group": terms["target_group"],
            "life_phase": terms["life_phase"],
            "topic": terms["topic"],
            "zentrum": tenant.centre.pk,
            "title": "Elterncafé am Abend",
            "description": "Von Familien gewünscht",
            "priority": "medium",
            "status": "open",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with scopes_disabled():
        signal.refresh_from_db()
        need = Need.objects.get()
        evidence = NeedEvidence.objects.get(need=need)
        actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert signal.status == NeedSignalStatus.TURNED_INTO_NEED and signal.need == need
    assert "Elterncafé" in evidence.text
    assert {"analysis.need.created", "analysis.need_signal.turned_into_need"} <= actions
    # A second time is refused, nothing new is written.
    assert client.post(url, {"zentrum": tenant.centre.pk, "title": "x"}).status_code == 400
    with scopes_disabled():
        assert Need.objects.count() == 1


def test_dismiss(client, tenant):
    signal = make_signal(tenant)
    slug = tenant.municipality.slug
    client.force_login(tenant.users[Role.STAFF])
    url = reverse("analysis:signal_detail", args=[slug, signal.pk])
    assert client.post(url).status_code == 302
    with scopes_disabled():
        signal.refresh_from_db()
    assert signal.status == NeedSignalStatus.DISMISSED
    assert client.post(url).status_code == 400
    listing = client.get(reverse("analysis:signal_list", args=[slug]) + "?stand=bearbeitet")
    assert "Elterncafé" in listing.content.decode()


def test_forged_ids_are_404(client, tenant, foreign):
    foreign_signal = make_signal(foreign)
    slug = tenant.municipality.slug
    client.force_login(tenant.users[Role.ADMIN])
    for name in ("analysis:signal_detail", "analysis:signal_to_need"):
        assert client.get(reverse(name, args=[slug, foreign_signal.pk])).status_code == 404
        assert client.get(reverse(name, args=[slug, 999999])).status_code == 404


def test_bad_list_parameters_never_fail(client, tenant):
    client.force_login(tenant.users[Role.PLANNER])
    url = reverse("analysis:signal_list", args=[tenant.municipality.slug])
    for query in ("?stand=xx", "?seite=abc", "?seite=99999999", "?seite=-3"):
        assert client.get(url + query).status_code == 200


def test_dashboard_shows_new_hints(client, tenant):
    make_signal(tenant)
    client.force_login(tenant.users[Role.COORDINATOR])
    body = client.get(reverse("tenancy:home", args=[tenant.municipality.slug])).content.decode()
    assert "Neue Hinweise von Familien" in body


def test_planner_picks_the_centre_for_a_hint_without_one(client, tenant):
    signal = make_signal(tenant, centre=None)
    slug = tenant.municipality.slug
    client.force_login(tenant.users[Role.PLANNER])
    url = reverse("analysis:signal_to_need", args=[slug, signal.pk])
    body = client.get(url).content.decode()
    assert f"?zentrum={tenant.centre.pk}" in body
    assert "Bedarf anlegen" in client.get(url + f"?zentrum={tenant.centre.pk}").content.decode()
    assert client.get(url + "?zentrum=abc").status_code == 200
