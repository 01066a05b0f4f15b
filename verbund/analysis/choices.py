"""Fixed choices of the analysis. Life phases, topics and target groups are terms of the shared
taxonomy (``verbund.taxonomy``, defaults in ``verbund/taxonomy/defaults.py``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Priority(models.TextChoices):
    HIGH = "high", _("hoch")
    MEDIUM = "medium", _("mittel")
    LOW = "low", _("niedrig")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("offen – zu prüfen")
    CONFIRMED = "confirmed", _("bestätigt")
    IN_PROGRESS = "in_progress", _("in Bearbeitung")
    MET = "met", _("gedeckt")
    REJECTED = "rejected", _("verworfen")


class IndexMethod(models.TextChoices):
    THRESHOLDS = "thresholds", _("Schwellenwerte (Standardabweichungen)")
    QUANTILES = "quantiles", _("Quantile (Anteile der Gebiete)")
