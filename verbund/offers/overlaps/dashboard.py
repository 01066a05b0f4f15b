"""Start page: referrals whose outcome is still open four weeks after (one query)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import permissions as perms
from .referrals import OPEN_WEEKS_DELTA, open_referrals_by_centre


def open_referral_items(ctx):
    from verbund.dashboard.registry import DueItem

    if not ctx.access.can(perms.record_referral):
        return []
    rows = open_referrals_by_centre(
        municipality=ctx.municipality, access=ctx.access, today=ctx.today
    )[:20]
    url = reverse("offers:referral_list", args=[ctx.municipality.slug]) + "?outcome=open"
    return [
        DueItem(
            key=f"offers.referrals_open:{row['centre_id']}",
            title=ngettext(
                "%(n)d Vermittlung ohne Ergebnis: %(centre)s",
                "%(n)d Vermittlungen ohne Ergebnis: %(centre)s",
                row["n"],
            )
            % {"n": row["n"], "centre": row["centre__name"]},
            url=url,
            action=_("Ergebnis nachtragen"),
            due=row["oldest"] + OPEN_WEEKS_DELTA,
            detail=_("Vermittelt vor mehr als vier Wochen; das Ergebnis ist noch offen."),
            group="steps",
        )
        for row in rows
    ]


def register() -> None:
    from verbund.dashboard.registry import register_items

    register_items(
        "offers.referrals_open",
        open_referral_items,
        group="steps",
        order=60,
        reads=("offers.Referral", "tenancy.FamilyCentre"),
    )
