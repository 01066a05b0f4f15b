from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_actions

register_actions(
    {
        "documents.document.create": _("hat das Dokument %(object)s abgelegt"),
        "documents.document.update": _("hat das Dokument %(object)s geändert"),
        "documents.document.delete": _("hat das Dokument %(object)s gelöscht"),
        "documents.document.expire": _(
            "hat das Dokument %(object)s nach Ablauf der Aufbewahrungsfrist gelöscht"
        ),
        "documents.version.create": _("hat eine neue Version von %(object)s hochgeladen"),
        "documents.version.extract": _("hat den Text von %(object)s für die Suche gelesen"),
        "documents.link.create": _("hat %(object)s verknüpft"),
        "documents.link.delete": _("hat eine Verknüpfung von %(object)s entfernt"),
        "documents.download": _("hat %(object)s heruntergeladen"),
    }
)
