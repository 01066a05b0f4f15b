"""The base for every view inside a municipality: declared permission, scoped queries, audit."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.views import View

from .audit import log_action
from .permissions import Permission


def deny(request, permission: Permission, obj=None) -> None:
    log_action(
        "security.permission.denied",
        actor=request.user,
        municipality=getattr(request, "municipality", None),
        instance=obj,
        data={"permission": permission.code, "path": request.path, "method": request.method},
    )
    raise PermissionDenied


class TenantView(View):
    """Requires ``permission``; the tenant middleware has already scoped the request."""

    permission: Permission

    def dispatch(self, request, *args, **kwargs):
        self.municipality = request.municipality
        self.access = request.access
        if not self.access.can(self.permission):
            deny(request, self.permission)
        return super().dispatch(request, *args, **kwargs)

    def require(self, permission: Permission, obj=None) -> None:
        if not self.access.can(permission, obj):
            deny(self.request, permission, obj)
