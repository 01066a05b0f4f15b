"""German wording of the audit actions of tenancy (registered in TenancyConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_actions

register_actions(
    {
        "tenancy.facility.created": _("hat die Einrichtung %(object)s angelegt"),
        "tenancy.facility.changed": _("hat die Einrichtung %(object)s geändert"),
        "tenancy.facility.archived": _("hat die Einrichtung %(object)s archiviert"),
        "tenancy.facility.restored": _("hat die Einrichtung %(object)s wieder aktiviert"),
        "tenancy.centre.created": _("hat das Familienzentrum %(object)s angelegt"),
        "tenancy.centre.changed": _("hat das Familienzentrum %(object)s geändert"),
        "tenancy.provider.created": _("hat den Träger %(object)s angelegt"),
        "tenancy.provider.changed": _("hat den Träger %(object)s geändert"),
    }
)
