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
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            # A method the page does not have: 405 for everyone, before the permission check
            # (which would answer 403 to some roles and so tell the roles apart).
            return self.http_method_not_allowed(request, *args, **kwargs)
        self.municipality = request.municipality
        self.access = request.access
        if not self.access.can(self.permission):
            deny(request, self.permission)
        return super().dispatch(request, *args, **kwargs)

    def require(self, permission: Permission, obj=None) -> None:
        if not self.access.can(permission, obj):
            deny(self.request, permission, obj)
