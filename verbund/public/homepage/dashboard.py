"""The section "Homepage" on Mein Familienzentrum: its state and the link to edit it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from verbund.dashboard.registry import Row, Section

from .. import permissions as perms
from ..models import CentrePage


def centre_homepage_section(ctx, centre) -> Section | None:
    if not ctx.access.can(perms.manage_homepage, centre):
        return None
    slug = ctx.municipality.slug
    published = CentrePage.objects.filter(centre=centre).values_list("published", flat=True).first()
    if published is None:
        text = _("Noch keine Homepage angelegt.")
    elif published:
        text = _("Die Homepage ist öffentlich.")
    else:
        text = _("Die Homepage ist noch nicht veröffentlicht.")
    actions = [
        Row(_("Homepage bearbeiten"), reverse("public:homepage_edit", args=[slug, centre.pk]))
    ]
    if published:
        actions.append(Row(_("Öffentliche Seite ansehen"), f"/{slug}/{centre.slug}/"))
    return Section(title=_("Homepage"), text=text, actions=actions)


def register() -> None:
    from verbund.dashboard.registry import register_centre_section

    register_centre_section("public.homepage", centre_homepage_section, order=90)
