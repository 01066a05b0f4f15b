"""The form to create an API access (name, organisation, optional expiry)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from verbund.core.choices import limit_choices
from verbund.network.models import Organisation

from .models import ApiToken
from .permissions import create_api_token


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["organisation", "name", "expires_on"]
        field_classes = {"organisation": SafeModelChoiceField}
        widgets = {"expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, municipality, access, **kwargs):
        super().__init__(*args, **kwargs)
        base = Organisation.objects.filter(municipality=municipality, facility__isnull=False)
        reachable = limit_choices(
            self, "organisation", base, access=access, permission=create_api_token
        )
        field = self.fields["organisation"]
        field.empty_label = None
        field.help_text = _("Die Organisation, deren Angebote die Software pflegen darf.")
        if len(reachable) == 1:
            field.initial = reachable[0].pk
