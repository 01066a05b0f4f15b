"""What one user may do within one municipality, computed once per request."""

from __future__ import annotations

from dataclasses import dataclass, field

from verbund.core.permissions import Permission
from verbund.core.roles import Reach, Role

from .models import Membership


@dataclass
class Access:
    municipality_id: int
    roles: set[Role] = field(default_factory=set)
    centre_ids: set[int] = field(default_factory=set)
    provider_ids: set[int] = field(default_factory=set)
    facility_ids: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.roles)

    def reaches(self, permission: Permission) -> set[Reach]:
        return {reach for role in self.roles if (reach := permission.reach_for(role))}

    def can(self, permission: Permission, obj=None) -> bool:
        """True if any of the user's roles grants ``permission`` (for ``obj``, if given)."""
        reaches = self.reaches(permission)
        if not reaches:
            return False
        if obj is None or Reach.MUNICIPALITY in reaches:
            return True
        return any(self._within(reach, obj) for reach in reaches)

    def _within(self, reach: Reach, obj) -> bool:
        keys = obj.access_keys()
        if reach == Reach.CENTRE:
            return bool(keys.get("centres", set()) & self.centre_ids)
        if reach == Reach.PROVIDER:
            return bool(keys.get("providers", set()) & self.provider_ids)
        if reach == Reach.OWN:
            return bool(keys.get("facilities", set()) & self.facility_ids)
        return False


def access_for(user, municipality) -> Access:
    access = Access(municipality_id=municipality.pk)
    if not user.is_authenticated or not user.is_active:
        return access
    if user.is_superuser:
        access.roles.add(Role.ADMIN)
        return access
    memberships = Membership.unscoped.filter(user=user, municipality=municipality).values_list(
        "role", "centre_id", "provider_id", "facility_id"
    )
    for role, centre_id, provider_id, facility_id in memberships:
        access.roles.add(Role(role))
        if centre_id:
            access.centre_ids.add(centre_id)
        if provider_id:
            access.provider_ids.add(provider_id)
        if facility_id:
            access.facility_ids.add(facility_id)
    return access


def municipalities_of(user):
    """The municipalities in which the user holds any membership (for navigation)."""
    from verbund.tenancy.models import Municipality

    if user.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(memberships__user=user).distinct()
