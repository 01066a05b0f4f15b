from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "verbund.offers"
    label = "offers"
    nav_group = "offers"  # main-menu section (verbund.core.navigation.GROUPS)
    verbose_name = _("Angebote entlang der Präventionskette")

    def ready(self) -> None:
        # gaps part: offers count in the taxonomy's admin page; the need-page hook; the menu
        from verbund.core.navigation import register_nav

        from . import actions, permissions  # noqa: F401
        from .gaps import need_section, term_usage

        term_usage.register()
        need_section.register()
        register_nav(_("Lücken"), "offers:gaps", permissions.view_gaps, order=40)
