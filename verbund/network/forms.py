from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from verbund.accounts.models import User
from verbund.areas import permissions as area_perms
from verbund.areas.models import Area
from verbund.areas.search_fields import AreaSearchField, AreaSearchMultipleField
from verbund.core.audit import VERSION_FIELD
from verbund.core.choices import declare_choices, limit_choices
from verbund.core.forms import HttpsURLField, VersionedFormMixin
from verbund.core.roles import Reach, Role
from verbund.core.search_choice import SearchChoiceField, set_search_url
from verbund.tenancy import permissions as tenancy_perms
from verbund.tenancy.models import Facility, FamilyCentre
from verbund.tenancy.search_fields import CentreSearchField, FacilitySearchField

from . import permissions as perms
from .models import (
    Body,
    BodyKind,
    BodyMember,
    Contact,
    ContactChannel,
    Interaction,
    InteractionKind,
    Level,
    Organisation,
    Quality,
    Relationship,
    Sector,
    Status,
)
from .search_fields import OrganisationSearchField
from .selectors import OrganisationFilter
from .services import (
    BODY_FIELDS,
    BODY_MEMBER_FIELDS,
    CONTACT_FIELDS,
    INTERACTION_FIELDS,
    ORGANISATION_FIELDS,
    RELATIONSHIP_FIELDS,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _areas(municipality):
    """Areas as choices: names and keys only, never the boundary JSON."""
    return (
        Area.objects.filter(municipality=municipality)
        .only("id", "municipality_id", "name", "code", "level")
        .order_by("level", "name")
    )


class CommaListField(forms.CharField):
    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def _coordinates(form):
    for name in ("latitude", "longitude"):
        form.fields[name].localize = True
        form.fields[name].widget.is_localized = True
        form.fields[name].widget.input_type = "text"
        form.fields[name].widget.attrs["inputmode"] = "decimal"


class OrganisationForm(VersionedFormMixin, forms.ModelForm):
    areas_served = AreaSearchMultipleField(
        Area.objects.none(), required=False, label=_("Einzugsgebiete")
    )
    languages = CommaListField(
        label=_("Sprachen"),
        required=False,
        help_text=_("durch Komma getrennt, z. B. Deutsch, Türkisch"),
    )
    confirm_duplicate = forms.BooleanField(
        label=_("Trotzdem anlegen: Es ist keine der ähnlichen Organisationen."), required=False
    )

    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS
        field_classes = {"facility": FacilitySearchField, "website": HttpsURLField}
        widgets = {
            "accessibility": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "latitude": _("Dezimalgrad, z. B. 50,9375"),
            "longitude": _("Dezimalgrad, z. B. 6,9603"),
            "facility": _("Nur wenn die Organisation selbst Einrichtung im Verbund ist."),
            "accessibility": _("z. B. stufenloser Zugang, Aufzug, Gebärdensprache"),
        }

    def __init__(self, *args, municipality, access, **kwargs):
        """Only facilities the user may link (``perms.link_facility``) are offered: the link
        makes the facility's partner users owners of the organisation."""
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["areas_served"].queryset = _areas(municipality)
        declare_choices(self, areas_served=area_perms.view_area)
        if self.instance.pk:
            self.initial.setdefault(
                "areas_served", list(self.instance.areas_served.values_list("pk", flat=True))
            )
        current = self.instance.facility_id
        facilities = Facility.objects.filter(municipality=municipality).filter(
            Q(archived_at__isnull=True) | Q(pk=current)
        )
        limit_choices(
            self,
            "facility",
            facilities.order_by("name"),
            access=access,
            permission=perms.link_facility,
            current=[current],
        )
        self.fields["facility"].empty_label = _("keine Einrichtung im Verbund")
        if self.instance.pk and not access.can(perms.link_facility):
            self.fields["facility"].disabled = True
        self.fields["sector"].choices = [("", _("Bitte wählen")), *Sector.choices]
        self.fields["preferred_channel"].choices = [
            ("", _("keine Angabe")),
            *ContactChannel.choices,
        ]
        _coordinates(self)
        self.fields["postcode"].widget.attrs.update({"inputmode": "numeric"})

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            raise forms.ValidationError(
                _("Bitte geben Sie Breiten- und Längengrad zusammen an oder beide nicht.")
            )
        return cleaned

    def service_data(self):
        keep = {*ORGANISATION_FIELDS, VERSION_FIELD}
        return {k: v for k, v in self.cleaned_data.items() if k in keep}


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Suche"), required=False, max_length=100)
    sector = forms.ChoiceField(label=_("Sektor"), required=False)
    area = SearchChoiceField(Area.objects.none(), label=_("Gebiet"), required=False)
    archived = forms.BooleanField(label=_("Archivierte zeigen"), required=False)

    def __init__(self, *args, municipality, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", _("alle Sektoren")), *Sector.choices]
        self.fields["area"].empty_label = _("alle Gebiete")
        limit_choices(
            self, "area", _areas(municipality), access=access, permission=area_perms.view_area
        )
        set_search_url(self.fields["area"], "areas:area_choices", municipality)

    def to_filter(self) -> OrganisationFilter:
        if not self.is_bound:
            return OrganisationFilter()
        self.is_valid()
        data = self.cleaned_data  # the valid fields: a mistyped area keeps the other filters
        area = data.get("area")
        return OrganisationFilter(
            query=data.get("q", "").strip(),
            sector=data.get("sector", ""),
            area_id=area.pk if area else None,
            include_archived=data.get("archived", False),
        )


class ContactForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Contact
        fields = CONTACT_FIELDS
        field_classes = {"organisation": OrganisationSearchField}
        widgets = {"last_confirmed": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipality, access, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(municipality=municipality).filter(
            Q(archived_at__isnull=True) | Q(pk=self.instance.organisation_id)
        )
        limit_choices(
            self,
            "organisation",
            organisations.order_by("name"),
            access=access,
            permission=perms.change_contact,
            current=[self.instance.organisation_id],
        )
        self.fields["legal_basis"].choices = [
            ("", _("Bitte wählen")),
            *self.fields["legal_basis"].choices[1:],
        ]
        self.fields["preferred_channel"].choices = [
            ("", _("keine Angabe")),
            *ContactChannel.choices,
        ]
        # One of the two names is needed: neither is "optional" on its own.
        for name in ("first_name", "last_name"):
            self.fields[name].not_optional = True
            self.fields[name].help_text = _("Vorname oder Nachname: eines von beiden ist nötig.")

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("first_name") or cleaned.get("last_name")):
            self.add_error(
                "first_name", _("Bitte geben Sie einen Vornamen oder einen Nachnamen an.")
            )
        return cleaned


RATED_FIELDS = ("relevance_centre", "relevance_families", "influence")


class RelationshipForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Relationship
        fields = RELATIONSHIP_FIELDS
        field_classes = {
            "centre": CentreSearchField,
            "organisation": OrganisationSearchField,
            "next_step_owner": SafeModelChoiceField,
        }
        widgets = {
            "value_for_centre": forms.Textarea(attrs={"rows": 3}),
            "value_for_partner": forms.Textarea(attrs={"rows": 3}),
            "next_step_due": DATE_WIDGET,
            "started_on": DATE_WIDGET,
            "ended_on": DATE_WIDGET,
        }

    def __init__(self, *args, municipality, access, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        instance = self.instance
        limit_choices(
            self,
            "centre",
            FamilyCentre.objects.filter(municipality=municipality).order_by("name"),
            access=access,
            permission=permission,
            current=[instance.centre_id],
        )
        centres = list(self.fields["centre"].queryset)
        limit_choices(
            self,
            "organisation",
            Organisation.objects.filter(municipality=municipality)
            .filter(Q(archived_at__isnull=True) | Q(pk=instance.organisation_id))
            .order_by("name"),
            access=access,
            permission=perms.view_organisation,
            current=[instance.organisation_id],
        )
        self.fields["next_step_owner"].queryset = (
            User.objects.filter(
                memberships__municipality=municipality,
                memberships__role__in=[Role.COORDINATOR, Role.CENTRE_LEAD, Role.STAFF],
            )
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["centre"].empty_label = _("Bitte wählen")
        self.fields["organisation"].empty_label = _("Bitte wählen")
        self.fields["next_step_owner"].empty_label = _("niemand festgelegt")
        if len(centres) == 1 and not self.instance.pk:
            self.initial.setdefault("centre", centres[0].pk)
        if self.instance.pk:
            self.fields["centre"].disabled = True
            self.fields["organisation"].disabled = True
        else:
            # No silent default: each rating is chosen by the person who knows the partner.
            for name in RATED_FIELDS:
                field = self.fields[name]
                field.choices = [("", _("Bitte wählen")), *Level.choices]
                field.required = True
                self.initial[name] = None


class InteractionForm(forms.ModelForm):
    contacts = SafeModelMultipleChoiceField(
        queryset=Contact.objects.none(),
        required=False,
        label=_("beteiligte Personen"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Interaction
        fields = INTERACTION_FIELDS
        widgets = {"date": DATE_WIDGET, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, relationship, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = Contact.objects.filter(
            organisation_id=relationship.organisation_id, erased_at__isnull=True
        )
        declare_choices(self, contacts=perms.view_contact)
        self.fields["kind"].choices = [("", _("Bitte wählen")), *InteractionKind.choices]


class BodyForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Body
        fields = BODY_FIELDS
        field_classes = {"centre": CentreSearchField, "area": AreaSearchField}
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "mandate": forms.Textarea(attrs={"rows": 3}),
            "resources": forms.Textarea(attrs={"rows": 3}),
            "founded_on": DATE_WIDGET,
            "dissolved_on": DATE_WIDGET,
        }

    def __init__(self, *args, municipality, access, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        limit_choices(
            self,
            "centre",
            FamilyCentre.objects.filter(municipality=municipality).order_by("name"),
            access=access,
            permission=permission,
            current=[self.instance.centre_id],
        )
        # Bodies of the whole municipality are set up by those who reach all of it.
        centre_required = Reach.MUNICIPALITY not in access.reaches(permission)
        self.fields["centre"].required = centre_required
        if centre_required:
            self.fields["centre"].empty_label = _("Bitte wählen")
            self.fields["centre"].help_text = ""
        else:
            self.fields["centre"].empty_label = _("die Kommune")
        self.fields["mandate"].help_text = _(
            "Was darf das Gremium entscheiden? Pflicht bei Steuerungsgremien."
        )
        self.fields["resources"].help_text = _(
            "Mittel, Stunden, Räume. Pflicht bei Steuerungsgremien."
        )
        self.fields["area"].queryset = _areas(municipality)
        declare_choices(self, area=area_perms.view_area)
        self.fields["area"].empty_label = _("ohne Gebiet")
        self.fields["kind"].choices = [("", _("Bitte wählen")), *BodyKind.choices]


class BodyMemberForm(forms.ModelForm):
    class Meta:
        model = BodyMember
        fields = BODY_MEMBER_FIELDS
        field_classes = {
            "centre": CentreSearchField,
            "organisation": OrganisationSearchField,
            "contact": SafeModelChoiceField,
        }
        widgets = {"joined_on": DATE_WIDGET, "left_on": DATE_WIDGET}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        # Any centre, organisation or person of the directory may hold a seat.
        declare_choices(
            self,
            centre=tenancy_perms.view_centre,
            organisation=perms.view_organisation,
            contact=perms.view_contact,
        )
        self.fields["centre"].queryset = FamilyCentre.objects.filter(
            municipality=municipality
        ).order_by("name")
        self.fields["centre"].empty_label = _("– kein Familienzentrum –")
        self.fields["organisation"].queryset = Organisation.objects.filter(
            municipality=municipality, archived_at__isnull=True
        ).order_by("name")
        self.fields["organisation"].empty_label = _("– keine Organisation –")
        self.fields["contact"].queryset = Contact.objects.filter(
            municipality=municipality, erased_at__isnull=True
        ).select_related("organisation")
        self.fields["contact"].label_from_instance = lambda c: f"{c} ({c.organisation})"

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("centre")) == bool(cleaned.get("organisation")):
            raise forms.ValidationError(
                _("Bitte entweder ein Familienzentrum oder eine Organisation wählen.")
            )
        return cleaned


class GraphFilterForm(forms.Form):
    sector = forms.MultipleChoiceField(
        label=_("Sektoren"),
        required=False,
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.MultipleChoiceField(
        label=_("Status der Beziehung"),
        required=False,
        choices=Status.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    # A search field, not a select: 2,000 options cost the network page 150 ms to render.
    area = SearchChoiceField(Area.objects.none(), label=_("Gebiet"), required=False)

    def __init__(self, *args, municipality, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].empty_label = _("alle Gebiete")
        limit_choices(
            self, "area", _areas(municipality), access=access, permission=area_perms.view_area
        )
        set_search_url(self.fields["area"], "areas:area_choices", municipality)

    def to_filter(self):
        from .graph import GraphFilter

        if not self.is_valid():
            return GraphFilter()
        data = self.cleaned_data
        return GraphFilter(
            sectors=tuple(data["sector"]),
            statuses=tuple(data["status"]),
            area_id=data["area"].pk if data["area"] else None,
        )


class ChangeForm(forms.Form):
    von = forms.DateField(label=_("von"), required=False, widget=DATE_WIDGET)
    bis = forms.DateField(label=_("bis"), required=False, widget=DATE_WIDGET)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("von") and cleaned.get("bis") and cleaned["von"] > cleaned["bis"]:
            raise forms.ValidationError(_("„von“ muss vor „bis“ liegen."))
        return cleaned


class RelationshipFilterForm(forms.Form):
    """The relationship list's filter. The centre is a search field: a select of 300 centres
    was a fifth of the list's time (issue 17)."""

    zentrum = CentreSearchField(
        FamilyCentre.objects.none(), label=_("Familienzentrum"), required=False
    )
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, centres, municipality, **kwargs):
        """``centres``: those the list permission reaches (a queryset, already narrowed)."""
        super().__init__(*args, **kwargs)
        field = self.fields["zentrum"]
        field.queryset = centres
        field.empty_label = field.widget.empty_label = _("alle")
        declare_choices(self, zentrum=perms.view_relationship)
        set_search_url(field, CentreSearchField.search_url_name, municipality)
        self.fields["status"].choices = [("", _("alle")), *Status.choices]

    def to_filter(self) -> tuple[str, int | None]:
        """(status, centre id) of the valid fields: a mistyped centre keeps the status."""
        if not self.is_bound:
            return "", None
        self.is_valid()
        centre = self.cleaned_data.get("zentrum")
        return self.cleaned_data.get("status", ""), centre.pk if centre else None


class CentreChoiceForm(forms.Form):
    zentrum = forms.TypedChoiceField(label=_("Familienzentrum"), coerce=int, required=False)

    def __init__(self, *args, centres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zentrum"].choices = [(c.pk, c.name) for c in centres]
        self.fields["zentrum"].required = True


class PartnerForms:
    """ "Partner aufnehmen" on one page: the organisation, an optional first contact and the
    centre's optional assessment, each the project's own form under a prefix (the contact and
    the assessment belong to the organisation being created, so they lose that field).

    A part left untouched is left out (``empty_permitted``); a part begun must be complete.
    """

    def __init__(self, data=None, *, municipality, access, can_contact: bool, can_assess: bool):
        self.organisation = OrganisationForm(
            data, prefix="org", municipality=municipality, access=access
        )
        self.contact = None
        self.relationship = None
        if can_contact:
            self.contact = ContactForm(
                data,
                prefix="person",
                empty_permitted=True,
                use_required_attribute=False,
                municipality=municipality,
                access=access,
            )
            self._belongs_to_new_organisation(self.contact)
        if can_assess:
            self.relationship = RelationshipForm(
                data,
                prefix="einschaetzung",
                empty_permitted=True,
                use_required_attribute=False,
                municipality=municipality,
                access=access,
                permission=perms.change_relationship,
            )
            self._belongs_to_new_organisation(self.relationship)
            quality = self.relationship.fields["quality"]
            quality.choices = [("", _("Bitte wählen")), *Quality.choices]
            quality.required = True
            self.relationship.initial["quality"] = None

    @staticmethod
    def _belongs_to_new_organisation(form) -> None:
        del form.fields["organisation"]
        for field in form.fields.values():
            # Compare with the initial values the page shows, not a second hidden copy.
            field.show_hidden_initial = False

    @property
    def forms(self) -> list[forms.BaseForm]:
        return [f for f in (self.organisation, self.contact, self.relationship) if f is not None]

    def is_valid(self) -> bool:
        checked = [form.is_valid() for form in self.forms]  # every part shows its errors
        return all(checked)

    @staticmethod
    def _given(form):
        return form is not None and form.has_changed()

    def contact_data(self) -> dict | None:
        return dict(self.contact.cleaned_data) if self._given(self.contact) else None

    def relationship_data(self) -> dict | None:
        return dict(self.relationship.cleaned_data) if self._given(self.relationship) else None

    @property
    def errors(self) -> bool:
        return any(form.errors for form in self.forms)
