"""Pages of the annual programme: list, programme, goal, measure, review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.forms import add_service_errors
from verbund.core.history import history_for
from verbund.core.tenant_views import TenantView

from . import permissions as perms
from . import rules, selectors, services
from .forms import (
    GoalForm,
    GoalResultForm,
    MeasureForm,
    ProgrammeCreateForm,
    ProgrammeForm,
    ReasonForm,
    ReviewHeldForm,
    ReviewPlanForm,
)
from .indicators import CATALOGUE


class PlanningView(TenantView):
    permission = perms.view_programme

    def lookup(self, fn, **kwargs):
        try:
            return fn(municipality=self.municipality, access=self.access, **kwargs)
        except ObjectDoesNotExist as exc:
            raise Http404 from exc

    def programme_url(self, programme):
        return redirect("planning:programme_detail", self.municipality.slug, programme.pk)


class ProgrammeListView(PlanningView):
    def get(self, request, municipality_slug):
        programmes = list(
            selectors.programmes(municipality=self.municipality, access=self.access)[:300]
        )
        return render(
            request,
            "planning/programme_list.html",
            {
                "programmes": programmes,
                "may_create": self.access.can(perms.edit_programme),
            },
        )


class ProgrammeCreateView(PlanningView):
    permission = perms.edit_programme

    def get(self, request, municipality_slug):
        form = ProgrammeCreateForm(access=self.access)
        return render(request, "planning/programme_create.html", {"form": form})

    def post(self, request, municipality_slug):
        form = ProgrammeCreateForm(request.POST, access=self.access)
        if form.is_valid():
            centre, year = form.cleaned_data["centre"], form.cleaned_data["year"]
            self.require(perms.edit_programme, centre)
            try:
                if request.POST.get("copy"):
                    source = selectors.last_year_programme(
                        selectors.programmes(municipality=self.municipality, access=self.access),
                        centre,
                        year,
                    )
                    if source is None:
                        raise ValidationError(
                            {"year": _("Es gibt kein früheres Jahresprogramm zum Übernehmen.")}
                        )
                    programme = services.programme_copy(
                        actor=request.user, source=source, year=year
                    )
                    messages.success(
                        request,
                        _("Das Jahresprogramm %(old)s ist als Ausgangspunkt übernommen.")
                        % {"old": source.year},
                    )
                else:
                    programme = services.programme_create(
                        actor=request.user, centre=centre, year=year
                    )
                    messages.success(request, _("Das Jahresprogramm ist angelegt."))
                return self.programme_url(programme)
            except ValidationError as error:
                add_service_errors(form, error)
        return render(request, "planning/programme_create.html", {"form": form}, status=400)


class ProgrammeDetailView(PlanningView):
    def get(self, request, municipality_slug, programme_id):
        programme = self.lookup(selectors.programme_detail, programme_id=programme_id)
        return self.show(programme, ProgrammeForm(instance=programme), ReasonForm())

    def show(self, programme, form, reason_form, status=200):
        may_edit = self.access.can(perms.edit_programme, programme)
        may_approve = self.access.can(perms.approve_programme, programme)
        return render(
            self.request,
            "planning/programme_detail.html",
            {
                "programme": programme,
                "goals": selectors.goals_of(programme),
                "reviews": list(programme.reviews.all()),
                "form": form,
                "reason_form": reason_form,
                "may_edit": may_edit,
                "may_approve": may_approve,
                "history": history_for(programme, access=self.access),
                "next_year": programme.year + 1,
            },
            status=status,
        )

    def post(self, request, municipality_slug, programme_id):
        programme = self.lookup(selectors.programme_detail, programme_id=programme_id)
        self.require(perms.edit_programme, programme)
        form = ProgrammeForm(request.POST, instance=programme)
        if form.is_valid():
            try:
                services.programme_update(
                    actor=request.user, programme=programme, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Gespeichert."))
                return self.programme_url(programme)
        programme.refresh_from_db()
        return self.show(programme, form, ReasonForm(), status=400)


STEPS = {
    "submit": (
        perms.edit_programme,
        services.programme_submit,
        False,
        _("Das Jahresprogramm ist zur Freigabe beim Träger eingereicht."),
    ),
    "approve": (
        perms.approve_programme,
        services.programme_approve,
        False,
        _("Das Jahresprogramm ist freigegeben."),
    ),
    "return": (
        perms.approve_programme,
        services.programme_return,
        True,
        _("Das Jahresprogramm ist mit Begründung zurückgegeben."),
    ),
    "reopen": (
        perms.edit_programme,
        services.programme_reopen,
        True,
        _("Das Jahresprogramm ist wieder geöffnet und muss neu freigegeben werden."),
    ),
    "copy": (perms.edit_programme, None, False, ""),
}


class ProgrammeStepView(PlanningView):
    """POST ``step``: submit, approve, return (with reason), reopen (with reason), copy."""

    def get(self, request, municipality_slug, programme_id):
        programme = self.lookup(selectors.programme_detail, programme_id=programme_id)
        return self.programme_url(programme)

    def post(self, request, municipality_slug, programme_id):
        programme = self.lookup(selectors.programme_detail, programme_id=programme_id)
        step = request.POST.get("step", "")
        if step not in STEPS:
            messages.error(request, _("Unbekannter Schritt."))
            return self.programme_url(programme)
        permission, service, needs_reason, done = STEPS[step]
        self.require(permission, programme)
        try:
            if step == "copy":
                new = services.programme_copy(actor=request.user, source=programme)
                messages.success(
                    request,
                    _(
                        "Das Jahresprogramm %(year)s ist aus %(old)s übernommen: Ziele, "
                        "Maßnahmen und Verknüpfungen, Termine ein Jahr später, alles wieder "
                        "auf Anfang."
                    )
                    % {"year": new.year, "old": programme.year},
                )
                return self.programme_url(new)
            if needs_reason:
                form = ReasonForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(
                        _("Bitte eine Begründung angeben (höchstens 1000 Zeichen).")
                    )
                service(actor=request.user, programme=programme, reason=form.cleaned_data["reason"])
            else:
                service(actor=request.user, programme=programme)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
        return self.programme_url(programme)


class GoalCreateView(PlanningView):
    permission = perms.edit_programme

    def get(self, request, municipality_slug, programme_id):
        programme = self.lookup(selectors.programme_detail, programme_id=programme_id)
        self.require(self.permission, programme)
        form = GoalForm(programme=programme, access=self.access)
        return render(request, "planning/goal_form.html", {"form": form, "programme": programme})

    def post(self, request, municipality_slug, programme_id):
        programme = self.lookup(selectors.programme_detail, programme_id=programme_id)
        self.require(self.permission, programme)
        form = GoalForm(request.POST, programme=programme, access=self.access)
        if form.is_valid():
            try:
                goal = services.goal_create(
                    actor=request.user, programme=programme, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Das Ziel ist angelegt."))
                return redirect("planning:goal_detail", self.municipality.slug, goal.pk)
        return render(
            request, "planning/goal_form.html", {"form": form, "programme": programme}, status=400
        )


class GoalDetailView(PlanningView):
    def get(self, request, municipality_slug, goal_id):
        goal = self.lookup(selectors.goal_detail, goal_id=goal_id)
        form = None
        if goal.programme.is_editable and self.access.can(perms.edit_programme, goal):
            form = GoalForm(instance=goal, programme=goal.programme, access=self.access)
        return self.show(goal, form)

    def show(self, goal, form, status=200):
        return _goal_page(self, goal, form, status)

    def post(self, request, municipality_slug, goal_id):
        goal = self.lookup(selectors.goal_detail, goal_id=goal_id)
        self.require(perms.edit_programme, goal)
        form = GoalForm(request.POST, instance=goal, programme=goal.programme, access=self.access)
        if form.is_valid():
            try:
                services.goal_update(actor=request.user, goal=goal, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Das Ziel ist gespeichert."))
                return redirect("planning:goal_detail", self.municipality.slug, goal.pk)
        goal = self.lookup(selectors.goal_detail, goal_id=goal_id)
        return self.show(goal, form, status=400)


def _goal_page(view, goal, form, status=200):
    return render(
        view.request,
        "planning/goal_detail.html",
        {
            "goal": goal,
            "programme": goal.programme,
            "measures": list(goal.measures.select_related("responsible")),
            "needs": list(goal.needs.all()),
            "offers": list(goal.offers.all()),
            "agreements": list(goal.agreements.all()),
            "bodies": list(goal.bodies.all()),
            "form": form,
            "may_edit": goal.programme.is_editable and view.access.can(perms.edit_programme, goal),
            "indicator": CATALOGUE.get(goal.indicator),
            "results": list(goal.results.select_related("review")),
            "history": history_for(goal, access=view.access),
        },
        status=status,
    )


class MeasureCreateView(PlanningView):
    permission = perms.edit_programme

    def get(self, request, municipality_slug, goal_id):
        goal = self.lookup(selectors.goal_detail, goal_id=goal_id)
        self.require(self.permission, goal)
        form = MeasureForm(goal=goal, access=self.access)
        return render(request, "planning/measure_form.html", {"form": form, "goal": goal})

    def post(self, request, municipality_slug, goal_id):
        goal = self.lookup(selectors.goal_detail, goal_id=goal_id)
        self.require(self.permission, goal)
        form = MeasureForm(request.POST, goal=goal, access=self.access)
        if form.is_valid():
            try:
                services.measure_create(actor=request.user, goal=goal, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Maßnahme ist angelegt."))
                return redirect("planning:goal_detail", self.municipality.slug, goal.pk)
        return render(
            request, "planning/measure_form.html", {"form": form, "goal": goal}, status=400
        )


class MeasureDetailView(PlanningView):
    def get(self, request, municipality_slug, measure_id):
        measure = self.lookup(selectors.measure_detail, measure_id=measure_id)
        form = None
        if self.access.can(perms.edit_programme, measure):
            form = MeasureForm(instance=measure, goal=measure.goal, access=self.access)
        return self.show(measure, form)

    def show(self, measure, form, status=200):
        return render(
            self.request,
            "planning/measure_detail.html",
            {
                "measure": measure,
                "goal": measure.goal,
                "form": form,
                "actions": list(measure.action_items.select_related("meeting")),
                "history": history_for(measure, access=self.access),
            },
            status=status,
        )

    def post(self, request, municipality_slug, measure_id):
        measure = self.lookup(selectors.measure_detail, measure_id=measure_id)
        self.require(perms.edit_programme, measure)
        form = MeasureForm(request.POST, instance=measure, goal=measure.goal, access=self.access)
        if form.is_valid():
            try:
                services.measure_update(actor=request.user, measure=measure, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Maßnahme ist gespeichert."))
                return redirect("planning:measure_detail", self.municipality.slug, measure.pk)
        measure = self.lookup(selectors.measure_detail, measure_id=measure_id)
        return self.show(measure, form, status=400)


class ReviewPlanView(PlanningView):
    permission = perms.edit_programme

    def get(self, request, municipality_slug, programme_id):
        programme = self.lookup(selectors.programme_detail, programme_id=programme_id)
        self.require(self.permission, programme)
        return render(
            request, "planning/review_plan.html", {"form": ReviewPlanForm(), "programme": programme}
        )

    def post(self, request, municipality_slug, programme_id):
        programme = self.lookup(selectors.programme_detail, programme_id=programme_id)
        self.require(self.permission, programme)
        form = ReviewPlanForm(request.POST)
        if form.is_valid():
            try:
                services.review_plan(
                    actor=request.user, programme=programme, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Der Termin der Überprüfung ist eingetragen."))
                return self.programme_url(programme)
        return render(
            request,
            "planning/review_plan.html",
            {"form": form, "programme": programme},
            status=400,
        )


class ReviewView(PlanningView):
    def forms_for(self, review, goals, results, pulled, data=None):
        return [
            GoalResultForm(data, instance=results.get(g.pk), goal=g, pulled=pulled[g.pk])
            for g in goals
        ]

    def context(self, review):
        programme = review.programme
        goals = list(programme.goals.all())
        results = selectors.results_of(review)
        may_record = programme.is_approved and self.access.can(perms.edit_programme, review)
        pulled = rules.pulled_values(review, goals) if may_record else {}
        return goals, results, may_record, pulled

    def get(self, request, municipality_slug, review_id):
        review = self.lookup(selectors.review_detail, review_id=review_id)
        goals, results, may_record, pulled = self.context(review)
        forms = self.forms_for(review, goals, results, pulled) if may_record else []
        held = ReviewHeldForm(
            initial={"held_on": review.held_on or timezone.localdate(), "summary": review.summary}
        )
        return self.show(review, goals, results, forms, held, may_record)

    def show(self, review, goals, results, forms, held, may_record, status=200):
        return render(
            self.request,
            "planning/review.html",
            {
                "review": review,
                "programme": review.programme,
                "rows": [(g, results.get(g.pk)) for g in goals],
                "forms": forms,
                "held_form": held,
                "may_record": may_record,
                "may_edit": self.access.can(perms.edit_programme, review),
                "history": history_for(review, access=self.access),
            },
            status=status,
        )

    def post(self, request, municipality_slug, review_id):
        review = self.lookup(selectors.review_detail, review_id=review_id)
        self.require(perms.edit_programme, review)
        goals, results, may_record, pulled = self.context(review)
        held = ReviewHeldForm(request.POST)
        if not may_record:
            messages.error(
                request,
                _(
                    "Das Jahresprogramm ist noch nicht freigegeben. Eine Überprüfung ist erst "
                    "nach der Freigabe durch den Träger möglich."
                ),
            )
            return redirect("planning:review", self.municipality.slug, review.pk)
        forms = self.forms_for(review, goals, results, pulled, data=request.POST)
        valid = [f.is_valid() for f in forms]  # every form, so each shows its errors
        if held.is_valid() and all(valid):
            try:
                services.review_record(
                    actor=request.user,
                    review=review,
                    results={f.goal.pk: f.cleaned_data for f in forms},
                    held_on=held.cleaned_data["held_on"],
                    summary=held.cleaned_data["summary"],
                )
            except ValidationError as error:
                add_service_errors(held, error)
            else:
                messages.success(request, _("Die Ergebnisse der Überprüfung sind gespeichert."))
                return redirect("planning:review", self.municipality.slug, review.pk)
        return self.show(review, goals, results, forms, held, may_record, status=400)
