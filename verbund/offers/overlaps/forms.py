"""Forms of the overlaps part: the reason a pair complements, a referral and its outcome."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from verbund.analysis.choices import NeedStatus
from verbund.analysis.models import Need
from verbund.core.choices import limit_choices
from verbund.taxonomy.models import Term
from verbund.taxonomy.selectors import term_choices
from verbund.taxonomy.vocabulary import Vocabulary
from verbund.tenancy.models import FamilyCentre

from .. import permissions as perms
from ..models import ReferralOutcome


class ComplementaryForm(forms.Form):
    reason = forms.CharField(
        label=_("Warum ergänzen sich die Angebote?"),
        min_length=10,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Ein bis zwei Sätze, die auch die Jugendhilfeplanung versteht, z. B. „anderer "
            "Wochentag, damit berufstätige Eltern teilnehmen können“ oder „eines auf Türkisch, "
            "eines auf Arabisch“. Die Begründung wird mit Ihrem Namen und dem Datum gezeigt."
        ),
        error_messages={
            "required": _("Bitte begründen Sie, warum sich die Angebote ergänzen."),
            "min_length": _("Bitte begründen Sie in einem kurzen Satz (mindestens 10 Zeichen)."),
        },
    )


class ReferralForm(forms.Form):
    """No name, no case file, no free text: only what the counts need."""

    date = forms.DateField(
        label=_("Datum der Vermittlung"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Heute oder früher."),
    )
    centre = SafeModelChoiceField(
        queryset=FamilyCentre.objects.none(),
        label=_("vermittelt durch das Familienzentrum"),
        empty_label=None,
    )
    life_phase = SafeModelChoiceField(
        queryset=Term.objects.none(),
        label=_("Lebensphase des Kindes"),
        empty_label=_("Bitte wählen"),
        help_text=_("Das Alter grob genug, dass niemand die Familie daran erkennt."),
    )
    topic = SafeModelChoiceField(
        queryset=Term.objects.none(),
        label=_("Thema"),
        required=False,
        empty_label=_("kein Thema gewählt"),
        help_text=_(
            "Bitte ein Thema oder einen Bedarf Ihres Familienzentrums wählen; beides geht auch."
        ),
    )
    need = SafeModelChoiceField(
        queryset=Need.objects.none(),
        label=_("Bedarf"),
        required=False,
        empty_label=_("kein Bedarf gewählt"),
    )

    mark_optional = True

    def __init__(self, *args, municipality, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        centres = limit_choices(
            self,
            "centre",
            FamilyCentre.objects.filter(municipality=municipality).order_by("name", "pk"),
            access=access,
            permission=perms.record_referral,
        )
        if len(centres) == 1:
            self.fields["centre"].initial = centres[0].pk
        self.fields["life_phase"].queryset = term_choices(
            municipality=municipality, vocabulary=Vocabulary.LIFE_PHASE
        )
        self.fields["topic"].queryset = term_choices(
            municipality=municipality, vocabulary=Vocabulary.TOPIC
        )
        limit_choices(
            self,
            "need",
            Need.objects.filter(municipality=municipality)
            .exclude(status=NeedStatus.REJECTED)
            .select_related("centre")
            .order_by("centre__name", "title", "pk"),
            access=access,
            permission=perms.record_referral,
        )
        for name in ("topic", "need"):
            self.fields[name].not_optional = True  # one of the two is needed (see clean)
        self.fields["need"].label_from_instance = lambda need: f"{need.title} ({need.centre.name})"

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Das Datum darf nicht in der Zukunft liegen."))
        return value

    def clean(self):
        data = super().clean()
        need = data.get("need")
        centre = data.get("centre")
        if not data.get("topic") and not need and "topic" not in self.errors:
            self.add_error("topic", _("Bitte ein Thema oder einen Bedarf wählen."))
        if need and centre and need.centre_id != centre.pk:
            self.add_error("need", _("Der Bedarf gehört zu einem anderen Familienzentrum."))
        return data


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Was ist aus der Vermittlung geworden?"),
        choices=ReferralOutcome.choices,
        widget=forms.RadioSelect,
    )


class ReferralFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("von"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("bis"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    outcome = forms.ChoiceField(
        label=_("Ergebnis"),
        required=False,
        choices=[("", _("alle")), *ReferralOutcome.choices],
    )

    mark_optional = False

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Das Ende darf nicht vor dem Beginn liegen."))
        return data

    def to_filter(self):
        from .referrals import ReferralFilter

        if not self.is_bound or not self.is_valid():
            return ReferralFilter()
        data = self.cleaned_data
        return ReferralFilter(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            outcome=data.get("outcome") or "",
        )


class OfferLookupForm(forms.Form):
    """Find the offer a family was referred to (on the referral list)."""

    q = forms.CharField(label=_("Angebot suchen"), required=False, max_length=100)
