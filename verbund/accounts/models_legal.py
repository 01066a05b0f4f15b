"""A municipality's legal pages (Impressum, Datenschutz, Barrierefreiheit, Kontakt), linked
from every page's footer and edited by the municipality's administration."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from verbund.core.models import TenantModel


class LegalKind(models.TextChoices):
    # The value is the URL segment, so these are German and stable.
    IMPRINT = "impressum", _("Impressum")
    PRIVACY = "datenschutz", _("Datenschutzerklärung")
    ACCESSIBILITY = "barrierefreiheit", _("Erklärung zur Barrierefreiheit")
    CONTACT = "kontakt", _("Kontakt")


class LegalPage(TenantModel):
    kind = models.CharField(_("Seite"), max_length=20, choices=LegalKind.choices)
    body = models.TextField(
        _("Text"),
        max_length=100_000,
        help_text=_(
            "Absätze durch eine Leerzeile trennen. Erlaubt sind auch einfache HTML-Auszeichnungen "
            "(Überschriften, Listen, Links, fett und kursiv); alles andere wird entfernt."
        ),
    )

    class Meta:
        verbose_name = _("Rechtliche Seite")
        verbose_name_plural = _("Rechtliche Seiten")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kind"], name="legalpage_unique_kind")
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())
