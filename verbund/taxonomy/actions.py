from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_action

register_action("taxonomy.term.create", _("hat den Begriff %(object)s angelegt"))
register_action("taxonomy.term.update", _("hat den Begriff %(object)s geändert"))
register_action("taxonomy.seed", _("hat die Standardbegriffe angelegt"))
