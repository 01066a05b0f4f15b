"""Needs (Bedarfe): suggested by rules, confirmed by the coordinator, reported to the
municipality with their evidence."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from verbund.areas.models import Area
from verbund.core import page_cache
from verbund.core.audit import VERSION_FIELD
from verbund.core.exports import choice_labels, export_response, value_batches
from verbund.core.forms import add_service_errors
from verbund.core.history import history_for
from verbund.core.params import filter_data, filter_key, int_param
from verbund.core.prepared import PreparedQuery
from verbund.statistics.models import Indicator

from .. import list_cache, rules, selectors, services
from .. import permissions as perms
from ..choices import NeedStatus
from ..forms import EvidenceForm, NeedFilterForm, NeedForm, NeedRuleForm
from ..models import Need, NeedEvidence, NeedRule
from ..need_hooks import need_sections
from .base import AnalysisView
from .figures import CentreMixin

PAGE_SIZE = 50


class NeedMixin(CentreMixin):
    def get_need(self, pk: int) -> Need:
        try:
            return selectors.need_get(municipality=self.municipality, pk=pk)
        except Need.DoesNotExist as exc:
            raise Http404 from exc

    def reached_centres(self):
        return selectors.centre_list(
            municipality=self.municipality, access=self.access, permission=perms.view_needs
        )

    def filter_form(self):
        centres = self.reached_centres()
        areas = (
            Area.objects.filter(municipality=self.municipality, needs__isnull=False)
            .distinct()
            .order_by("name")
        )
        form = NeedFilterForm(
            filter_data(self.request.GET),
            centres=centres,
            areas=areas,
            municipality=self.municipality,
        )
        return form, centres

    def filter_form_parts(self) -> tuple[str, selectors.NeedFilter]:
        """The filter form's HTML and the filter it asks for, computed once per change of its
        values, the viewer's reach and its choices (``list_cache``)."""

        def compute():
            form, _centres = self.filter_form()
            html = render_to_string("analysis/_need_filter_form.html", {"filter_form": form})
            return html, form.to_filter()

        data = filter_key(self.request.GET)
        return list_cache.filter_form_parts(
            municipality_id=self.municipality.pk,
            reach=self.access.signature(),
            data=data,
            compute=compute,
        )


_BY_AREA = PreparedQuery(
    lambda access, filters, municipality_id: selectors.needs_by_area_query(
        selectors.need_list(
            municipality=municipality_id,
            access=access,
            permission=perms.view_needs,
            filters=filters,
        )
    )
)


class NeedListView(NeedMixin, AnalysisView):
    permission = perms.view_needs

    def get(self, request, municipality_slug):
        # Kept whole: needs and their evidence, centres, areas and terms (their versions),
        # the viewer's reach and the query string.
        content = page_cache.kept_content(
            request,
            prefix=f"verbund:analysis:needs:page:{self.municipality.pk}",
            version_keys=list_cache.page_versions(self.municipality.pk),
            template="analysis/_need_list_content.html",
            context=self.content_context,
        )
        return page_cache.render_kept(request, title=_("Bedarfe"), content=content)

    def content_context(self) -> dict:
        request = self.request
        form_html, filters = self.filter_form_parts()
        needs = selectors.need_list(
            municipality=self.municipality,
            access=self.access,
            permission=self.permission,
            filters=filters,
        )
        # Per area, compiled once per reach and filter (``core.prepared``); every need has one
        # area at most, so the areas' totals add up to the list's count (no COUNT query).
        by_area = [
            dict(zip(selectors.BY_AREA_FIELDS, row, strict=True))
            for row in _BY_AREA.rows(
                variant=(self.access.signature(), filters),
                given={"access": self.access, "filters": filters},
                municipality_id=self.municipality.pk,
            )
        ]
        paginator = Paginator(needs, PAGE_SIZE)
        paginator.__dict__["count"] = sum(row["total"] for row in by_area)
        page = paginator.get_page(request.GET.get("seite"))
        own_centres = (
            list(self.reached_centres().filter(pk__in=self.access.centre_ids))
            if self.access.reaches(perms.change_needs)
            else []
        )
        return {
            "filter_form_html": form_html,
            "page": page,
            "own_centres": own_centres,
            "by_area": by_area,
            "export_query": request.GET.urlencode(),
            "can_manage_rules": self.access.can(perms.manage_rules),
        }


