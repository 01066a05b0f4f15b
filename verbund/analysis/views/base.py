from verbund.core.tenant_views import TenantView


class AnalysisView(TenantView):
    """A method the view does not implement is 405 for everyone, before any permission check,
    so that a refusal never depends on the role for a method that does not exist."""

    def dispatch(self, request, *args, **kwargs):
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)
