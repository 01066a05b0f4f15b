"""German wording of the audit actions of hints from families (registered from the public
site's signals part, ``verbund.public.signals.ready``)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_actions

register_actions(
    {
        "analysis.need_signal.created": _("Eine Familie hat den Hinweis %(object)s gegeben"),
        "analysis.need_signal.dismissed": _("hat den Hinweis %(object)s verworfen"),
        "analysis.need_signal.turned_into_need": _(
            "hat den Hinweis %(object)s als Bedarf übernommen"
        ),
    }
)