class NeedExportView(NeedMixin, AnalysisView):
    permission = perms.view_needs

    def get(self, request, municipality_slug, fmt):
        form, _centres = self.filter_form()
        needs = selectors.need_list(
            municipality=self.municipality,
            access=self.access,
            permission=self.permission,
            filters=form.to_filter(),
        )
        header = [
            _("Sozialraum"),
            _("Familienzentrum"),
            _("Träger"),
            _("Bedarf"),
            _("Zielgruppe"),
            _("Lebensphase"),
            _("Thema"),
            _("Priorität"),
            _("Status"),
            _("Begründung"),
            _("Belege"),
            _("geändert am"),
        ]
        return export_response(fmt, _("bedarfe"), header, need_rows(needs))


CODED = ("priority", "status")
TERMS = ("target_group__label", "life_phase__label", "topic__label")


def need_rows(needs):
    """The export's rows from ``values_list`` in batches, labels from dicts built once (the
    taxonomy's labels come with the row)."""
    labels = [choice_labels(Need._meta.get_field(name)) for name in CODED]
    fields = ("area__name", "centre__name", "centre__provider__name", "title", *TERMS, *CODED)
    rest = ("explanation", "description", "evidence_count", "updated_at")
    head = 4 + len(TERMS)
    for batch in value_batches(needs, *fields, *rest):
        for row in batch:
            area, centre, provider, title = row[:4]
            terms = row[4:head]
            coded = row[head : head + len(CODED)]
            explanation, description, evidence, updated = row[head + len(CODED) :]
            yield [
                area or "",
                centre,
                provider or "",
                title,
                *terms,
                *(names.get(value, value) for names, value in zip(labels, coded, strict=True)),
                explanation or description,
                evidence,
                updated,
            ]


class NeedDetailView(NeedMixin, AnalysisView):
    permission = perms.view_needs

    def get(self, request, municipality_slug, need_id):
        need = self.get_need(need_id)
        self.require(self.permission, need)
        can_change = self.access.can(perms.change_needs, need)
        return render(
            request,
            "analysis/need_detail.html",
            {
                "need": need,
                "evidence": selectors.need_evidence(need=need),
                "can_change": can_change,
                "can_decide": self.access.can(perms.decide_needs, need),
                "evidence_form": EvidenceForm(need=need) if can_change else None,
                "history": history_for(need, limit=20, access=self.access),
                "sections": need_sections(need, self.access),
            },
        )


