"""Annual programme: SMART goals, approval by the provider, copy of last year, bad input."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.planning import services
from verbund.planning.models import Goal, Measure, MeasureStatus, Programme, ProgrammeStatus

from .helpers import goal_data, programme_with_goals

pytestmark = pytest.mark.django_db


def url(name, tenant, *args):
    return reverse(f"planning:{name}", args=[tenant.municipality.slug, *args])


def test_goal_without_measurable_target_is_refused_with_a_german_message(client, tenant):
    programme = programme_with_goals(tenant.centre, goals=0)
    client.force_login(tenant.users[Role.COORDINATOR])
    data = goal_data(target_value="", due_on="2027-12-31")
    response = client.post(url("goal_create", tenant, programme.pk), data)
    assert response.status_code == 400
    assert "messbaren Zielwert" in response.content.decode()
    with scopes_disabled():
        assert not Goal.objects.filter(programme=programme).exists()
        with pytest.raises(ValidationError) as error:
            services.goal_create(actor=None, programme=programme, data=goal_data(target_value=None))
    assert "messbaren Zielwert" in str(error.value)


def test_own_indicator_needs_a_label(tenant):
    programme = programme_with_goals(tenant.centre, goals=0)
    with scopes_disabled(), pytest.raises(ValidationError) as error:
        services.goal_create(
            actor=None, programme=programme, data=goal_data(indicator="manual", indicator_label="")
        )
    assert "eigenen Kennzahl" in str(error.value)


def test_coordinator_creates_goal_linked_to_need_and_offer(client, tenant):
    from verbund.analysis.tests.factories import NeedFactory
    from verbund.offers.tests.factories import OfferFactory

    need = NeedFactory(municipality=tenant.municipality, centre=tenant.centre, status="confirmed")
    offer = OfferFactory(municipality=tenant.municipality, centre=tenant.centre)
    programme = programme_with_goals(tenant.centre, goals=0)
    client.force_login(tenant.users[Role.COORDINATOR])
    data = goal_data(due_on="2027-12-31", needs=[need.pk], offers=[offer.pk])
    response = client.post(url("goal_create", tenant, programme.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    with scopes_disabled():
        goal = Goal.objects.get(programme=programme)
        assert list(goal.needs.all()) == [need]
        assert list(goal.offers.all()) == [offer]
        assert AuditEntry.unscoped.filter(action="planning.goal.create").exists()


def test_forged_need_of_another_municipality_is_refused(client, tenant, foreign):
    from verbund.analysis.tests.factories import NeedFactory

    foreign_need = NeedFactory(municipality=foreign.municipality, centre=foreign.centre)
    programme = programme_with_goals(tenant.centre, goals=0)
    client.force_login(tenant.users[Role.COORDINATOR])
    data = goal_data(due_on="2027-12-31", needs=[foreign_need.pk])
    response = client.post(url("goal_create", tenant, programme.pk), data)
    assert response.status_code == 400
    with scopes_disabled():
        assert not Goal.objects.filter(programme=programme).exists()
        goal = services.goal_create(actor=None, programme=programme, data=goal_data())
        with pytest.raises(ValidationError):
            services.goal_update(actor=None, goal=goal, data={"needs": [foreign_need]})
        assert not goal.needs.exists()


def test_another_centres_goal_is_hidden(client, tenant):
    from verbund.tenancy.tests.factories import FamilyCentreFactory, ProviderFactory

    other = FamilyCentreFactory(
        municipality=tenant.municipality, provider=ProviderFactory(municipality=tenant.municipality)
    )
    programme = programme_with_goals(other, goals=1)
    with scopes_disabled():
        goal = programme.goals.get()
    for role in (Role.COORDINATOR, Role.CENTRE_LEAD, Role.PROVIDER_ADMIN):
        client.force_login(tenant.users[role])
        assert client.get(url("goal_detail", tenant, goal.pk)).status_code == 404
        assert client.get(url("programme_detail", tenant, programme.pk)).status_code == 404
        response = client.post(url("goal_detail", tenant, goal.pk), goal_data(title="fremd"))
        assert response.status_code == 404
    client.force_login(tenant.users[Role.PLANNER])
    assert client.get(url("goal_detail", tenant, goal.pk)).status_code == 200
    client.force_login(tenant.users[Role.PARTNER])
    assert client.get(url("goal_detail", tenant, goal.pk)).status_code == 403
    with scopes_disabled():
        assert Goal.objects.get(pk=goal.pk).title == "Ziel 1"


def test_approval_only_by_the_provider_and_audited(client, tenant):
    programme = programme_with_goals(tenant.centre, goals=1)
    step = url("programme_step", tenant, programme.pk)
    client.force_login(tenant.users[Role.COORDINATOR])
    assert client.post(step, {"step": "submit"}).status_code == 302
    assert client.post(step, {"step": "approve"}).status_code == 403
    client.force_login(tenant.users[Role.ADMIN])
    assert client.post(step, {"step": "approve"}).status_code == 403
    client.force_login(tenant.users[Role.PROVIDER_ADMIN])
    # returning needs a reason
    client.post(step, {"step": "return", "reason": " "})
    with scopes_disabled():
        assert Programme.objects.get(pk=programme.pk).status == ProgrammeStatus.SUBMITTED
    client.post(step, {"step": "return", "reason": "Ziel 1 braucht einen Termin im Herbst."})
    with scopes_disabled():
        programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.RETURNED
    assert "Herbst" in programme.return_reason
    client.force_login(tenant.users[Role.COORDINATOR])
    page = client.get(url("programme_detail", tenant, programme.pk)).content.decode()
    assert "Herbst" in page
    client.post(step, {"step": "submit"})
    client.force_login(tenant.users[Role.PROVIDER_ADMIN])
    client.post(step, {"step": "approve"})
    with scopes_disabled():
        programme.refresh_from_db()
        actions = list(
            AuditEntry.unscoped.filter(object_id=str(programme.pk), action__startswith="planning.")
            .order_by("pk")
            .values_list("action", flat=True)
        )
    assert programme.status == ProgrammeStatus.APPROVED
    assert programme.approved_by == tenant.users[Role.PROVIDER_ADMIN]
    assert actions[-4:] == [
        "planning.programme.submit",
        "planning.programme.return",
        "planning.programme.submit",
        "planning.programme.approve",
    ]


def test_submitting_without_goals_is_refused(tenant):
    programme = programme_with_goals(tenant.centre, goals=0)
    with scopes_disabled(), pytest.raises(ValidationError, match="kein Ziel"):
        services.programme_submit(actor=None, programme=programme)


def test_approved_programme_is_not_edited_until_reopened(client, tenant):
    programme = programme_with_goals(tenant.centre, goals=1, approved=True)
    with scopes_disabled():
        goal = programme.goals.get()
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        url("goal_detail", tenant, goal.pk), goal_data(title="Neu", due_on="2027-12-31")
    )
    assert response.status_code == 400
    assert "wieder" in response.content.decode()
    response = client.post(url("goal_create", tenant, programme.pk), goal_data(due_on="2027-12-31"))
    assert response.status_code == 400
    with scopes_disabled():
        assert programme.goals.count() == 1
        assert Goal.objects.get(pk=goal.pk).title == "Ziel 1"
    step = url("programme_step", tenant, programme.pk)
    client.post(step, {"step": "reopen", "reason": ""})
    with scopes_disabled():
        assert Programme.objects.get(pk=programme.pk).status == ProgrammeStatus.APPROVED
    client.post(step, {"step": "reopen", "reason": "Neues Ziel zur Sprachförderung"})
    with scopes_disabled():
        programme.refresh_from_db()
        assert programme.status == ProgrammeStatus.DRAFT
        assert programme.approved_by is None
        assert AuditEntry.unscoped.filter(action="planning.programme.reopen").exists()
    response = client.post(
        url("goal_detail", tenant, goal.pk), goal_data(title="Neu", due_on="2027-12-31")
    )
    assert response.status_code == 302


def test_measure_status_moves_on_after_approval(tenant):
    programme = programme_with_goals(tenant.centre, goals=1, approved=True)
    with scopes_disabled():
        measure = Measure.objects.get(goal__programme=programme)
        services.measure_update(actor=None, measure=measure, data={"status": "running"})
        assert Measure.objects.get(pk=measure.pk).status == "running"
        with pytest.raises(ValidationError):
            services.measure_update(actor=None, measure=measure, data={"title": "anders"})


def test_copy_last_years_programme(client, tenant):
    from verbund.analysis.tests.factories import NeedFactory

    need = NeedFactory(municipality=tenant.municipality, centre=tenant.centre)
    source = programme_with_goals(tenant.centre, year=2028, goals=2, approved=True)
    with scopes_disabled():
        first = source.goals.order_by("position").first()
        first.needs.add(need)
        services.review_plan(actor=None, programme=source, data={"planned_on": date(2028, 6, 30)})
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        url("programme_create", tenant), {"centre": tenant.centre.pk, "year": 2029, "copy": "1"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        copy = Programme.objects.get(centre=tenant.centre, year=2029)
        assert copy.status == ProgrammeStatus.DRAFT
        assert copy.copied_from == source
        goals = list(copy.goals.order_by("position"))
        assert [g.title for g in goals] == ["Ziel 1", "Ziel 2"]
        assert goals[0].due_on == date(2029, 12, 31)
        assert list(goals[0].needs.all()) == [need]
        measure = goals[0].measures.get()
        assert measure.status == MeasureStatus.PLANNED
        assert measure.start_on == date(2029, 2, 28)  # 29 February 2028 → 28 February 2029
        assert measure.end_on == date(2029, 6, 30)
        review = copy.reviews.get()
        assert (review.planned_on, review.status) == (date(2029, 6, 30), "planned")
        # the source is untouched
        assert source.goals.count() == 2
    # copying again into the same year is refused with a message, nothing written
    response = client.post(
        url("programme_create", tenant), {"centre": tenant.centre.pk, "year": 2029, "copy": "1"}
    )
    assert response.status_code == 400
    assert "schon ein Jahresprogramm" in response.content.decode()


def test_partner_sees_nothing(client, tenant):
    programme = programme_with_goals(tenant.centre, goals=1)
    client.force_login(tenant.users[Role.PARTNER])
    assert client.get(url("programme_list", tenant)).status_code == 403
    assert client.get(url("programme_detail", tenant, programme.pk)).status_code == 403


def test_programme_page_queries_do_not_grow(client, tenant, django_assert_max_num_queries):
    small = programme_with_goals(tenant.centre, year=2027, goals=1)
    big = programme_with_goals(tenant.centre, year=2028, goals=12)
    client.force_login(tenant.users[Role.COORDINATOR])
    with django_assert_max_num_queries(40) as small_ctx:
        assert client.get(url("programme_detail", tenant, small.pk)).status_code == 200
    with django_assert_max_num_queries(len(small_ctx.captured_queries)):
        assert client.get(url("programme_detail", tenant, big.pk)).status_code == 200
    with django_assert_max_num_queries(len(small_ctx.captured_queries)):
        assert client.get(url("programme_list", tenant)).status_code == 200
