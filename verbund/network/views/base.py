from django.http import Http404

from verbund.core.history import history_for
from verbund.core.tenant_views import TenantView as CoreTenantView

from .. import selectors


def lookup(getter, **kwargs):
    try:
        return getter(**kwargs)
    except Exception as exc:
        if exc.__class__.__name__ == "DoesNotExist":
            raise Http404 from exc
        raise


def history(instance, access, limit=20):
    """The object's history as far as the viewer may read it (``Access.audit_visible``)."""
    return history_for(instance, limit=limit, access=access)


__all__ = ["TenantView", "history", "lookup", "selectors"]


class TenantView(CoreTenantView):
    """Answers 405 for methods the view does not offer before checking permissions, so a
    refused role learns nothing more than an allowed one would."""

    def dispatch(self, request, *args, **kwargs):
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)
