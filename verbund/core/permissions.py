"""Declared permissions.

Every app lists its permissions in a ``permissions.py`` policy; views declare which one they need.
The role matrix page and the role-matrix test are generated from this registry, so what users
read, what tests check and what views enforce cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .roles import Reach, Role

if TYPE_CHECKING:
    from django.utils.functional import Promise


@dataclass(frozen=True)
class Permission:
    code: str
    label: Promise | str
    grants: dict[Role, Reach] = field(default_factory=dict)

    def reach_for(self, role: Role) -> Reach | None:
        return self.grants.get(role)


@dataclass(frozen=True)
class ViewAccess:
    """Marker for views outside a municipality: public pages and personal pages."""

    code: str
    label: Promise | str


PUBLIC = ViewAccess("public", "öffentlich")
AUTHENTICATED = ViewAccess("authenticated", "angemeldet")


@dataclass
class Policy:
    app_label: str
    title: Promise | str
    permissions: list[Permission]
    order: int = 100  # position on the role matrix page


_policies: dict[str, Policy] = {}


def register(policy: Policy) -> Policy:
    _policies[policy.app_label] = policy
    return policy


def policies() -> list[Policy]:
    return sorted(_policies.values(), key=lambda policy: policy.order)


def all_permissions() -> list[Permission]:
    return [perm for policy in _policies.values() for perm in policy.permissions]


def everyone(reach: Reach) -> dict[Role, Reach]:
    return dict.fromkeys(Role, reach)
