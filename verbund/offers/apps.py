from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "verbund.offers"
    label = "offers"
    nav_group = "offers"  # main-menu section (verbund.core.navigation.GROUPS)
    verbose_name = _("Angebote entlang der Präventionskette")

    def ready(self) -> None:
        from . import actions, overlaps, permissions  # noqa: F401

        overlaps.ready()  # part "overlaps": menu entries, start-page item
