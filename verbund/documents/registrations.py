"""The link kinds of the apps below the archive (cooperation, offers, network); the apps
above (meetings, planning) register their own in their ``AppConfig.ready()``."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .links import register_link_kind


def _agreements(*, municipality, access):
    from verbund.cooperation.models import Agreement
    from verbund.cooperation.permissions import view_agreement

    return access.narrow(view_agreement, Agreement.objects.filter(municipality=municipality))


def _offers(*, municipality, access):
    from verbund.offers.search import visible_offers

    return visible_offers(municipality=municipality, access=access)


def _bodies(*, municipality, access):
    from verbund.network.models import Body
    from verbund.network.permissions import view_body

    return access.narrow(view_body, Body.objects.filter(municipality=municipality))


def register() -> None:
    register_link_kind(
        "cooperation.agreement",
        label=_("Kooperationsvereinbarung"),
        choices=lambda **kw: _agreements(**kw).order_by("title", "pk"),
        url=lambda obj: reverse(
            "cooperation:agreement_detail", args=[obj.municipality.slug, obj.pk]
        ),
        name=lambda obj: obj.title,
    )
    register_link_kind(
        "offers.offer",
        label=_("Angebot"),
        choices=lambda **kw: _offers(**kw).order_by("title", "pk"),
        url=lambda obj: reverse("offers:offer_detail", args=[obj.municipality.slug, obj.pk]),
        name=lambda obj: obj.title,
    )
    register_link_kind(
        "network.body",
        label=_("Gremium"),
        choices=lambda **kw: _bodies(**kw).order_by("name", "pk"),
        url=lambda obj: reverse("network:body_detail", args=[obj.municipality.slug, obj.pk]),
        name=lambda obj: obj.name,
    )
