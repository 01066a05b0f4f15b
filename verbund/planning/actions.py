from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_action

for code, phrase in {
    "planning.programme.create": _("hat das Jahresprogramm %(object)s angelegt"),
    "planning.programme.copy": _("hat das Jahresprogramm %(object)s aus dem Vorjahr übernommen"),
    "planning.programme.update": _("hat das Jahresprogramm %(object)s geändert"),
    "planning.programme.submit": _("hat das Jahresprogramm %(object)s zur Freigabe eingereicht"),
    "planning.programme.approve": _("hat das Jahresprogramm %(object)s freigegeben"),
    "planning.programme.return": _("hat das Jahresprogramm %(object)s zurückgegeben"),
    "planning.programme.reopen": _("hat das Jahresprogramm %(object)s wieder geöffnet"),
    "planning.goal.create": _("hat das Ziel %(object)s angelegt"),
    "planning.goal.update": _("hat das Ziel %(object)s geändert"),
    "planning.goal.delete": _("hat das Ziel %(object)s gelöscht"),
    "planning.measure.create": _("hat die Maßnahme %(object)s angelegt"),
    "planning.measure.update": _("hat die Maßnahme %(object)s geändert"),
    "planning.review.create": _("hat die Überprüfung %(object)s geplant"),
    "planning.review.record": _("hat die Ergebnisse der Überprüfung %(object)s festgehalten"),
    "planning.hours.set": _("hat die Wochenstunden %(object)s eingetragen"),
    "planning.training.create": _("hat die Fortbildung %(object)s eingetragen"),
}.items():
    register_action(code, phrase)
