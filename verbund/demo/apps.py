from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The top layer: demo and benchmark data across every app (``seed_demo``, ``seed_scale``).
    It may import any app; no app imports it."""

    name = "verbund.demo"
    label = "demo"
    verbose_name = _("Demo-Daten")
