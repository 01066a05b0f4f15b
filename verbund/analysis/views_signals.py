"""Hints from families ("Was fehlt Ihnen?"): the list, one hint, and turning it into a need
(the need form, pre-filled) or dismissing it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verbund.core.audit import VERSION_FIELD
from verbund.core.forms import add_service_errors
from verbund.core.history import history_for
from verbund.core.params import int_param
from verbund.tenancy.models import FamilyCentre

from . import permissions as perms
from . import services, signals_selectors, signals_services
from .forms import NeedForm
from .signals_models import NeedSignal, NeedSignalStatus
from .views.base import AnalysisView

PAGE_SIZE = 30
STATES = (("neu", _("neu")), ("bearbeitet", _("bearbeitet")), ("alle", _("alle")))


class SignalMixin:
    def get_signal(self, pk: int) -> NeedSignal:
        try:
            signal = signals_selectors.need_signal_get(municipality=self.municipality, pk=pk)
        except NeedSignal.DoesNotExist as exc:
            raise Http404 from exc
        self.require(perms.handle_signals, signal)
        return signal


class SignalListView(AnalysisView):
    permission = perms.handle_signals

    def get(self, request, municipality_slug):
        state = request.GET.get("stand", "neu")
        if state not in dict(STATES):
            state = "neu"
        signals = signals_selectors.need_signal_list(
            municipality=self.municipality, access=self.access, state=state
        )
        page = Paginator(signals, PAGE_SIZE).get_page(
            int_param(request.GET, "seite", min_value=1, max_value=100000) or 1
        )
        return render(
            request,
            "analysis/signal_list.html",
            {"page": page, "state": state, "states": STATES},
        )


class SignalDetailView(SignalMixin, AnalysisView):
    permission = perms.handle_signals

    def get(self, request, municipality_slug, signal_id):
        signal = self.get_signal(signal_id)
        return self.render(signal)

    def post(self, request, municipality_slug, signal_id):
        """Dismiss the hint (the only action posted here)."""
        signal = self.get_signal(signal_id)
        try:
            signals_services.need_signal_dismiss(actor=request.user, signal=signal)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.render(signal, status=400)
        messages.success(request, _("Der Hinweis wurde verworfen."))
        return redirect("analysis:signal_list", self.municipality.slug)

    def render(self, signal, status=200):
        return render(
            self.request,
            "analysis/signal_detail.html",
            {
                "signal": signal,
                "is_new": signal.status == NeedSignalStatus.NEW,
                "history": history_for(signal, limit=20, access=self.access),
            },
            status=status,
        )


class SignalToNeedView(SignalMixin, AnalysisView):
    """The need form, pre-filled from the hint, for the hint's centre or one the user picks
    among the centres of its area (``?zentrum=<id>``)."""

    permission = perms.handle_signals

    def centres(self, signal):
        queryset = FamilyCentre.objects.filter(municipality=self.municipality)
        if signal.area_id:
            queryset = queryset.filter(pk__in=signal.area.centres.values("pk"))
        return self.access.narrow(perms.handle_signals, queryset).order_by("name")

    def centre(self, signal, source):
        if signal.centre_id:
            return signal.centre
        centre_id = int_param(source, "zentrum", min_value=1, max_value=2**31 - 1)
        if centre_id is None:
            return None
        return self.centres(signal).filter(pk=centre_id).first()

    def form(self, signal, centre, data=None):
        initial = {
            "title": (signal.text.strip().splitlines() or [""])[0][:200],
            "description": signal.text,
            "area": signal.area_id,
            "topic": signal.topic_id,
            "life_phase": signal.life_phase_id,
        }
        return NeedForm(
            data,
            initial=initial,
            municipality=self.municipality,
            centre=centre,
            can_decide=self.access.can(perms.decide_needs, centre),
        )

    def get(self, request, municipality_slug, signal_id):
        signal = self.get_signal(signal_id)
        if signal.status != NeedSignalStatus.NEW:
            messages.info(request, _("Dieser Hinweis wurde schon bearbeitet."))
            return redirect("analysis:signal_detail", self.municipality.slug, signal.pk)
        centre = self.centre(signal, request.GET)
        form = self.form(signal, centre) if centre else None
        return self.render(signal, centre, form)

    def post(self, request, municipality_slug, signal_id):
        signal = self.get_signal(signal_id)
        centre = self.centre(signal, request.POST)
        if centre is None:
            return self.render(signal, None, None, status=400)
        form = self.form(signal, centre, request.POST)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in services.NEED_FIELDS}
            data[VERSION_FIELD] = form.cleaned_data.get(VERSION_FIELD)
            try:
                need = signals_services.need_signal_to_need(
                    actor=request.user, signal=signal, centre=centre, data=data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Der Hinweis wurde als Bedarf übernommen."))
                return redirect("analysis:need_detail", self.municipality.slug, need.pk)
        return self.render(signal, centre, form, status=400)

    def render(self, signal, centre, form, status=200):
        return render(
            self.request,
            "analysis/signal_to_need.html",
            {
                "signal": signal,
                "centre": centre,
                "form": form,
                "centres": [] if centre else self.centres(signal),
            },
            status=status,
        )
