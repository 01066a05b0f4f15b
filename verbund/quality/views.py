from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.forms import add_service_errors
from verbund.core.params import MAX_ID, int_param
from verbund.core.tenant_views import TenantView

from . import permissions as perms
from . import selectors, services
from .forms import CatalogueImportForm, CriterionForm, SelfCheckStartForm
from .models import Catalogue, CriterionCheck, SelfCheck
from .rules import evidence_linker

PAGE_SIZE = 50


def _url(name: str, municipality, **kwargs) -> str:
    return reverse(f"quality:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


class OverviewView(TenantView):
    """The self-checks the user may see, by year; the start form for editors."""

    permission = perms.view_selfcheck

    def get(self, request, municipality_slug):
        year = int_param(request.GET, "jahr", min_value=2000, max_value=2100)
        checks = selectors.selfchecks(access=self.access, municipality=self.municipality, year=year)
        page = Paginator(checks, PAGE_SIZE).get_page(
            int_param(request.GET, "seite", min_value=1, max_value=100000, default=1)
        )
        return render(
            request,
            "quality/overview.html",
            {
                "page": page,
                "year": year,
                "can_start": self.access.can(perms.edit_selfcheck),
                "can_manage": self.access.can(perms.manage_catalogue),
                "this_year": timezone.localdate().year,
            },
        )


class SelfCheckStartView(TenantView):
    permission = perms.edit_selfcheck

    def _form(self, data=None):
        return SelfCheckStartForm(data, access=self.access, municipality=self.municipality)

    def get(self, request, municipality_slug):
        return render(request, "quality/start.html", {"form": self._form()})

    def post(self, request, municipality_slug):
        form = self._form(request.POST)
        if form.is_valid():
            self.require(perms.edit_selfcheck, form.cleaned_data["centre"])
            try:
                check = services.selfcheck_create(
                    actor=request.user,
                    municipality=self.municipality,
                    centre=form.cleaned_data["centre"],
                    year=form.cleaned_data["year"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Der Selbstcheck ist angelegt und vorausgefüllt."))
                return redirect(_url("selfcheck", self.municipality, selfcheck_id=check.pk))
        return render(request, "quality/start.html", {"form": form}, status=400)


class SelfCheckMixin:
    def get_check(self, selfcheck_id) -> SelfCheck:
        try:
            return selectors.selfcheck(
                access=self.access, municipality=self.municipality, selfcheck_id=selfcheck_id
            )
        except SelfCheck.DoesNotExist:
            raise Http404 from None


def _decorate(result, municipality):
    """Evidence items with their links (no queries: URLs are reversed once per kind)."""
    link = evidence_linker(municipality.slug)
    for area in result.areas:
        for row in area.rows:
            for rule in (row.evidence or {}).get("rules", []):
                for item in rule["items"]:
                    item["url"] = link(item["kind"], item["id"])
    return result


class SelfCheckDetailView(SelfCheckMixin, TenantView):
    permission = perms.view_selfcheck

    def get(self, request, municipality_slug, selfcheck_id):
        check = self.get_check(selfcheck_id)
        result, stored = selectors.result_for(check)
        can_edit = self.access.can(perms.edit_selfcheck, check)
        return render(
            request,
            "quality/selfcheck.html",
            {
                "check": check,
                "result": _decorate(result, self.municipality),
                "groups": result.groups(),
                "missing": result.missing_areas(),
                "evidence_at": stored.computed_at if stored else None,
                "can_edit": can_edit,
                "catalogue_note": check.catalogue.definition.get("note", ""),
                "history": selectors.history(access=self.access, check=check),
            },
        )


class CriterionView(SelfCheckMixin, TenantView):
    """One criterion's judgement (the detail page posts here too)."""

    permission = perms.edit_selfcheck

    def get_row(self, selfcheck_id, criterion_id) -> CriterionCheck:
        try:
            row = selectors.criterion_row(
                access=self.access,
                municipality=self.municipality,
                selfcheck_id=selfcheck_id,
                criterion_id=criterion_id,
            )
        except CriterionCheck.DoesNotExist:
            raise Http404 from None
        self.require(perms.edit_selfcheck, row.selfcheck)
        return row

    def _render(self, request, row, form, status=200):
        criterion = next(
            (
                c
                for a in row.selfcheck.catalogue.definition["areas"]
                for c in a["criteria"]
                if c["key"] == row.key
            ),
            {"key": row.key, "text": row.key},
        )
        return render(
            request,
            "quality/criterion.html",
            {"row": row, "check": row.selfcheck, "criterion": criterion, "form": form},
            status=status,
        )

    def get(self, request, municipality_slug, selfcheck_id, criterion_id):
        row = self.get_row(selfcheck_id, criterion_id)
        return self._render(request, row, CriterionForm(instance=row))

    def post(self, request, municipality_slug, selfcheck_id, criterion_id):
        row = self.get_row(selfcheck_id, criterion_id)
        form = CriterionForm(request.POST, instance=row)
        if form.is_valid():
            try:
                services.criterion_judge(actor=request.user, row=row, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Bewertung ist gespeichert."))
                url = _url("selfcheck", self.municipality, selfcheck_id=row.selfcheck_id)
                return redirect(f"{url}#k-{row.pk}")
        row.refresh_from_db()
        return self._render(request, row, form, status=400)


class EvidenceRefreshView(SelfCheckMixin, TenantView):
    permission = perms.edit_selfcheck

    def get(self, request, municipality_slug, selfcheck_id):
        check = self.get_check(selfcheck_id)
        self.require(perms.edit_selfcheck, check)
        return render(request, "quality/refresh.html", {"check": check})

    def post(self, request, municipality_slug, selfcheck_id):
        check = self.get_check(selfcheck_id)
        self.require(perms.edit_selfcheck, check)
        services.evidence_refresh(actor=request.user, selfcheck=check)
        messages.success(request, _("Die Nachweise sind neu ermittelt."))
        return redirect(_url("selfcheck", self.municipality, selfcheck_id=check.pk))


class CatalogueView(TenantView):
    permission = perms.view_selfcheck

    def get(self, request, municipality_slug):
        current = selectors.current_catalogue(municipality=self.municipality)
        if current is None and self.access.can(perms.manage_catalogue):
            current = services.catalogue_current(municipality=self.municipality, actor=request.user)
        return render(
            request,
            "quality/catalogue.html",
            {
                "current": current,
                "catalogues": selectors.catalogues(municipality=self.municipality),
                "can_manage": self.access.can(perms.manage_catalogue),
            },
        )


class CatalogueImportView(TenantView):
    permission = perms.manage_catalogue

    def get(self, request, municipality_slug):
        return render(request, "quality/catalogue_import.html", {"form": CatalogueImportForm()})

    def post(self, request, municipality_slug):
        form = CatalogueImportForm(request.POST, request.FILES)
        if form.is_valid():
            catalogue = services.catalogue_import(
                actor=request.user, municipality=self.municipality, text=form.text
            )
            messages.success(
                request,
                _("Der Katalog „%(name)s“ ist eingelesen und gilt für neue Selbstchecks.")
                % {"name": catalogue.name},
            )
            return redirect(_url("catalogue", self.municipality))
        return render(request, "quality/catalogue_import.html", {"form": form}, status=400)


class EvidenceAllView(TenantView):
    permission = perms.manage_catalogue

    def get(self, request, municipality_slug):
        return render(request, "quality/evidence_all.html", {})

    def post(self, request, municipality_slug):
        services.evidence_request_all(actor=request.user, municipality=self.municipality)
        messages.success(
            request,
            _(
                "Die Nachweise werden im Hintergrund ermittelt; den Fortschritt sehen Sie "
                "unter „Aufträge im Hintergrund“."
            ),
        )
        return redirect(_url("overview", self.municipality))


def catalogue_or_404(municipality, catalogue_id) -> Catalogue:
    if catalogue_id > MAX_ID:
        raise Http404
    try:
        return Catalogue.objects.get(municipality=municipality, pk=catalogue_id)
    except Catalogue.DoesNotExist:
        raise Http404 from None
