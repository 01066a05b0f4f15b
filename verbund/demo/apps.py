from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo content for every capability in one place: ``manage.py seed_demo`` and the
    ``seed_demo_<app>`` commands it runs, and ``seed_scale`` for benchmarks. The top layer: it
    may import every domain app, and no app imports it."""

    name = "verbund.demo"
    label = "demo"
    verbose_name = _("Demo-Daten")
