"""On a need's page: the offers answering it and a form to mark another one (registered with
``verbund.analysis.need_hooks``, so the analysis imports nothing of the offers)."""

from __future__ import annotations

from verbund.analysis.need_hooks import NeedSection, register_need_section

from .. import permissions as perms
from ..models import Offer
from .selectors import GapScope, reachable_offers
from .services import ANSWERABLE, can_answer

CANDIDATES = 100


def section(need, access) -> NeedSection:
    answering = list(
        Offer.objects.filter(municipality_id=need.municipality_id, needs=need).order_by("title")
    )
    may_answer = need.status in ANSWERABLE and (
        can_answer(access, need) or access.can(perms.manage_offer)
    )
    candidates = []
    if may_answer:
        scope = GapScope(need.municipality, area=need.area) if need.area_id else None
        if scope is None:
            scope = GapScope(need.municipality, centre=need.centre)
        taken = {offer.pk for offer in answering}
        candidates = [
            offer
            for offer in reachable_offers(scope=scope)
            .filter(terms=need.topic_id)
            .select_related("centre")
            .order_by("title")[:CANDIDATES]
            if offer.pk not in taken
        ]
    return NeedSection(
        "offers/includes/gaps_need_answers.html",
        {"answering": answering, "candidates": candidates, "may_answer": may_answer},
    )


def register() -> None:
    register_need_section("offers.answers", section)
