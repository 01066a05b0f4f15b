from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoomsConfig(AppConfig):
    name = "verbund.rooms"
    label = "rooms"
    nav_group = "centres"  # main-menu section (verbund.core.navigation.GROUPS)
    verbose_name = _("Räume und Belegung")

    def ready(self) -> None:
        from verbund.core.navigation import register_nav

        from . import actions, cache, dashboard, help, permissions  # noqa: F401

        register_nav(_("Räume"), "rooms:room_list", permissions.view_room, order=20)
        dashboard.register()
        cache.connect()
