from __future__ import annotations

from datetime import date
from itertools import islice

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.forms import add_service_errors
from verbund.core.history import history_for
from verbund.core.tenant_views import TenantView

from .. import permissions as perms
from .. import services
from ..conflicts import find_conflicts, holiday_periods
from ..forms import BookingForm
from .common import RoomObjectMixin

PREVIEW_DATES = 12


class SkipDateForm(forms.Form):
    datum = forms.DateField(required=False, input_formats=["%Y-%m-%d"])


def _preview(form: BookingForm, room, exclude=None) -> dict:
    """What "Prüfen" shows: the rule in words, the first dates and every conflict."""
    recurrence = form.recurrence_value
    if recurrence is None:
        return {}
    dates = list(islice(recurrence.dates(), PREVIEW_DATES + 1))
    return {
        "description": recurrence.describe(),
        "preview_dates": dates[:PREVIEW_DATES],
        "more_dates": len(dates) > PREVIEW_DATES,
        "conflicts": find_conflicts(room, recurrence, exclude, holidays=recurrence.holidays),
        "checked": True,
    }


class BookingFormMixin(RoomObjectMixin):
    template = "rooms/booking_form.html"

    def render_form(self, room, form, *, booking=None, status=200, extra=None):
        return render(
            self.request,
            self.template,
            {
                "room": room,
                "form": form,
                "booking": booking,
                "title": _("Buchung ändern") if booking else _("Raum buchen"),
                **(extra or {}),
            },
            status=status,
        )


class BookingCreateView(BookingFormMixin, TenantView):
    permission = perms.book_room

    def prepare(self, room_id, data=None):
        room = self.get_room(room_id)
        self.require(self.permission, room)
        holidays = holiday_periods(self.municipality)
        initial = {"start_date": timezone.localdate()}
        form = BookingForm(data, room=room, access=self.access, holidays=holidays, initial=initial)
        return room, form

    def get(self, request, municipality_slug, room_id):
        room, form = self.prepare(room_id)
        if not room.active:
            messages.error(request, _("Archivierte Räume können nicht gebucht werden."))
            return redirect("rooms:room_detail", self.municipality.slug, room.pk)
        return self.render_form(room, form)

    def post(self, request, municipality_slug, room_id):
        room, form = self.prepare(room_id, request.POST)
        if not room.active:
            messages.error(request, _("Archivierte Räume können nicht gebucht werden."))
            return redirect("rooms:room_detail", self.municipality.slug, room.pk)
        if not form.is_valid():
            return self.render_form(room, form, status=400)
        if "pruefen" in request.POST:
            return self.render_form(room, form, extra=_preview(form, room))
        try:
            booking = services.booking_create(
                actor=request.user,
                room=room,
                data=form.booking_data(),
                recurrence=form.recurrence_value,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_form(room, form, status=400, extra=_preview(form, room))
        messages.success(
            request,
            _("Gebucht: %(what)s.") % {"what": booking.describe(form.holidays)},
        )
        return redirect(
            f"{_room_url(self.municipality.slug, room.pk)}?datum={booking.start_date.isoformat()}"
        )


def _room_url(slug, room_id) -> str:
    from django.urls import reverse

    return reverse("rooms:room_detail", args=[slug, room_id])


class BookingDetailView(BookingFormMixin, TenantView):
    permission = perms.view_room

    def get(self, request, municipality_slug, booking_id):
        booking = self.get_booking(booking_id)
        self.require(self.permission, booking.room)
        holidays = holiday_periods(self.municipality)
        recurrence = booking.recurrence(holidays)
        today = timezone.localdate()
        upcoming = list(islice(recurrence.occurrences(today, date(2100, 1, 1)), 20))
        can_book = not booking.is_cancelled and self.access.can(perms.book_room, booking)
        return render(
            request,
            "rooms/booking_detail.html",
            {
                "booking": booking,
                "room": booking.room,
                "description": recurrence.describe(),
                "upcoming": upcoming,
                "can_change": can_book and booking.room.active,
                "can_cancel": can_book,
                "history": history_for(booking, limit=10, access=self.access),
            },
        )


class BookingUpdateView(BookingFormMixin, TenantView):
    permission = perms.book_room

    def prepare(self, booking_id, data=None):
        booking = self.get_booking(booking_id)
        self.require(self.permission, booking)
        room = booking.room
        form = BookingForm(
            data,
            room=room,
            access=self.access,
            holidays=holiday_periods(self.municipality),
            instance=booking,
        )
        return booking, room, form

    def refused(self, booking):
        if booking.is_cancelled or not booking.room.active:
            messages.error(self.request, _("Diese Buchung kann nicht mehr geändert werden."))
            return redirect("rooms:booking_detail", self.municipality.slug, booking.pk)
        return None

    def get(self, request, municipality_slug, booking_id):
        booking, room, form = self.prepare(booking_id)
        return self.refused(booking) or self.render_form(room, form, booking=booking)

    def post(self, request, municipality_slug, booking_id):
        booking, room, form = self.prepare(booking_id, request.POST)
        if (response := self.refused(booking)) is not None:
            return response
        if not form.is_valid():
            return self.render_form(room, form, booking=booking, status=400)
        if "pruefen" in request.POST:
            return self.render_form(
                room, form, booking=booking, extra=_preview(form, room, booking)
            )
        try:
            services.booking_update(
                actor=request.user,
                booking=booking,
                data=form.booking_data(),
                recurrence=form.recurrence_value,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            extra = _preview(form, room, booking)
            return self.render_form(room, form, booking=booking, status=400, extra=extra)
        messages.success(request, _("Die Buchung wurde geändert."))
        return redirect("rooms:booking_detail", self.municipality.slug, booking.pk)


class BookingCancelView(BookingFormMixin, TenantView):
    """Cancel the whole booking, or (``datum`` posted) one date of a series."""

    permission = perms.book_room

    def prepare(self, booking_id):
        booking = self.get_booking(booking_id)
        self.require(self.permission, booking)
        return booking

    def get(self, request, municipality_slug, booking_id):
        booking = self.prepare(booking_id)
        return render(
            request,
            "rooms/booking_confirm_cancel.html",
            {"booking": booking, "room": booking.room, "description": booking.describe()},
        )

    def post(self, request, municipality_slug, booking_id):
        booking = self.prepare(booking_id)
        form = SkipDateForm(request.POST)
        day = form.cleaned_data.get("datum") if form.is_valid() else None
        try:
            if day is not None:
                services.booking_skip_date(actor=request.user, booking=booking, day=day)
                messages.success(
                    request,
                    _("Der Termin am %(date)s ist abgesagt.") % {"date": day.strftime("%d.%m.%Y")},
                )
            else:
                services.booking_cancel(actor=request.user, booking=booking)
                messages.success(request, _("Die Buchung wurde storniert."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("rooms:booking_detail", self.municipality.slug, booking.pk)
