from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "verbund.offers"
    label = "offers"
    nav_group = "offers"  # main-menu section (verbund.core.navigation.GROUPS)
    verbose_name = _("Angebote entlang der Präventionskette")

    def ready(self) -> None:
        from . import actions, permissions  # noqa: F401

        # search part: the list in the main menu; the full-text index checked after migrate
        from django.db.models.signals import post_migrate

        from verbund.core.navigation import register_nav

        from .search import ensure_text_index

        register_nav(_("Angebote"), "offers:offer_list", permissions.view_offer, order=45)
        post_migrate.connect(ensure_text_index, sender=self)
