from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "verbund.documents"
    label = "documents"
    nav_group = "network"
    verbose_name = _("Dokumentenarchiv")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from verbund.core.navigation import register_nav
        from verbund.core.scheduler import register_periodic_job

        from . import actions, help, permissions, registrations, services, tasks  # noqa: F401
        from .search import TEXT_INDEX

        register_nav(_("Dokumente"), "documents:list", permissions.view_document, order=45)
        register_periodic_job(
            "documents.retention",
            services.expire_due_documents,
            label=_("Dokumente nach Ablauf der Aufbewahrungsfrist löschen"),
        )
        registrations.register()

        def ensure_index(using="default", **kwargs):
            from django.db import connections

            TEXT_INDEX.ensure(connections[using])

        post_migrate.connect(ensure_index, sender=self, weak=False)
