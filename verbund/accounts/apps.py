from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "verbund.accounts"
    label = "accounts"
    nav_group = "admin"  # main-menu section (verbund.core.navigation.GROUPS)
    verbose_name = _("Konten und Rollen")

    def ready(self) -> None:

        from django.utils.translation import gettext_lazy as _

        from verbund.core.navigation import register_nav

        from . import (  # noqa: F401
            actions,
            help,
            names_cache,
            permissions,
            signals,
        )

        names_cache.connect()

        register_nav(
            _("Rollen und Rechte"), "accounts:role_matrix", permissions.view_role_matrix, 800
        )
        register_nav(
            _("Mitgliedschaften"), "accounts:membership_list", permissions.view_memberships, 810
        )
        register_nav(
            _("Impressum und Datenschutz"),
            "accounts:legal_overview",
            permissions.manage_legal_pages,
            820,
        )
