"""Reviews: refused before approval, figures pulled from the system, My tasks, start page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from verbund.core.roles import Role
from verbund.planning import rules, services
from verbund.planning.indicators import current_value
from verbund.planning.models import GoalReview, Review, ReviewStatus

from .helpers import programme_with_goals

pytestmark = pytest.mark.django_db


def url(name, tenant, *args):
    return reverse(f"planning:{name}", args=[tenant.municipality.slug, *args])


def result_post(goals, **extra):
    data = {"held_on": "2027-06-30", "summary": "Halbjahr"}
    for goal in goals:
        p = f"ziel{goal.pk}-"
        data.update(
            {
                p + "current_value": "12",
                p + "goal_evidence": "Mehr Anmeldungen im Elterncafé",
                p + "execution_evidence": "Termine wurden eingehalten",
                p + "traffic_light": "yellow",
                p + "decision": "adapt",
                p + "decision_note": "Zweiter Termin am Nachmittag",
            }
        )
    data.update(extra)
    return data


def test_review_before_approval_is_refused(client, tenant):
    programme = programme_with_goals(tenant.centre, goals=1)
    with scopes_disabled():
        review = services.review_plan(
            actor=None, programme=programme, data={"planned_on": date(2027, 6, 30)}
        )
        goals = list(programme.goals.all())
        with pytest.raises(ValidationError, match="noch nicht freigegeben"):
            services.review_record(
                actor=None,
                review=review,
                results={g.pk: {"traffic_light": "green", "decision": "keep"} for g in goals},
                held_on=date(2027, 6, 30),
            )
    client.force_login(tenant.users[Role.COORDINATOR])
    page = client.get(url("review", tenant, review.pk)).content.decode()
    assert "erst nach der Freigabe" in page
    response = client.post(url("review", tenant, review.pk), result_post(goals), follow=True)
    assert "erst nach der Freigabe" in response.content.decode()
    with scopes_disabled():
        assert not GoalReview.objects.exists()
        assert Review.objects.get(pk=review.pk).status == ReviewStatus.PLANNED


def test_review_pulls_figures_and_records_answers(client, tenant):
    from verbund.offers.tests.factories import OfferFactory, ReferralFactory

    programme = programme_with_goals(tenant.centre, goals=1, approved=True)
    offer = OfferFactory(municipality=tenant.municipality, centre=tenant.centre)
    today = timezone.localdate()
    for _ in range(3):
        ReferralFactory(offer=offer, date=today)
    with scopes_disabled():
        programme.year = today.year
        programme.save()
        review = services.review_plan(actor=None, programme=programme, data={"planned_on": today})
        goals = list(programme.goals.all())
    client.force_login(tenant.users[Role.COORDINATOR])
    page = client.get(url("review", tenant, review.pk)).content.decode()
    assert "aus Verbund ermittelt" in page
    data = result_post(goals, held_on=today.isoformat())
    response = client.post(url("review", tenant, review.pk), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    with scopes_disabled():
        result = GoalReview.objects.get(review=review)
        review.refresh_from_db()
    # the posted 12 is ignored: the system knows the figure (3 referrals this year)
    assert result.current_value == 3
    assert result.value_source == "system"
    assert (result.traffic_light, result.decision) == ("yellow", "adapt")
    assert "Elterncafé" in result.goal_evidence
    assert review.status == ReviewStatus.DONE


def test_review_without_judgement_names_the_goal_and_writes_nothing(client, tenant):
    programme = programme_with_goals(tenant.centre, goals=2, approved=True)
    with scopes_disabled():
        review = services.review_plan(
            actor=None, programme=programme, data={"planned_on": date(2027, 6, 30)}
        )
        goals = list(programme.goals.all())
    client.force_login(tenant.users[Role.COORDINATOR])
    data = result_post(goals)
    data[f"ziel{goals[1].pk}-traffic_light"] = "lila"
    response = client.post(url("review", tenant, review.pk), data)
    assert response.status_code == 400
    with scopes_disabled():
        assert not GoalReview.objects.exists()


def test_manual_indicator_needs_a_value(tenant):
    programme = programme_with_goals(tenant.centre, goals=0)
    with scopes_disabled():
        goal = services.goal_create(
            actor=None,
            programme=programme,
            data={
                "title": "Sprachcafé",
                "target_group": "Eltern mit anderen Sprachen",
                "due_on": date(2027, 12, 31),
                "indicator": "manual",
                "indicator_label": "Teilnehmende je Treffen",
                "target_value": 8,
            },
        )
        services.programme_submit(actor=None, programme=programme)
        services.programme_approve(actor=None, programme=programme)
        review = services.review_plan(
            actor=None, programme=programme, data={"planned_on": date(2027, 6, 30)}
        )
        assert rules.pulled_values(review, [goal]) == {goal.pk: None}
        services.review_record(
            actor=None,
            review=review,
            results={goal.pk: {"current_value": 6, "traffic_light": "green", "decision": "keep"}},
            held_on=date(2027, 6, 30),
        )
        assert GoalReview.objects.get().value_source == "manual"


def test_indicator_catalogue_reads_the_system(tenant):
    from verbund.analysis.tests.factories import NeedFactory
    from verbund.cooperation.tests.helpers import make_agreement
    from verbund.network.tests.factories import OrganisationFactory
    from verbund.offers.tests.factories import OfferFactory
    from verbund.taxonomy.tests.factories import term

    m = tenant.municipality
    NeedFactory(municipality=m, centre=tenant.centre, status="met")
    NeedFactory(municipality=m, centre=tenant.centre, status="open")
    baby = OfferFactory(municipality=m, centre=tenant.centre)
    OfferFactory(municipality=m, centre=tenant.centre)  # no life phase: not counted
    with scopes_disabled():
        baby.terms.add(term(m, "life_phase", "0-1"))
    org = OrganisationFactory(municipality=m)
    agreement = make_agreement(municipality=m, centre=tenant.centre, partners=[org])
    with scopes_disabled():
        start, end = date(2000, 1, 1), date(2100, 1, 1)
        assert current_value("needs_met", tenant.centre, start, end) == 1
        assert current_value("offers_under_three", tenant.centre, start, end) == 1
        assert current_value("partners_signed", tenant.centre, start, end) == 0
        agreement.status = "signed"
        agreement.save()
        assert current_value("partners_signed", tenant.centre, start, end) == 1
        assert current_value("manual", tenant.centre, start, end) is None


def test_my_tasks_shows_open_measures(client, tenant):
    programme = programme_with_goals(tenant.centre, goals=0)
    with scopes_disabled():
        goal = services.goal_create(
            actor=None,
            programme=programme,
            data={
                "title": "Babymassage",
                "target_group": "Eltern",
                "due_on": date(2027, 12, 31),
                "indicator": "offers_under_three",
                "target_value": 3,
            },
        )
        services.measure_create(
            actor=None,
            goal=goal,
            data={"title": "Kursleitung gewinnen", "responsible": tenant.users[Role.COORDINATOR]},
        )
        services.measure_create(
            actor=None,
            goal=goal,
            data={
                "title": "Schon erledigt",
                "responsible": tenant.users[Role.COORDINATOR],
                "status": "done",
            },
        )
    client.force_login(tenant.users[Role.COORDINATOR])
    page = client.get(reverse("meetings:my_tasks", args=[tenant.municipality.slug])).content
    page = page.decode()
    assert "Kursleitung gewinnen" in page
    assert "Schon erledigt" not in page
    client.force_login(tenant.users[Role.CENTRE_LEAD])
    page = client.get(reverse("meetings:my_tasks", args=[tenant.municipality.slug])).content
    assert "Kursleitung gewinnen" not in page.decode()


def test_measure_links_meeting_action_items(client, tenant):
    from verbund.meetings.tests.isolation import _sample

    action = _sample(tenant)["meetings.action"]
    programme = programme_with_goals(tenant.centre, goals=1)
    with scopes_disabled():
        goal = programme.goals.get()
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        url("measure_create", tenant, goal.pk),
        {"title": "Flyer verteilen", "status": "planned", "action_items": [action.pk]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with scopes_disabled():
        measure = goal.measures.get(title="Flyer verteilen")
        assert list(measure.action_items.all()) == [action]
    page = client.get(url("measure_detail", tenant, measure.pk)).content.decode()
    assert action.title in page


def test_start_page_items(client, tenant):
    from verbund.accounts.access import access_for
    from verbund.dashboard.registry import Context
    from verbund.planning import dashboard

    today = timezone.localdate()
    approved = programme_with_goals(tenant.centre, year=today.year, goals=1, approved=True)
    submitted = programme_with_goals(tenant.centre, year=today.year + 1, goals=1)
    with scopes_disabled():
        services.review_plan(
            actor=None, programme=approved, data={"planned_on": today + timedelta(days=5)}
        )
        services.programme_submit(actor=None, programme=submitted)
    from django_scopes import scope

    with scope(municipality=tenant.municipality.pk):
        coord = tenant.users[Role.COORDINATOR]
        ctx = Context(tenant.municipality, access_for(coord, tenant.municipality), coord, today)
        assert [i.key for i in dashboard.reviews_due(ctx)] != []
        assert dashboard.awaiting_approval(ctx) == []
        provider = tenant.users[Role.PROVIDER_ADMIN]
        ctx = Context(
            tenant.municipality, access_for(provider, tenant.municipality), provider, today
        )
        assert [i.key for i in dashboard.awaiting_approval(ctx)] == [
            f"planning.approval.{submitted.pk}"
        ]
        assert dashboard.reviews_due(ctx) == []


def test_review_page_queries_do_not_grow(client, tenant, django_assert_max_num_queries):
    small = programme_with_goals(tenant.centre, year=2027, goals=1, approved=True)
    big = programme_with_goals(tenant.centre, year=2028, goals=10, approved=True)
    with scopes_disabled():
        r1 = services.review_plan(
            actor=None, programme=small, data={"planned_on": date(2027, 6, 1)}
        )
        r2 = services.review_plan(actor=None, programme=big, data={"planned_on": date(2028, 6, 1)})
    client.force_login(tenant.users[Role.COORDINATOR])
    with django_assert_max_num_queries(40) as ctx:
        assert client.get(url("review", tenant, r1.pk)).status_code == 200
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        assert client.get(url("review", tenant, r2.pk)).status_code == 200
