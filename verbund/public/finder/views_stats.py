"""The planners' page "Wonach Familien suchen" and its CSV export."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.core.exports import export_response
from verbund.core.tenant_views import TenantView
from verbund.public.permissions import view_search_stats

from . import stats

DEFAULT_DAYS = 30
MAX_DAYS = 3 * 366


class PeriodForm(forms.Form):
    von = forms.DateField(
        label=gettext_lazy("von"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    bis = forms.DateField(
        label=gettext_lazy("bis"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        first, last = data.get("von"), data.get("bis")
        if first and last and last < first:
            self.add_error("bis", _("„bis“ muss nach „von“ liegen."))
        return data

    def period(self):
        today = timezone.localdate()
        last, first = today, today - timedelta(days=DEFAULT_DAYS - 1)
        if self.is_bound and self.is_valid():
            last = self.cleaned_data.get("bis") or last
            first = self.cleaned_data.get("von") or last - timedelta(days=DEFAULT_DAYS - 1)
            if last < first:
                first, last = last, first
            first = max(first, last - timedelta(days=MAX_DAYS))
        return first, last


class SearchStatsMixin:
    permission = view_search_stats

    def period(self):
        form = PeriodForm(self.request.GET or None)
        first, last = form.period()
        return form, first, last


class SearchStatsView(SearchStatsMixin, TenantView):
    def get(self, request, municipality_slug):
        form, first, last = self.period()
        queryset = stats.counts_in(municipality=self.municipality, first=first, last=last)
        labels = stats.Labels(self.municipality)
        context = {
            "municipality": self.municipality,
            "form": form,
            "first": first,
            "last": last,
            "total": stats.total(queryset),
            "combinations": stats.top_combinations(queryset, labels),
            "per_value": stats.per_value(queryset, labels),
            "query": f"von={first.isoformat()}&bis={last.isoformat()}",
        }
        return render(request, "public/finder/search_stats.html", context)


class SearchStatsExportView(SearchStatsMixin, TenantView):
    def get(self, request, municipality_slug):
        _form, first, last = self.period()
        queryset = stats.counts_in(municipality=self.municipality, first=first, last=last)
        labels = stats.Labels(self.municipality)
        header = [str(label) for _name, label in stats.DIMENSIONS] + [_("Anzahl")]
        filename = f"familien-suchen-{first.isoformat()}-{last.isoformat()}"
        return export_response("csv", filename, header, stats.export_rows(queryset, labels))
