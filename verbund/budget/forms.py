"""Forms of the action budget. Amounts are typed the German way ("1.234,56") and kept as
Decimal with two places; negative or over-precise amounts are refused by the field."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from verbund.analysis import permissions as analysis_perms
from verbund.analysis.choices import NeedStatus
from verbund.analysis.models import Need
from verbund.areas.models import Area
from verbund.core.choices import limit_choices
from verbund.core.forms import VersionedFormMixin
from verbund.core.roles import Reach
from verbund.network.models import Organisation
from verbund.planning import permissions as planning_perms
from verbund.planning.models import Goal
from verbund.tenancy.models import FamilyCentre

from . import permissions as perms
from .models import ActionBudget, ApplicationStatus, BudgetApplication, DecisionBy, Spending

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")
MAX_AMOUNT = Decimal("9999999999.99")


class MoneyField(forms.DecimalField):
    """Euro amounts: „1.234,56“, „1234,56“, „1234.56“ and „1.234“ (a thousands dot) are all
    read; at most two decimals, never negative."""

    def __init__(self, *, min_value=Decimal("0.01"), **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("max_value", MAX_AMOUNT)
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("Bitte geben Sie einen Betrag in Euro ein, z. B. 1.234,56."),
                "max_decimal_places": _("Bitte höchstens zwei Nachkommastellen (Cent) angeben."),
                "max_digits": _("Der Betrag ist zu groß."),
                "max_whole_digits": _("Der Betrag ist zu groß."),
                "max_value": _("Der Betrag ist zu groß."),
            },
        )
        super().__init__(min_value=min_value, localize=False, **kwargs)
        self.error_messages["min_value"] = (
            _("Der Betrag darf nicht negativ sein.")
            if min_value <= 0
            else _("Der Betrag muss größer als 0 € sein.")
        )
        self.widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
            if "," in value:
                value = value.replace(".", "").replace(",", ".")
            elif GROUPED.match(value):
                value = value.replace(".", "")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}".replace(".", ",")
        return value


class BudgetForm(VersionedFormMixin, forms.ModelForm):
    amount = MoneyField(label=_("Betrag in Euro"), min_value=Decimal("0"))

    class Meta:
        model = ActionBudget
        fields = [
            "year",
            "title",
            "area",
            "centre",
            "funding_source",
            "decided_by",
            "amount",
            "allow_overspend",
        ]
        field_classes = {"area": SafeModelChoiceField, "centre": SafeModelChoiceField}

    def __init__(self, *args, municipality, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].min_value = 2000
        self.fields["year"].widget.attrs.update({"min": 2000, "max": 2100})
        instance = self.instance
        self.municipality_wide = Reach.MUNICIPALITY in access.reaches(perms.manage_budget)
        limit_choices(
            self,
            "area",
            Area.objects.filter(municipality=municipality).order_by("name"),
            access=access,
            permission=perms.manage_budget,
            current=[instance.area_id],
        )
        limit_choices(
            self,
            "centre",
            FamilyCentre.objects.filter(municipality=municipality).order_by("name"),
            access=access,
            permission=perms.manage_budget,
            current=[instance.centre_id],
        )
        self.fields["area"].help_text = _("Für ein Budget des ganzen Sozialraums.")
        self.fields["centre"].help_text = _(
            "Für ein Budget eines Familienzentrums (auch zusammen mit dem Sozialraum)."
        )

    def clean_decided_by(self):
        decided_by = self.cleaned_data["decided_by"]
        if decided_by == DecisionBy.MUNICIPALITY and not self.municipality_wide:
            raise ValidationError(
                _(
                    "Ein Budget, über das die Kommune entscheidet, legt die Jugendhilfeplanung "
                    "an. Als Träger wählen Sie „Träger des Familienzentrums“."
                )
            )
        return decided_by

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and not 2000 <= year <= 2100:
            raise ValidationError(_("Bitte ein Jahr zwischen 2000 und 2100 angeben."))
        return year


class ApplicationForm(forms.ModelForm):
    amount_requested = MoneyField(label=_("Betrag in Euro"))

    class Meta:
        model = BudgetApplication
        fields = [
            "purpose",
            "amount_requested",
            "planned_on",
            "centre",
            "organisation",
            "need",
            "goal",
            "description",
        ]
        field_classes = {
            "centre": SafeModelChoiceField,
            "organisation": SafeModelChoiceField,
            "need": SafeModelChoiceField,
            "goal": SafeModelChoiceField,
        }
        widgets = {"planned_on": DATE, "description": forms.Textarea(attrs={"rows": 4})}
        labels = {"centre": _("für das Familienzentrum"), "organisation": _("für die Organisation")}

    def __init__(self, *args, budget, access, **kwargs):
        super().__init__(*args, **kwargs)
        municipality = budget.municipality
        centres = limit_choices(
            self,
            "centre",
            FamilyCentre.objects.filter(municipality=municipality).order_by("name"),
            access=access,
            permission=perms.apply_for_budget,
        )
        organisations = limit_choices(
            self,
            "organisation",
            Organisation.objects.filter(
                municipality=municipality, archived_at__isnull=True
            ).order_by("name"),
            access=access,
            permission=perms.apply_for_budget,
        )
        limit_choices(
            self,
            "need",
            Need.objects.filter(municipality=municipality)
            .exclude(status__in=[NeedStatus.REJECTED, NeedStatus.MET])
            .select_related("centre")
            .order_by("title"),
            access=access,
            permission=analysis_perms.view_needs,
        )
        self.fields["need"].help_text = _(
            "Auf welchen Bedarf im Sozialraum antwortet die Maßnahme?"
        )
        self.fields["purpose"].widget.attrs["placeholder"] = _("z. B. Material für das Elterncafé")
        # One applicant the user may name: preselected, the other field left out.
        self.centre_count = centres.count()
        self.organisation_count = organisations.count()
        if self.organisation_count == 0:
            del self.fields["organisation"]
        if self.centre_count == 0:
            del self.fields["centre"]
        both = "centre" in self.fields and "organisation" in self.fields
        for name in ("centre", "organisation"):
            if name in self.fields:
                self.fields[name].required = not both
        self.fields["need"].empty_label = _("kein bestimmter Bedarf")
        limit_choices(
            self,
            "goal",
            Goal.objects.filter(
                municipality=municipality, programme__year__gte=timezone.localdate().year - 1
            )
            .select_related("programme__centre")
            .order_by("-programme__year", "programme__centre__name", "title"),
            access=access,
            permission=planning_perms.view_programme,
        )
        self.fields["goal"].empty_label = _("kein Ziel aus einem Jahresprogramm")
        self.fields["goal"].help_text = _(
            "Welchem Ziel im Jahresprogramm des Familienzentrums dient die Maßnahme?"
        )
        self.fields["goal"].label_from_instance = lambda goal: (
            f"{goal.programme.centre.name} {goal.programme.year}: {goal.title}"
        )
        if not self.is_bound:
            self._preselect(budget)

    def _preselect(self, budget) -> None:
        """The applicant preselected: the budget's own centre, or the only choice there is."""
        for name in ("centre", "organisation"):
            field = self.fields.get(name)
            if field is None:
                continue
            if name == "centre" and field.queryset.filter(pk=budget.centre_id).exists():
                self.initial[name] = budget.centre_id
            elif field.queryset.count() == 1:
                self.initial[name] = field.queryset.first().pk

    @property
    def can_apply(self) -> bool:
        return "centre" in self.fields or "organisation" in self.fields

    def clean(self):
        data = super().clean()
        centre, organisation = data.get("centre"), data.get("organisation")
        if centre and organisation:
            raise ValidationError(
                _("Bitte wählen Sie entweder das Familienzentrum oder die Organisation.")
            )
        if not centre and not organisation and not self.errors:
            raise ValidationError(_("Bitte wählen Sie, für wen Sie beantragen."))
        return data


class DecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Entscheidung"),
        choices=[
            (ApplicationStatus.APPROVED, _("bewilligen (voller Betrag)")),
            (ApplicationStatus.PARTLY, _("teilweise bewilligen")),
            (ApplicationStatus.REJECTED, _("ablehnen")),
        ],
        widget=forms.RadioSelect,
    )
    amount = MoneyField(
        label=_("bewilligter Betrag in Euro (nur bei teilweiser Bewilligung)"), required=False
    )
    reason = forms.CharField(
        label=_("Begründung"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Pflicht bei Ablehnung und teilweiser Bewilligung; die Antragsteller lesen sie."
        ),
    )


class SpendingForm(forms.ModelForm):
    amount = MoneyField(label=_("Betrag in Euro"))
    receipt = forms.FileField(
        label=_("Beleg (Rechnung, Quittung)"),
        help_text=_("PDF, JPEG oder PNG, höchstens 10 MB. Ein Foto mit dem Handy genügt."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    class Meta:
        model = Spending
        fields = ["spent_on", "amount", "note", "receipt"]
        widgets = {"spent_on": DATE}
        labels = {"note": _("Buchungstext (was wurde gekauft?)")}
