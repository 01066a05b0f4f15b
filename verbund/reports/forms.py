from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from verbund.core.choices import limit_choices
from verbund.core.forms import VersionedFormMixin
from verbund.tenancy.models import FamilyCentre

from . import permissions as perms
from .models import Report

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 6})


def _check_period(form, cleaned):
    start, end = cleaned.get("period_start"), cleaned.get("period_end")
    if start and end and end < start:
        form.add_error(
            "period_end",
            _("Der Zeitraum endet vor seinem Beginn: „bis“ muss nach „von“ liegen."),
        )
    return cleaned


class ReportCreateForm(forms.Form):
    centre = SafeModelChoiceField(queryset=FamilyCentre.objects.none(), label=_("Familienzentrum"))
    period_start = forms.DateField(label=_("Zeitraum von"), widget=DATE)
    period_end = forms.DateField(label=_("Zeitraum bis"), widget=DATE)
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        required=False,
        help_text=_("Leer lassen für „Entwicklungsbericht“ mit dem Jahr."),
    )

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        reachable = limit_choices(
            self, "centre", FamilyCentre.objects.all(), access=access, permission=perms.edit_report
        )
        only = list(reachable[:2])
        if len(only) == 1:  # a coordinator of one centre has nothing to choose
            self.fields["centre"].initial = only[0].pk
        year = timezone.localdate().year
        self.fields["period_start"].initial = datetime.date(year, 1, 1)
        self.fields["period_end"].initial = datetime.date(year, 12, 31)

    def clean(self):
        return _check_period(self, super().clean())


class ReportForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Report
        fields = [
            "title",
            "period_start",
            "period_end",
            "introduction",
            "text_profile",
            "text_network",
            "text_offers",
            "text_needs",
            "text_goals",
            "text_meetings",
            "conclusion",
        ]
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            "introduction": TEXT,
            "text_profile": TEXT,
            "text_network": TEXT,
            "text_offers": TEXT,
            "text_needs": TEXT,
            "text_goals": TEXT,
            "text_meetings": TEXT,
            "conclusion": TEXT,
        }

    def clean(self):
        return _check_period(self, super().clean())
