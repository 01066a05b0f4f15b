from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import Resolver404, resolve
from django_scopes import scope, scopes_disabled

from verbund.accounts.access import access_for
from verbund.core.audit import log_action

from .models import Municipality


class TenantScopeMiddleware:
    """Activates the municipality's scope for URLs under ``/k/<municipality_slug>/``.

    A user without any membership in that municipality gets a 404, exactly as if the
    municipality did not exist, so tenant names and IDs cannot be probed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if match.app_name == "admin":
            # Django's admin is for platform operators only (superusers, see config/urls.py).
            with scopes_disabled():
                return self.get_response(request)
        slug = match.kwargs.get("municipality_slug")
        if slug is None:
            return self.get_response(request)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        municipality = Municipality.objects.filter(slug=slug).first()
        access = access_for(request.user, municipality) if municipality else None
        if not access:
            log_action(
                "security.tenant.denied",
                actor=request.user,
                data={"path": request.path, "method": request.method},
            )
            raise Http404
        request.municipality = municipality
        request.access = access
        with scope(municipality=municipality.pk):
            return self.get_response(request)
