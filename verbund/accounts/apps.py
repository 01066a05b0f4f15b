from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "verbund.accounts"
    label = "accounts"
    nav_group = "admin"  # main-menu section (verbund.core.navigation.GROUPS)
    verbose_name = _("Konten und Rollen")

    def ready(self) -> None:

        from . import help  # noqa: F401  (page help texts)
        from django.utils.translation import gettext_lazy as _

        from verbund.core.navigation import register_nav

        from . import actions, permissions, signals  # noqa: F401

        register_nav(
            _("Rollen und Rechte"), "accounts:role_matrix", permissions.view_role_matrix, 800
        )
        register_nav(
            _("Mitgliedschaften"), "accounts:membership_list", permissions.view_memberships, 810
        )
