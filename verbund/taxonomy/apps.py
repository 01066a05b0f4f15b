from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "verbund.taxonomy"
    label = "taxonomy"
    nav_group = "admin"  # main-menu section (verbund.core.navigation.GROUPS)
    verbose_name = _("Begriffe: Lebensphasen, Übergänge, Themen, Zielgruppen, Leistungsarten")

    def ready(self) -> None:
        from verbund.core.navigation import register_nav

        from . import actions, cache, help, permissions, signals  # noqa: F401

        cache.connect()

        register_nav(_("Begriffe"), "taxonomy:index", permissions.manage_terms, order=850)
