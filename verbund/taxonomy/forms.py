"""Forms of the taxonomy's admin pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from verbund.core.forms import VersionedFormMixin

from .models import Term
from .vocabulary import Vocabulary

AGE_FIELDS = ["min_age_months", "max_age_months"]


class TermCreateForm(forms.ModelForm):
    """A new term. Its key is formed from the label unless typed; it never changes later."""

    class Meta:
        model = Term
        fields = ["label", "key", "description", "position", "active", *AGE_FIELDS]

    def __init__(self, *args, vocabulary: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].required = False
        self.fields["key"].help_text = _(
            "Leer lassen: wird aus der Bezeichnung gebildet (z. B. „Kochen mit Kindern“ → "
            "„kochen-mit-kindern“). Nur Kleinbuchstaben, Ziffern, - und _; lässt sich nach dem "
            "Anlegen nicht mehr ändern, damit Importe und Verknüpfungen gültig bleiben."
        )
        self.fields["position"].required = False
        self.fields["position"].help_text = _("Leer lassen: ans Ende der Liste.")
        if vocabulary != Vocabulary.LIFE_PHASE:
            for name in AGE_FIELDS:
                del self.fields[name]


class TermUpdateForm(VersionedFormMixin, forms.ModelForm):
    """Label, description, order and the active flag; the key stays as it is."""

    class Meta:
        model = Term
        fields = ["label", "description", "position", "active", *AGE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.vocabulary != Vocabulary.LIFE_PHASE:
            for name in AGE_FIELDS:
                del self.fields[name]
