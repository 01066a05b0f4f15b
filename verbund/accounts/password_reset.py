"""Password reset by mail: the same answer whether an address is known or not, rate-limited
per address and per client address, audited, and lifting a login lockout once it succeeded.

Django's ``PasswordResetView`` family does the token work (``PASSWORD_RESET_TIMEOUT``, tokens
that die with a changed password or a later login); this module adds what a public form that
sends mail needs on top.
"""

from __future__ import annotations

import hashlib

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.http import HttpResponseRedirect
from django.template import loader
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from verbund.core.audit import log_action
from verbund.core.permissions import PUBLIC
from verbund.core.proxy import client_ip

RATE_WINDOW_SECONDS = 3600


def _limit() -> int:
    return int(getattr(settings, "VERBUND_PASSWORD_RESET_LIMIT", 5))


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:32]
    return f"verbund:pwreset:{kind}:{digest}"


def _hit(key: str) -> int:
    """Count one request in the window; returns the count including this one."""
    if cache.add(key, 1, RATE_WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW_SECONDS)
        return 1


def over_limit(kind: str, value: str) -> bool:
    """Count one attempt for ``value``; True once the hourly limit is passed."""
    return _hit(_key(kind, value)) > _limit()


def rate_limited(*, email: str, ip: str | None) -> bool:
    """Count a request for ``email`` from ``ip``; True once either passed the limit.

    Both counters go up on every request, known address or not, so the limit itself tells
    nothing about which addresses have an account."""
    over = over_limit("email", email.strip().lower())
    if ip:
        over = over_limit("ip", ip) or over
    return over


def valid_hours() -> int:
    return max(settings.PASSWORD_RESET_TIMEOUT // 3600, 1)


class ResetRequestForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pending: list[tuple] = []
        field = self.fields["email"]
        field.label = _("E-Mail-Adresse")
        field.help_text = _("Die dienstliche Adresse, die in Ihrem Konto eingetragen ist.")
        field.error_messages = {
            "required": _("Geben Sie Ihre E-Mail-Adresse ein."),
            "invalid": _("Geben Sie eine E-Mail-Adresse in der Form name@beispiel.de ein."),
        }

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Only noted here: the mail is written, logged and sent once the answer has gone
        out (``SendAfterResponse``), so neither the time it takes nor a broken mail server
        makes the answer differ between known and unknown addresses."""
        self.pending.append(
            (subject_template_name, email_template_name, context, from_email, to_email)
        )


def send_reset_mails(pending) -> None:
    for subject_template_name, email_template_name, context, from_email, to_email in pending:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        user = context["user"]
        log_action("accounts.password.reset_requested", actor=user, instance=user)
        EmailMultiAlternatives(subject, body, from_email, [to_email]).send(fail_silently=True)


class SendAfterResponse(HttpResponseRedirect):
    """A redirect that sends the noted mails when the server closes it, i.e. after the
    response was written to the client (WSGI ``close()``; the test client closes it too)."""

    def __init__(self, url, *, pending):
        super().__init__(url)
        self._pending = pending

    def close(self):
        try:
            pending, self._pending = self._pending, []
            send_reset_mails(pending)
        finally:
            super().close()


class ResetSetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Neues Passwort")
        self.fields["new_password2"].label = _("Neues Passwort wiederholen")


class PasswordResetView(auth_views.PasswordResetView):
    permission = PUBLIC
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    form_class = ResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self):
        return {"valid_hours": valid_hours()}

    def form_valid(self, form):
        if rate_limited(email=form.cleaned_data["email"], ip=client_ip(self.request)):
            form.add_error(
                None,
                _(
                    "Sie haben in der letzten Stunde zu oft ein neues Passwort angefordert. "
                    "Bitte versuchen Sie es in einer Stunde noch einmal oder wenden Sie sich an "
                    "die Administration Ihrer Kommune."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        response = super().form_valid(form)
        return SendAfterResponse(response.url, pending=form.pending)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    permission = PUBLIC
    template_name = "accounts/password_reset_done.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "valid_hours": valid_hours()}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    permission = PUBLIC
    template_name = "accounts/password_reset_confirm.html"
    form_class = ResetSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        # A forgotten password is the usual reason for a lockout: the owner proved access to
        # the mailbox, so the failed attempts for this account are forgiven.
        axes_reset(username=user.get_username())
        log_action("accounts.password.reset", actor=user, instance=user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    permission = PUBLIC
    template_name = "accounts/password_reset_complete.html"
