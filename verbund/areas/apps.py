from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "verbund.areas"
    label = "areas"
    nav_group = "area"  # main-menu section (verbund.core.navigation.GROUPS)
    verbose_name = _("Sozialräume")

    def ready(self) -> None:

        from verbund.core.navigation import register_nav

        from . import actions, dashboard, help, permissions, search  # noqa: F401

        dashboard.register()

        from . import rows_cache, tree_cache

        tree_cache.connect()
        rows_cache.connect()

        from verbund.core.geocoding import register_extent

        from .selectors import municipality_extent

        # The address lookup offers only points within the municipality's areas.
        register_extent(municipality_extent)

        register_nav(_("Sozialräume"), "areas:area_list", permissions.view_area, order=20)
        register_nav(_("Karte"), "areas:map", permissions.view_area, order=21)
        register_nav(_("Begehungen"), "areas:walk_list", permissions.view_area, order=22)
