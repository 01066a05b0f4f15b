"""The centres' own registration figures: entered by the centre's team, read by others with
counts below five hidden."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.exports import export_response
from verbund.core.forms import add_service_errors
from verbund.tenancy.models import FamilyCentre

from .. import list_cache, selectors, services
from .. import permissions as perms
from ..figures import FIGURES, count_display, figure_cells, share_of
from ..forms import CentreFiguresForm, NewYearForm
from .base import AnalysisView

PAGE_SIZE = 50  # centres per page of the overview (a large municipality has 300)


class CentreMixin:
    def get_centre(self, pk: int) -> FamilyCentre:
        try:
            return selectors.centre_get(municipality=self.municipality, pk=pk)
        except FamilyCentre.DoesNotExist as exc:
            raise Http404 from exc

    def is_own(self, centre) -> bool:
        """The centre's own team sees exact small counts; everyone else sees "< 5"."""
        return perms.is_centre_team(self.access, centre)


class FiguresView(CentreMixin, AnalysisView):
    permission = perms.view_figures

    def get(self, request, municipality_slug):
        within = {"access": self.access, "permission": self.permission}
        # A row names and links its centre: id and name are all it reads (50 full centres
        # with their providers cost a third of the page).
        listed = selectors.centre_list(municipality=self.municipality, **within)
        page = Paginator(
            listed.select_related(None).values_list("pk", "name", named=True), PAGE_SIZE
        ).get_page(request.GET.get("seite"))
        centres = list(page)
        shown = tuple((centre.pk, perms.is_centre_team(self.access, centre)) for centre in centres)

        def render_rows():
            latest = selectors.figures_latest(
                municipality=self.municipality, centre_ids=[c.pk for c in centres], **within
            )
            rows = []
            for centre, (_pk, own) in zip(centres, shown, strict=True):
                figures = latest.get(centre.pk)
                rows.append(
                    {
                        "centre": centre,
                        "own": own,
                        "figures": figures,
                        "cells": figure_cells(figures, own=own) if figures else [],
                    }
                )
            return render_to_string(
                "analysis/_figures_rows.html",
                {"rows": rows, "figure_defs": FIGURES, "municipality": self.municipality},
            )

        return render(
            request,
            "analysis/figures_overview.html",
            {
                "rows_html": list_cache.figures_rows_html(
                    municipality_id=self.municipality.pk, shown=shown, render=render_rows
                ),
                "page": page,
                "figure_defs": FIGURES,
            },
        )


class FiguresExportView(AnalysisView):
    """Exports leave the centre: counts below five are always hidden here."""

    permission = perms.view_figures

    def get(self, request, municipality_slug, fmt):
        header = [_("Familienzentrum"), _("Jahr")]
        for figure in FIGURES:
            header.append(str(figure.label))
            if figure.base:
                header.append(_("{label} in %").format(label=figure.label))
        rows = []
        for figures in selectors.figures_export_rows(
            municipality=self.municipality, access=self.access, permission=self.permission
        ):
            row = [figures.centre.name, figures.year]
            for figure in FIGURES:
                row.append(count_display(figures.value(figure.key), own=False))
                if figure.base:
                    share = share_of(figures, figure.key, own=False)
                    row.append(None if share is None else round(share, 1))
            rows.append(row)
        return export_response(fmt, _("kennzahlen-familienzentren"), header, rows)


class CentreFiguresView(CentreMixin, AnalysisView):
    permission = perms.view_figures

    def get(self, request, municipality_slug, centre_id):
        centre = self.get_centre(centre_id)
        self.require(self.permission, centre)
        own = self.is_own(centre)
        can_edit = self.access.can(perms.change_figures, centre)
        year_form = NewYearForm(request.GET or None, initial={"year": timezone.now().year - 1})
        if can_edit and year_form.is_bound and year_form.is_valid():
            return redirect(
                "analysis:centre_figures_edit",
                self.municipality.slug,
                centre.pk,
                year_form.cleaned_data["year"],
            )
        years = [
            {"figures": f, "cells": figure_cells(f, own=own)}
            for f in selectors.figures_of_centre(centre=centre).order_by("-year")
        ]
        matrix = [
            (figure, [entry["cells"][index] for entry in years])
            for index, figure in enumerate(FIGURES)
        ]
        return render(
            request,
            "analysis/centre_figures.html",
            {
                "centre": centre,
                "own": own,
                "can_edit": can_edit,
                "years": years,
                "matrix": matrix,
                "year_form": year_form,
            },
        )


class CentreFiguresEditView(CentreMixin, AnalysisView):
    permission = perms.change_figures

    def prepare(self, centre_id, year):
        centre = self.get_centre(centre_id)
        self.require(self.permission, centre)
        if not 2000 <= year <= 2100:
            raise Http404
        existing = selectors.figures_of_centre(centre=centre).filter(year=year).first()
        return centre, existing

    def get(self, request, municipality_slug, centre_id, year):
        centre, existing = self.prepare(centre_id, year)
        return self.render(centre, year, existing, CentreFiguresForm(instance=existing))

    def post(self, request, municipality_slug, centre_id, year):
        centre, existing = self.prepare(centre_id, year)
        if "delete" in request.POST and existing is not None:
            services.centre_figures_delete(actor=request.user, figures=existing)
            messages.success(
                request, _("Die Kennzahlen für {year} wurden gelöscht.").format(year=year)
            )
            return redirect("analysis:centre_figures", self.municipality.slug, centre.pk)
        form = CentreFiguresForm(request.POST, instance=existing)
        if form.is_valid():
            try:
                services.centre_figures_save(
                    actor=request.user, centre=centre, year=year, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Die Kennzahlen für {year} wurden gespeichert.").format(year=year)
                )
                return redirect("analysis:centre_figures", self.municipality.slug, centre.pk)
        return self.render(centre, year, existing, form, status=400)

    def render(self, centre, year, existing, form, status=200):
        return render(
            self.request,
            "analysis/centre_figures_form.html",
            {"centre": centre, "year": year, "existing": existing, "form": form},
            status=status,
        )
