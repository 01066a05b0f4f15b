"""Forms of the feed import: a new source (with the first ZIP, if it is a package), a further
ZIP, the mapping of their terms to ours."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from verbund.core.choices import limit_choices
from verbund.core.uploads import check_size
from verbund.offers.choices import OfferFormat
from verbund.taxonomy.models import Term
from verbund.tenancy.models import FamilyCentre

from .fetch import FetchError, check_url
from .models import SourceKind
from .permissions import import_feeds

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
IGNORE = "ignore"


def _zip(upload):
    if not (upload.name or "").lower().endswith(".zip"):
        raise forms.ValidationError(_("Bitte laden Sie das Datenpaket als ZIP-Datei hoch."))
    check_size(upload, MAX_UPLOAD_BYTES)
    head = upload.read(4)
    upload.seek(0)
    if head != b"PK\x03\x04":
        raise forms.ValidationError(_("Die Datei ist kein ZIP-Archiv."))
    return upload


class SourceForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("z. B. „Familienangebote Nachbarstadt“")
    )
    kind = forms.ChoiceField(
        label=_("Woher kommen die Angebote?"),
        choices=SourceKind.choices,
        initial=SourceKind.API,
    )
    url = forms.URLField(
        label=_("Adresse der HSDS-Schnittstelle"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Basisadresse, unter der „/services“ liegt, z. B. https://example.org/api/v1"),
    )
    file = forms.FileField(
        label=_("Datenpaket (ZIP mit datapackage.json und CSV-Tabellen)"),
        required=False,
        help_text=_("Höchstens 50 MB."),
    )
    centre = SafeModelChoiceField(
        queryset=FamilyCentre.objects.none(),
        label=_("Zugeordnetes Familienzentrum"),
        empty_label=None,
        help_text=_(
            "In der Lückenanalyse erscheinen die Angebote im Gebiet dieses Zentrums, "
            "gekennzeichnet als Angebote der Nachbarkommune."
        ),
    )
    default_format = forms.ChoiceField(
        label=_("Form der Angebote"),
        choices=OfferFormat.choices,
        initial=OfferFormat.COUNSELLING,
        help_text=_("HSDS kennt keine Form; sie gilt für alle Angebote aus dieser Quelle."),
    )

    def __init__(self, *args, municipality, access, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "centre",
            FamilyCentre.objects.filter(municipality=municipality).order_by("name"),
            access=access,
            permission=import_feeds,
        )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        return _zip(upload) if upload else None

    def clean(self):
        data = super().clean()
        if data.get("kind") == SourceKind.API:
            url = data.get("url")
            if not url:
                self.add_error("url", _("Bitte geben Sie die Adresse der Schnittstelle an."))
            else:
                try:
                    check_url(url)
                except FetchError as error:
                    self.add_error("url", str(error))
        elif (
            data.get("kind") == SourceKind.PACKAGE
            and not data.get("file")
            and "file" not in self.errors
        ):
            self.add_error("file", _("Bitte wählen Sie die ZIP-Datei des Datenpakets."))
        return data


class PackageForm(forms.Form):
    file = forms.FileField(label=_("Neue Fassung des Datenpakets (ZIP)"))

    def clean_file(self):
        return _zip(self.cleaned_data["file"])


class MappingForm(forms.Form):
    """One choice per unmapped term of theirs: one of our terms or ignore it."""

    def __init__(self, *args, municipality, unmapped: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        terms = Term.objects.filter(municipality=municipality).order_by("vocabulary", "label")
        choices = [("", _("– bitte wählen –")), (IGNORE, _("nicht übernehmen"))]
        by_label = {}
        for term in terms:
            choices.append((str(term.pk), f"{term.get_vocabulary_display()}: {term.label}"))
            by_label.setdefault(term.label.casefold(), term.pk)
        self.external = {}
        for index, (external_id, label) in enumerate(sorted(unmapped.items())[:200]):
            name = f"begriff_{index}"
            self.external[name] = external_id
            guess = by_label.get(label.split(" (")[0].casefold())
            self.fields[name] = forms.ChoiceField(
                label=label, choices=choices, required=True, initial=str(guess or "")
            )

    def mapping(self) -> dict[str, int | None]:
        result = {}
        for name, external_id in self.external.items():
            value = self.cleaned_data[name]
            result[external_id] = None if value == IGNORE else int(value)
        return result
