from django import forms

from verbund.core.forms import VersionedFormMixin

from .models import NotificationSettings


class NotificationSettingsForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["daily_digest"]
