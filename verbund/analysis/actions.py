"""German wording of the audit actions of analysis (registered in AnalysisConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_actions

register_actions(
    {
        "analysis.need_index.created": _("hat den Bedarfsindex %(object)s eingerichtet"),
        "analysis.need_index.changed": _("hat den Bedarfsindex %(object)s geändert"),
        "analysis.centre_figures.created": _("hat die Kennzahlen %(object)s erfasst"),
        "analysis.centre_figures.changed": _("hat die Kennzahlen %(object)s geändert"),
        "analysis.centre_figures.deleted": _("hat die Kennzahlen %(object)s gelöscht"),
        "analysis.need.created": _("hat den Bedarf %(object)s erfasst"),
        "analysis.need.changed": _("hat den Bedarf %(object)s geändert"),
        "analysis.need.confirmed": _("hat den Bedarf %(object)s bestätigt"),
        "analysis.need.rejected": _("hat den Bedarf %(object)s verworfen"),
        "analysis.need.evidence_added": _("hat dem Bedarf %(object)s einen Beleg hinzugefügt"),
        "analysis.need.evidence_removed": _("hat einen Beleg des Bedarfs %(object)s entfernt"),
        "analysis.need_rule.created": _("hat die Bedarfsregel %(object)s angelegt"),
        "analysis.need_rule.changed": _("hat die Bedarfsregel %(object)s geändert"),
    }
)
