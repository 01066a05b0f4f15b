"""GDPR Art. 30: every model that holds personal data declares why and how it does.

A model declares ``personal_data = ProcessingRecord(...)`` as a class attribute. The
processing register (Verzeichnis von Verarbeitungstätigkeiten) is generated from these
declarations, and a test fails when a model with personal-looking fields lacks one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalBasis(models.TextChoices):
    """GDPR Art. 6 (1)."""

    CONSENT = "a", _("Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)")
    CONTRACT = "b", _("Vertrag oder Vertragsanbahnung (Art. 6 Abs. 1 lit. b DSGVO)")
    LEGAL_OBLIGATION = "c", _("rechtliche Verpflichtung (Art. 6 Abs. 1 lit. c DSGVO)")
    VITAL_INTERESTS = "d", _("lebenswichtige Interessen (Art. 6 Abs. 1 lit. d DSGVO)")
    PUBLIC_TASK = "e", _("öffentliche Aufgabe (Art. 6 Abs. 1 lit. e DSGVO)")
    LEGITIMATE_INTERESTS = "f", _("berechtigte Interessen (Art. 6 Abs. 1 lit. f DSGVO)")


@dataclass(frozen=True)
class ProcessingRecord:
    purpose: str
    legal_basis: str  # a LegalBasis value, or several joined by ","
    categories: tuple[str, ...]  # categories of personal data
    retention: str
    recipients: tuple[str, ...] = ()
    data_subjects: str = ""
    fields: tuple[str, ...] = field(default=())  # model fields that hold personal data

    def legal_basis_labels(self) -> list[str]:
        labels = dict(LegalBasis.choices)
        return [str(labels.get(code.strip(), code)) for code in self.legal_basis.split(",")]


def declared_models() -> list[tuple[type[models.Model], ProcessingRecord]]:
    found = []
    for model in apps.get_models():
        record = getattr(model, "personal_data", None)
        if isinstance(record, ProcessingRecord):
            found.append((model, record))
    return sorted(found, key=lambda pair: pair[0]._meta.label)
