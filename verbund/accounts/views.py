from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django_scopes import scopes_disabled

from verbund.core.forms import add_service_errors
from verbund.core.permissions import AUTHENTICATED, PUBLIC, policies
from verbund.core.roles import Role
from verbund.core.tenant_views import TenantView
from verbund.core.views import declare
from verbund.tenancy.models import Municipality

from . import permissions as perms
from . import profile as account_profile
from . import services
from .access import municipalities_of
from .forms import EmailChangeForm, LoginForm, NameForm
from .forms_membership import MembershipForm
from .models import Membership, User
from .password_reset import over_limit
from .selectors import membership_list, memberships_of


class LoginView(auth_views.LoginView):
    permission = PUBLIC
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    permission = PUBLIC


@method_decorator(login_required, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    permission = AUTHENTICATED
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        from django.contrib import messages

        from verbund.core.audit import log_action

        response = super().form_valid(form)
        log_action("accounts.password.changed", actor=self.request.user)
        messages.success(self.request, _("Ihr Passwort wurde geändert."))
        return response


@declare(AUTHENTICATED)
@login_required
def profile(request):
    memberships = list(memberships_of(user=request.user))
    first = memberships[0].municipality if memberships else None
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": memberships,
            "links": account_profile.profile_links(user=request.user, municipality=first),
        },
    )


def _me(request) -> User:
    """The signed-in user as a plain model instance (not the request's lazy wrapper)."""
    return User.objects.get(pk=request.user.pk)


@method_decorator(login_required, name="dispatch")
class NameUpdateView(View):
    permission = AUTHENTICATED

    def get(self, request):
        return self.render(NameForm(instance=_me(request)))

    def post(self, request):
        form = NameForm(request.POST, instance=_me(request))
        if form.is_valid():
            try:
                # A fresh copy: validating the form has already changed form.instance.
                account_profile.profile_update(actor=_me(request), data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Ihr Name wurde gespeichert."))
                return redirect("accounts:profile")
        return self.render(form, status=400)

    def render(self, form, status=200):
        return render(self.request, "accounts/name_form.html", {"form": form}, status=status)


@method_decorator(login_required, name="dispatch")
class EmailChangeView(View):
    permission = AUTHENTICATED

    def get(self, request):
        return self.render(EmailChangeForm(user=request.user))

    def post(self, request):
        form = EmailChangeForm(request.POST, user=request.user)
        if over_limit("email-change", str(request.user.pk)):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Sie haben es in der letzten Stunde zu oft versucht. Bitte versuchen Sie es "
                    "in einer Stunde noch einmal."
                ),
            )
            return self.render(form, status=429)
        if form.is_valid():
            account_profile.email_change_request(
                actor=request.user,
                new_email=form.cleaned_data["email"],
                base_url=request.build_absolute_uri("/").rstrip("/"),
            )
            messages.success(
                request,
                _(
                    "Wir haben einen Link an %(email)s geschickt. Öffnen Sie ihn, damit die neue "
                    "Adresse gilt. Bis dahin bleibt die bisherige."
                )
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("accounts:profile")
        return self.render(form, status=400)

    def render(self, form, status=200):
        return render(self.request, "accounts/email_form.html", {"form": form}, status=status)


@declare(AUTHENTICATED)
@login_required
def email_confirm(request, token):
    try:
        account_profile.email_change_confirm(actor=_me(request), token=token)
    except account_profile.InvalidEmailLink:
        return render(request, "accounts/email_invalid.html")
    messages.success(request, _("Ihre neue E-Mail-Adresse gilt ab sofort."))
    return redirect("accounts:profile")


@declare(PUBLIC)
def home(request):
    if not request.user.is_authenticated:
        # Families who land here find their municipality's public pages (offers, centres).
        with scopes_disabled():
            towns = list(Municipality.objects.order_by("name").only("name", "slug")[:200])
        return render(request, "home.html", {"public_towns": towns})
    municipalities = list(municipalities_of(request.user))
    if len(municipalities) == 1:
        return redirect("tenancy:home", municipalities[0].slug)
    return render(request, "home.html", {"municipalities": municipalities})


class RoleMatrixView(TenantView):
    """Generated from the registered policies, so it always tells the truth."""

    permission = perms.view_role_matrix

    def get(self, request, municipality_slug):
        roles = list(Role)
        sections = [
            {
                "title": policy.title,
                "rows": [
                    {
                        "label": permission.label,
                        "code": permission.code,
                        "cells": [permission.reach_for(role) for role in roles],
                    }
                    for permission in policy.permissions
                ],
            }
            for policy in policies()
        ]
        return render(
            request,
            "accounts/role_matrix.html",
            {"roles": roles, "sections": sections, "own_roles": request.access.roles},
        )


PAGE_SIZE = 50


class MembershipListView(TenantView):
    permission = perms.view_memberships

    def get(self, request, municipality_slug):
        return render(
            request,
            "accounts/membership_list.html",
            {
                "memberships": Paginator(
                    membership_list(municipality=self.municipality), PAGE_SIZE
                ).get_page(request.GET.get("seite")),
                "can_manage": self.access.can(perms.manage_memberships),
            },
        )


class MembershipCreateView(TenantView):
    permission = perms.manage_memberships

    def get(self, request, municipality_slug):
        return self.render(MembershipForm(municipality=self.municipality, access=self.access))

    def post(self, request, municipality_slug):
        form = MembershipForm(request.POST, municipality=self.municipality, access=self.access)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    user = data["person"] or services.user_create(
                        actor=request.user,
                        username=data["username"],
                        password=data["password"],
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        email=data["email"],
                    )
                    services.membership_grant(
                        actor=request.user,
                        user=user,
                        role=data["role"],
                        municipality=self.municipality,
                        centre=data["centre"],
                        provider=data["provider"],
                        facility=data["facility"],
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Die Rolle wurde vergeben. Anmeldename: %(login)s")
                    % {"login": user.username},
                )
                return redirect("accounts:membership_list", self.municipality.slug)
        return self.render(form, status=400)

    def render(self, form, status=200):
        return render(self.request, "accounts/membership_form.html", {"form": form}, status=status)


class MembershipRevokeView(TenantView):
    permission = perms.manage_memberships

    def get_membership(self, membership_id):
        try:
            return membership_list(municipality=self.municipality).get(pk=membership_id)
        except Membership.DoesNotExist as exc:
            raise Http404 from exc

    def get(self, request, municipality_slug, membership_id):
        membership = self.get_membership(membership_id)
        return render(request, "accounts/membership_revoke.html", {"membership": membership})

    def post(self, request, municipality_slug, membership_id):
        membership = self.get_membership(membership_id)
        try:
            services.membership_revoke(actor=request.user, membership=membership)
        except services.LastAdminError:
            messages.error(
                request,
                _("Die letzte Administrationsrolle der Kommune kann nicht entzogen werden."),
            )
        else:
            messages.success(request, _("Die Rolle wurde entzogen."))
        return redirect("accounts:membership_list", self.municipality.slug)
