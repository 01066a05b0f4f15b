from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "verbund.visits"
    label = "visits"
    nav_group = "centres"  # main-menu section (verbund.core.navigation.GROUPS)
    verbose_name = _("Begrüßungsbesuche")

    def ready(self) -> None:
        from verbund.core.navigation import register_nav
        from verbund.core.scheduler import register_periodic_job

        from . import actions, help, permissions, profile_section  # noqa: F401
        from .services import anonymise_everywhere

        register_nav(
            _("Begrüßungsbesuche"), "visits:family_list", permissions.work_with_families, order=60
        )
        register_nav(
            _("Begrüßungsbesuche: Auswertung"),
            "visits:statistics",
            permissions.view_visit_statistics,
            order=61,
        )
        register_nav(
            _("Begrüßungsbesuche: Einstellungen"),
            "visits:settings",
            permissions.manage_visit_settings,
            order=90,
            group="admin",
        )
        register_nav(
            _("Begrüßungsbesuche: Familie umverteilen"),
            "visits:reassign",
            permissions.reassign_families,
            order=91,
            group="admin",
        )
        profile_section.register()
        register_periodic_job(
            "visits.retention",
            anonymise_everywhere,
            label=_("Begrüßungsbesuche: Namen und Anschriften nach der Aufbewahrungsfrist löschen"),
        )
