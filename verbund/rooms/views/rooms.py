from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core import page_cache
from verbund.core.forms import add_service_errors
from verbund.core.history import history_for
from verbund.core.paging import counted_page, window_counted
from verbund.core.params import int_param
from verbund.core.prepared import PreparedQuery
from verbund.core.tenant_views import TenantView
from verbund.network.metrics_cache import version_key as network_key
from verbund.tenancy.rows_cache import version_key as tenancy_key

from .. import permissions as perms
from .. import schedule, selectors, services
from ..cache import version_key as rooms_key
from ..conflicts import holiday_periods
from ..forms import RoomFilterForm, RoomForm, ShareForm
from ..models import RoomShare
from ..selectors import RoomFilter
from .common import RoomObjectMixin

PAGE_SIZE = 50
VIEWS = {"woche": "week", "monat": "month"}


class CalendarForm(forms.Form):
    """The calendar's query: week or month, and a day inside it (bad values: this week)."""

    ansicht = forms.ChoiceField(choices=[("woche", "woche"), ("monat", "monat")], required=False)
    datum = forms.DateField(required=False, input_formats=["%Y-%m-%d"])

    def clean_datum(self):
        value = self.cleaned_data.get("datum")
        if value is not None and not date(2000, 1, 1) <= value <= date(2100, 12, 31):
            raise forms.ValidationError("out of range")
        return value


# The room list's queries, compiled once per process (``core.prepared``): the holders of the
# rooms the viewer sees (for the filter) per reach, and a page of rooms with its count per
# reach, filter and page number (a page is a LIMIT and an OFFSET in the SQL).
_HOLDERS = PreparedQuery(
    lambda access, municipality_id: (
        selectors.room_list(
            municipality=municipality_id, access=access, filters=RoomFilter(include_archived=True)
        )
        .values_list("facility_id", "facility__name", "organisation_id", "organisation__name")
        .distinct()
    )
)
_ROOM_PAGE = PreparedQuery(
    lambda access, filters, number, municipality_id: window_counted(
        selectors.room_list(municipality=municipality_id, access=access, filters=filters),
        number,
        PAGE_SIZE,
    )
)


class RoomListView(TenantView):
    """Kept whole (``core.page_cache``) per reach, filter, page and day: rooms, bookings and
    school holidays (``rooms:``), holders' names and the centres a facility belongs to
    (``tenancy:``), partners' names and the agreements that share their rooms (``network:``)."""

    permission = perms.view_room

    def get(self, request, municipality_slug):
        mid = self.municipality.pk
        today = timezone.localdate()
        content = page_cache.kept_content(
            request,
            prefix=f"verbund:rooms:list:{mid}",
            version_keys=[rooms_key(mid), tenancy_key(mid), network_key(mid)],
            template="rooms/_room_list_content.html",
            context=lambda: self.content_context(today),
            parts=(today,),
        )
        return page_cache.render_kept(request, title=_("Räume"), content=content)

    def content_context(self, today) -> dict:
        request = self.request
        reach = self.access.signature()
        holders = set()
        for fid, fname, oid, oname in _HOLDERS.rows(
            variant=reach, given={"access": self.access}, municipality_id=self.municipality.pk
        ):
            holders.add((f"f{fid}", fname) if fid else (f"o{oid}", oname))
        form = RoomFilterForm(request.GET or None, holders=sorted(holders, key=lambda h: h[1]))
        filters = RoomFilter(**form.filter_values())
        page = counted_page(
            lambda number: _ROOM_PAGE.objects(
                variant=(reach, filters, number),
                given={"access": self.access, "filters": filters, "number": number},
                municipality_id=self.municipality.pk,
            ),
            int_param(request.GET, "seite", max_value=10_000, default=1),
            PAGE_SIZE,
            beyond_last="last",
        )
        last = today + timedelta(days=schedule.OCCUPANCY_DAYS - 1)
        holidays = holiday_periods(self.municipality)
        entries = schedule.expand(
            selectors.bookings_between(list(page.object_list), today, last), today, last, holidays
        )
        rows = [
            (room, schedule.occupancy(room, entries.get(room.pk, {}), today))
            for room in page.object_list
        ]
        return {
            "filter_form": form,
            "page": page,
            "rows": rows,
            "can_create": self.access.can(perms.manage_room),
            "can_import_holidays": self.access.can(perms.manage_holidays),
            "occupancy_days": schedule.OCCUPANCY_DAYS,
        }


