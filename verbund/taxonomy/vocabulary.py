from django.db import models
from django.utils.translation import gettext_lazy as _


class Vocabulary(models.TextChoices):
    """The lists of the taxonomy that offers and needs share."""

    LIFE_PHASE = "life_phase", _("Lebensphase")
    TRANSITION = "transition", _("Übergang")
    TOPIC = "topic", _("Thema")
    TARGET_GROUP = "target_group", _("Zielgruppe")
    SERVICE_KIND = "service_kind", _("Leistungsart und Rechtsgrundlage")