class NeedCreateView(NeedMixin, AnalysisView):
    permission = perms.change_needs

    def form(self, centre, data=None):
        return NeedForm(
            data,
            municipality=self.municipality,
            centre=centre,
            can_decide=self.access.can(perms.decide_needs, centre),
        )

    def get(self, request, municipality_slug, centre_id):
        centre = self.get_centre(centre_id)
        self.require(self.permission, centre)
        return self.render(centre, self.form(centre))

    def post(self, request, municipality_slug, centre_id):
        centre = self.get_centre(centre_id)
        self.require(self.permission, centre)
        form = self.form(centre, request.POST)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in services.NEED_FIELDS}
            data[VERSION_FIELD] = form.cleaned_data.get(VERSION_FIELD)
            try:
                need = services.need_create(actor=request.user, centre=centre, data=data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Der Bedarf wurde erfasst."))
                return redirect("analysis:need_detail", self.municipality.slug, need.pk)
        return self.render(centre, form, status=400)

    def render(self, centre, form, status=200, need=None):
        return render(
            self.request,
            "analysis/need_form.html",
            {"form": form, "centre": centre, "need": need},
            status=status,
        )


class NeedUpdateView(NeedCreateView):
    def get(self, request, municipality_slug, need_id):
        need = self.get_need(need_id)
        self.require(self.permission, need)
        form = NeedForm(
            instance=need,
            municipality=self.municipality,
            centre=need.centre,
            can_decide=self.access.can(perms.decide_needs, need),
        )
        return self.render(need.centre, form, need=need)

    def post(self, request, municipality_slug, need_id):
        need = self.get_need(need_id)
        self.require(self.permission, need)
        original = self.get_need(need_id)
        form = NeedForm(
            request.POST,
            instance=need,
            municipality=self.municipality,
            centre=need.centre,
            can_decide=self.access.can(perms.decide_needs, need),
        )
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in services.NEED_FIELDS}
            data[VERSION_FIELD] = form.cleaned_data.get(VERSION_FIELD)
            try:
                services.need_update(actor=request.user, need=original, data=data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
                return redirect("analysis:need_detail", self.municipality.slug, need.pk)
        return self.render(need.centre, form, status=400, need=original)


class NeedStatusView(NeedMixin, AnalysisView):
    """The coordinator confirms or rejects a need the team reported (POST ``status``)."""

    permission = perms.decide_needs

    def get(self, request, municipality_slug, need_id):
        need = self.get_need(need_id)
        self.require(self.permission, need)
        return redirect("analysis:need_detail", self.municipality.slug, need.pk)

    def post(self, request, municipality_slug, need_id):
        need = self.get_need(need_id)
        self.require(self.permission, need)
        status = request.POST.get("status", "")
        if status not in NeedStatus.values:
            messages.error(request, _("Unbekannter Status."))
        else:
            services.need_update(actor=request.user, need=need, data={"status": status})
            messages.success(
                request,
                _("Status: {status}.").format(status=NeedStatus(status).label),
            )
        return redirect("analysis:need_detail", self.municipality.slug, need.pk)


class NeedEvidenceView(NeedMixin, AnalysisView):
    """POST adds free-text feedback; ``remove=<id>`` removes a piece of evidence."""

    permission = perms.change_needs

    def get(self, request, municipality_slug, need_id):
        need = self.get_need(need_id)
        self.require(self.permission, need)
        return redirect("analysis:need_detail", self.municipality.slug, need.pk)

    def post(self, request, municipality_slug, need_id):
        need = self.get_need(need_id)
        self.require(self.permission, need)
        remove = request.POST.get("remove", "")
        if remove:
            evidence = NeedEvidence.objects.filter(
                need=need, pk=int_param(request.POST, "remove", default=0)
            ).first()
            if evidence is None:
                raise Http404
            services.need_evidence_remove(actor=request.user, evidence=evidence)
            messages.success(request, _("Der Beleg wurde entfernt."))
            return redirect("analysis:need_detail", self.municipality.slug, need.pk)
        form = EvidenceForm(request.POST, need=need)
        if form.is_valid():
            data = form.cleaned_data
            indicator = None
            if data.get("indicator"):
                indicator = Indicator.objects.filter(
                    municipality=self.municipality, pk=data["indicator"]
                ).first()
            try:
                services.need_evidence_link(
                    actor=request.user,
                    need=need,
                    kind=data["kind"],
                    indicator=indicator,
                    figure=data.get("figure", ""),
                    observation=data.get("observation_obj"),
                    text=data["text"],
                    source=data["source"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Der Beleg wurde hinzugefügt."))
                return redirect("analysis:need_detail", self.municipality.slug, need.pk)
        return render(
            request,
            "analysis/need_detail.html",
            {
                "need": need,
                "evidence": selectors.need_evidence(need=need),
                "can_change": True,
                "evidence_form": form,
                "history": [],
            },
            status=400,
        )


class NeedSuggestionsView(NeedMixin, AnalysisView):
    permission = perms.view_needs

    def get(self, request, municipality_slug, centre_id):
        centre = self.get_centre(centre_id)
        self.require(self.permission, centre)
        return self.render(centre)

    def post(self, request, municipality_slug, centre_id):
        centre = self.get_centre(centre_id)
        self.require(perms.decide_needs, centre)
        key = request.POST.get("key", "")
        decision = request.POST.get("decision", "")
        suggestion = next(
            (
                s
                for s in rules.suggest_needs(municipality=self.municipality, centre=centre)
                if s.key == key
            ),
            None,
        )
        if suggestion is None or decision not in {"confirm", "reject"}:
            messages.error(
                request,
                _(
                    "Dieser Vorschlag gilt nicht mehr – vielleicht wurde schon darüber "
                    "entschieden oder die Zahlen haben sich geändert."
                ),
            )
            return redirect("analysis:need_suggestions", self.municipality.slug, centre.pk)
        try:
            need = services.need_decide(
                actor=request.user,
                centre=centre,
                suggestion=suggestion,
                accept=decision == "confirm",
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("analysis:need_suggestions", self.municipality.slug, centre.pk)
        if decision == "confirm":
            messages.success(request, _("Der Bedarf wurde bestätigt."))
            return redirect("analysis:need_detail", self.municipality.slug, need.pk)
        messages.success(request, _("Der Vorschlag wurde verworfen."))
        return redirect("analysis:need_suggestions", self.municipality.slug, centre.pk)

    def render(self, centre):
        suggestions = rules.suggest_needs(municipality=self.municipality, centre=centre)
        return render(
            self.request,
            "analysis/need_suggestions.html",
            {
                "centre": centre,
                "suggestions": suggestions,
                "can_decide": self.access.can(perms.decide_needs, centre),
                "has_areas": centre.areas.exists(),
            },
        )


# -------------------------------------------------------------------------------- rules


class NeedRuleListView(AnalysisView):
    permission = perms.manage_rules

    def get(self, request, municipality_slug):
        return render(
            request,
            "analysis/rule_list.html",
            {"rules": selectors.need_rule_list(municipality=self.municipality)},
        )


class NeedRuleCreateView(AnalysisView):
    permission = perms.manage_rules

    def get(self, request, municipality_slug):
        return self.render(NeedRuleForm(municipality=self.municipality))

    def post(self, request, municipality_slug):
        form = NeedRuleForm(request.POST, municipality=self.municipality)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in services.RULE_FIELDS}
            data[VERSION_FIELD] = form.cleaned_data.get(VERSION_FIELD)
            try:
                services.need_rule_create(
                    actor=request.user, municipality=self.municipality, data=data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Regel wurde angelegt."))
                return redirect("analysis:rule_list", self.municipality.slug)
        return self.render(form, status=400)

    def render(self, form, status=200, rule=None):
        return render(
            self.request,
            "analysis/rule_form.html",
            {"form": form, "rule": rule},
            status=status,
        )


class NeedRuleUpdateView(NeedRuleCreateView):
    def get_rule(self, pk):
        try:
            return selectors.need_rule_get(municipality=self.municipality, pk=pk)
        except NeedRule.DoesNotExist as exc:
            raise Http404 from exc

    def get(self, request, municipality_slug, rule_id):
        rule = self.get_rule(rule_id)
        return self.render(NeedRuleForm(instance=rule, municipality=self.municipality), rule=rule)

    def post(self, request, municipality_slug, rule_id):
        rule = self.get_rule(rule_id)
        original = self.get_rule(rule_id)
        form = NeedRuleForm(request.POST, instance=rule, municipality=self.municipality)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in services.RULE_FIELDS}
            data[VERSION_FIELD] = form.cleaned_data.get(VERSION_FIELD)
            try:
                services.need_rule_update(actor=request.user, rule=original, data=data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Regel wurde gespeichert."))
                return redirect("analysis:rule_list", self.municipality.slug)
        return self.render(form, status=400, rule=original)
