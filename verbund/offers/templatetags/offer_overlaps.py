"""Template helpers of the overlaps pages: a link to an offer's page, its provider."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def offer_link(offer, slug):
    """The offer's title, linked to its page."""
    if offer is None:
        return ""
    url = reverse("offers:offer_detail", args=[slug, offer.pk])
    return format_html('<a class="kern-link" href="{}">{}</a>', url, offer.title)


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
