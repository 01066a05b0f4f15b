from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verbund.areas.tree_cache import version_key as areas_key
from verbund.core import page_cache
from verbund.core.forms import add_service_errors
from verbund.core.paging import in_key_order, keyed_page
from verbund.core.rows_cache import render_page_rows

from .. import metrics_cache, rows_cache, selectors, services
from .. import permissions as perms
from ..forms import BodyForm, BodyMemberForm
from ..models import Body
from .base import TenantView, history, lookup


class BodyMixin:
    def get_body(self, pk) -> Body:
        return lookup(selectors.body_get, municipality=self.municipality, pk=pk)

    def body_form(self, data=None, instance=None):
        return BodyForm(
            data,
            instance=instance,
            municipality=self.municipality,
            access=self.access,
            permission=perms.change_body,
        )


PAGE_SIZE = 50


class BodyListView(TenantView):
    permission = perms.view_body

    def get(self, request, municipality_slug):
        # Kept whole: bodies, seats and centres (the network version), the areas' names, the
        # viewer's reach and the query string.
        mid = self.municipality.pk
        content = page_cache.kept_content(
            request,
            prefix=f"verbund:network:bodies:{mid}",
            version_keys=[metrics_cache.version_key(mid), areas_key(mid)],
            template="network/_body_list_content.html",
            context=self.content_context,
        )
        return page_cache.render_kept(request, title=_("Gremien"), content=content)

    def content_context(self) -> dict:
        request = self.request
        # The page's bodies by key only: their rows come from rows_html.
        bodies = selectors.body_list(
            municipality=self.municipality,
            access=self.access,
            permission=self.permission,
            with_rows=False,
        )
        page = keyed_page(bodies, request.GET.get("seite"), PAGE_SIZE)
        return {
            "bodies": page,
            "rows_html": self.rows_html([body.pk for body in page]),
            "can_create": self.access.can(perms.change_body),
        }

    def rows_html(self, ids: list[int]) -> str:
        """The page's rows as HTML, from the cache while nothing they show changed
        (``rows_cache``). ``ids`` come from the viewer's own list."""

        def render_rows():
            listed = selectors.body_list(municipality=self.municipality)
            rows = in_key_order(listed, ids)
            return render_page_rows("network/_body_rows.html", rows, self.municipality)

        return rows_cache.body_rows_html(
            municipality_id=self.municipality.pk, ids=ids, render=render_rows
        )


class BodyDetailView(BodyMixin, TenantView):
    permission = perms.view_body

    def get(self, request, municipality_slug, body_id):
        body = self.get_body(body_id)
        self.require(self.permission, body)
        return self.render(body, BodyMemberForm(municipality=self.municipality))

    def render(self, body, form, status=200):
        members = list(body.members.all())
        for member in members:
            # A seat's person only for those who may see that person (the one access rule).
            contact = member.contact if member.contact_id else None
            member.visible_contact = (
                contact if contact and self.access.can(perms.view_contact, contact) else None
            )
        return render(
            self.request,
            "network/body_detail.html",
            {
                "body": body,
                "current": [m for m in members if not m.left_on],
                "former": [m for m in members if m.left_on],
                "chairs": [m for m in members if not m.left_on and m.role == "chair"],
                "can_change": self.access.can(perms.change_body, body),
                "show_people": self.access.can(perms.view_contact),
                "form": form,
                "history": history(body, self.access),
            },
            status=status,
        )


class BodyCreateView(BodyMixin, TenantView):
    permission = perms.change_body

    def get(self, request, municipality_slug):
        return self.render(self.body_form())

    def post(self, request, municipality_slug):
        form = self.body_form(request.POST)
        if form.is_valid():
            self.require(self.permission, form.instance)
            try:
                body = services.body_create(
                    actor=request.user, municipality=self.municipality, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Das Gremium wurde angelegt."))
                return redirect("network:body_detail", self.municipality.slug, body.pk)
        return self.render(form, status=400)

    def render(self, form, body=None, status=200):
        return render(
            self.request,
            "network/body_form.html",
            {
                "form": form,
                "body": body,
                "title": _("Gremium bearbeiten") if body else _("Gremium anlegen"),
            },
            status=status,
        )


class BodyUpdateView(BodyCreateView):
    def get(self, request, municipality_slug, body_id):
        body = self.get_body(body_id)
        self.require(self.permission, body)
        return self.render(self.body_form(instance=body), body)

    def post(self, request, municipality_slug, body_id):
        body = self.get_body(body_id)
        self.require(self.permission, body)
        form = self.body_form(request.POST, instance=body)
        original = self.get_body(body.pk)
        if form.is_valid():
            self.require(self.permission, form.instance)
            try:
                services.body_update(actor=request.user, body=original, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
                return redirect("network:body_detail", self.municipality.slug, body.pk)
        return self.render(form, original, status=400)


class BodyMemberAddView(BodyDetailView):
    permission = perms.change_body

    def get(self, request, municipality_slug, body_id):
        body = self.get_body(body_id)
        self.require(self.permission, body)
        return redirect("network:body_detail", self.municipality.slug, body.pk)

    def post(self, request, municipality_slug, body_id):
        body = self.get_body(body_id)
        self.require(self.permission, body)
        form = BodyMemberForm(request.POST, municipality=self.municipality)
        if form.is_valid():
            try:
                services.body_member_add(actor=request.user, body=body, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Das Mitglied wurde eingetragen."))
                return redirect("network:body_detail", self.municipality.slug, body.pk)
        return self.render(body, form, status=400)


class BodyMemberEndView(BodyMixin, TenantView):
    permission = perms.change_body

    def get_member(self, body_id, member_id):
        body = self.get_body(body_id)
        self.require(self.permission, body)
        member = lookup(selectors.body_member_get, body=body, pk=member_id)
        return body, member

    def get(self, request, municipality_slug, body_id, member_id):
        body, _member = self.get_member(body_id, member_id)
        return redirect("network:body_detail", self.municipality.slug, body.pk)

    def post(self, request, municipality_slug, body_id, member_id):
        body, member = self.get_member(body_id, member_id)
        services.body_member_end(actor=request.user, member=member)
        messages.success(request, _("Die Mitgliedschaft wurde beendet."))
        return redirect("network:body_detail", self.municipality.slug, body.pk)
