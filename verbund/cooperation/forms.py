from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from verbund.core.choices import ReadOnceChoices, declare_choices, limit_choices
from verbund.core.forms import VersionedFormMixin
from verbund.core.prepared import PreparedQuery
from verbund.core.search_choice import SearchChoiceField, set_search_url
from verbund.network import permissions as network_perms
from verbund.network.models import Organisation
from verbund.network.search_fields import OrganisationSearchMultipleField
from verbund.tenancy.models import FamilyCentre
from verbund.tenancy.search_fields import CentreSearchField

from . import permissions as perms
from .models import (
    TRANSITIONS,
    Agreement,
    AttachmentKind,
    Party,
    Resource,
    Responsibility,
    Status,
)
from .selectors import AgreementFilter, DueFilter, organisation_choices, partner_state
from .services import AGREEMENT_FIELDS, PARTY_FIELDS
from .uploads import max_bytes


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AgreementForm(VersionedFormMixin, forms.ModelForm):
    """Centre and partner choices come from the user's municipality (and reach): a forged ID
    of another tenant's organisation is an invalid choice at the field, never a write."""

    partners = OrganisationSearchMultipleField(
        Organisation.objects.none(),
        label=_("Partnerorganisationen"),
        help_text=_("Eine oder mehrere Organisationen aus dem Netzwerk."),
    )

    class Meta:
        model = Agreement
        fields = ["centre", *AGREEMENT_FIELDS]
        field_classes = {"centre": CentreSearchField}
        widgets = {
            "subject": forms.Textarea(attrs={"rows": 4}),
            "goals": forms.Textarea(attrs={"rows": 4}),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "review_date": DateInput(),
        }
        help_texts = {
            "subject": _(
                "Worum geht es? z. B. „Offene Sprechstunde der Erziehungsberatung im "
                "Familienzentrum“"
            ),
            "review_date": _("Wann prüfen die Parteien gemeinsam, ob die Vereinbarung noch passt?"),
        }

    def __init__(self, *args, municipality, access, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        organisations = organisation_choices(municipality=municipality)
        if self.instance.pk:
            # Partners archived in the network since stay selectable on their agreements.
            linked = [p.organisation_id for p in self.instance.parties.all() if p.organisation_id]
            organisations = (
                Organisation.objects.filter(municipality=municipality)
                .filter(Q(archived_at__isnull=True) | Q(pk__in=linked))
                .order_by("name", "id")
            )
        limit_choices(
            self,
            "partners",
            organisations,
            access=access,
            permission=network_perms.view_organisation,
            fix_if_unreachable=False,
        )
        if self.instance.pk:
            del self.fields["centre"]
            self.initial.setdefault(
                "partners",
                [p.organisation_id for p in self.instance.parties.all() if p.organisation_id],
            )
        else:
            centres = limit_choices(
                self,
                "centre",
                FamilyCentre.objects.filter(municipality=municipality).order_by("name"),
                access=access,
                permission=permission,
            )
            self.fields["centre"].empty_label = _("Bitte wählen")
            if centres.count() == 1:
                self.initial.setdefault("centre", centres.first().pk)

    def version_state(self) -> dict:
        return partner_state(self.instance)

    def clean(self):
        cleaned = super().clean()
        start, end, review = (cleaned.get(k) for k in ("start_date", "end_date", "review_date"))
        if start and end and end < start:
            self.add_error("end_date", _("Das Ende darf nicht vor dem Beginn liegen."))
        if review and end and review > end:
            self.add_error("review_date", _("Die Überprüfung muss vor dem Ende liegen."))
        return cleaned


DRAFT_RESPONSIBILITY_ROWS = 2
MAX_DRAFT_RESPONSIBILITIES = 20


class DraftResponsibilityForm(forms.Form):
    """One Zuständigkeit on the new-agreement page, before the parties exist: "who" names the
    centre, the municipality or one of the chosen partner organisations."""

    who = forms.ChoiceField(label=_("Wer ist zuständig?"), required=True)
    task = forms.CharField(label=_("Aufgabe"), max_length=300)
    scope = forms.CharField(
        label=_("Umfang"),
        max_length=300,
        required=False,
        help_text=_("z. B. „wöchentlich, 2 Stunden“"),
    )
    contact = forms.CharField(
        label=_("Ansprechperson"),
        max_length=200,
        required=False,
        help_text=_("Name oder Funktion, z. B. „Leitung der Beratungsstelle“"),
    )

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["who"].choices = [("", _("Bitte wählen")), *parties]

    def clean_who(self):
        value = self.cleaned_data["who"]
        return int(value) if value.isascii() and value.isdecimal() else value


class _DraftResponsibilityFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        return {"parties": self.parties}

    def ready(self) -> bool:
        """Valid, or not sent at all (a post without the rows adds none)."""
        return not self.is_bound or self.is_valid()

    def rows(self) -> list[dict]:
        if not self.is_bound:
            return []
        return [
            form.cleaned_data
            for form in self.forms
            if form.has_changed() and form.cleaned_data and not form.errors
        ]


DraftResponsibilityFormSet = forms.formset_factory(
    DraftResponsibilityForm,
    formset=_DraftResponsibilityFormSet,
    extra=0,
    max_num=MAX_DRAFT_RESPONSIBILITIES,
    absolute_max=MAX_DRAFT_RESPONSIBILITIES,
    validate_max=True,
)


RESPONSIBILITY_PREFIX = "zustaendigkeit"


def draft_responsibilities(data, agreement_form, *, more: bool = False):
    """The rows of Zuständigkeiten under the new-agreement form: two empty rows at first, one
    more for "weitere Zuständigkeit"; the parties to choose from are the centre, the
    municipality and the partners ticked above (as far as the page has been sent)."""
    parties = [("centre", _("das Familienzentrum")), ("municipality", _("die Kommune"))]
    total_key = f"{RESPONSIBILITY_PREFIX}-TOTAL_FORMS"
    if data is None or total_key not in data:
        formset = DraftResponsibilityFormSet(prefix=RESPONSIBILITY_PREFIX)
        formset.extra = DRAFT_RESPONSIBILITY_ROWS
    if data is not None:
        # Ticked or typed so far (a name that does not resolve yet is left out here; the
        # field names it with its error when the form is sent).
        organisations = agreement_form.fields["partners"].resolve_quietly(data.getlist("partners"))
        parties += [(str(org.pk), org.name) for org in organisations.order_by("name", "pk")]
    if data is not None and total_key in data:
        if more:
            raw = data.get(total_key, "")
            total = int(raw) if raw.isascii() and raw.isdecimal() else DRAFT_RESPONSIBILITY_ROWS
            data = data.copy()
            data[total_key] = str(min(total + 1, MAX_DRAFT_RESPONSIBILITIES))
        formset = DraftResponsibilityFormSet(data, prefix=RESPONSIBILITY_PREFIX)
    formset.parties = parties
    return formset


class PartyForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Party
        fields = PARTY_FIELDS
        widgets = {"added_value": forms.Textarea(attrs={"rows": 4})}


class GermanDecimalField(forms.DecimalField):
    """Accepts „1.200,50“, „1200,50“ and „1200.50“."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace("\u00a0", "")
            if "," in value:
                value = value.replace(".", "").replace(",", ".")
        return super().to_python(value)


class _PartyChoiceMixin:
    def _limit_party(self, agreement):
        field = self.fields["party"]
        field.iterator = ReadOnceChoices
        field.queryset = Party.objects.filter(agreement=agreement)
        # Only the parties of the agreement being edited.
        declare_choices(self, party=perms.manage_agreement)
        field.empty_label = _("Bitte wählen")
        # Party.name needs the agreement (centre, municipality) without a query per option.
        field.choice_rows = list(agreement.parties.all())  # the queryset's rows, read before
        parties = {p.pk: p for p in field.choice_rows}
        field.label_from_instance = lambda party: (
            parties[party.pk].name if party.pk in parties else str(party.pk)
        )


def _party_contacts(municipality_id, agreement_id):
    """The choices of ``ResponsibilityForm.contact_person`` as one prepared query: the same
    people as its queryset (the parties' organisations' contacts not erased)."""
    from verbund.network.models import Contact

    organisations = Party.objects.filter(agreement_id=agreement_id).values("organisation_id")
    return Contact.objects.filter(
        municipality_id=municipality_id, organisation_id__in=organisations, erased_at__isnull=True
    ).order_by("last_name", "first_name", "id")


_PARTY_CONTACTS = PreparedQuery(_party_contacts)


def party_contacts(agreement) -> list:
    """The people ``ResponsibilityForm`` offers for ``agreement``, by one prepared query."""
    return _PARTY_CONTACTS.objects(
        municipality_id=agreement.municipality_id, agreement_id=agreement.pk
    )


class ResponsibilityForm(_PartyChoiceMixin, forms.ModelForm):
    class Meta:
        model = Responsibility
        fields = ["party", "task", "scope", "contact_person", "contact"]
        field_classes = {"party": SafeModelChoiceField, "contact_person": SafeModelChoiceField}
        labels = {"party": _("Zuständige Partei"), "contact": _("oder Ansprechperson als Text")}

    def __init__(self, *args, agreement, contacts=None, **kwargs):
        """``contacts``: ``party_contacts(agreement)`` when read before."""
        super().__init__(*args, **kwargs)
        self._limit_party(agreement)
        from verbund.network.models import Contact

        organisations = {
            p.organisation_id: p.organisation.name
            for p in agreement.parties.all()
            if p.organisation_id
        }
        field = self.fields["contact_person"]
        field.iterator = ReadOnceChoices
        field.queryset = Contact.objects.filter(
            municipality=agreement.municipality,
            organisation_id__in=list(organisations),
            erased_at__isnull=True,
        ).order_by("last_name", "first_name", "id")
        field.choice_rows = (lambda: party_contacts(agreement)) if contacts is None else contacts
        field.empty_label = _("keine Person aus dem Netzwerk")
        declare_choices(self, contact_person=network_perms.view_contact)
        field.label_from_instance = lambda person: (
            f"{person} ({person.function + ', ' if person.function else ''}"
            f"{organisations.get(person.organisation_id, '')})"
        )

    def clean(self):
        cleaned = super().clean()
        party, person = cleaned.get("party"), cleaned.get("contact_person")
        if (
            party is not None
            and person is not None
            and person.organisation_id != (party.organisation_id)
        ):
            self.add_error(
                "contact_person", _("Diese Ansprechperson gehört nicht zur gewählten Partei.")
            )
        return cleaned


class ResourceForm(_PartyChoiceMixin, forms.ModelForm):
    class Meta:
        model = Resource
        fields = ["party", "kind", "description", "amount", "unit"]
        field_classes = {"party": SafeModelChoiceField, "amount": GermanDecimalField}

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_party(agreement)
        self.fields["kind"].choices = [
            ("", _("Bitte wählen")),
            *Resource._meta.get_field("kind").choices,
        ]
        self.fields["amount"].widget = forms.TextInput()
        self.fields["amount"].help_text = _("z. B. 2 oder 1.200,50")
        self.fields["amount"].widget.attrs["inputmode"] = "decimal"


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("Neuer Status"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Anmerkung"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    signed_on = forms.DateField(
        label=_("Datum der Unterschrift"),
        required=False,
        widget=DateInput(),
        help_text=_("Nur beim Status „Unterzeichnet“; leer = heute."),
    )

    next_review_date = forms.DateField(
        label=_("Nächste Überprüfung am"),
        required=False,
        widget=DateInput(),
        help_text=_("Beim Abschluss einer Überprüfung ohne Änderungen („Aktiv“)."),
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [
            (value, Status(value).label) for value in TRANSITIONS[agreement.status]
        ]
        if agreement.status != Status.NEGOTIATION:
            del self.fields["signed_on"]
        if agreement.status != Status.UNDER_REVIEW:
            del self.fields["next_review_date"]


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Datei"),
        help_text=_("PDF, JPEG oder PNG, höchstens %(mb)s MB.") % {"mb": max_bytes() // 2**20},
    )
    kind = forms.ChoiceField(label=_("Art"), choices=AttachmentKind.choices)
    version = forms.TypedChoiceField(label=_("Fassung"), coerce=int, required=False)
    party = forms.TypedChoiceField(label=_("Für Partei"), coerce=int, required=False)

    def __init__(self, *args, agreement, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        versions = list(agreement.versions.all())
        self.fields["version"].choices = [("", _("keine bestimmte Fassung"))] + [
            (
                v.pk,
                _("Fassung %(n)s (unterzeichnet)") % {"n": v.number}
                if v.is_signed
                else _("Fassung %(n)s (Entwurf)") % {"n": v.number},
            )
            for v in versions
        ]
        signed = next((v for v in versions if v.is_signed), None)
        if signed:
            self.initial.setdefault("version", signed.pk)
        self.parties = {p.pk: p for p in parties}
        self.fields["party"].choices = [("", _("keine Angabe"))] + [(p.pk, p.name) for p in parties]
        if len(parties) == 1:
            self.fields["party"].required = True
            self.initial.setdefault("party", parties[0].pk)
        self.fields["file"].widget.attrs["accept"] = (
            ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
        )

    def clean(self):
        cleaned = super().clean()
        version_id = cleaned.get("version")
        cleaned["version"] = (
            next((v for v in self.agreement.versions.all() if v.pk == version_id), None)
            if version_id
            else None
        )
        party_id = cleaned.get("party")
        cleaned["party"] = self.parties.get(party_id) if party_id else None
        return cleaned


class AttachmentDeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund"),
        max_length=300,
        help_text=_("z. B. „falsche Datei hochgeladen“; wird im Änderungsprotokoll vermerkt."),
    )


class AgreementFilterForm(forms.Form):
    q = forms.CharField(label=_("Suche"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    centre = SearchChoiceField(
        FamilyCentre.objects.none(),
        label=_("Familienzentrum"),
        required=False,
        empty_label=_("alle Familienzentren"),
    )
    organisation = SearchChoiceField(
        Organisation.objects.none(),
        label=_("Partner"),
        required=False,
        empty_label=_("alle Partner"),
    )

    def __init__(self, *args, centres, organisations, municipality=None, access=None, **kwargs):
        """``centres`` and ``organisations`` are already narrowed by the access rule (the
        centres the list permission reaches, the partners of agreements the user sees)."""
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("alle")), *list(Status.choices)]
        self.fields["centre"].queryset = centres
        declare_choices(self, centre=perms.view_agreement)
        if access is not None:  # partners the user may also see as organisations
            limit_choices(
                self,
                "organisation",
                organisations,
                access=access,
                permission=network_perms.view_organisation,
            )
        else:
            self.fields["organisation"].queryset = organisations
            declare_choices(self, organisation=network_perms.view_organisation)
        if municipality is not None:
            set_search_url(self.fields["centre"], "tenancy:centre_choices", municipality)
            set_search_url(
                self.fields["organisation"], "network:organisation_choices", municipality
            )

    def to_filter(self) -> AgreementFilter:
        if not self.is_bound:
            return AgreementFilter()
        self.is_valid()
        data = self.cleaned_data  # the valid fields: a mistyped partner keeps the others
        return AgreementFilter(
            query=data.get("q", "").strip(),
            status=data.get("status", ""),
            centre_id=data["centre"].pk if data.get("centre") else None,
            organisation_id=data["organisation"].pk if data.get("organisation") else None,
        )


class DueFilterForm(forms.Form):
    tage = forms.IntegerField(
        label=_("fällig innerhalb von … Tagen"),
        min_value=1,
        max_value=1095,
        required=False,
        initial=90,
    )
    art = forms.ChoiceField(
        label=_("Art"),
        required=False,
        choices=[
            ("", _("Überprüfung und Ablauf")),
            ("review", _("Überprüfung")),
            ("expiry", _("Ablauf")),
        ],
    )
    centre = CentreSearchField(
        FamilyCentre.objects.none(), label=_("Familienzentrum"), required=False
    )
    overdue = forms.BooleanField(label=_("Überfällige zeigen"), required=False, initial=True)

    def __init__(self, *args, centres, municipality=None, **kwargs):
        """``centres``: those the list permission reaches (already narrowed)."""
        super().__init__(*args, **kwargs)
        field = self.fields["centre"]
        field.queryset = centres
        field.empty_label = field.widget.empty_label = _("alle Familienzentren")
        declare_choices(self, centre=perms.view_agreement)
        self.several_centres = len(centres.values_list("pk", flat=True)[:2]) > 1
        if municipality is not None:
            set_search_url(field, CentreSearchField.search_url_name, municipality)

    def to_filter(self) -> DueFilter:
        if not self.is_bound:
            return DueFilter()
        if not self.is_valid():
            return DueFilter()
        data = self.cleaned_data
        return DueFilter(
            within_days=data["tage"] or 90,
            kind=data["art"],
            centre_id=data["centre"].pk if data.get("centre") else None,
            include_overdue=data["overdue"],
        )
