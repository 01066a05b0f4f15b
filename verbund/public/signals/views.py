"""The public "Was fehlt Ihnen?" form: no cookie (no CSRF cookie, no session), protected by
a signed token, a honeypot and a per-client rate limit (``tokens``)."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt

from verbund.analysis.signals_services import need_signal_create
from verbund.public.site import PublicView

from .signal_form import NeedSignalForm, decorate
from .tokens import RateLimit, make_token, token_error

logger = logging.getLogger(__name__)
RATE_LIMIT = RateLimit("need-signal", limit=5, window=600)
TEMPLATE = "public/signals/form.html"


def safe_return_url(request) -> str:
    """A return link to a page of this site only (homepage, finder)."""
    url = request.GET.get("zurueck") or request.POST.get("zurueck") or ""
    if len(url) > 500 or not url.startswith("/") or url.startswith("//"):
        return ""
    allowed = url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()})
    return url if allowed else ""


@method_decorator(csrf_exempt, name="dispatch")
class NeedSignalCreateView(PublicView):
    http_method_names = ["get", "head", "options", "post"]

    def initial(self, request) -> dict:
        slug = request.GET.get("zentrum", "")[:80]
        centre = None
        if slug:
            form = NeedSignalForm(municipality=self.municipality)
            centre = form.fields["centre"].queryset.filter(slug=slug).first()
        return {"centre": centre.pk if centre else None}

    def get(self, request, municipality_slug):
        form = NeedSignalForm(initial=self.initial(request), municipality=self.municipality)
        return self.render(form)

    def post(self, request, municipality_slug):
        if not RATE_LIMIT.hit(request):
            return render(
                request,
                "public/signals/too_many.html",
                {"municipality": self.municipality, "return_url": safe_return_url(request)},
                status=429,
            )
        form = NeedSignalForm(request.POST, municipality=self.municipality)
        refused = "honeypot" if form.honeypot_filled() else None
        refused = refused or token_error(form.token(), self.municipality)
        if refused:
            logger.info("need signal refused: %s", refused)
            return self.render(form, status=400, refused=True)
        if form.is_valid():
            try:
                need_signal_create(municipality=self.municipality, data=form.signal_data())
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        form.add_error(field if field in form.fields else None, message)
            else:
                return render(
                    request,
                    "public/signals/thanks.html",
                    {"municipality": self.municipality, "return_url": safe_return_url(request)},
                )
        return self.render(form, status=400)

    def render(self, form, *, status: int = 200, refused: bool = False):
        response = render(
            self.request,
            TEMPLATE,
            {
                "municipality": self.municipality,
                "form": decorate(form),
                "token": make_token(self.municipality),
                "refused": refused,
                "return_url": safe_return_url(self.request),
            },
            status=status,
        )
        response["Cache-Control"] = "no-store"
        return response
