"""What a lower layer may rely on of a user's access inside one municipality.

The concrete ``Access`` is built by the accounts app from the user's memberships (one layer
up); the tenant middleware sets it as ``request.access``. Code below accounts (core, tenancy)
types against this protocol instead of importing it.
"""

from __future__ import annotations

from typing import Protocol

from .permissions import Permission
from .roles import Reach


class Access(Protocol):
    municipality_id: int
    centre_ids: set[int]
    provider_ids: set[int]
    facility_ids: set[int]

    def reaches(self, permission: Permission) -> set[Reach]: ...

    def can(self, permission: Permission, obj=None) -> bool: ...
