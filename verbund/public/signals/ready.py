"""Registrations of the signals part (called from ``verbund.public.parts``): the audit
phrases, start-page item and menu entry of hints from families, and the audit phrases of
offer translations."""


def ready(config) -> None:
    from django.utils.translation import gettext_lazy as _

    from verbund.analysis import signals_actions, signals_dashboard  # noqa: F401
    from verbund.analysis.permissions import handle_signals
    from verbund.core.navigation import register_nav
    from verbund.offers import translations_actions  # noqa: F401

    signals_dashboard.register()
    register_nav(_("Hinweise von Familien"), "analysis:signal_list", handle_signals, 35)
