"""What cooperation adds to the start page, "Mein Familienzentrum" and "Meine Organisation"
(registered in ``CooperationConfig.ready``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from verbund.dashboard import permissions as dashboard_perms
from verbund.dashboard.registry import DueItem, Row, Section

from . import permissions as perms
from .models import Status
from .selectors import AgreementFilter, DueFilter, agreement_list, agreements_due

DUE_WITHIN_DAYS = 60
SECTION_LIMIT = 10


def _parties(agreement) -> str:
    return ", ".join(p.organisation.name for p in agreement.parties.all() if p.organisation_id)


def due_agreement_items(ctx) -> list[DueItem]:
    """Overdue and upcoming reviews and expiries of agreements the user manages (2 queries)."""
    if not ctx.access.can(perms.manage_agreement):
        return []
    items = []
    for due in agreements_due(
        municipality=ctx.municipality,
        access=ctx.access,
        today=ctx.today,
        filters=DueFilter(within_days=DUE_WITHIN_DAYS),
    ):
        agreement = due.agreement
        if not ctx.access.can(perms.manage_agreement, agreement):
            continue
        review = due.kind == "review"
        items.append(
            DueItem(
                key=f"cooperation.{due.kind}:{agreement.pk}:{due.due_date.isoformat()}",
                title=(_("Überprüfung: %(title)s") if review else _("Ablauf: %(title)s"))
                % {"title": agreement.title},
                url=reverse(
                    "cooperation:agreement_detail", args=[ctx.municipality.slug, agreement.pk]
                ),
                action=_("Vereinbarung überprüfen") if review else _("Verlängerung klären"),
                due=due.due_date,
                detail=" · ".join(filter(None, [agreement.centre.name, _parties(agreement)])),
            )
        )
    return items


def partner_agreement_items(ctx) -> list[DueItem]:
    """For a partner: the agreements their organisation is party to (told once each)."""
    if not ctx.access.can(dashboard_perms.view_organisation_page):
        return []
    items = []
    agreements = agreement_list(municipality=ctx.municipality, access=ctx.access)
    for agreement in agreements.exclude(status=Status.ENDED)[:SECTION_LIMIT]:
        items.append(
            DueItem(
                key=f"cooperation.party:{agreement.pk}",
                title=_("Vereinbarung: %(title)s") % {"title": agreement.title},
                url=reverse(
                    "cooperation:agreement_detail", args=[ctx.municipality.slug, agreement.pk]
                ),
                action=_("Vereinbarung ansehen"),
                due=agreement.review_date if agreement.review_date else None,
                detail=" · ".join(
                    filter(None, [agreement.centre.name, agreement.get_status_display()])
                ),
            )
        )
    return items


def _agreement_rows(ctx, agreements) -> list[Row]:
    return [
        Row(
            label=agreement.title,
            url=reverse("cooperation:agreement_detail", args=[ctx.municipality.slug, agreement.pk]),
            meta=" · ".join(filter(None, [agreement.get_status_display(), _parties(agreement)])),
        )
        for agreement in agreements[:SECTION_LIMIT]
    ]


def centre_agreements_section(ctx, centre) -> Section | None:
    if not ctx.access.can(perms.view_agreement, centre):
        return None
    agreements = agreement_list(
        municipality=ctx.municipality,
        access=ctx.access,
        filters=AgreementFilter(centre_id=centre.pk),
    )
    actions = []
    if ctx.access.can(perms.manage_agreement, centre):
        actions.append(
            Row(
                _("Vereinbarung entwerfen"),
                reverse("cooperation:agreement_create", args=[ctx.municipality.slug]),
            )
        )
    base = reverse("cooperation:agreement_list", args=[ctx.municipality.slug])
    return Section(
        title=_("Kooperationsvereinbarungen"),
        rows=_agreement_rows(ctx, agreements),
        empty=_("Noch keine Vereinbarung mit Partnern."),
        more_url=f"{base}?centre={centre.pk}",
        more_label=_("Alle Vereinbarungen des Zentrums"),
        actions=actions,
    )


def partner_agreements_section(ctx) -> Section | None:
    if not ctx.access.can(perms.view_agreement):
        return None
    agreements = agreement_list(municipality=ctx.municipality, access=ctx.access)
    return Section(
        title=_("Vereinbarungen Ihrer Organisation"),
        rows=_agreement_rows(ctx, agreements),
        empty=_("Ihre Organisation ist noch an keiner Vereinbarung beteiligt."),
        more_url=reverse("cooperation:agreement_list", args=[ctx.municipality.slug]),
        more_label=_("Alle Vereinbarungen"),
    )


def first_agreement_step(ctx) -> Row | None:
    if not ctx.access.can(perms.manage_agreement):
        return None
    return Row(
        _("Eine Kooperationsvereinbarung entwerfen"),
        reverse("cooperation:agreement_create", args=[ctx.municipality.slug]),
        _("Halten Sie fest, wer was beiträgt und wann Sie gemeinsam Bilanz ziehen."),
    )


# What the agreement items show or are chosen by (``items_cache``).
AGREEMENT_READS = (
    "cooperation.Agreement",
    "cooperation.Party",
    "network.Organisation",
    "tenancy.FamilyCentre",
    "tenancy.Provider",
    "tenancy.Municipality",
)


def register() -> None:
    from verbund.dashboard.registry import (
        register_centre_section,
        register_first_step,
        register_items,
        register_organisation_section,
    )

    register_items(
        "cooperation.due", due_agreement_items, group="deadlines", order=10, reads=AGREEMENT_READS
    )
    register_items(
        "cooperation.partner_agreements",
        partner_agreement_items,
        group="organisation",
        order=20,
        reads=AGREEMENT_READS,
    )
    register_centre_section("cooperation.agreements", centre_agreements_section, order=50)
    register_organisation_section("cooperation.agreements", partner_agreements_section, order=50)
    register_first_step("cooperation.first_agreement", first_agreement_step, order=30)
