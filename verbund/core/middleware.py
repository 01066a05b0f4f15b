from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.utils.cache import add_never_cache_headers, patch_cache_control

ALLOWED_METHODS = ("GET", "HEAD", "POST")
# A token API below one of ``settings.API_WRITE_PATH_PREFIXES`` also answers these.
API_METHODS = ("PUT", "PATCH", "DELETE")


class AllowedMethodsMiddleware:
    """TRACE, PUT, DELETE and friends are not used by the HTML application: answer 405."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS and not (
            request.method in API_METHODS
            and request.path.startswith(tuple(getattr(settings, "API_WRITE_PATH_PREFIXES", ())))
        ):
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        return self.get_response(request)


class NoStoreForAuthenticatedMiddleware:
    """Pages shown to a signed-in user may hold personal data: keep them out of every cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            control = response.get("Cache-Control", "")
            if "no-store" in control and "private" in control and response.has_header("Expires"):
                return response  # the view said so already (never_cache): nothing to patch
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(self), payment=()"
        )
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
