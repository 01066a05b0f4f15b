"""What offers add to the start page, "Mein Familienzentrum" and "Meine Organisation"
(catalogue part; registered in ``OffersConfig.ready``). Each provider costs one query."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from verbund.core.roles import Reach
from verbund.dashboard.registry import DueItem, Row, Section

from . import catalogue
from . import permissions as perms
from .low_threshold import low_threshold
from .models import Offer

ITEM_LIMIT = 10
SECTION_LIMIT = 10


def _detail(ctx, offer) -> str:
    return reverse("offers:offer_detail", args=[ctx.municipality.slug, offer.pk])


def _provider_name(offer) -> str:
    return offer.provider.name if offer.provider_id else _("Familienzentrum selbst")


def review_items(ctx) -> list[DueItem]:
    """ "Angebote warten auf Freigabe": for coordinators, leads and admins."""
    if not ctx.access.can(perms.approve_offer):
        return []
    queue = catalogue.review_queue(municipality=ctx.municipality, access=ctx.access)
    return [
        DueItem(
            key=f"offers.review:{offer.pk}",
            title=_("Angebot wartet auf Freigabe: %(title)s") % {"title": offer.title},
            url=reverse("offers:offer_review", args=[ctx.municipality.slug, offer.pk]),
            action=_("Freigeben oder zurückgeben"),
            detail=" · ".join([_provider_name(offer), offer.centre.name]),
        )
        for offer in queue[:ITEM_LIMIT]
    ]


def check_items(ctx) -> list[DueItem]:
    """ "Angaben bestätigen": offers the user keeps, not confirmed for the configured time."""
    if not ctx.access.can(perms.manage_offer):
        return []
    due = catalogue.due_for_check(municipality=ctx.municipality, access=ctx.access, today=ctx.today)
    return [
        DueItem(
            key=f"offers.check:{offer.pk}:{catalogue.checked_on(offer).isoformat()}",
            title=_("Angaben bestätigen: %(title)s") % {"title": offer.title},
            url=_detail(ctx, offer),
            action=_("Prüfen: Angaben stimmen noch?"),
            due=catalogue.hidden_on(offer) if offer.visibility == "public" else None,
            detail=" · ".join([_provider_name(offer), offer.centre.name]),
        )
        for offer in due[:ITEM_LIMIT]
    ]


def returned_items(ctx) -> list[DueItem]:
    """A partner's offers sent back by the centre, with the reason (the centre's team sent
    them back itself and does not need telling)."""
    if ctx.access.reaches(perms.manage_offer) != {Reach.OWN}:
        return []
    returned = catalogue.returned_offers(municipality=ctx.municipality, access=ctx.access)
    return [
        DueItem(
            key=f"offers.returned:{offer.pk}",
            title=_("Zurückgegeben: %(title)s") % {"title": offer.title},
            url=reverse("offers:offer_update", args=[ctx.municipality.slug, offer.pk]),
            action=_("Angebot überarbeiten"),
            detail=offer.review_note,
        )
        for offer in returned[:ITEM_LIMIT]
    ]


def _rows(ctx, offers) -> list[Row]:
    rows = []
    for offer in offers[:SECTION_LIMIT]:
        meta = [offer.get_status_display(), low_threshold(offer).label]
        if offer.review_state != "approved":
            meta.insert(0, offer.get_review_state_display())
        rows.append(Row(label=offer.title, url=_detail(ctx, offer), meta=" · ".join(meta)))
    return rows


def _list_url(ctx, query: str = "") -> str:
    url = reverse("offers:offer_list", args=[ctx.municipality.slug])
    return f"{url}?{query}" if query else url


def centre_offers_section(ctx, centre) -> Section | None:
    if not ctx.access.can(perms.view_offer, centre):
        return None
    offers = (
        catalogue.viewable(municipality=ctx.municipality, access=ctx.access)
        .filter(centre=centre)
        .exclude(status="ended")
        .select_related("location")
        .order_by("title", "pk")
    )
    actions = []
    candidate = Offer(municipality=ctx.municipality, centre=centre)
    if ctx.access.can(perms.manage_offer, candidate):
        actions.append(
            Row(_("Angebot anlegen"), reverse("offers:offer_create", args=[ctx.municipality.slug]))
        )
    if ctx.access.can(perms.approve_offer, candidate):
        actions.append(
            Row(_("Freigaben"), reverse("offers:review_queue", args=[ctx.municipality.slug]))
        )
    return Section(
        title=_("Angebote"),
        rows=_rows(ctx, offers),
        empty=_("Noch keine Angebote eingetragen."),
        more_url=_list_url(ctx, f"centre={centre.pk}"),
        more_label=_("Alle Angebote des Zentrums"),
        actions=actions,
    )


def partner_offers_section(ctx) -> Section | None:
    """A partner's own offers (those its organisation provides), with their review state."""
    if not ctx.access.can(perms.manage_offer):
        return None
    offers = (
        ctx.access.narrow(perms.manage_offer, Offer.objects.filter(municipality=ctx.municipality))
        .exclude(status="ended")
        .select_related("location")
        .order_by("title", "pk")
    )
    return Section(
        title=_("Angebote Ihrer Organisation"),
        rows=_rows(ctx, offers),
        empty=_("Ihre Organisation hat noch keine Angebote eingetragen."),
        more_url=_list_url(ctx),
        more_label=_("Alle Angebote im Netzwerk"),
        actions=[
            Row(
                _("Angebot eintragen"), reverse("offers:offer_create", args=[ctx.municipality.slug])
            )
        ],
    )


def first_offer_step(ctx) -> Row | None:
    if not ctx.access.can(perms.manage_offer):
        return None
    return Row(
        _("Ein Angebot eintragen"),
        reverse("offers:offer_create", args=[ctx.municipality.slug]),
        _("Damit alle im Netzwerk wissen, was es gibt – und Familien es finden."),
    )


def register() -> None:
    from verbund.dashboard.registry import (
        register_centre_section,
        register_first_step,
        register_items,
        register_organisation_section,
    )

    reads = ("offers.Offer", "network.Organisation", "tenancy.FamilyCentre")
    register_items("offers.review", review_items, group="steps", order=40, reads=reads)
    register_items("offers.check", check_items, group="deadlines", order=40, reads=reads)
    register_items("offers.returned", returned_items, group="organisation", order=40, reads=reads)
    register_centre_section("offers.offers", centre_offers_section, order=40)
    register_organisation_section("offers.offers", partner_offers_section, order=40)
    register_first_step("offers.first_offer", first_offer_step, order=40)