class RoomCreateView(TenantView):
    permission = perms.manage_room

    def get(self, request, municipality_slug):
        return self.render(RoomForm(municipality=self.municipality, access=self.access))

    def post(self, request, municipality_slug):
        form = RoomForm(request.POST, municipality=self.municipality, access=self.access)
        if form.is_valid():
            holder = form.cleaned_data.get("facility") or form.cleaned_data.get("organisation")
            self.require(self.permission, holder)
            try:
                room = services.room_create(
                    actor=request.user, municipality=self.municipality, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Der Raum wurde angelegt."))
                return redirect("rooms:room_detail", self.municipality.slug, room.pk)
        return self.render(form, status=400)

    def render(self, form, status=200, room=None):
        title = _("Raum bearbeiten") if room else _("Raum anlegen")
        return render(
            self.request,
            "rooms/room_form.html",
            {"form": form, "room": room, "title": title},
            status=status,
        )


class RoomUpdateView(RoomObjectMixin, TenantView):
    permission = perms.manage_room

    def prepare(self, room_id):
        room = self.get_room(room_id)
        self.require(self.permission, room.holder)
        return room

    def get(self, request, municipality_slug, room_id):
        room = self.prepare(room_id)
        if not room.active:
            messages.error(request, _("Archivierte Räume können nicht bearbeitet werden."))
            return redirect("rooms:room_detail", self.municipality.slug, room.pk)
        form = RoomForm(instance=room, municipality=self.municipality, access=self.access)
        return RoomCreateView.render(self, form, room=room)

    def post(self, request, municipality_slug, room_id):
        room = self.prepare(room_id)
        if not room.active:
            messages.error(request, _("Archivierte Räume können nicht bearbeitet werden."))
            return redirect("rooms:room_detail", self.municipality.slug, room.pk)
        original = selectors.room_get(municipality=self.municipality, pk=room.pk)
        form = RoomForm(
            request.POST, instance=room, municipality=self.municipality, access=self.access
        )
        if form.is_valid():
            try:
                services.room_update(actor=request.user, room=original, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
                return redirect("rooms:room_detail", self.municipality.slug, room.pk)
        return RoomCreateView.render(self, form, status=400, room=original)


class RoomDetailView(RoomObjectMixin, TenantView):
    permission = perms.view_room

    def get(self, request, municipality_slug, room_id):
        room = self.get_room(room_id)
        self.require(self.permission, room)
        query = CalendarForm(request.GET)
        query.is_valid()
        today = timezone.localdate()
        view = VIEWS.get(query.cleaned_data.get("ansicht") or "woche", "week")
        anchor = query.cleaned_data.get("datum") or today
        if view == "month":
            first, last = schedule.month_span(anchor)
        else:
            first, last = schedule.week_span(anchor)
        occupancy_last = today + timedelta(days=schedule.OCCUPANCY_DAYS - 1)
        span_first, span_last = min(first, today), max(last, occupancy_last)
        holidays = holiday_periods(self.municipality)
        bookings = list(selectors.bookings_between(room, span_first, span_last))
        entries = schedule.expand(bookings, span_first, span_last, holidays).get(room.pk, {})
        days = schedule.days_of(
            entries,
            first,
            last,
            month=anchor.month if view == "month" else None,
            today=today,
            holidays=holidays,
        )
        param = "monat" if view == "month" else "woche"
        return render(
            request,
            "rooms/room_detail.html",
            {
                "room": room,
                "view": view,
                "param": param,
                "days": days,
                "weeks": schedule.weeks_of(days),
                "month_has_entries": any(day.entries for day in days if day.in_month),
                "title": schedule.period_title(view, first, last, anchor),
                "previous": schedule.shift(view, anchor, -1).isoformat(),
                "next": schedule.shift(view, anchor, 1).isoformat(),
                "anchor": anchor.isoformat(),
                "today": today.isoformat(),
                "occupancy": schedule.occupancy(room, entries, today),
                "opening": schedule.opening_text(room),
                "shares": selectors.room_shares(room),
                "can_manage": room.active and self.access.can(perms.manage_room, room.holder),
                "can_archive": self.access.can(perms.manage_room, room.holder),
                "can_book": room.active and self.access.can(perms.book_room, room),
                "history": history_for(room, limit=10, access=self.access),
            },
        )


class RoomArchiveView(RoomObjectMixin, TenantView):
    permission = perms.manage_room

    def get(self, request, municipality_slug, room_id):
        room = self.get_room(room_id)
        self.require(self.permission, room.holder)
        future = selectors.bookings_between(room, timezone.localdate(), date(2100, 1, 1)).count()
        return render(request, "rooms/room_confirm_archive.html", {"room": room, "future": future})

    def post(self, request, municipality_slug, room_id):
        room = self.get_room(room_id)
        self.require(self.permission, room.holder)
        if room.active:
            services.room_archive(actor=request.user, room=room)
            messages.success(
                request, _("Der Raum wurde archiviert und kann nicht mehr gebucht werden.")
            )
        else:
            services.room_restore(actor=request.user, room=room)
            messages.success(request, _("Der Raum ist wieder aktiv."))
        return redirect("rooms:room_detail", self.municipality.slug, room.pk)


class RoomShareView(RoomObjectMixin, TenantView):
    permission = perms.manage_room

    def prepare(self, room_id, data=None):
        room = self.get_room(room_id)
        self.require(self.permission, room.holder)
        return room, ShareForm(data, room=room, access=self.access)

    def get(self, request, municipality_slug, room_id):
        room, form = self.prepare(room_id)
        return self.render(room, form)

    def post(self, request, municipality_slug, room_id):
        room, form = self.prepare(room_id, request.POST)
        if form.is_valid():
            try:
                services.room_share(
                    actor=request.user, room=room, resource=form.cleaned_data["resource"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Der Raum ist für das Familienzentrum der Vereinbarung buchbar.")
                )
                return redirect("rooms:room_detail", self.municipality.slug, room.pk)
        return self.render(room, form, status=400)

    def render(self, room, form, status=200):
        return render(
            self.request,
            "rooms/room_share.html",
            {"room": room, "form": form, "shares": selectors.room_shares(room)},
            status=status,
        )


class RoomUnshareView(RoomObjectMixin, TenantView):
    permission = perms.manage_room

    def prepare(self, room_id, share_id):
        room = self.get_room(room_id)
        self.require(self.permission, room.holder)
        try:
            share = selectors.share_get(room=room, pk=share_id)
        except RoomShare.DoesNotExist as exc:
            raise Http404 from exc
        return room, share

    def get(self, request, municipality_slug, room_id, share_id):
        room, share = self.prepare(room_id, share_id)
        return render(request, "rooms/share_confirm_delete.html", {"room": room, "share": share})

    def post(self, request, municipality_slug, room_id, share_id):
        room, share = self.prepare(room_id, share_id)
        services.room_unshare(actor=request.user, share=share)
        messages.success(request, _("Die Freigabe wurde beendet. Bestehende Buchungen bleiben."))
        return redirect("rooms:room_detail", self.municipality.slug, room.pk)
