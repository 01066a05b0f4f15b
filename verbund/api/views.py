"""The page "API-Zugänge": a partner creates (shown once) and revokes its organisation's API
accesses; the planner and the admin see those of the whole municipality (the admin may revoke
one, e.g. when it leaked)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from verbund.core.forms import add_service_errors
from verbund.core.tenant_views import TenantView

from . import permissions as perms
from . import services
from .forms import ApiTokenForm
from .models import ApiToken
from .tokens import TOKEN_RATE


def tokens_for(municipality, access):
    return access.narrow(
        perms.view_api_tokens,
        ApiToken.objects.filter(municipality=municipality).select_related(
            "organisation", "created_by"
        ),
    ).order_by("revoked_at", "-created_at", "-pk")


class TokenListView(TenantView):
    permission = perms.view_api_tokens

    def render_page(self, request, form=None, token=None, created=None, status=200):
        can_create = self.access.can(perms.create_api_token)
        if form is None and can_create:
            form = ApiTokenForm(municipality=self.municipality, access=self.access)
        rows = list(tokens_for(self.municipality, self.access))
        for row in rows:
            row.can_revoke = row.revoked_at is None and self.access.can(perms.revoke_api_token, row)
        response = render(
            request,
            "api/tokens.html",
            {
                "tokens": rows,
                "form": form if can_create else None,
                "token": token,
                "created": created,
                "rate": TOKEN_RATE,
                "api_base": request.build_absolute_uri(
                    f"/api/v1/{self.municipality.slug}/partner/"
                ),
                "openapi_url": request.build_absolute_uri("/api/openapi.json"),
            },
            status=status,
        )
        if token:
            response["Cache-Control"] = "no-store"
        return response

    def get(self, request, municipality_slug):
        return self.render_page(request)

    def post(self, request, municipality_slug):
        self.require(perms.create_api_token)
        form = ApiTokenForm(request.POST, municipality=self.municipality, access=self.access)
        if not form.is_valid():
            return self.render_page(request, form=form, status=400)
        organisation = form.cleaned_data["organisation"]
        self.require(perms.create_api_token, organisation)
        try:
            row, token = services.api_token_create(
                actor=request.user,
                organisation=organisation,
                name=form.cleaned_data["name"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_page(request, form=form, status=400)
        return self.render_page(request, token=token, created=row)


class TokenRevokeView(TenantView):
    permission = perms.revoke_api_token

    def get(self, request, municipality_slug, api_token_id):
        token = self.lookup(api_token_id)
        return render(request, "api/token_revoke.html", {"token": token})

    def lookup(self, api_token_id) -> ApiToken:
        token = tokens_for(self.municipality, self.access).filter(pk=api_token_id).first()
        if token is None:
            raise Http404
        self.require(perms.revoke_api_token, token)
        return token

    def post(self, request, municipality_slug, api_token_id):
        token = self.lookup(api_token_id)
        services.api_token_revoke(actor=request.user, token=token)
        messages.success(
            request,
            _("Der API-Zugang „%(name)s“ ist widerrufen; er funktioniert ab sofort nicht mehr.")
            % {"name": token.name},
        )
        return redirect(reverse("api_tokens:list", args=[self.municipality.slug]))
