from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from verbund.core.forms import VersionedFormMixin

from .models import User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Benutzername oder Passwort ist falsch. Nach fünf Fehlversuchen wird die Anmeldung "
            "für 30 Minuten gesperrt."
        ),
        "inactive": _("Dieses Konto ist deaktiviert."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Benutzername")
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.fields["username"].max_length = 150
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"autocomplete": "current-password"}
        )
        self.fields["password"].max_length = 128


class NameForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label, message, autocomplete in (
            ("first_name", _("Vorname"), _("Geben Sie Ihren Vornamen ein."), "given-name"),
            ("last_name", _("Nachname"), _("Geben Sie Ihren Nachnamen ein."), "family-name"),
        ):
            field = self.fields[name]
            field.label = label
            field.required = True
            field.error_messages["required"] = message
            field.widget.attrs["autocomplete"] = autocomplete


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        label=_("Neue E-Mail-Adresse"),
        max_length=254,
        help_text=_(
            "Wir schicken einen Link an diese Adresse. Erst wenn Sie ihn öffnen, gilt sie."
        ),
        error_messages={
            "required": _("Geben Sie die neue E-Mail-Adresse ein."),
            "invalid": _("Geben Sie eine E-Mail-Adresse in der Form name@beispiel.de ein."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Ihr Passwort"),
        help_text=_("Zur Sicherheit: Bestätigen Sie die Änderung mit Ihrem Passwort."),
        strip=False,
        max_length=128,
        error_messages={"required": _("Geben Sie Ihr Passwort ein.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email.lower() == (self.user.email or "").lower():
            raise forms.ValidationError(_("Das ist schon Ihre E-Mail-Adresse."))
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Das Passwort stimmt nicht."))
        return password
