from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "verbund.core"
    label = "core"
    verbose_name = _("Grundlagen")

    def ready(self) -> None:
        from django.urls import register_converter

        from . import tenant_guard
        from .converters import ExportFormatConverter

        tenant_guard.connect()

        register_converter(ExportFormatConverter, "exportformat")
