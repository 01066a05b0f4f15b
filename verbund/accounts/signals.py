import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from verbund.core.audit import log_action

from .middleware import SESSION_STARTED_KEY


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    request.session[SESSION_STARTED_KEY] = time.time()
    log_action("accounts.login.succeeded", actor=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        log_action("accounts.logout", actor=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # Only the attempted user name is kept, never the password.
    log_action("accounts.login.failed", data={"username": credentials.get("username", "")[:150]})


@receiver(user_locked_out)
def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    log_action("accounts.login.locked_out", data={"username": (username or "")[:150]})
