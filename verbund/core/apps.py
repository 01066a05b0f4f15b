from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "verbund.core"
    label = "core"
    verbose_name = _("Grundlagen")

    def ready(self) -> None:
        from django.urls import register_converter

        from . import session_cache, tenant_guard
        from .converters import ExportFormatConverter

        tenant_guard.connect()
        session_cache.connect()

        from .field_messages import install as install_field_messages

        install_field_messages()  # "Bitte geben Sie „Name“ an." instead of a generic message

        register_converter(ExportFormatConverter, "exportformat")

        from .db_maintenance import periodic_analyze
        from .health import register_readiness_check
        from .scheduler import register_periodic_job
        from .tasks import check_worker, sweep_stale_jobs

        register_readiness_check("worker", check_worker)

        register_periodic_job(
            "core.stale_jobs",
            sweep_stale_jobs,
            label=_("Abgestürzte Hintergrundaufgaben als fehlgeschlagen markieren"),
        )
        register_periodic_job(
            "core.db_analyze",
            periodic_analyze,
            label=_("Statistiken der Datenbank für schnelle Abfragen auffrischen"),
        )
