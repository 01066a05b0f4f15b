"""The start page ("Was steht an"), notifications, "Mein Familienzentrum" and "Meine
Organisation"."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from verbund.core.forms import add_service_errors
from verbund.core.paging import counted_page, window_counted
from verbund.core.params import int_param
from verbund.core.prepared import PreparedQuery
from verbund.core.tenant_views import TenantView, deny
from verbund.tenancy.models import FamilyCentre
from verbund.tenancy.selectors import centre_list

from . import inbox, selectors, services
from . import permissions as perms
from .forms import NotificationSettingsForm
from .registry import Context, centre_sections, first_steps, organisation_sections

CENTRE_PAGE_SIZE = 20


class DashboardView(TenantView):
    """A method the view does not implement is 405 for everyone, before any permission check,
    so that a refusal never depends on the role for a method that does not exist."""

    def dispatch(self, request, *args, **kwargs):
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


def context_of(view) -> Context:
    return Context(
        municipality=view.municipality,
        access=view.access,
        user=view.request.user,
        today=timezone.localdate(),
    )


def my_centres(*, municipality, access):
    """The centres whose "Mein Familienzentrum" page the user may open."""
    qs = centre_list(municipality=municipality)
    return access.narrow(perms.view_centre_page, qs).order_by("name", "id")


def centre_page_url(access, municipality, centre) -> str | None:
    """For the centre's own page (``tenancy``): a link here when the user may open it."""
    if not access.can(perms.view_centre_page, centre):
        return None
    return reverse("dashboard:centre_page", args=[municipality.slug, centre.pk])


# The start page's centres: compiled once per reach and page number (a page is a LIMIT and
# an OFFSET in the SQL's text), with only what the list shows (the whole rows made its count
# over every centre the page's slowest query).
_MY_CENTRES_PAGE = PreparedQuery(
    lambda access, number, municipality_id: window_counted(
        my_centres(municipality=municipality_id, access=access).only(
            "id", "municipality_id", "name", "provider_id", "provider__id", "provider__name"
        ),
        number,
        CENTRE_PAGE_SIZE,
    )
)


def my_centres_page(*, municipality, access, number: int) -> Page:
    return counted_page(
        lambda number: _MY_CENTRES_PAGE.objects(
            variant=(access.signature(), number),
            given={"access": access, "number": number},
            municipality_id=municipality.pk,
        ),
        number,
        CENTRE_PAGE_SIZE,
    )


def start_page(view, request):
    """Drawn for ``tenancy:home`` (registered in ``DashboardConfig.ready``)."""
    if not view.access.can(perms.view_start):
        deny(request, perms.view_start)
    ctx = context_of(view)
    groups = selectors.grouped_items(ctx, kept=True)
    centres = None
    if view.access.can(perms.view_centre_page):
        centres = my_centres_page(
            municipality=view.municipality,
            access=view.access,
            number=int_param(request.GET, "seite", max_value=10_000, default=1),
        )
    return render(
        request,
        "dashboard/start.html",
        {
            "groups": groups,
            "first_steps": [] if groups else first_steps(ctx),
            "total": sum(group.total for group in groups),
            "centres": centres,
            "own_centre_ids": view.access.centre_ids,
            "is_partner": view.access.can(perms.view_organisation_page),
            "roles": sorted(str(role.label) for role in view.access.roles),
        },
    )


class NotificationListView(DashboardView):
    permission = perms.view_notifications

    def get(self, request, municipality_slug):
        notifications = selectors.notification_list(
            municipality=self.municipality, user=request.user
        )
        page = Paginator(notifications, 50).get_page(
            int_param(request.GET, "seite", max_value=10_000, default=1)
        )
        return render(
            request,
            "dashboard/notification_list.html",
            {
                "page": page,
                "unread": selectors.unread_count(municipality=self.municipality, user=request.user),
                "settings": selectors.notification_settings(user=request.user),
            },
        )

    def post(self, request, municipality_slug):
        """Mark one notification (``benachrichtigung``) or all (no id) as read, then go on
        to where the item is done when ``weiter`` is given."""
        pk = int_param(request.POST, "benachrichtigung")
        if "benachrichtigung" in request.POST and pk is None:
            raise Http404
        count = inbox.notifications_mark_read(
            actor=request.user, municipality=self.municipality, pk=pk
        )
        if pk is not None and request.POST.get("weiter"):
            notification = (
                selectors.notification_list(municipality=self.municipality, user=request.user)
                .filter(pk=pk)
                .first()
            )
            if notification is None:
                raise Http404
            if url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
                return redirect(notification.url)
        if pk is None:
            messages.success(request, _("Alle Benachrichtigungen sind als gelesen markiert."))
        elif count:
            messages.success(request, _("Die Benachrichtigung ist als gelesen markiert."))
        return redirect("dashboard:notifications", self.municipality.slug)


class NotificationSettingsView(DashboardView):
    permission = perms.view_notifications

    def get(self, request, municipality_slug):
        current = selectors.notification_settings(user=request.user)
        return self.render(NotificationSettingsForm(instance=current))

    def post(self, request, municipality_slug):
        current = selectors.notification_settings(user=request.user)
        form = NotificationSettingsForm(request.POST, instance=current)
        if form.is_valid():
            try:
                services.notification_settings_save(actor=request.user, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Ihre Einstellungen sind gespeichert."))
                return redirect("dashboard:notifications", self.municipality.slug)
        return self.render(form)

    def render(self, form):
        return render(self.request, "dashboard/notification_settings.html", {"form": form})


class MyCentreView(DashboardView):
    """Without a centre: the user's only centre, or a choice among theirs."""

    permission = perms.view_centre_page

    def get(self, request, municipality_slug):
        centres = my_centres(municipality=self.municipality, access=self.access)
        own = list(centres.filter(pk__in=self.access.centre_ids)[:2])
        if len(own) == 1:
            return redirect("dashboard:centre_page", self.municipality.slug, own[0].pk)
        page = Paginator(centres, CENTRE_PAGE_SIZE).get_page(
            int_param(request.GET, "seite", max_value=10_000, default=1)
        )
        if page.paginator.count == 1:
            return redirect("dashboard:centre_page", self.municipality.slug, page[0].pk)
        return render(request, "dashboard/centre_choice.html", {"centres": page})


class CentrePageView(DashboardView):
    permission = perms.view_centre_page

    def get(self, request, municipality_slug, centre_id):
        try:
            centre = centre_list(municipality=self.municipality).get(pk=centre_id)
        except FamilyCentre.DoesNotExist:
            raise Http404 from None
        self.require(self.permission, centre)
        ctx = context_of(self)
        sections = [s for b in centre_sections() if (s := b.build(ctx, centre)) is not None]
        return render(
            request, "dashboard/centre_page.html", {"centre": centre, "sections": sections}
        )


class MyOrganisationView(DashboardView):
    permission = perms.view_organisation_page

    def get(self, request, municipality_slug):
        ctx = context_of(self)
        sections = [s for b in organisation_sections() if (s := b.build(ctx)) is not None]
        return render(request, "dashboard/my_organisation.html", {"sections": sections})
