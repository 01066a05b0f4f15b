"""What the analysis adds to the start page (needs to confirm; for the planner needs reported
by centres and answers due) and to "Mein Familienzentrum" (Sozialraum profile, needs, key
figures); registered in ``AnalysisConfig.ready``."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.areas.selectors import centre_areas
from verbund.core.prepared import PreparedQuery
from verbund.core.roles import Role
from verbund.dashboard.registry import DueItem, Row, Section

from . import permissions as perms
from .choices import NeedStatus
from .figures import figure_cells
from .selectors import NeedFilter, figures_of_centre, need_list, reported_need_list

# A need a centre reported (confirmed) should get the planning's answer within this time.
ANSWER_DAYS = 28
SECTION_LIMIT = 8


def _need_detail(need) -> str:
    return " · ".join(
        filter(
            None,
            [need.centre.name, need.area.name if need.area_id else "", need.get_priority_display()],
        )
    )


def needs_to_confirm_items(ctx) -> list[DueItem]:
    """Open needs (suggested or entered, not yet checked) the coordinator decides (1 query)."""
    if not ctx.access.can(perms.decide_needs):
        return []
    needs = need_list(
        municipality=ctx.municipality,
        access=ctx.access,
        permission=perms.decide_needs,
        filters=NeedFilter(status=NeedStatus.OPEN),
    )
    slug = ctx.municipality.slug
    return [
        DueItem(
            key=f"analysis.need_open:{need.pk}",
            title=_("Bedarf prüfen: %(title)s") % {"title": need.title},
            url=reverse("analysis:need_status", args=[slug, need.pk]),
            action=_("Bestätigen oder verwerfen"),
            detail=_need_detail(need),
        )
        for need in needs
    ]


_REPORTED = PreparedQuery(
    lambda access, municipality_id: reported_need_list(
        municipality=municipality_id, access=access, permission=perms.view_needs
    )
)


def reported_needs_items(ctx) -> list[DueItem]:
    """For the planning: needs the centres confirmed (reported), each due for an answer
    ``ANSWER_DAYS`` after it was reported (1 query)."""
    if Role.PLANNER not in ctx.access.roles or not ctx.access.can(perms.view_needs):
        return []
    needs = _REPORTED.objects_within(ctx.access, municipality_id=ctx.municipality.pk)
    slug = ctx.municipality.slug
    items = []
    for need in needs:
        reported = timezone.localdate(need.updated_at)  # the local day, not UTC's
        new = (ctx.today - reported).days <= 7
        items.append(
            DueItem(
                key=f"analysis.need_reported:{need.pk}",
                title=(_("Neu gemeldet: %(title)s") if new else _("Antwort fällig: %(title)s"))
                % {"title": need.title},
                url=reverse("analysis:need_detail", args=[slug, need.pk]),
                action=_("Bedarf und Belege ansehen"),
                due=reported + timedelta(days=ANSWER_DAYS),
                detail=_need_detail(need),
            )
        )
    return items


def centre_area_section(ctx, centre) -> Section | None:
    if not ctx.access.can(perms.view_profiles):
        return None
    slug = ctx.municipality.slug
    areas = list(centre_areas(centre=centre)[:SECTION_LIMIT])
    return Section(
        title=_("Sozialraum"),
        rows=[
            Row(
                area.name,
                reverse("analysis:area_profile", args=[slug, area.pk]),
                _("Profil mit Kennzahlen, Bedarfsindex und Karte"),
            )
            for area in areas
        ],
        empty=_("Für das Zentrum ist noch kein Sozialraum festgelegt."),
        more_url=reverse("analysis:overview", args=[slug]),
        more_label=_("Sozialraumanalyse der Kommune"),
    )


def centre_needs_section(ctx, centre) -> Section | None:
    if not ctx.access.can(perms.view_needs, centre):
        return None
    slug = ctx.municipality.slug
    needs = need_list(
        municipality=ctx.municipality,
        access=ctx.access,
        permission=perms.view_needs,
        filters=NeedFilter(centre_id=centre.pk),
    )
    actions = []
    if ctx.access.can(perms.change_needs, centre):
        actions.append(
            Row(_("Bedarf erfassen"), reverse("analysis:need_create", args=[slug, centre.pk]))
        )
    return Section(
        title=_("Bedarfe"),
        rows=[
            Row(
                need.title,
                reverse("analysis:need_detail", args=[slug, need.pk]),
                " · ".join(
                    filter(
                        None, [need.get_status_display(), need.area.name if need.area_id else ""]
                    )
                ),
            )
            for need in needs[:SECTION_LIMIT]
        ],
        empty=_("Noch kein Bedarf erfasst."),
        more_url=reverse("analysis:need_list", args=[slug]) + f"?centre={centre.pk}",
        more_label=_("Alle Bedarfe des Zentrums"),
        actions=actions,
    )


def centre_figures_section(ctx, centre) -> Section | None:
    if not ctx.access.can(perms.view_figures, centre):
        return None
    slug = ctx.municipality.slug
    latest = figures_of_centre(centre=centre).order_by("-year").first()
    own = perms.is_centre_team(ctx.access, centre)
    rows = []
    if latest is not None:
        for cell in figure_cells(latest, own=own):
            meta = "" if cell.share is None else f"{cell.share:.0f} %".replace(".", ",")
            rows.append(Row(f"{cell.figure.label}: {cell.count}", "", meta))
    actions = []
    if ctx.access.can(perms.change_figures, centre):
        year = ctx.today.year - 1
        actions.append(
            Row(
                _("Kennzahlen %(year)s eintragen") % {"year": year},
                reverse("analysis:centre_figures_edit", args=[slug, centre.pk, year]),
            )
        )
    return Section(
        title=(_("Kennzahlen %(year)s") % {"year": latest.year}) if latest else _("Kennzahlen"),
        rows=rows,
        empty=_("Noch keine Kennzahlen eingetragen."),
        more_url=reverse("analysis:centre_figures", args=[slug, centre.pk]),
        more_label=_("Alle Jahre"),
        actions=actions,
    )


def first_need_step(ctx) -> Row | None:
    if not ctx.access.can(perms.change_needs) or len(ctx.access.centre_ids) != 1:
        return None
    (centre_id,) = ctx.access.centre_ids
    return Row(
        _("Einen Bedarf Ihres Familienzentrums erfassen"),
        reverse("analysis:need_create", args=[ctx.municipality.slug, centre_id]),
        _("Was fehlt Familien im Sozialraum? Belegen Sie es mit Zahlen oder Beobachtungen."),
    )


def register() -> None:
    from verbund.dashboard.registry import (
        register_centre_section,
        register_first_step,
        register_items,
    )

    reads = (
        "analysis.Need",
        "analysis.NeedEvidence",
        "analysis.NeedRule",
        "areas.Area",
        "taxonomy.Term",
        "tenancy.FamilyCentre",
        "tenancy.Provider",
    )
    register_items(
        "analysis.needs_to_confirm", needs_to_confirm_items, group="needs", order=10, reads=reads
    )
    register_items(
        "analysis.reported_needs", reported_needs_items, group="needs", order=20, reads=reads
    )
    register_centre_section("analysis.area", centre_area_section, order=10)
    register_centre_section("analysis.needs", centre_needs_section, order=20)
    register_centre_section("analysis.figures", centre_figures_section, order=25)
    register_first_step("analysis.first_need", first_need_step, order=20)
