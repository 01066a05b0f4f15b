"""Pages of the action budget: budgets with their balance, applications, decisions, bookings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verbund.core.exports import export_response
from verbund.core.forms import add_service_errors
from verbund.core.history import history_for
from verbund.core.numbers import format_amount
from verbund.core.params import int_param
from verbund.core.tenant_views import TenantView

from . import permissions as perms
from . import selectors, services
from .forms import ApplicationForm, BudgetForm, DecisionForm, SpendingForm
from .models import ActionBudget, BudgetApplication, Spending
from .rules import may_decide


class BudgetMixin:
    def get_budget(self, budget_id: int) -> ActionBudget:
        try:
            budget = selectors.budget_get(municipality=self.municipality, pk=budget_id)
        except ActionBudget.DoesNotExist as exc:
            raise Http404 from exc
        self.require(perms.view_budget, budget)
        return budget

    def get_application(self, application_id: int) -> BudgetApplication:
        try:
            application = selectors.application_get(
                municipality=self.municipality, pk=application_id
            )
        except BudgetApplication.DoesNotExist as exc:
            raise Http404 from exc
        if not self.access.can(perms.view_application, application):
            # Another organisation's or centre's application: not there for this user.
            raise Http404
        return application


class BudgetListView(TenantView):
    permission = perms.view_budget

    def get(self, request, municipality_slug):
        years = selectors.budget_years(municipality=self.municipality)
        year = int_param(request.GET, "jahr", min_value=2000, max_value=2100)
        budgets = list(
            selectors.budget_list(municipality=self.municipality, access=self.access, year=year)
        )
        return render(
            request,
            "budget/budget_list.html",
            {
                "budgets": budgets,
                "years": years,
                "year": year,
                "can_create": self.access.can(perms.manage_budget),
            },
        )


class BudgetDetailView(BudgetMixin, TenantView):
    permission = perms.view_budget

    def get(self, request, municipality_slug, budget_id):
        budget = self.get_budget(budget_id)
        applications = list(selectors.application_list(budget=budget, access=self.access))
        return render(
            request,
            "budget/budget_detail.html",
            {
                "budget": budget,
                "applications": applications,
                "can_change": self.access.can(perms.manage_budget, budget),
                "can_apply": self.access.can(perms.apply_for_budget),
                "can_decide": may_decide(self.access, budget),
                "can_export": self.access.can(perms.export_bookings, budget),
                "history": history_for(budget, limit=10, access=self.access),
            },
        )


class BudgetCreateView(TenantView):
    permission = perms.manage_budget

    def form(self, data=None):
        return BudgetForm(data, municipality=self.municipality, access=self.access)

    def get(self, request, municipality_slug):
        return self.render(self.form())

    def post(self, request, municipality_slug):
        form = self.form(request.POST)
        if form.is_valid():
            candidate = ActionBudget(municipality=self.municipality, **form.cleaned_data)
            self.require(self.permission, candidate)
            try:
                budget = services.budget_create(
                    actor=request.user, municipality=self.municipality, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Das Aktionsbudget wurde angelegt."))
                return redirect("budget:budget_detail", self.municipality.slug, budget.pk)
        return self.render(form, status=400)

    def render(self, form, status=200, budget=None):
        return render(
            self.request,
            "budget/budget_form.html",
            {
                "form": form,
                "budget": budget,
                "title": _("Aktionsbudget bearbeiten") if budget else _("Aktionsbudget anlegen"),
            },
            status=status,
        )


class BudgetUpdateView(BudgetMixin, BudgetCreateView):
    permission = perms.manage_budget

    def get(self, request, municipality_slug, budget_id):
        budget = self.get_budget(budget_id)
        self.require(self.permission, budget)
        form = BudgetForm(instance=budget, municipality=self.municipality, access=self.access)
        return self.render(form, budget=budget)

    def post(self, request, municipality_slug, budget_id):
        budget = self.get_budget(budget_id)
        self.require(self.permission, budget)
        form = BudgetForm(
            request.POST, instance=budget, municipality=self.municipality, access=self.access
        )
        if form.is_valid():
            self.require(self.permission, form.instance)
            try:
                services.budget_update(actor=request.user, budget=budget, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Das Aktionsbudget wurde gespeichert."))
                return redirect("budget:budget_detail", self.municipality.slug, budget.pk)
        return self.render(form, status=400, budget=budget)


class ApplicationCreateView(BudgetMixin, TenantView):
    permission = perms.apply_for_budget

    def get(self, request, municipality_slug, budget_id):
        budget = self.get_budget(budget_id)
        return self.render(budget, ApplicationForm(budget=budget, access=self.access))

    def post(self, request, municipality_slug, budget_id):
        budget = self.get_budget(budget_id)
        form = ApplicationForm(request.POST, budget=budget, access=self.access)
        if form.is_valid() and form.can_apply:
            candidate = BudgetApplication(
                municipality=self.municipality,
                budget=budget,
                centre=form.cleaned_data.get("centre"),
                organisation=form.cleaned_data.get("organisation"),
            )
            self.require(self.permission, candidate)
            try:
                application = services.application_create(
                    actor=request.user, budget=budget, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Ihr Antrag wurde gestellt. %(owner)s entscheidet darüber.")
                    % {"owner": budget.get_decided_by_display()},
                )
                return redirect("budget:application_detail", self.municipality.slug, application.pk)
        return self.render(budget, form, status=400)

    def render(self, budget, form, status=200):
        return render(
            self.request,
            "budget/application_form.html",
            {"budget": budget, "form": form},
            status=status,
        )


class ApplicationDetailView(BudgetMixin, TenantView):
    permission = perms.view_application

    def get(self, request, municipality_slug, budget_application_id):
        application = self.get_application(budget_application_id)
        budget = application.budget
        return render(
            request,
            "budget/application_detail.html",
            {
                "application": application,
                "budget": budget,
                "spendings": list(selectors.spending_list(application=application)),
                "can_decide": application.is_open and may_decide(self.access, budget),
                "can_spend": application.is_approved
                and application.available > 0
                and self.access.can(perms.record_spending, application),
                "history": history_for(application, limit=10, access=self.access),
            },
        )


class ApplicationDecideView(BudgetMixin, TenantView):
    permission = perms.decide_application

    def prepare(self, application_id):
        application = self.get_application(application_id)
        return application, application.budget

    def get(self, request, municipality_slug, budget_application_id):
        application, budget = self.prepare(budget_application_id)
        return self.render(application, budget, DecisionForm())

    def post(self, request, municipality_slug, budget_application_id):
        application, budget = self.prepare(budget_application_id)
        if not may_decide(self.access, budget) or not application.is_open:
            messages.error(request, self.refusal(application, budget))
            return self.render(application, budget, DecisionForm(), status=400)
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                services.application_decide(
                    actor=request.user,
                    access=self.access,
                    application=application,
                    status=form.cleaned_data["status"],
                    amount=form.cleaned_data.get("amount"),
                    reason=form.cleaned_data.get("reason", ""),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Entscheidung wurde gespeichert."))
                return redirect("budget:application_detail", self.municipality.slug, application.pk)
        return self.render(application, budget, form, status=400)

    def refusal(self, application, budget) -> str:
        if not application.is_open:
            return _("Über diesen Antrag wurde schon entschieden (%(status)s).") % {
                "status": application.get_status_display()
            }
        return _("Über Anträge an dieses Budget entscheidet: %(owner)s.") % {
            "owner": budget.get_decided_by_display()
        }

    def render(self, application, budget, form, status=200):
        allowed = application.is_open and may_decide(self.access, budget)
        return render(
            self.request,
            "budget/decision_form.html",
            {
                "application": application,
                "budget": budget,
                "form": form,
                "allowed": allowed,
                "refusal": "" if allowed else self.refusal(application, budget),
            },
            status=status,
        )


class SpendingCreateView(BudgetMixin, TenantView):
    permission = perms.record_spending

    def prepare(self, application_id):
        application = self.get_application(application_id)
        self.require(self.permission, application)
        return application

    def get(self, request, municipality_slug, budget_application_id):
        application = self.prepare(budget_application_id)
        return self.render(application, SpendingForm())

    def post(self, request, municipality_slug, budget_application_id):
        application = self.prepare(budget_application_id)
        form = SpendingForm(request.POST, request.FILES)
        if not application.is_approved:
            messages.error(
                request, _("Ausgaben können nur zu einem bewilligten Antrag erfasst werden.")
            )
            return self.render(application, form, status=400)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "receipt"}
            try:
                services.spending_record(
                    actor=request.user,
                    application=application,
                    data=data,
                    receipt=form.cleaned_data["receipt"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Die Ausgabe über %(amount)s € wurde gebucht.")
                    % {"amount": format_amount(data["amount"])},
                )
                return redirect("budget:application_detail", self.municipality.slug, application.pk)
        return self.render(application, form, status=400)

    def render(self, application, form, status=200):
        return render(
            self.request,
            "budget/spending_form.html",
            {"application": application, "budget": application.budget, "form": form},
            status=status,
        )


class ReceiptDownloadView(TenantView):
    """Receipts are never served from MEDIA_URL: only here, after the permission check."""

    permission = perms.view_application

    def get(self, request, municipality_slug, spending_id):
        try:
            spending = selectors.spending_get(municipality=self.municipality, pk=spending_id)
        except Spending.DoesNotExist as exc:
            raise Http404 from exc
        if not self.access.can(perms.view_application, spending) or not spending.receipt:
            raise Http404
        try:
            handle = spending.receipt.open("rb")
        except (FileNotFoundError, OSError) as exc:
            raise Http404 from exc
        response = FileResponse(
            handle,
            content_type=spending.receipt_type or "application/octet-stream",
            as_attachment=True,
            filename=spending.receipt_name or "beleg",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class BookingExportView(BudgetMixin, TenantView):
    permission = perms.export_bookings

    def get(self, request, municipality_slug, budget_id, fmt):
        budget = self.get_budget(budget_id)
        self.require(self.permission, budget)
        header = [
            _("Datum"),
            _("Antrag Nr."),
            _("Antragsteller"),
            _("Zweck"),
            _("Buchungstext"),
            _("Betrag (EUR)"),
            _("Beleg"),
            _("Finanzierung"),
        ]
        columns = (
            "spent_on",
            "application_id",
            "application__organisation__name",
            "application__centre__name",
            "application__purpose",
            "note",
            "amount",
            "receipt_name",
        )
        # Dates and amounts stay typed: XLSX gets real numbers and dates (German formats),
        # CSV writes "12,50" and "03.05.2026" (verbund.core.exports).
        rows = (
            (
                spent_on,
                application_id,
                organisation or centre or "",
                purpose,
                note,
                amount,
                receipt or "",
                budget.funding_source,
            )
            for spent_on, application_id, organisation, centre, purpose, note, amount, receipt in (
                selectors.bookings(budget=budget, access=self.access)
                .values_list(*columns)
                .iterator(chunk_size=2000)
            )
        )
        filename = _("aktionsbudget-%(year)s-%(id)s-buchungen") % {
            "year": budget.year,
            "id": budget.pk,
        }
        return export_response(fmt, filename, header, rows)
