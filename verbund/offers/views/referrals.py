"""Brokering: record anonymously that a family was referred to an offer, and count it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.forms import add_service_errors
from verbund.core.tenant_views import TenantView
from verbund.taxonomy.selectors import terms
from verbund.taxonomy.vocabulary import Vocabulary

from .. import permissions as perms
from ..models import Offer, Referral, ReferralOutcome
from ..overlaps import referrals, services
from ..overlaps.forms import OfferLookupForm, OutcomeForm, ReferralFilterForm, ReferralForm
from ..search import OfferQuery, search_offers, visible_offers

PAGE_SIZE = 50
LOOKUP_LIMIT = 20


class ReferralCreateView(TenantView):
    """ "Vermittlung festhalten" on an offer: date, centre, life phase, topic or need."""

    permission = perms.record_referral

    def get_offer(self, offer_id) -> Offer:
        offer = (
            visible_offers(municipality=self.municipality, access=self.access)
            .select_related("provider", "centre")
            .filter(pk=offer_id)
            .first()
        )
        if offer is None:
            raise Http404
        return offer

    def get(self, request, municipality_slug, offer_id):
        offer = self.get_offer(offer_id)
        return self.render(offer, self.form())

    def post(self, request, municipality_slug, offer_id):
        offer = self.get_offer(offer_id)
        form = self.form(request.POST)
        if form.is_valid():
            self.require(self.permission, form.cleaned_data["centre"])
            try:
                services.referral_record(
                    actor=request.user,
                    municipality=self.municipality,
                    offer=offer,
                    data=form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Die Vermittlung ist festgehalten. Tragen Sie das Ergebnis nach, "
                        "sobald Sie es wissen."
                    ),
                )
                return redirect("offers:referral_list", self.municipality.slug)
        return self.render(offer, form, status=400)

    def form(self, data=None):
        return ReferralForm(data, municipality=self.municipality, access=self.access)

    def render(self, offer, form, status=200):
        return render(
            self.request,
            "offers/referral_form.html",
            {"offer": offer, "form": form},
            status=status,
        )


class ReferralListView(TenantView):
    """The referrals of the user's own centres, with the outcome to fill in."""

    permission = perms.record_referral

    def get(self, request, municipality_slug):
        filter_form = ReferralFilterForm(request.GET or None)
        queryset = referrals.referral_list(
            municipality=self.municipality, access=self.access, filters=filter_form.to_filter()
        )
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("seite"))
        lookup = OfferLookupForm(request.GET or None)
        found = []
        if lookup.is_valid() and lookup.cleaned_data["q"].strip():
            found = list(
                search_offers(
                    visible_offers(municipality=self.municipality, access=self.access),
                    OfferQuery(text=lookup.cleaned_data["q"]),
                )
                .select_related("provider", "centre")
                .order_by("title", "pk")[:LOOKUP_LIMIT]
            )
        today = timezone.localdate()
        return render(
            request,
            "offers/referral_list.html",
            {
                "filter_form": filter_form,
                "lookup": lookup,
                "found": found,
                "page": page,
                "open": ReferralOutcome.OPEN,
                "overdue_before": today - referrals.OPEN_WEEKS_DELTA,
                "can_count": self.access.can(perms.view_referrals),
            },
        )


class ReferralOutcomeView(TenantView):
    permission = perms.record_referral

    def prepare(self, referral_id) -> Referral:
        try:
            referral = referrals.referral_get(municipality=self.municipality, pk=referral_id)
        except Referral.DoesNotExist as exc:
            raise Http404 from exc
        self.require(self.permission, referral)
        return referral

    def get(self, request, municipality_slug, referral_id):
        referral = self.prepare(referral_id)
        form = OutcomeForm(initial={"outcome": referral.outcome})
        return self.render(referral, form)

    def post(self, request, municipality_slug, referral_id):
        referral = self.prepare(referral_id)
        form = OutcomeForm(request.POST)
        if form.is_valid():
            try:
                services.referral_set_outcome(
                    actor=request.user, referral=referral, outcome=form.cleaned_data["outcome"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Das Ergebnis ist festgehalten."))
                return redirect("offers:referral_list", self.municipality.slug)
        return self.render(referral, form, status=400)

    def render(self, referral, form, status=200):
        return render(
            self.request,
            "offers/referral_outcome.html",
            {"referral": referral, "form": form},
            status=status,
        )


class ReferralCountsView(TenantView):
    """Counts per offer and per life phase × topic; small counts withheld across centres."""

    permission = perms.view_referrals

    def get(self, request, municipality_slug):
        filter_form = ReferralFilterForm(request.GET or None)
        filters = filter_form.to_filter()
        suppress = referrals.suppresses(self.access)
        matrix = referrals.referral_matrix(
            municipality=self.municipality, access=self.access, filters=filters, suppress=suppress
        )
        phases = list(terms(municipality=self.municipality, vocabulary=Vocabulary.LIFE_PHASE))
        topics = list(terms(municipality=self.municipality, vocabulary=Vocabulary.TOPIC))
        # Only life phases and topics with referrals: a 8 × 9 grid of zeros says nothing.
        used_phases = {phase for phase, _topic in matrix}
        used_topics = {topic for _phase, topic in matrix}
        columns = [(topic.pk, topic.label) for topic in topics if topic.pk in used_topics]
        if None in used_topics:
            columns.append((None, _("ohne Thema")))
        rows = [
            (phase, [matrix.get((phase.pk, column), 0) for column, _label in columns])
            for phase in phases
            if phase.pk in used_phases
        ]
        return render(
            request,
            "offers/referral_counts.html",
            {
                "filter_form": filter_form,
                "suppress": suppress,
                "min_count": referrals.MIN_COUNT,
                "columns": columns,
                "rows": rows,
                "has_counts": bool(matrix),
                "per_offer": referrals.counts_per_offer(
                    municipality=self.municipality,
                    access=self.access,
                    filters=filters,
                    suppress=suppress,
                ),
                "outcomes": ReferralOutcome.choices,
            },
        )
