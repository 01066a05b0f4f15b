"""The offer form: what families and colleagues need to know, in plain German groups.

Every choice that links the offer to something (centre, provider, co-providers, place,
areas, needs, agreement) comes from the one access rule (``limit_choices``/``declare_choices``):
a forged ID is an invalid choice at its field. Terms come as checkbox groups, one per list of
the shared taxonomy.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from verbund.areas.search_fields import AreaSearchMultipleField
from verbund.core.choices import declare_choices, limit_choices
from verbund.core.forms import HttpsURLField, VersionedFormMixin
from verbund.core.roles import Reach
from verbund.core.search_choice import SearchChoiceField, set_search_url
from verbund.network.search_fields import OrganisationSearchMultipleField
from verbund.taxonomy.selectors import term_choices
from verbund.taxonomy.vocabulary import Vocabulary

from .. import permissions as perms
from ..choices import LANGUAGES, OfferStatus
from ..models import Offer
from ..services.offers import M2M_FIELDS, OFFER_FIELDS

TERM_FIELDS = {vocabulary: f"terms_{vocabulary}" for vocabulary in Vocabulary.values}
TERM_HELP = {
    Vocabulary.LIFE_PHASE: _("Für welches Alter der Kinder ist das Angebot gedacht?"),
    Vocabulary.TRANSITION: _("Bei welchem Übergang hilft das Angebot?"),
    Vocabulary.TOPIC: _("Worum geht es?"),
    Vocabulary.TARGET_GROUP: _("Wen möchten Sie besonders erreichen?"),
    Vocabulary.SERVICE_KIND: _(
        "Auf welcher Grundlage wird es angeboten (so werden Versäulungen sichtbar)?"
    ),
}
CREATE_STATUSES = [OfferStatus.ACTIVE, OfferStatus.PLANNED]


class OfferForm(VersionedFormMixin, forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Sprachen"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("In welchen Sprachen kann man am Angebot teilnehmen?"),
    )
    confirm_similar = forms.BooleanField(
        label=_("Ich habe die ähnlichen Angebote gesehen – trotzdem speichern"),
        required=False,
    )

    class Meta:
        model = Offer
        fields = [
            "centre",
            *[name for name in OFFER_FIELDS if name != "languages"],
            *[name for name in M2M_FIELDS if name != "terms"],
        ]
        field_classes = {
            "centre": SafeModelChoiceField,
            "agreement": SafeModelChoiceField,
            "provider": SafeModelChoiceField,  # replaced by a search field in __init__
            "location": SafeModelChoiceField,  # replaced by a search field in __init__
            "co_providers": OrganisationSearchMultipleField,
            "areas_served": AreaSearchMultipleField,
            "needs": SafeModelMultipleChoiceField,
            "online_url": HttpsURLField,
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "summary": forms.Textarea(attrs={"rows": 2}),
            "needs": forms.CheckboxSelectMultiple,
            "place_kind": forms.RadioSelect,
            "cost": forms.RadioSelect,
            "admission": forms.RadioSelect,
            "visibility": forms.RadioSelect,
        }
        help_texts = {
            "title": _("So, wie Familien es nennen würden, z. B. „Babytreff am Dienstag“."),
            "format": _("Offene Formen senken die Schwelle: man kann einfach kommen."),
            "capacity": _("Leer lassen, wenn es keine feste Grenze gibt."),
            "co_providers": _("Organisationen, die das Angebot mit tragen."),
            "latitude": _("Dezimalgrad, z. B. 50,9375 (für die Karte, optional)"),
            "longitude": _("Dezimalgrad, z. B. 6,9603"),
        }

    def __init__(self, *args, municipality, access, **kwargs):
        super().__init__(*args, **kwargs)
        from verbund.analysis import permissions as analysis_perms
        from verbund.analysis.models import Need
        from verbund.areas import permissions as area_perms
        from verbund.areas.models import Area
        from verbund.cooperation import permissions as coop_perms
        from verbund.cooperation.models import Agreement
        from verbund.network import permissions as network_perms
        from verbund.network.models import Organisation
        from verbund.network.search_fields import OrganisationSearchField
        from verbund.tenancy import permissions as tenancy_perms
        from verbund.tenancy.models import Facility, FamilyCentre

        self.instance.municipality = municipality
        offer = self.instance
        editing = offer.pk is not None
        self.partner_only = access.reaches(perms.manage_offer) == {Reach.OWN}

        # Whose catalogue: chosen once, by the centre's team (a partner's is its facility's).
        if editing or self.partner_only:
            del self.fields["centre"]
        else:
            reachable = limit_choices(
                self,
                "centre",
                FamilyCentre.objects.filter(municipality=municipality).only("pk", "name"),
                access=access,
                permission=perms.manage_offer,
            )
            self.fields["centre"].required = True
            self.fields["centre"].empty_label = _("Bitte wählen")
            own = list(reachable.values_list("pk", flat=True)[:2])
            if len(own) == 1:
                self.fields["centre"].initial = own[0]

        # Provider: any organisation of the network for the team; a partner its own only.
        provider = OrganisationSearchField(
            Organisation.objects.none(),
            label=Offer._meta.get_field("provider").verbose_name,
            required=self.partner_only,
            help_text=Offer._meta.get_field("provider").help_text,
        )
        provider.empty_label = provider.widget.empty_label = _("das Familienzentrum selbst")
        self.fields["provider"] = provider
        limit_choices(
            self,
            "provider",
            Organisation.objects.filter(municipality=municipality, archived_at__isnull=True),
            access=access,
            permission=network_perms.view_organisation,
            current=[offer.provider_id],
        )
        set_search_url(provider, OrganisationSearchField.search_url_name, municipality)
        if self.partner_only and not editing:
            own = list(provider.queryset.values_list("pk", flat=True)[:2])
            if len(own) == 1:
                self.initial["provider"] = own[0]
        # Co-providers are named in the network's shared catalogue, which every role reads
        # (view_offer): a partner may name the organisations it runs the offer with.
        limit_choices(
            self,
            "co_providers",
            Organisation.objects.filter(municipality=municipality, archived_at__isnull=True).only(
                "pk", "name"
            ),
            access=access,
            permission=perms.view_offer,
            current=list(offer.co_providers.values_list("pk", flat=True)) if editing else [],
        )
        set_search_url(
            self.fields["co_providers"],
            OrganisationSearchMultipleField.search_url_name,
            municipality,
        )

        # Terms: one group of checkboxes per list.
        current_terms = list(offer.terms.all()) if editing else []
        for vocabulary, name in TERM_FIELDS.items():
            field = forms.ModelMultipleChoiceField(
                queryset=term_choices(
                    municipality=municipality, vocabulary=vocabulary, current=current_terms
                ),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=Vocabulary(vocabulary).label,
                help_text=TERM_HELP[vocabulary],
            )
            self.fields[name] = field
            if editing:
                self.initial[name] = [t.pk for t in current_terms if t.vocabulary == vocabulary]

        # Place: a facility of the municipality (searchable when there are many).
        location = SearchChoiceField(
            Facility.objects.none(),
            label=Offer._meta.get_field("location").verbose_name,
            required=False,
            help_text=_("Wenn das Angebot in einer Einrichtung stattfindet."),
        )
        location.empty_label = location.widget.empty_label = _("keine Einrichtung")
        self.fields["location"] = location
        limit_choices(
            self,
            "location",
            Facility.objects.filter(municipality=municipality, archived_at__isnull=True),
            access=access,
            permission=tenancy_perms.view_facility,
            current=[offer.location_id],
        )
        areas = self.fields["areas_served"]
        areas.queryset = Area.objects.filter(municipality=municipality).only("pk", "name")
        areas.help_text = _("Für welche Gebiete ist das Angebot gedacht?")
        declare_choices(self, areas_served=area_perms.view_area)
        set_search_url(areas, AreaSearchMultipleField.search_url_name, municipality)

        # Needs answered: those of the offer's centre, for its team (set once the offer exists).
        if editing and access.can(analysis_perms.view_needs):
            limit_choices(
                self,
                "needs",
                Need.objects.filter(municipality=municipality, centre=offer.centre_id).only(
                    "pk", "title"
                ),
                access=access,
                permission=analysis_perms.view_needs,
                current=list(offer.needs.values_list("pk", flat=True)),
            )
        else:
            del self.fields["needs"]
        limit_choices(
            self,
            "agreement",
            Agreement.objects.filter(municipality=municipality).only("pk", "title"),
            access=access,
            permission=coop_perms.view_agreement,
            current=[offer.agreement_id],
        )
        self.fields["agreement"].empty_label = _("keine")

        if editing:
            # The status changes on its own page (pause, end, reactivate), with a reason.
            del self.fields["status"]
            self.initial["languages"] = offer.language_codes
        else:
            self.initial.setdefault("languages", ["de"])
            self.fields["status"].choices = [
                (value, label) for value, label in OfferStatus.choices if value in CREATE_STATUSES
            ]
        self.fields["format"].choices = [
            ("", _("Bitte wählen")),
            *self.fields["format"].choices[1:],
        ]
        for name in ("latitude", "longitude"):
            self.fields[name].localize = True
            self.fields[name].widget.is_localized = True
            self.fields[name].widget.input_type = "text"
            self.fields[name].widget.attrs["inputmode"] = "decimal"
        self.fields["postcode"].widget.attrs.update({"inputmode": "numeric"})
        self.fields["contact_email"].widget.attrs["autocomplete"] = "off"
        self.fields["contact_phone"].widget.attrs["inputmode"] = "tel"

    def version_state(self) -> dict:
        from ..services.offers import _m2m_state

        return _m2m_state(self.instance)

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            self.add_error(
                "latitude",
                _("Bitte geben Sie Breiten- und Längengrad zusammen an oder beide nicht."),
            )
        return cleaned

    @property
    def term_fields(self):
        return [self[name] for name in TERM_FIELDS.values()]

    def service_data(self) -> dict:
        """``cleaned_data`` as the services take it (terms joined, languages as codes)."""
        data = dict(self.cleaned_data)
        terms = []
        for name in TERM_FIELDS.values():
            terms.extend(data.pop(name, None) or [])
        data["terms"] = terms
        data["languages"] = " ".join(data.get("languages") or [])
        data.pop("confirm_similar", None)
        data.pop("centre", None)
        return data

    def similarity_input(self) -> dict:
        data = self.cleaned_data
        terms = [t.pk for name in TERM_FIELDS.values() for t in data.get(name) or []]
        provider = data.get("provider") if "provider" in data else self.instance.provider
        return {
            "title": data.get("title", ""),
            "summary": data.get("summary", ""),
            "term_ids": terms,
            "area_ids": [area.pk for area in data.get("areas_served") or []],
            "provider_id": provider.pk if provider else None,
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Neuer Status"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Grund (für die Änderungshistorie)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, offer: Offer, **kwargs):
        super().__init__(*args, **kwargs)
        from ..services.offers import STATUS_TRANSITIONS

        allowed = STATUS_TRANSITIONS.get(offer.status, [])
        self.fields["status"].choices = [(str(value), value.label) for value in allowed]


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Was fehlt oder ist zu ändern?"),
        max_length=Offer._meta.get_field("review_note").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Der Anbieter sieht diesen Text beim Angebot und kann es dann überarbeiten."),
    )
