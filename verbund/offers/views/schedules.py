"""An offer's schedules: the list in plain German with the next dates, and the forms to add,
change and delete a schedule line (each a service call; the room booking goes with it)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from verbund.core.forms import add_service_errors
from verbund.core.history import history_for
from verbund.core.tenant_views import TenantView

from .. import occurrences, scheduling
from .. import permissions as perms
from ..forms_schedule import ScheduleForm
from ..models import Offer, OfferSchedule
from ..search import visible_offers


def offer_url(offer: Offer, slug: str | None = None) -> str:
    """The offer's page (catalogue part); its schedule page where that is not installed."""
    slug = slug or offer.municipality.slug
    try:
        return reverse("offers:offer_detail", args=[slug, offer.pk])
    except NoReverseMatch:
        return reverse("offers:schedule_list", args=[slug, offer.pk])


class ScheduleMixin:
    def get_offer(self, offer_id: int) -> Offer:
        offers = visible_offers(municipality=self.municipality, access=self.access)
        try:
            return offers.select_related("centre", "municipality").get(pk=offer_id)
        except Offer.DoesNotExist as exc:
            raise Http404 from exc

    def get_schedule(self, schedule_id: int) -> OfferSchedule:
        offers = visible_offers(municipality=self.municipality, access=self.access)
        try:
            return OfferSchedule.objects.select_related(
                "offer", "offer__centre", "offer__municipality", "booking", "booking__room"
            ).get(municipality=self.municipality, pk=schedule_id, offer__in=offers)
        except OfferSchedule.DoesNotExist as exc:
            raise Http404 from exc


class ScheduleListView(ScheduleMixin, TenantView):
    permission = perms.view_offer

    def get(self, request, municipality_slug, offer_id):
        offer = self.get_offer(offer_id)
        schedules = offer.schedules.select_related(
            "booking", "booking__room", "booking__room__facility", "booking__room__organisation"
        )
        lines = occurrences.schedule_lines(schedules, municipality=self.municipality)
        related = Q(
            content_type=ContentType.objects.get_for_model(OfferSchedule),
            object_id__in=[str(line.schedule.pk) for line in lines],
        )
        return render(
            request,
            "offers/schedule_list.html",
            {
                "offer": offer,
                "lines": lines,
                "offer_url": offer_url(offer),
                "can_manage": self.access.can(perms.manage_offer, offer),
                "history": history_for(
                    offer, related=related, prefix="offers.schedule.", access=self.access
                ),
            },
        )


class ScheduleFormMixin(ScheduleMixin):
    def render_form(self, offer, form, schedule=None, status=200):
        return render(
            self.request,
            "offers/schedule_form.html",
            {
                "offer": offer,
                "form": form,
                "schedule": schedule,
                "title": _("Termin ändern") if schedule else _("Termin eintragen"),
            },
            status=status,
        )

    def done(self, offer, message):
        messages.success(self.request, message)
        return redirect("offers:schedule_list", self.municipality.slug, offer.pk)


class ScheduleCreateView(ScheduleFormMixin, TenantView):
    permission = perms.manage_offer

    def form(self, offer, data=None):
        return ScheduleForm(data, offer=offer, access=self.access)

    def get(self, request, municipality_slug, offer_id):
        offer = self.get_offer(offer_id)
        self.require(self.permission, offer)
        return self.render_form(offer, self.form(offer))

    def post(self, request, municipality_slug, offer_id):
        offer = self.get_offer(offer_id)
        self.require(self.permission, offer)
        form = self.form(offer, request.POST)
        if form.is_valid():
            try:
                scheduling.schedule_create(actor=request.user, offer=offer, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return self.done(offer, _("Der Termin wurde eingetragen."))
        return self.render_form(offer, form, status=400)


class ScheduleUpdateView(ScheduleFormMixin, TenantView):
    permission = perms.manage_offer

    def form(self, schedule, data=None):
        return ScheduleForm(data, offer=schedule.offer, access=self.access, instance=schedule)

    def get(self, request, municipality_slug, schedule_id):
        schedule = self.get_schedule(schedule_id)
        self.require(self.permission, schedule.offer)
        return self.render_form(schedule.offer, self.form(schedule), schedule)

    def post(self, request, municipality_slug, schedule_id):
        schedule = self.get_schedule(schedule_id)
        self.require(self.permission, schedule.offer)
        form = self.form(schedule, request.POST)
        if form.is_valid():
            try:
                scheduling.schedule_update(
                    actor=request.user, schedule=schedule, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return self.done(schedule.offer, _("Der Termin wurde geändert."))
        return self.render_form(schedule.offer, form, schedule, status=400)


class ScheduleDeleteView(ScheduleMixin, TenantView):
    permission = perms.manage_offer

    def get(self, request, municipality_slug, schedule_id):
        schedule = self.get_schedule(schedule_id)
        self.require(self.permission, schedule.offer)
        line = occurrences.schedule_lines([schedule], municipality=self.municipality)[0]
        return render(
            request, "offers/schedule_confirm_delete.html", {"line": line, "offer": schedule.offer}
        )

    def post(self, request, municipality_slug, schedule_id):
        schedule = self.get_schedule(schedule_id)
        self.require(self.permission, schedule.offer)
        offer = schedule.offer
        scheduling.schedule_delete(actor=request.user, schedule=schedule)
        messages.success(request, _("Der Termin wurde gelöscht."))
        return redirect("offers:schedule_list", self.municipality.slug, offer.pk)
