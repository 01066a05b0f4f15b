"""German wording of the audit actions of the quality-seal self-check."""

from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_actions

ACTION_LABELS = {
    "quality.catalogue.created": _("hat den Kriterienkatalog %(object)s übernommen"),
    "quality.catalogue.imported": _("hat den Kriterienkatalog %(object)s eingelesen"),
    "quality.selfcheck.created": _("hat den Selbstcheck %(object)s begonnen"),
    "quality.criterion.changed": _("hat im Selbstcheck das Kriterium %(object)s bewertet"),
    "quality.evidence.refreshed": _("hat die Nachweise für %(object)s neu ermittelt"),
    "quality.evidence.requested": _("hat die Nachweise für alle Familienzentren angefordert"),
}

register_actions(ACTION_LABELS)
