import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

from verbund.core.audit import log_action

SESSION_STARTED_KEY = "verbund_session_started"


class SessionLifetimeMiddleware:
    """Ends a session a fixed time after login, however active it was (absolute timeout).

    The idle timeout is the sliding session cookie (SESSION_COOKIE_AGE with
    SESSION_SAVE_EVERY_REQUEST).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            if started is None or time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                log_action("accounts.session.expired", actor=user)
                logout(request)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
