"""Declared permissions.

Every app lists its permissions in a ``permissions.py`` policy; views declare which one they need.
The role matrix page and the role-matrix test are generated from this registry, so what users
read, what tests check and what views enforce cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

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


def declared_permissions() -> dict[str, list[Permission]]:
    """Every permission an app defines in its ``permissions`` module, by app label: the ones
    its views declare and check. Read from the modules, so nothing defined there can be left
    off the role matrix."""
    import importlib

    from django.apps import apps

    declared: dict[str, list[Permission]] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("verbund."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.permissions")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.permissions":
                raise
            continue
        found = [
            value
            for value in vars(module).values()
            if isinstance(value, Permission) and value.code.split(".")[0] == config.label
        ]
        if found:
            declared[config.label] = found
    return declared


def policies() -> list[Policy]:
    """The registered policies, each completed with the permissions its app defines but did
    not list, so the role matrix shows every permission the code enforces."""
    declared = declared_permissions()
    listed = {perm.code for policy in _policies.values() for perm in policy.permissions}
    complete = []
    for policy in sorted(_policies.values(), key=lambda policy: policy.order):
        missing = [p for p in declared.get(policy.app_label, []) if p.code not in listed]
        listed.update(p.code for p in missing)
        complete.append(
            Policy(policy.app_label, policy.title, [*policy.permissions, *missing], policy.order)
        )
    orphans = [p for perms in declared.values() for p in perms if p.code not in listed]
    if orphans:
        complete.append(Policy("other", _("Weitere Rechte"), orphans, order=10_000))
    return complete


def all_permissions() -> list[Permission]:
    return [perm for policy in policies() for perm in policy.permissions]


def everyone(reach: Reach) -> dict[Role, Reach]:
    return dict.fromkeys(Role, reach)
