"""Internal circles: a centre team, a provider's coordinators' round, the district's
coordinators' meeting — list, page with members and meetings, create and edit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verbund.core.forms import add_service_errors
from verbund.core.tenant_views import TenantView

from . import permissions as perms
from . import selectors, services
from .forms import CircleForm
from .models import Circle


class CircleMixin:
    def get_circle(self, circle_id: int, *, manage: bool = False) -> Circle:
        try:
            circle = selectors.circle_get(municipality=self.municipality, pk=circle_id)
        except Circle.DoesNotExist as exc:
            raise Http404 from exc
        readable = selectors.circle_list(
            municipality=self.municipality, access=self.access, user=self.request.user
        )
        if manage:
            self.require(perms.manage_meeting, circle)
        elif not readable.filter(pk=circle.pk).exists():
            self.require(perms.view_meeting, circle)
        return circle

    def form_page(self, form, circle=None, status=200):
        return render(
            self.request,
            "meetings/circle_form.html",
            {"form": form, "circle": circle},
            status=status,
        )

    def save(self, form, circle=None):
        data = form.cleaned_data
        values = {"name": data["name"], "centre": data["centre"], "members": data["members"]}
        try:
            if circle is None:
                circle = services.circle_create(
                    actor=self.request.user, municipality=self.municipality, **values
                )
            else:
                circle = services.circle_update(actor=self.request.user, circle=circle, **values)
        except ValidationError as error:
            add_service_errors(form, error)
            return None
        return circle


class CircleListView(TenantView):
    permission = perms.view_meeting

    def get(self, request, municipality_slug):
        circles = list(
            selectors.circle_list(
                municipality=self.municipality, access=self.access, user=request.user
            )
        )
        return render(
            request,
            "meetings/circle_list.html",
            {"circles": circles, "can_create": self.access.can(perms.manage_meeting)},
        )


class CircleCreateView(CircleMixin, TenantView):
    permission = perms.manage_meeting

    def get(self, request, municipality_slug):
        form = CircleForm(access=self.access, municipality=self.municipality)
        return self.form_page(form)

    def post(self, request, municipality_slug):
        form = CircleForm(request.POST, access=self.access, municipality=self.municipality)
        if form.is_valid():
            circle = self.save(form)
            if circle is not None:
                messages.success(request, _("Die Runde ist angelegt."))
                return redirect("meetings:circle_detail", self.municipality.slug, circle.pk)
        return self.form_page(form, status=400)


class CircleDetailView(CircleMixin, TenantView):
    permission = perms.view_meeting

    def get(self, request, municipality_slug, circle_id):
        circle = self.get_circle(circle_id)
        meetings = list(
            selectors.meeting_list(municipality=self.municipality, access=self.access).filter(
                circle=circle
            )
        )
        members = []
        for user in circle.members.all():
            places = sorted(
                {
                    str(m.centre or m.facility)
                    for m in user.memberships.all()
                    if m.municipality_id == self.municipality.pk and (m.centre or m.facility)
                }
            )
            members.append({"name": user.get_full_name() or user.username, "places": places})
        return render(
            request,
            "meetings/circle_detail.html",
            {
                "circle": circle,
                "members": members,
                "meetings": meetings,
                "can_manage": self.access.can(perms.manage_meeting, circle),
            },
        )


class CircleUpdateView(CircleMixin, TenantView):
    permission = perms.manage_meeting

    def get(self, request, municipality_slug, circle_id):
        circle = self.get_circle(circle_id, manage=True)
        form = CircleForm(instance=circle, access=self.access, municipality=self.municipality)
        return self.form_page(form, circle)

    def post(self, request, municipality_slug, circle_id):
        circle = self.get_circle(circle_id, manage=True)
        form = CircleForm(
            request.POST, instance=circle, access=self.access, municipality=self.municipality
        )
        if form.is_valid():
            saved = self.save(form, circle)
            if saved is not None:
                messages.success(request, _("Die Runde ist gespeichert."))
                return redirect("meetings:circle_detail", self.municipality.slug, circle.pk)
        return self.form_page(form, circle, status=400)
