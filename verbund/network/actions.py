"""German wording of the audit actions of the network (registered in NetworkConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_actions

register_actions(
    {
        "network.organisation.created": _("hat die Organisation %(object)s angelegt"),
        "network.organisation.changed": _("hat die Organisation %(object)s geändert"),
        "network.organisation.archived": _("hat die Organisation %(object)s archiviert"),
        "network.organisation.restored": _("hat die Organisation %(object)s wieder aktiviert"),
        "network.organisation.imported": _("hat Organisationen aus einer Datei eingelesen"),
        "network.list.imported": _("hat Einträge aus einer öffentlichen Liste übernommen"),
        "network.list.mapping_saved": _(
            "hat die Spaltenzuordnung einer öffentlichen Liste gespeichert"
        ),
        "network.list.import_started": _(
            "hat die Übernahme einer öffentlichen Liste im Hintergrund gestartet"
        ),
        "network.contact.created": _("hat die Ansprechperson %(object)s angelegt"),
        "network.contact.changed": _("hat die Ansprechperson %(object)s geändert"),
        "network.contact.confirmed": _("hat die Angaben von %(object)s als aktuell bestätigt"),
        "network.contact.erased": _("hat die personenbezogenen Daten von %(object)s gelöscht"),
        "network.contact.access_exported": _(
            "hat eine Auskunft über die Daten von %(object)s erstellt"
        ),
        "network.relationship.created": _("hat die Beziehung %(object)s angelegt"),
        "network.relationship.changed": _("hat die Beziehung %(object)s geändert"),
        "network.interaction.created": _("hat den Kontakt %(object)s festgehalten"),
        "network.body.created": _("hat das Gremium %(object)s angelegt"),
        "network.body.changed": _("hat das Gremium %(object)s geändert"),
        "network.body.member_added": _("hat dem Gremium %(object)s ein Mitglied hinzugefügt"),
        "network.body.member_left": _("hat das Ausscheiden eines Mitglieds aus %(object)s erfasst"),
    }
)
