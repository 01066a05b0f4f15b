from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "verbund.offers"
    label = "offers"
    nav_group = "offers"  # main-menu section (verbund.core.navigation.GROUPS)
    verbose_name = _("Angebote entlang der Präventionskette")

    def ready(self) -> None:
        from verbund.core.navigation import register_nav

        from . import actions, overlaps, permissions, privacy  # noqa: F401
        from .gaps import cache as gap_cache
        from .gaps import need_section, term_usage
        from .overlaps import cache as overlap_cache
        from .search import connect_search  # search part: menu entry, full-text index check

        connect_search(self)
        privacy.register_places()
        overlaps.ready()  # part "overlaps": menu entries, start-page item
        overlap_cache.connect()
        self.ready_catalogue()
        # transfer part (import and export)
        register_nav(_("Angebote importieren"), "offers:import", permissions.import_offers, 58)
        # gaps part: offers count in the taxonomy's admin page; the need-page hook; the menu
        term_usage.register()
        gap_cache.connect()
        need_section.register()
        register_nav(_("Lücken"), "offers:gaps", permissions.view_gaps, order=40)

    def ready_catalogue(self) -> None:
        """Catalogue part: page help, dashboard items and sections, freshness reminders."""
        from verbund.core.scheduler import register_periodic_job

        from . import dashboard, help, help_more  # noqa: F401
        from .reminders import scheduled_reminders

        dashboard.register()
        register_periodic_job(
            "offers.freshness",
            scheduled_reminders,
            label=_("An die Bestätigung von Angeboten erinnern, veraltete aus der Ansicht nehmen"),
        )
