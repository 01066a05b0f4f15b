from django import forms
from django.utils.translation import gettext_lazy as _

from verbund.core.access import Access
from verbund.core.choices import declare_choices, limit_choices
from verbund.core.forms import HttpsURLField, VersionedFormMixin
from verbund.core.permissions import Permission
from verbund.core.roles import Reach
from verbund.core.search_choice import set_search_url

from . import permissions as perms
from .models import Facility, FacilityKind, FamilyCentre, Municipality, Provider
from .search_fields import CentreSearchField, ProviderSearchField
from .selectors import FacilityFilter, centre_list, provider_list
from .services import CENTRE_FIELDS, FACILITY_FIELDS, PROVIDER_FIELDS


class FacilityForm(VersionedFormMixin, forms.ModelForm):
    """Centre and provider choices are limited to what the user may assign: a forged ID from
    another municipality or centre is an invalid choice at the field, never a write."""

    class Meta:
        model = Facility
        fields = FACILITY_FIELDS
        field_classes = {
            "centre": CentreSearchField,
            "provider": ProviderSearchField,
            "website": HttpsURLField,
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "latitude": _("Dezimalgrad, z. B. 50,9375"),
            "longitude": _("Dezimalgrad, z. B. 6,9603"),
            "centre": _(
                "Zu welchem Verbund gehört die Einrichtung? Auf der Netzwerkkarte ist sie mit "
                "diesem Familienzentrum verbunden."
            ),
            "kind": _("Die Art bestimmt den Sektor der Einrichtung im Netzwerk."),
        }

    def __init__(
        self, *args, municipality: Municipality, access: Access, permission: Permission, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        instance = self.instance
        limit_choices(
            self,
            "centre",
            centre_list(municipality=municipality),
            access=access,
            permission=permission,
            current=[instance.centre_id],
        )
        limit_choices(
            self,
            "provider",
            provider_list(municipality=municipality),
            access=access,
            permission=perms.link_facility_provider,
            current=[instance.provider_id],
        )
        if access.reaches(permission) == {Reach.CENTRE}:
            # Centre-bound roles can only add facilities to their own Verbund.
            self.fields["centre"].required = True
            own = list(self.fields["centre"].queryset)
            if len(own) == 1 and not instance.pk:
                self.fields["centre"].initial = own[0].pk
        self.fields["kind"].choices = [("", _("Bitte wählen")), *list(FacilityKind.choices)]
        self.fields["centre"].empty_label = _("kein Familienzentrum")
        self.fields["provider"].empty_label = _("kein Träger angegeben")
        for name in ("latitude", "longitude"):
            self.fields[name].localize = True
            self.fields[name].widget.is_localized = True
            self.fields[name].widget.input_type = "text"
            self.fields[name].widget.attrs["inputmode"] = "decimal"
        self.fields["postcode"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "postal-code"}
        )
        self.fields["street"].widget.attrs["autocomplete"] = "street-address"
        self.fields["city"].widget.attrs["autocomplete"] = "address-level2"

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            raise forms.ValidationError(
                _("Bitte geben Sie Breiten- und Längengrad zusammen an oder beide nicht.")
            )
        return cleaned


class FacilityFilterForm(forms.Form):
    mark_optional = False  # every filter is optional; saying so on each is noise
    q = forms.CharField(label=_("Suche"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Art"), required=False)
    # A searchable choice (a select only for up to SELECT_LIMIT centres): never 3,000 options.
    centre = CentreSearchField(
        FamilyCentre.objects.none(), label=_("Familienzentrum"), required=False
    )
    archived = forms.BooleanField(label=_("Archivierte zeigen"), required=False)

    def __init__(self, *args, municipality: Municipality, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("alle Arten")), *list(FacilityKind.choices)]
        centre = self.fields["centre"]
        centre.empty_label = centre.widget.empty_label = _("alle Familienzentren")
        limit_choices(
            self, "centre", centre_list(municipality=municipality), access=access,
            permission=perms.view_centre,
        )  # fmt: skip
        set_search_url(centre, CentreSearchField.search_url_name, municipality)

    def to_filter(self) -> FacilityFilter:
        if not self.is_bound:
            return FacilityFilter()
        self.is_valid()
        data = self.cleaned_data  # the valid fields: a mistyped centre keeps the other filters
        centre = data.get("centre")
        return FacilityFilter(
            query=data.get("q", "").strip(),
            kind=data.get("kind", ""),
            centre_id=centre.pk if centre else None,
            include_archived=data.get("archived", False),
        )


class CentreForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = FamilyCentre
        fields = CENTRE_FIELDS
        field_classes = {"provider": ProviderSearchField}
        help_texts = {
            "slug": _("Kleinbuchstaben, Ziffern und Bindestriche; erscheint in Adressen."),
            "latitude": _("Dezimalgrad, z. B. 50,9375"),
            "longitude": _("Dezimalgrad, z. B. 6,9603"),
        }

    def __init__(self, *args, municipality: Municipality, can_change_provider: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["provider"].queryset = provider_list(municipality=municipality)
        self.fields["provider"].empty_label = _("kein Träger angegeben")
        # Who runs a centre: only those who create centres and providers (municipality-wide).
        declare_choices(self, provider=perms.manage_centres)
        if not can_change_provider:
            # Who runs a centre is the municipality's decision, not the centre's own.
            del self.fields["provider"]
        for name in ("latitude", "longitude"):
            self.fields[name].localize = True
            self.fields[name].widget.is_localized = True
            self.fields[name].widget.input_type = "text"
            self.fields[name].widget.attrs["inputmode"] = "decimal"

    def validate_unique(self):
        # municipality is not a form field, so the per-municipality slug check runs here.
        super().validate_unique()
        slug = self.cleaned_data.get("slug")
        if slug:
            clash = FamilyCentre.objects.filter(municipality=self.instance.municipality, slug=slug)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("slug", _("Dieses Kürzel nutzt schon ein anderes Familienzentrum."))


class ProviderForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Provider
        fields = PROVIDER_FIELDS
        field_classes = {"website": HttpsURLField}

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality

    def validate_unique(self):
        super().validate_unique()
        name = self.cleaned_data.get("name")
        if name:
            clash = Provider.objects.filter(municipality=self.instance.municipality, name=name)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("name", _("Einen Träger mit diesem Namen gibt es schon."))


AUDIT_DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    """Filter of the audit log: by person, by area of the work (app), by period."""

    person = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Bereich"), required=False)
    von = forms.DateField(label=_("von"), required=False, widget=AUDIT_DATE_WIDGET)
    bis = forms.DateField(label=_("bis"), required=False, widget=AUDIT_DATE_WIDGET)

    def __init__(self, *args, people, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("alle Personen")), *people]
        self.fields["kind"].choices = [("", _("alle Bereiche")), *kinds]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("von") and cleaned.get("bis") and cleaned["von"] > cleaned["bis"]:
            self.add_error("bis", _("Das Ende des Zeitraums liegt vor seinem Anfang."))
        return cleaned
