""" "Neue Hinweise von Familien" on the start page (registered from the public site's signals
part): one item while new hints wait, linking to the list (1 query)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import permissions as perms
from .signals_selectors import new_signal_count


def new_signals_items(ctx):
    from verbund.dashboard.registry import DueItem

    if not ctx.access.can(perms.handle_signals):
        return []
    count = new_signal_count(municipality=ctx.municipality, access=ctx.access)
    if not count:
        return []
    return [
        DueItem(
            key="analysis.need_signals_new",
            title=_("Neue Hinweise von Familien"),
            url=reverse("analysis:signal_list", args=[ctx.municipality.slug]),
            action=_("Lesen, als Bedarf übernehmen oder verwerfen"),
            detail=ngettext("%(n)d neuer Hinweis", "%(n)d neue Hinweise", count) % {"n": count},
        )
    ]


def register() -> None:
    from verbund.dashboard.registry import register_items

    register_items(
        "analysis.need_signals",
        new_signals_items,
        group="needs",
        order=15,
        reads=("analysis.NeedSignal", "areas.Area", "areas.Area.centres"),
    )
