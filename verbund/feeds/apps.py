from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    name = "verbund.feeds"
    label = "feeds"
    nav_group = "offers"
    verbose_name = _("Verzeichnisse anderer Kommunen")

    def ready(self) -> None:
        from verbund.core.navigation import register_nav

        from . import actions, help, permissions  # noqa: F401

        register_nav(
            _("Verzeichnisse anderer Kommunen"), "feeds:sources", permissions.import_feeds, 59
        )
