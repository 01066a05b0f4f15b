"""De-siloing, overlaps and brokering (issue 10, items 6 and 7): similar offers, the duplicate
report, complementary pairs, the view across kinds of service, and anonymous referrals."""


def ready() -> None:
    """Called from ``OffersConfig.ready``: menu entries and the start-page item."""
    from django.utils.translation import gettext_lazy as _

    from verbund.core.navigation import register_nav

    from .. import permissions
    from . import dashboard

    dashboard.register()
    from ..gaps.matrix import register_cell_figure
    from .referrals import referral_cell_figure

    register_cell_figure("referrals", _("Vermittlungen"), _("V"), referral_cell_figure)
    register_nav(_("Doppelstrukturen"), "offers:overlap_report", permissions.view_overlaps, 60)
    register_nav(_("Vermittlungen"), "offers:referral_list", permissions.record_referral, 70)
    register_nav(
        _("Zahlen zu Vermittlungen"), "offers:referral_counts", permissions.view_referrals, 71
    )
