"""The coordinator's working-conditions sheet: list, sheet (HTML print view and PDF), and the
records behind it (contracted hours, training and supervision)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.forms import add_service_errors
from verbund.core.params import int_param
from verbund.core.pdf import html_to_pdf
from verbund.core.tenant_views import TenantView

from . import permissions as perms
from . import services
from .conditions import build_sheet, coordinator_centres
from .forms import HoursForm, TrainingForm


class ConditionsView(TenantView):
    permission = perms.view_conditions

    def year(self) -> int:
        today = timezone.localdate().year
        return int_param(self.request.GET, "jahr", min_value=2000, max_value=2100) or today

    def coordinator(self, coordinator_id):
        """The coordinator if the user may see her sheet: herself, or the provider or
        administration reaching one of her centres. Otherwise 404."""
        user = get_user_model().objects.filter(pk=coordinator_id, is_active=True).first()
        if user is None:
            raise Http404
        centres = list(coordinator_centres(municipality=self.municipality, user=user))
        if not centres:
            raise Http404
        self.manages = any(self.access.can(perms.set_hours, c) for c in centres)
        if user.pk != self.request.user.pk and not self.manages:
            raise Http404
        self.centres = centres
        return user


class ConditionsListView(ConditionsView):
    def get(self, request, municipality_slug):
        centres_by_user = {}
        from verbund.accounts.models import Membership
        from verbund.core.roles import Role

        rows = Membership.objects.filter(
            municipality=self.municipality, role=Role.COORDINATOR, centre__isnull=False
        ).select_related("user", "centre", "centre__provider")
        for row in rows:
            if row.user_id == request.user.pk or self.access.can(perms.set_hours, row.centre):
                centres_by_user.setdefault(row.user, []).append(row.centre)
        people = sorted(
            centres_by_user.items(),
            key=lambda item: (item[0].last_name, item[0].first_name, item[0].username),
        )
        return render(
            request, "planning/conditions_list.html", {"people": people, "year": self.year()}
        )


class ConditionsSheetView(ConditionsView):
    template = "planning/conditions_sheet.html"

    def get(self, request, municipality_slug, coordinator_id):
        user = self.coordinator(coordinator_id)
        sheet = build_sheet(municipality=self.municipality, user=user, year=self.year())
        context = {
            "sheet": sheet,
            "hours_form": HoursForm(
                initial={"weekly_hours": sheet.hours.weekly_hours, "note": sheet.hours.note}
                if sheet.hours
                else None
            ),
            "training_form": TrainingForm(),
            "may_set_hours": self.manages,
            "may_record": self.access.can(perms.record_training),
        }
        return render(request, self.template, context)


class ConditionsPdfView(ConditionsView):
    def get(self, request, municipality_slug, coordinator_id):
        user = self.coordinator(coordinator_id)
        sheet = build_sheet(municipality=self.municipality, user=user, year=self.year())
        html = render_to_string(
            "planning/conditions_pdf.html",
            {"sheet": sheet, "municipality": self.municipality, "today": timezone.localdate()},
        )
        response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
        name = f"arbeitsbedingungen-{sheet.year}-{user.pk}.pdf"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response


class HoursView(ConditionsView):
    permission = perms.set_hours

    def get(self, request, municipality_slug, coordinator_id):
        self.coordinator(coordinator_id)
        return redirect("planning:conditions_sheet", self.municipality.slug, coordinator_id)

    def post(self, request, municipality_slug, coordinator_id):
        user = self.coordinator(coordinator_id)
        if not self.manages:
            raise Http404
        form = HoursForm(request.POST)
        year = self.year()
        if form.is_valid():
            try:
                services.hours_set(
                    actor=request.user,
                    coordinator=user,
                    centre=self.centres[0],
                    year=year,
                    data=form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
        if form.errors:
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                for error in errors:
                    messages.error(request, f"{label}: {error}" if label else error)
        else:
            messages.success(request, _("Die Wochenstunden sind eingetragen."))
        return redirect(f"{self.sheet_url(user)}?jahr={year}")

    def sheet_url(self, user):
        from django.urls import reverse

        return reverse("planning:conditions_sheet", args=[self.municipality.slug, user.pk])


class TrainingCreateView(HoursView):
    permission = perms.record_training

    def post(self, request, municipality_slug, coordinator_id):
        user = self.coordinator(coordinator_id)
        form = TrainingForm(request.POST)
        if form.is_valid():
            try:
                training = services.training_create(
                    actor=request.user,
                    coordinator=user,
                    centre=self.centres[0],
                    data=form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
        if form.errors:
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                for error in errors:
                    messages.error(request, f"{label}: {error}" if label else error)
            return redirect(self.sheet_url(user))
        messages.success(request, _("Der Eintrag ist gespeichert."))
        return redirect(f"{self.sheet_url(user)}?jahr={training.date.year}")
