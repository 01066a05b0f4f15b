"""Template helpers of the overlaps part: a link to an offer's page (where it exists)."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def offer_link(offer, slug):
    """The offer's title, linked to its page (the catalogue part's ``offers:offer_detail``)."""
    if offer is None:
        return ""
    if not _HAS_DETAIL:
        try:
            reverse("offers:offer_detail", args=[slug, offer.pk])
        except NoReverseMatch:
            return offer.title  # (the catalogue part's page is not there)
        _HAS_DETAIL.append(True)
    url = reverse("offers:offer_detail", args=[slug, offer.pk])
    return format_html('<a class="kern-link" href="{}">{}</a>', url, offer.title)


_HAS_DETAIL: list[bool] = []


@register.filter
def provider_name(offer):
    """Who runs the offer: its partner organisation, or the centre itself."""
    if offer is None:
        return ""
    return offer.provider.name if offer.provider_id else offer.centre.name


@register.simple_tag(takes_context=True)
def may_record_referral(context) -> bool:
    """Whether the user may record a referral (for the button on the offer's page)."""
    from ..permissions import record_referral

    request = context.get("request")
    access = getattr(request, "access", None)
    return bool(access) and access.can(record_referral)
