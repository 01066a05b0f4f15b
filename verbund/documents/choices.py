"""Kinds of documents and how long each is kept."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    MINUTES = "minutes", _("Protokoll")
    APPLICATION = "application", _("Antrag")
    EVIDENCE = "evidence", _("Nachweis")
    CONCEPT = "concept", _("Konzeption")
    ANNUAL_PROGRAMME = "annual_programme", _("Jahresprogramm")
    DEVELOPMENT_REPORT = "development_report", _("Entwicklungsbericht")
    BROCHURE = "brochure", _("Broschüre")
    OTHER = "other", _("Sonstiges")


# Years a document of each kind is kept after it was last changed (None: kept for good).
# Applications and evidence follow the usual ten-year retention for funding records
# (§ 147 AO, Zuwendungsrecht), minutes six years, brochures until withdrawn.
RETENTION_YEARS: dict[str, int | None] = {
    DocumentKind.MINUTES: 6,
    DocumentKind.APPLICATION: 10,
    DocumentKind.EVIDENCE: 10,
    DocumentKind.CONCEPT: None,
    DocumentKind.ANNUAL_PROGRAMME: 10,
    DocumentKind.DEVELOPMENT_REPORT: 10,
    DocumentKind.BROCHURE: None,
    DocumentKind.OTHER: 6,
}


def retention_date(kind: str, *, since: datetime.date) -> datetime.date | None:
    years = RETENTION_YEARS.get(kind)
    if years is None:
        return None
    try:
        return since.replace(year=since.year + years)
    except ValueError:  # 29 February
        return since.replace(year=since.year + years, day=28)


class ExtractionState(models.TextChoices):
    PENDING = "pending", _("Text wird gelesen")
    DONE = "done", _("Text gelesen")
    NONE = "none", _("kein Text enthalten")
    FAILED = "failed", _("Text konnte nicht gelesen werden")


LANGUAGES = [
    ("", _("–")),
    ("de", _("Deutsch")),
    ("en", _("Englisch")),
    ("tr", _("Türkisch")),
    ("ar", _("Arabisch")),
    ("ru", _("Russisch")),
    ("uk", _("Ukrainisch")),
    ("pl", _("Polnisch")),
    ("fa", _("Persisch")),
    ("ro", _("Rumänisch")),
    ("bg", _("Bulgarisch")),
    ("easy", _("Leichte Sprache")),
]
