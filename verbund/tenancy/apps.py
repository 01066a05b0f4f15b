from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "verbund.tenancy"
    label = "tenancy"
    verbose_name = _("Kommunen, Träger und Einrichtungen")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the policy)
