from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "verbund.offers"
    label = "offers"
    nav_group = "offers"  # main-menu section (verbund.core.navigation.GROUPS)
    verbose_name = _("Angebote entlang der Präventionskette")

    def ready(self) -> None:
        from . import actions, permissions  # noqa: F401

        # gaps part: offers count in the taxonomy's admin page; the need-page hook
        from .gaps import term_usage

        term_usage.register()
