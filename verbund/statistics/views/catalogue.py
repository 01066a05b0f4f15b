"""The indicator catalogue and the values per indicator and area."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verbund.areas.models import Area
from verbund.core.exports import choice_labels, export_response, value_batches
from verbund.core.forms import add_service_errors
from verbund.core.params import int_param
from verbund.core.tenant_views import TenantView

from .. import permissions as perms
from .. import selectors, services
from ..forms import IndicatorForm
from ..models import Indicator, IndicatorValue

PAGE_SIZE = 100


class IndicatorObjectMixin:
    def get_indicator(self, pk: int) -> Indicator:
        try:
            return selectors.indicator_get(municipality=self.municipality, pk=pk)
        except Indicator.DoesNotExist as exc:
            raise Http404 from exc


class IndicatorListView(TenantView):
    permission = perms.view_values

    def get(self, request, municipality_slug):
        indicators = selectors.indicator_catalogue(municipality=self.municipality)
        topics: dict[str, list] = {}
        for indicator in indicators:
            topics.setdefault(indicator.topic or _("Ohne Thema"), []).append(indicator)
        return render(
            request,
            "statistics/indicator_list.html",
            {
                "topics": topics,
                "can_manage": self.access.can(perms.manage_catalogue),
                "can_import": self.access.can(perms.import_values),
            },
        )


class IndicatorDetailView(IndicatorObjectMixin, TenantView):
    permission = perms.view_values

    def get(self, request, municipality_slug, indicator_id):
        indicator = self.get_indicator(indicator_id)
        years = selectors.indicator_years(indicator=indicator)
        year = int_param(request.GET, "jahr", max_value=9999, default=years[0] if years else 0)
        values = selectors.indicator_values(indicator=indicator, year=year)
        page = Paginator(values, PAGE_SIZE).get_page(request.GET.get("seite"))
        return render(
            request,
            "statistics/indicator_detail.html",
            {
                "indicator": indicator,
                "years": years,
                "year": year,
                "page": page,
                "can_manage": self.access.can(perms.manage_catalogue),
            },
        )


class IndicatorExportView(IndicatorObjectMixin, TenantView):
    permission = perms.view_values

    def get(self, request, municipality_slug, indicator_id, fmt):
        indicator = self.get_indicator(indicator_id)
        values = selectors.indicator_values(indicator=indicator)
        header = [
            _("Gebietsschlüssel"),
            _("Gebiet"),
            _("Ebene"),
            _("Jahr"),
            indicator.name + (f" ({indicator.unit})" if indicator.unit else ""),
            _("Status"),
        ]
        statuses = choice_labels(IndicatorValue._meta.get_field("status"))
        fields = ("area__code", "area__name", "area__level", "year", "value", "status")
        rows = (
            [*row[:5], statuses.get(row[5], row[5])]
            for batch in value_batches(values, *fields)  # never the areas' boundaries
            for row in batch
        )
        return export_response(fmt, indicator.key, header, rows)


class IndicatorCreateView(TenantView):
    permission = perms.manage_catalogue

    def get(self, request, municipality_slug):
        return self.render(IndicatorForm())

    def post(self, request, municipality_slug):
        form = IndicatorForm(request.POST)
        if form.is_valid():
            try:
                indicator = services.indicator_create(
                    actor=request.user, municipality=self.municipality, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Der Indikator wurde angelegt."))
                return redirect("statistics:indicator_detail", self.municipality.slug, indicator.pk)
        return self.render(form, status=400)

    def render(self, form, status=200):
        return render(
            self.request,
            "statistics/indicator_form.html",
            {"form": form, "title": _("Indikator anlegen")},
            status=status,
        )


class IndicatorUpdateView(IndicatorObjectMixin, TenantView):
    permission = perms.manage_catalogue

    def get(self, request, municipality_slug, indicator_id):
        indicator = self.get_indicator(indicator_id)
        return self.render(indicator, IndicatorForm(instance=indicator))

    def post(self, request, municipality_slug, indicator_id):
        indicator = self.get_indicator(indicator_id)
        original = self.get_indicator(indicator_id)
        form = IndicatorForm(request.POST, instance=indicator)
        if form.is_valid():
            try:
                services.indicator_update(
                    actor=request.user, indicator=original, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
                return redirect("statistics:indicator_detail", self.municipality.slug, original.pk)
        return self.render(original, form, status=400)

    def render(self, indicator, form, status=200):
        return render(
            self.request,
            "statistics/indicator_form.html",
            {"form": form, "indicator": indicator, "title": _("Indikator bearbeiten")},
            status=status,
        )


class IndicatorDeleteView(IndicatorObjectMixin, TenantView):
    permission = perms.manage_catalogue

    def get(self, request, municipality_slug, indicator_id):
        indicator = self.get_indicator(indicator_id)
        return render(
            request,
            "statistics/indicator_confirm_delete.html",
            {"indicator": indicator, "value_count": indicator.values.count()},
        )

    def post(self, request, municipality_slug, indicator_id):
        indicator = self.get_indicator(indicator_id)
        services.indicator_delete(actor=request.user, indicator=indicator)
        messages.success(request, _("Der Indikator wurde gelöscht."))
        return redirect("statistics:indicator_list", self.municipality.slug)


class AreaValuesView(TenantView):
    permission = perms.view_values

    def get(self, request, municipality_slug, area_id):
        try:
            area = selectors.area_get(municipality=self.municipality, pk=area_id)
        except Area.DoesNotExist as exc:
            raise Http404 from exc
        values = list(selectors.area_values(area=area))
        years = sorted({value.year for value in values})
        table: dict[int, dict] = {}
        for value in values:
            row = table.setdefault(value.indicator_id, {"indicator": value.indicator, "cells": {}})
            row["cells"][value.year] = value
        rows = [
            {"indicator": row["indicator"], "cells": [row["cells"].get(y) for y in years]}
            for row in table.values()
        ]
        return render(
            request,
            "statistics/area_values.html",
            {"area": area, "years": years, "rows": rows},
        )
