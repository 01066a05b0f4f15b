from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from verbund.core.choices import limit_choices
from verbund.core.roles import ROLE_SCOPE, Reach, Role
from verbund.tenancy.models import Facility, FamilyCentre, Provider
from verbund.tenancy.search_fields import (
    CentreSearchField,
    FacilitySearchField,
    ProviderSearchField,
)

from . import permissions as perms
from .models import User


def login_name(name: str, municipality) -> str:
    """The login name of an account a municipality creates: ``name@<municipality slug>``."""
    return f"{name}@{municipality.slug}"


class MembershipForm(forms.Form):
    """Grant a role to a person already working in this municipality, or to a new account.

    Only people with a membership here can be chosen, and a new account's login name is the
    chosen name with ``@<municipality>`` appended, so it is unique within this municipality's
    own names: whether a name exists in another municipality changes nothing in the answer.
    """

    mark_optional = False  # which fields are needed depends on the choices; errors say so

    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("neue Person anlegen"),
    )
    username = forms.CharField(
        label=_("Benutzername (neu)"),
        max_length=100,
        required=False,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
                _("Bitte nur Buchstaben ohne Umlaute, Ziffern, Punkt, Binde- und Unterstrich."),
            )
        ],
    )
    first_name = forms.CharField(label=_("Vorname"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Nachname"), max_length=150, required=False)
    email = forms.EmailField(label=_("Dienstliche E-Mail"), required=False)
    password = forms.CharField(
        label=_("Erstes Passwort"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Mindestens 12 Zeichen. Die Person ändert es nach der ersten Anmeldung."),
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices)
    centre = CentreSearchField(
        FamilyCentre.objects.none(),
        label=_("Familienzentrum"),
        required=False,
        help_text=_("für Koordinierungskraft, Leitung und Fachkraft"),
    )
    provider = ProviderSearchField(
        Provider.objects.none(),
        label=_("Träger"),
        required=False,
        help_text=_("für die Rolle Träger"),
    )
    facility = FacilitySearchField(
        Facility.objects.none(),
        label=_("Einrichtung"),
        required=False,
        help_text=_("für Partnerorganisationen"),
    )

    def __init__(self, *args, municipality, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["username"].help_text = _(
            "Angemeldet wird mit diesem Namen und „@%(suffix)s“, z. B. „a.berg@%(suffix)s“."
        ) % {"suffix": municipality.slug}
        self.fields["person"].queryset = (
            User.objects.filter(memberships__municipality=municipality)
            .distinct()
            .order_by("last_name", "username")
        )
        for name, queryset in (
            ("centre", FamilyCentre.objects.filter(municipality=municipality)),
            ("provider", Provider.objects.filter(municipality=municipality)),
            (
                "facility",
                Facility.objects.filter(municipality=municipality, archived_at__isnull=True),
            ),
        ):
            limit_choices(self, name, queryset, access=access, permission=perms.manage_memberships)
        self.fields["role"].choices = [("", _("Bitte wählen")), *Role.choices]
        for name in ("centre", "provider", "facility"):
            self.fields[name].empty_label = _("– keine Angabe –")

    def clean_username(self):
        """The login name within this municipality's own names (``name@slug``); only these are
        checked, so names of other municipalities stay invisible."""
        username = self.cleaned_data["username"].strip()
        if not username:
            return username
        login = login_name(username, self.municipality)
        if User.objects.filter(username__iexact=login).exists():
            raise ValidationError(
                _("Diesen Benutzernamen gibt es in dieser Kommune schon: %(login)s"),
                params={"login": login},
            )
        return login

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("person"):
            for name in ("username", "first_name", "last_name", "email", "password"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Für eine neue Person bitte ausfüllen."))
            password = cleaned.get("password")
            if password and "password" not in self.errors:
                probe = User(
                    username=cleaned.get("username", ""),
                    first_name=cleaned.get("first_name", ""),
                    last_name=cleaned.get("last_name", ""),
                    email=cleaned.get("email", ""),
                )
                try:
                    validate_password(password, probe)
                except ValidationError as error:
                    self.add_error("password", error)
        role = cleaned.get("role")
        if role:
            needed = {
                Reach.CENTRE: "centre",
                Reach.PROVIDER: "provider",
                Reach.OWN: "facility",
                Reach.MUNICIPALITY: None,
            }[ROLE_SCOPE[Role(role)]]
            for name in ("centre", "provider", "facility"):
                if name == needed and not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Diese Rolle braucht diese Angabe."))
                elif name != needed:
                    cleaned[name] = None
        return cleaned
