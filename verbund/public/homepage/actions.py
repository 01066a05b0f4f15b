"""German wording of the audit actions of the homepage part."""

from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_actions

ACTION_LABELS = {
    "public.centre_page.created": _("hat die Homepage von %(object)s angelegt"),
    "public.centre_page.changed": _("hat die Homepage von %(object)s geändert"),
    "public.centre_page.published": _("hat die Homepage von %(object)s veröffentlicht"),
    "public.centre_page.unpublished": _("hat die Homepage von %(object)s offline genommen"),
    "public.download.added": _("hat den Download %(object)s hinzugefügt"),
    "public.download.removed": _("hat den Download %(object)s entfernt"),
    "public.site.created": _("hat die öffentlichen Seiten von %(object)s angelegt"),
    "public.site.changed": _("hat die öffentlichen Seiten von %(object)s geändert"),
}

register_actions(ACTION_LABELS)
