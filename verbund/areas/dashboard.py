"""What areas add to the start page (boundary imports waiting) and to "Mein Familienzentrum"
(walks); registered in ``AreasConfig.ready``."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verbund.core.prepared import PreparedQuery
from verbund.dashboard.registry import DueItem, Row, Section

from . import permissions as perms
from .models import ImportStatus
from .selectors import import_list, walk_list

SECTION_LIMIT = 5
WAITING = (ImportStatus.PREVIEW, ImportStatus.FAILED)


def _waiting_drafts(municipality_id):
    return (
        import_list(municipality=municipality_id)
        .filter(status__in=WAITING)
        .select_related(None)
        .only("id", "status", "filename", "created_at")
        .order_by("-created_at", "-id")[:20]
    )


_WAITING_DRAFTS = PreparedQuery(_waiting_drafts)


def waiting_import_items(ctx) -> list[DueItem]:
    """Boundary files uploaded but neither taken over nor discarded (1 query)."""
    if not ctx.access.can(perms.manage_area):
        return []
    drafts = _WAITING_DRAFTS.objects(municipality_id=ctx.municipality.pk)
    return [
        DueItem(
            key=f"areas.import:{draft.pk}:{draft.status}",
            title=_("Gebietsimport „%(file)s“: %(status)s")
            % {"file": draft.filename, "status": draft.get_status_display()},
            url=reverse("areas:import_preview", args=[ctx.municipality.slug, draft.pk]),
            action=_("Vorschau prüfen und übernehmen oder verwerfen"),
            detail=_("hochgeladen am %(date)s") % {"date": draft.created_at.strftime("%d.%m.%Y")},
        )
        for draft in drafts
    ]


def centre_walks_section(ctx, centre) -> Section | None:
    if not ctx.access.can(perms.view_area):
        return None
    slug = ctx.municipality.slug
    walks = walk_list(municipality=ctx.municipality, centre_id=centre.pk)
    actions = []
    if ctx.access.can(perms.manage_walk, centre):
        actions.append(Row(_("Begehung erfassen"), reverse("areas:walk_create", args=[slug])))
    return Section(
        title=_("Begehungen"),
        rows=[
            Row(
                walk.title,
                reverse("areas:walk_detail", args=[slug, walk.pk]),
                " · ".join(
                    filter(
                        None,
                        [
                            walk.date.strftime("%d.%m.%Y"),
                            walk.area.name if walk.area_id else "",
                            ngettext(
                                "%(n)d Beobachtung", "%(n)d Beobachtungen", walk.observation_count
                            )
                            % {"n": walk.observation_count},
                        ],
                    )
                ),
            )
            for walk in walks[:SECTION_LIMIT]
        ],
        empty=_("Noch keine Begehung im Sozialraum erfasst."),
        more_url=reverse("areas:walk_list", args=[slug]) + f"?zentrum={centre.pk}",
        more_label=_("Alle Begehungen des Zentrums"),
        actions=actions,
    )


def first_walk_step(ctx) -> Row | None:
    if not ctx.access.can(perms.manage_walk) or not ctx.access.centre_ids:
        return None
    return Row(
        _("Eine Begehung im Sozialraum erfassen"),
        reverse("areas:walk_create", args=[ctx.municipality.slug]),
        _("Was fällt Ihnen im Viertel auf? Fotos und Notizen, auch vom Telefon."),
    )


def register() -> None:
    from verbund.dashboard.registry import (
        register_centre_section,
        register_first_step,
        register_items,
    )

    register_items("areas.imports", waiting_import_items, group="imports", order=20)
    register_centre_section("areas.walks", centre_walks_section, order=60)
    register_first_step("areas.first_walk", first_walk_step, order=40)
