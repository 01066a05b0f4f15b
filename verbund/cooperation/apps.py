from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "verbund.cooperation"
    label = "cooperation"
    verbose_name = _("Kooperationsvereinbarungen")

    def ready(self) -> None:
        from verbund.core.navigation import register_nav

        from . import permissions, privacy

        privacy.register_places()

        register_nav(
            _("Kooperationen"), "cooperation:agreement_list", permissions.view_agreement, order=40
        )
