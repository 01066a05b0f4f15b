from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "verbund.offers"
    label = "offers"
    nav_group = "offers"  # main-menu section (verbund.core.navigation.GROUPS)
    verbose_name = _("Angebote entlang der Präventionskette")

    def ready(self) -> None:
        from verbund.core.navigation import register_nav

        from . import actions, permissions  # noqa: F401

        # transfer part (import and export)
        register_nav(_("Angebote importieren"), "offers:import", permissions.import_offers, 58)
