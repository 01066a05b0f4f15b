"""German wording of the audit actions of offer translations (registered from the public
site's signals part, ``verbund.public.signals.ready``)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_actions

register_actions(
    {
        "offers.offer_translation.created": _("hat eine Übersetzung %(object)s angelegt"),
        "offers.offer_translation.changed": _("hat die Übersetzung %(object)s geändert"),
    }
)
