"""The action budget from the users' side: budgets, applications, decisions, bookings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from verbund.budget.models import ActionBudget, ApplicationStatus, BudgetApplication, Spending
from verbund.core.models import AuditEntry
from verbund.core.roles import Role

from .factories import ActionBudgetFactory, BudgetApplicationFactory
from .helpers import approved_application, receipt

pytestmark = pytest.mark.django_db


def url(name, tenant, *args):
    return reverse(f"budget:{name}", args=[tenant.municipality.slug, *args])


def login(client, tenant, role):
    client.force_login(tenant.users[role])
    return client


def test_whole_path_budget_application_decision_spending(client, tenant):
    from verbund.analysis.tests.factories import NeedFactory

    need = NeedFactory(municipality=tenant.municipality, centre=tenant.centre, status="confirmed")
    login(client, tenant, Role.PLANNER)
    response = client.post(
        url("budget_create", tenant),
        {
            "year": "2026",
            "title": "Aktionsbudget Nordstadt",
            "centre": tenant.centre.pk,
            "funding_source": "Jugendamt",
            "decided_by": "municipality",
            "amount": "1.234,56",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with scopes_disabled():
        budget = ActionBudget.objects.get(title="Aktionsbudget Nordstadt")
    assert budget.amount == Decimal("1234.56")

    login(client, tenant, Role.COORDINATOR)
    assert client.get(url("application_create", tenant, budget.pk)).status_code == 200
    response = client.post(
        url("application_create", tenant, budget.pk),
        {
            "purpose": "Material für das Elterncafé",
            "amount_requested": "400",
            "planned_on": "2026-05-04",
            "centre": tenant.centre.pk,
            "need": need.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with scopes_disabled():
        application = BudgetApplication.objects.get(budget=budget)
    assert application.need == need and application.applied_by == tenant.users[Role.COORDINATOR]

    # The planner is told on the start page (a start-page item) and decides.
    login(client, tenant, Role.PLANNER)
    home = client.get(reverse("tenancy:home", args=[tenant.municipality.slug]))
    assert "Material für das Elterncafé" in home.content.decode()
    response = client.post(
        url("application_decide", tenant, application.pk),
        {"status": "partly", "amount": "300,00", "reason": "Nur das Nötigste."},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with scopes_disabled():
        application.refresh_from_db()
        budget.refresh_from_db()
    assert application.status == ApplicationStatus.PARTLY
    assert application.amount_approved == Decimal("300.00")
    assert budget.approved_total == Decimal("300.00")

    login(client, tenant, Role.COORDINATOR)
    response = client.post(
        url("spending_create", tenant, application.pk),
        {"amount": "120,50", "spent_on": "2026-05-04", "note": "Kaffee", "receipt": receipt()},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with scopes_disabled():
        budget.refresh_from_db()
        application.refresh_from_db()
        spending = Spending.objects.get(application=application)
    assert budget.spent_total == Decimal("120.50")
    assert budget.remaining == Decimal("1114.06")
    assert application.available == Decimal("179.50")
    assert spending.receipt_name == "quittung.png" and spending.receipt_size > 0
    download = client.get(url("receipt_download", tenant, spending.pk))
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    with scopes_disabled():
        actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "budget.budget.created",
        "budget.application.created",
        "budget.application.decided",
        "budget.spending.recorded",
    } <= actions
    detail = client.get(url("budget_detail", tenant, budget.pk)).content.decode()
    assert "1.234,56" in detail and "120,50" in detail


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "größer als 0"),
        ("12,345", "höchstens zwei Nachkommastellen"),
        ("zwölf", "Betrag in Euro"),
        ("0", "größer als 0"),
        ("99999999999999", "zu groß"),
    ],
)
def test_bad_amounts_are_refused_with_a_message(client, tenant, amount, message):
    budget = ActionBudgetFactory(municipality=tenant.municipality, centre=tenant.centre)
    login(client, tenant, Role.COORDINATOR)
    response = client.post(
        url("application_create", tenant, budget.pk),
        {"purpose": "Ausflug", "amount_requested": amount, "centre": tenant.centre.pk},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    with scopes_disabled():
        assert not BudgetApplication.objects.exists()


def test_spending_beyond_the_application_or_budget_is_refused(client, tenant):
    application = approved_application(tenant, amount="500.00", budget_amount="500.00")
    login(client, tenant, Role.COORDINATOR)
    response = client.post(
        url("spending_create", tenant, application.pk),
        {"amount": "500,01", "spent_on": "2026-05-04", "note": "zu viel", "receipt": receipt()},
    )
    assert response.status_code == 400
    assert "nur noch 500 €" in response.content.decode()
    # The budget is spent elsewhere in the meantime: the booking would overspend it.
    with scopes_disabled():
        ActionBudget.objects.filter(pk=application.budget_id).update(spent_total=Decimal("450.00"))
    response = client.post(
        url("spending_create", tenant, application.pk),
        {"amount": "100", "spent_on": "2026-05-04", "note": "Saal", "receipt": receipt()},
    )
    assert response.status_code == 400
    assert "Im Budget sind nur noch 50 € übrig" in response.content.decode()
    with scopes_disabled():
        assert not Spending.objects.exists()


def test_overspending_is_allowed_when_the_budget_says_so(tenant):
    from verbund.budget import services

    application = approved_application(
        tenant, amount="500.00", budget_amount="500.00", allow_overspend=True
    )
    with scopes_disabled():
        ActionBudget.objects.filter(pk=application.budget_id).update(spent_total=Decimal("450.00"))
        services.spending_record(
            actor=tenant.users[Role.COORDINATOR],
            application=application,
            data={"amount": Decimal("100.00"), "spent_on": "2026-05-04", "note": "Saal"},
            receipt=receipt(),
        )
        assert ActionBudget.objects.get(pk=application.budget_id).spent_total == Decimal("550")


def test_database_refuses_overspending_and_negative_amounts(tenant):
    application = approved_application(tenant, amount="100.00", budget_amount="100.00")
    with scopes_disabled():
        with pytest.raises(IntegrityError), transaction.atomic():
            ActionBudget.objects.filter(pk=application.budget_id).update(
                spent_total=Decimal("100.01")
            )
        with pytest.raises(IntegrityError), transaction.atomic():
            ActionBudget.objects.filter(pk=application.budget_id).update(amount=Decimal("-1"))
        with pytest.raises(IntegrityError), transaction.atomic():
            BudgetApplication.objects.filter(pk=application.pk).update(spent=Decimal("100.01"))


def test_receipt_checked_by_content(client, tenant):
    application = approved_application(tenant)
    login(client, tenant, Role.COORDINATOR)
    response = client.post(
        url("spending_create", tenant, application.pk),
        {
            "amount": "10",
            "spent_on": "2026-05-04",
            "note": "Bastelmaterial",
            "receipt": receipt("beleg.png", b"PK\x03\x04 this is a zip file"),
        },
    )
    assert response.status_code == 400
    assert "ZIP-Archiv" in response.content.decode()
    with scopes_disabled():
        assert not Spending.objects.exists()


def test_decision_only_by_the_budget_owner(client, tenant):
    application = BudgetApplicationFactory(
        budget__municipality=tenant.municipality, budget__centre=tenant.centre
    )
    login(client, tenant, Role.PROVIDER_ADMIN)
    page = client.get(url("application_decide", tenant, application.pk))
    assert page.status_code == 200
    assert "entscheidet" in page.content.decode() and "<textarea" not in page.content.decode()
    response = client.post(
        url("application_decide", tenant, application.pk), {"status": "approved"}
    )
    assert response.status_code == 400
    with scopes_disabled():
        application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED

    # A provider-funded centre budget: the provider decides, the planning does not.
    with scopes_disabled():
        ActionBudget.objects.filter(pk=application.budget_id).update(decided_by="provider")
    login(client, tenant, Role.PLANNER)
    response = client.post(
        url("application_decide", tenant, application.pk), {"status": "approved"}
    )
    assert response.status_code == 400
    login(client, tenant, Role.PROVIDER_ADMIN)
    response = client.post(
        url("application_decide", tenant, application.pk),
        {"status": "rejected", "reason": ""},
    )
    assert response.status_code == 400
    assert "begründen" in response.content.decode()
    response = client.post(
        url("application_decide", tenant, application.pk),
        {"status": "rejected", "reason": "Passt nicht zum Zweck des Budgets."},
    )
    assert response.status_code == 302
    with scopes_disabled():
        application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    # Decided once: a second decision is refused.
    response = client.post(
        url("application_decide", tenant, application.pk), {"status": "approved"}
    )
    assert response.status_code == 400


def test_approval_beyond_what_is_free_is_refused(client, tenant):
    application = BudgetApplicationFactory(
        budget__municipality=tenant.municipality,
        budget__centre=tenant.centre,
        budget__amount=Decimal("400"),
        budget__approved_total=Decimal("300"),
        amount_requested=Decimal("200"),
    )
    login(client, tenant, Role.PLANNER)
    response = client.post(
        url("application_decide", tenant, application.pk), {"status": "approved"}
    )
    assert response.status_code == 400
    assert "nur noch 100 € frei" in response.content.decode()
    with scopes_disabled():
        application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_partner_applies_for_its_own_organisation_only(client, tenant):
    from verbund.network.tests.factories import OrganisationFactory
    from verbund.tenancy.tests.factories import FacilityFactory

    own = OrganisationFactory(municipality=tenant.municipality, facility=tenant.facility)
    other_facility = FacilityFactory(municipality=tenant.municipality)
    other = OrganisationFactory(municipality=tenant.municipality, facility=other_facility)
    budget = ActionBudgetFactory(municipality=tenant.municipality, centre=tenant.centre)
    login(client, tenant, Role.PARTNER)
    page = client.get(url("application_create", tenant, budget.pk)).content.decode()
    assert own.name in page and other.name not in page
    for forged in ({"organisation": other.pk}, {"centre": tenant.centre.pk}):
        response = client.post(
            url("application_create", tenant, budget.pk),
            {"purpose": "Ausflug", "amount_requested": "50", **forged},
        )
        assert response.status_code == 400
    with scopes_disabled():
        assert not BudgetApplication.objects.exists()
    response = client.post(
        url("application_create", tenant, budget.pk),
        {"purpose": "Ausflug", "amount_requested": "50", "organisation": own.pk},
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert BudgetApplication.objects.get().organisation == own


def test_another_centres_application_is_not_there(client, tenant):
    from verbund.tenancy.tests.factories import FamilyCentreFactory

    other_centre = FamilyCentreFactory(municipality=tenant.municipality)
    application = BudgetApplicationFactory(
        budget__municipality=tenant.municipality, budget__centre=other_centre
    )
    login(client, tenant, Role.COORDINATOR)
    assert client.get(url("application_detail", tenant, application.pk)).status_code == 404
    response = client.post(
        url("spending_create", tenant, application.pk),
        {"amount": "1", "spent_on": "2026-05-04", "note": "x", "receipt": receipt()},
    )
    assert response.status_code in {403, 404}
    # Applying for the other centre with a forged centre id: an invalid choice.
    response = client.post(
        url("application_create", tenant, application.budget_id),
        {"purpose": "Ausflug", "amount_requested": "50", "centre": other_centre.pk},
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert BudgetApplication.objects.count() == 1
    detail = client.get(url("budget_detail", tenant, application.budget_id)).content.decode()
    assert application.purpose not in detail


def test_export_is_formula_safe_with_german_numbers(client, tenant):
    from verbund.budget import services

    application = approved_application(tenant, amount="2000.00")
    with scopes_disabled():
        BudgetApplication.objects.filter(pk=application.pk).update(purpose="=HYPERLINK(1)")
        application.refresh_from_db()
        services.spending_record(
            actor=tenant.users[Role.COORDINATOR],
            application=application,
            data={"amount": Decimal("1234.50"), "spent_on": "2026-05-04", "note": "@SUM(A1)"},
            receipt=receipt(),
        )
    login(client, tenant, Role.COORDINATOR)
    response = client.get(url("booking_export", tenant, application.budget_id, "csv"))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "'@SUM(A1)" in text
    assert "04.05.2026" in text and "1234,50" in text and "quittung.png" in text
    xlsx = client.get(url("booking_export", tenant, application.budget_id, "xlsx"))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_budget_cannot_be_cut_below_what_is_spent(client, tenant):
    application = approved_application(tenant, amount="500.00", budget_amount="1000.00")
    with scopes_disabled():
        ActionBudget.objects.filter(pk=application.budget_id).update(spent_total=Decimal("400"))
        budget = ActionBudget.objects.get(pk=application.budget_id)
    login(client, tenant, Role.PLANNER)
    form = client.get(url("budget_update", tenant, budget.pk)).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["edit_version"] = form.initial["edit_version"]()
    data.update(amount="300", centre=tenant.centre.pk, allow_overspend="")
    response = client.post(url("budget_update", tenant, budget.pk), data)
    assert response.status_code == 400
    assert "bewilligt" in response.content.decode() or "ausgegeben" in response.content.decode()
    with scopes_disabled():
        assert ActionBudget.objects.get(pk=budget.pk).amount == Decimal("1000")


def test_pages_cost_a_fixed_number_of_queries(client, tenant, django_assert_max_num_queries):
    budget = ActionBudgetFactory(municipality=tenant.municipality, centre=tenant.centre)
    for _n in range(12):
        BudgetApplicationFactory(budget=budget)
        ActionBudgetFactory(municipality=tenant.municipality, centre=tenant.centre)
    login(client, tenant, Role.PLANNER)
    with django_assert_max_num_queries(14):
        assert client.get(url("budget_list", tenant)).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(url("budget_detail", tenant, budget.pk)).status_code == 200


def test_start_page_items_cost_one_query_each(tenant, django_assert_max_num_queries):
    from datetime import date

    from verbund.accounts.access import access_for
    from verbund.budget.dashboard import applications_to_decide_items, decisions_items
    from verbund.dashboard.registry import Context

    budget = ActionBudgetFactory(municipality=tenant.municipality, centre=tenant.centre)
    for _n in range(5):
        BudgetApplicationFactory(budget=budget)
    providers_budget = ActionBudgetFactory(
        municipality=tenant.municipality, centre=tenant.centre, decided_by="provider"
    )
    for _n in range(2):
        BudgetApplicationFactory(budget=providers_budget)
    approved_application(tenant)
    with scopes_disabled():
        BudgetApplication.objects.filter(status="approved").update(decided_at="2026-12-01T10:00Z")
    for role, fetch, expected in (
        (Role.PLANNER, applications_to_decide_items, 5),
        (Role.PROVIDER_ADMIN, applications_to_decide_items, 2),
        (Role.COORDINATOR, decisions_items, 1),
    ):
        access = access_for(tenant.users[role], tenant.municipality)
        ctx = Context(tenant.municipality, access, tenant.users[role], date(2026, 12, 2))
        with scopes_disabled(), django_assert_max_num_queries(1):
            items = fetch(ctx)
        assert len(items) == expected, role


def test_provider_creates_only_budgets_it_decides_for_its_own_centres(client, tenant):
    from verbund.tenancy.tests.factories import FamilyCentreFactory

    other_centre = FamilyCentreFactory(municipality=tenant.municipality)
    login(client, tenant, Role.PROVIDER_ADMIN)
    data = {
        "year": "2026",
        "title": "Trägerbudget",
        "centre": tenant.centre.pk,
        "funding_source": "Eigenmittel des Trägers",
        "decided_by": "municipality",
        "amount": "2.000",
    }
    response = client.post(url("budget_create", tenant), data)
    assert response.status_code == 400
    assert "Träger des Familienzentrums" in response.content.decode()
    response = client.post(
        url("budget_create", tenant), {**data, "decided_by": "provider", "centre": other_centre.pk}
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert not ActionBudget.objects.exists()
    response = client.post(url("budget_create", tenant), {**data, "decided_by": "provider"})
    assert response.status_code == 302
    with scopes_disabled():
        budget = ActionBudget.objects.get()
    assert budget.amount == Decimal("2000") and budget.decided_by == "provider"


def test_application_serves_a_goal_of_the_centres_programme_not_a_foreign_one(client, tenant):
    from verbund.planning.tests.helpers import programme_with_goals
    from verbund.tenancy.tests.factories import FamilyCentreFactory

    year = timezone.localdate().year
    foreign_centre = FamilyCentreFactory()
    with scopes_disabled():
        goal = programme_with_goals(tenant.centre, year=year).goals.get()
        foreign_goal = programme_with_goals(foreign_centre, year=year).goals.get()
    budget = ActionBudgetFactory(municipality=tenant.municipality, centre=tenant.centre)
    login(client, tenant, Role.COORDINATOR)
    form = client.get(url("application_create", tenant, budget.pk)).content.decode()
    assert goal.title in form
    assert f'value="{foreign_goal.pk}"' not in form
    base = {"purpose": "Elterncafé", "amount_requested": "100", "centre": tenant.centre.pk}
    refused = client.post(
        url("application_create", tenant, budget.pk), {**base, "goal": foreign_goal.pk}
    )
    assert refused.status_code == 400 or "gültige Auswahl" in refused.content.decode()
    with scopes_disabled():
        assert not BudgetApplication.objects.filter(budget=budget).exists()
    response = client.post(url("application_create", tenant, budget.pk), {**base, "goal": goal.pk})
    assert response.status_code == 302, response.content.decode()[:3000]
    with scopes_disabled():
        application = BudgetApplication.objects.get(budget=budget)
    assert application.goal == goal
    detail = client.get(url("application_detail", tenant, application.pk)).content.decode()
    assert goal.title in detail
