from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from verbund.analysis import permissions as analysis_perms
from verbund.analysis.choices import NeedStatus
from verbund.analysis.models import Need
from verbund.cooperation import permissions as cooperation_perms
from verbund.cooperation.models import Agreement
from verbund.core.choices import declare_choices, limit_choices
from verbund.core.forms import VersionedFormMixin
from verbund.meetings import permissions as meetings_perms
from verbund.meetings.models import ActionItem, ActionStatus
from verbund.network import permissions as network_perms
from verbund.network.models import Body
from verbund.offers import permissions as offers_perms
from verbund.offers.models import Offer
from verbund.tenancy.models import FamilyCentre

from . import permissions as perms
from .models import Goal, GoalReview, Measure, Programme, Review, Training

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHECKBOXES = forms.CheckboxSelectMultiple


class ProgrammeCreateForm(forms.Form):
    centre = SafeModelChoiceField(queryset=FamilyCentre.objects.none(), label=_("Familienzentrum"))
    year = forms.IntegerField(label=_("Jahr"), min_value=2000, max_value=2100)

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        reachable = limit_choices(
            self,
            "centre",
            FamilyCentre.objects.all(),
            access=access,
            permission=perms.edit_programme,
        )
        only = list(reachable[:2])
        if len(only) == 1:  # a coordinator of one centre has nothing to choose
            self.fields["centre"].initial = only[0].pk
        self.fields["year"].initial = timezone.localdate().year + 1


class ProgrammeForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Begründung"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class GoalForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Goal
        localized_fields = ["baseline_value", "target_value"]
        fields = [
            "title",
            "target_group",
            "extent",
            "due_on",
            "indicator",
            "indicator_label",
            "baseline_value",
            "target_value",
            "needs",
            "offers",
            "agreements",
            "bodies",
        ]
        field_classes = {
            "needs": SafeModelMultipleChoiceField,
            "offers": SafeModelMultipleChoiceField,
            "agreements": SafeModelMultipleChoiceField,
            "bodies": SafeModelMultipleChoiceField,
        }
        widgets = {
            "due_on": DATE,
            "needs": CHECKBOXES,
            "offers": CHECKBOXES,
            "agreements": CHECKBOXES,
            "bodies": CHECKBOXES,
        }

    def __init__(self, *args, programme: Programme, access, **kwargs):
        super().__init__(*args, **kwargs)
        centre = programme.centre
        self.fields["target_value"].required = True
        self.fields["target_value"].help_text = _(
            "Pflichtfeld: die Zahl, die bis zum Datum erreicht sein soll."
        )
        self.fields["target_value"].error_messages["required"] = _(
            "Das Ziel braucht einen messbaren Zielwert (eine Zahl)."
        )
        current = {}
        if self.instance.pk:
            current = {
                name: list(getattr(self.instance, name).values_list("pk", flat=True))
                for name in ("needs", "offers", "agreements", "bodies")
            }
        limit_choices(
            self,
            "needs",
            Need.objects.filter(centre=centre).exclude(status=NeedStatus.REJECTED),
            access=access,
            permission=analysis_perms.view_needs,
            current=current.get("needs", ()),
        )
        limit_choices(
            self,
            "offers",
            Offer.objects.filter(centre=centre),
            access=access,
            permission=offers_perms.view_offer,
            current=current.get("offers", ()),
        )
        limit_choices(
            self,
            "agreements",
            Agreement.objects.filter(centre=centre),
            access=access,
            permission=cooperation_perms.view_agreement,
            current=current.get("agreements", ()),
        )
        limit_choices(
            self,
            "bodies",
            Body.objects.filter(
                pk__in=Body.objects.filter(Q(centre=centre) | Q(members__centre=centre)).values(
                    "pk"
                )
            ),
            access=access,
            permission=network_perms.view_body,
            current=current.get("bodies", ()),
        )


def centre_users(centre):
    from verbund.accounts.models import Membership

    return (
        get_user_model()
        .objects.filter(
            pk__in=Membership.objects.filter(centre=centre).values("user"), is_active=True
        )
        .order_by("last_name", "first_name", "username")
    )


class MeasureForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["title", "responsible", "status", "start_on", "end_on", "action_items"]
        field_classes = {
            "responsible": SafeModelChoiceField,
            "action_items": SafeModelMultipleChoiceField,
        }
        widgets = {"start_on": DATE, "end_on": DATE, "action_items": CHECKBOXES}

    def __init__(self, *args, goal: Goal, access, **kwargs):
        super().__init__(*args, **kwargs)
        centre = goal.programme.centre
        self.fields["responsible"].queryset = centre_users(centre)
        self.fields["responsible"].label_from_instance = lambda u: u.get_full_name() or u.username
        current = (
            list(self.instance.action_items.values_list("pk", flat=True))
            if self.instance.pk
            else []
        )
        limit_choices(
            self,
            "action_items",
            ActionItem.objects.filter(
                Q(status=ActionStatus.OPEN) | Q(pk__in=current)
            ).select_related("meeting"),
            access=access,
            permission=meetings_perms.view_meeting,
            current=current,
        )
        self.fields["action_items"].label_from_instance = lambda a: f"{a.title} ({a.meeting})"
        self.fields["action_items"].help_text = _(
            "Aufgaben aus Sitzungsprotokollen, die zu dieser Maßnahme gehören."
        )
        declare_choices(self, responsible=perms.edit_programme)
        if not goal.programme.is_editable:
            for name in ("title", "responsible", "start_on", "end_on"):
                self.fields[name].disabled = True


class ReviewPlanForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["planned_on", "title"]
        widgets = {"planned_on": DATE}


class GoalResultForm(forms.ModelForm):
    class Meta:
        model = GoalReview
        localized_fields = ["current_value"]
        fields = [
            "current_value",
            "goal_evidence",
            "execution_evidence",
            "traffic_light",
            "decision",
            "decision_note",
        ]
        widgets = {
            "goal_evidence": forms.Textarea(attrs={"rows": 3}),
            "execution_evidence": forms.Textarea(attrs={"rows": 3}),
            "decision_note": forms.Textarea(attrs={"rows": 2}),
            "traffic_light": forms.RadioSelect,
            "decision": forms.RadioSelect,
        }

    def __init__(self, *args, goal: Goal, pulled=None, **kwargs):
        super().__init__(*args, prefix=f"ziel{goal.pk}", **kwargs)
        self.goal = goal
        self.pulled = pulled
        if pulled is not None:
            self.fields["current_value"].disabled = True
            self.fields["current_value"].initial = pulled
            self.fields["current_value"].help_text = _("aus Verbund ermittelt")
        else:
            self.fields["current_value"].required = True
            self.fields["current_value"].help_text = _("von Hand eintragen")


class ReviewHeldForm(forms.Form):
    held_on = forms.DateField(label=_("durchgeführt am"), widget=DATE)
    summary = forms.CharField(
        label=_("Zusammenfassung"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HoursForm(forms.Form):
    weekly_hours = forms.DecimalField(
        label=_("Wochenstunden laut Vertrag"),
        localize=True,
        max_digits=4,
        decimal_places=1,
        min_value=0.5,
        max_value=60,
    )
    note = forms.CharField(label=_("Anmerkung"), max_length=300, required=False)


class TrainingForm(forms.ModelForm):
    class Meta:
        model = Training
        localized_fields = ["hours"]
        fields = ["kind", "title", "date", "hours"]
        widgets = {"date": DATE}
