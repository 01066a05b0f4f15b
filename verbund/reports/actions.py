from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_action

for code, phrase in {
    "reports.report.create": _("hat den Entwicklungsbericht %(object)s angelegt"),
    "reports.report.update": _("hat den Entwicklungsbericht %(object)s geändert"),
    "reports.report.freeze": _(
        "hat den Entwicklungsbericht %(object)s festgeschrieben und im Archiv abgelegt"
    ),
}.items():
    register_action(code, phrase)
