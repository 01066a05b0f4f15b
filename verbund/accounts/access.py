"""What one user may do within one municipality, computed once per request.

The one access rule: ``Access.can(permission, obj)`` answers for one object, and
``Access.filter(permission, model)`` gives the condition for every list, selector and form
choice. Both follow the model's ``access_paths`` (``verbund.core.access``), so they agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from verbund.core.access import lookup_q
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
    # The centres of each centre-bound role, for data that one role alone may reach (the
    # families of the welcome visits: only the centres of the visit-team memberships).
    centres_by_role: dict[Role, set[int]] = field(default_factory=dict)
    # What each role's memberships cover ("centres", "providers", "facilities" → ids): a grant
    # reaches only the places of the role that grants it. A coordinator of centre A who is
    # also staff at centre B does not coordinate B.
    scopes_by_role: dict[Role, dict[str, set[int]]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.roles)

    def signature(self) -> tuple:
        """Everything the reach of this access depends on, in a stable order: two users with
        the same signature may see the same things, so it can stand in a cache key for what
        a page shows of the viewer's reach."""
        return (
            self.municipality_id,
            tuple(
                (
                    role.value,
                    tuple(
                        (key, tuple(sorted(ids)))
                        for key, ids in sorted(self.scopes_by_role.get(role, {}).items())
                    ),
                )
                for role in sorted(self.roles, key=lambda role: role.value)
            ),
        )

    def reaches(self, permission: Permission) -> set[Reach]:
        return {reach for role in self.roles if (reach := permission.reach_for(role))}

    def grants(self, permission: Permission) -> list[tuple[Role, Reach]]:
        """(role, reach) for each of the user's roles that grants ``permission``."""
        return [(role, reach) for role in self.roles if (reach := permission.reach_for(role))]

    def reach_ids(self, permission: Permission, reach: Reach) -> set[int]:
        """The ids ``permission`` reaches at ``reach`` (centres, providers or facilities),
        through the roles that grant it at that reach only."""
        ids: set[int] = set()
        for role, granted in self.grants(permission):
            if granted == reach:
                ids |= self._reach_keys(reach, role)[1]
        return ids

    def can(self, permission: Permission, obj=None) -> bool:
        """True if any of the user's roles grants ``permission`` (for ``obj``, if given)."""
        grants = self.grants(permission)
        if not grants:
            return False
        if obj is None or any(reach == Reach.MUNICIPALITY for _role, reach in grants):
            return True
        return any(self._within(reach, role, obj) for role, reach in grants)

    def filter(self, permission: Permission, model_or_queryset) -> Q:
        """The rows of the model that ``can(permission, row)`` allows, as a condition.

        ``Q()`` (no narrowing) when the permission reaches the whole municipality; a condition
        matching nothing when it is not granted at all. The municipality itself is narrowed by
        the caller's scope and selector, as for the object check.
        """
        model = getattr(model_or_queryset, "model", model_or_queryset)
        grants = self.grants(permission)
        if any(reach == Reach.MUNICIPALITY for _role, reach in grants):
            return Q()
        reached: dict[str, set[int]] = {}
        for role, reach in grants:
            key, ids = self._reach_keys(reach, role)
            if key:
                reached.setdefault(key, set()).update(ids)
        condition = Q(pk__in=[])
        for key, ids in reached.items():
            condition |= lookup_q(model, key, ids)
        return condition

    def narrow(self, permission: Permission, queryset):
        """``queryset`` filtered to the rows the permission reaches."""
        condition = self.filter(permission, queryset)
        return queryset if condition == Q() else queryset.filter(condition)

    def audit_visible(self, entries):
        """The audit entries of an object's history this user may read: the changes to it;
        security entries (refused access, naming the user) only with
        ``accounts.security.view``."""
        from .permissions import view_security_entries

        if self.can(view_security_entries):
            return entries
        return entries.exclude(action__startswith="security.")

    def _reach_keys(self, reach: Reach, role: Role) -> tuple[str | None, set[int]]:
        key = {Reach.CENTRE: "centres", Reach.PROVIDER: "providers", Reach.OWN: "facilities"}.get(
            reach
        )
        if key is None:
            return None, set()
        return key, self.scopes_by_role.get(role, {}).get(key, set())

    def _within(self, reach: Reach, role: Role, obj) -> bool:
        key, ids = self._reach_keys(reach, role)
        if not key or not ids:
            return False
        if hasattr(obj, "access_key"):
            return bool(obj.access_key(key) & ids)
        return bool(obj.access_keys().get(key, set()) & ids)


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
        add_membership(access, role, centre_id, provider_id, facility_id)
    return access


def add_membership(access: Access, role, centre_id, provider_id, facility_id) -> None:
    """What one membership (its role and the centre, provider or facility it is bound to)
    adds to ``access``."""
    role = Role(role)
    access.roles.add(role)
    scopes = access.scopes_by_role.setdefault(role, {})
    if centre_id:
        access.centre_ids.add(centre_id)
        access.centres_by_role.setdefault(role, set()).add(centre_id)
        scopes.setdefault("centres", set()).add(centre_id)
    if provider_id:
        access.provider_ids.add(provider_id)
        scopes.setdefault("providers", set()).add(provider_id)
    if facility_id:
        access.facility_ids.add(facility_id)
        scopes.setdefault("facilities", set()).add(facility_id)


def municipalities_of(user):
    """The municipalities in which the user holds any membership (for navigation)."""
    from verbund.tenancy.models import Municipality

    if user.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(memberships__user=user).distinct()
