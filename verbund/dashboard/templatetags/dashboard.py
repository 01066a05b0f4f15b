from django import template

from ..permissions import view_notifications
from ..selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def notification_count(context) -> int | None:
    """Unread notifications of the signed-in user in the current municipality (one query),
    ``None`` outside a municipality or without the permission."""
    request = context.get("request")
    municipality = context.get("municipality")
    access = getattr(request, "access", None)
    if request is None or municipality is None or not access:
        return None
    if not request.user.is_authenticated or not access.can(view_notifications):
        return None
    return unread_count(municipality=municipality, user=request.user)
