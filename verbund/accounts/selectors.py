from django.db.models import QuerySet

from .models import Membership


def membership_list(*, municipality) -> QuerySet:
    return (
        Membership.objects.filter(municipality=municipality)
        .select_related("user", "centre", "provider", "facility")
        .order_by("user__last_name", "user__username", "role")
    )


def memberships_of(*, user) -> QuerySet:
    """A user's own memberships across municipalities, for the profile page."""
    return (
        Membership.unscoped.filter(user=user)
        .select_related("municipality", "centre", "provider", "facility")
        .order_by("municipality__name", "role")
    )
