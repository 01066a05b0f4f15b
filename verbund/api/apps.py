from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The open-data API (Open Referral HSDS 3.0) over a municipality's public offers."""

    name = "verbund.api"
    label = "api"
    verbose_name = _("Offene Daten (HSDS-API)")
