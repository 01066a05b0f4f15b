"""One offer: create, detail, edit, status, "Angaben stimmen noch", and the review queue."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.forms import add_service_errors
from verbund.core.history import history_for
from verbund.core.roles import Reach
from verbund.core.tenant_views import TenantView
from verbund.network.permissions import view_organisation

from .. import catalogue, rows_cache, services
from .. import permissions as perms
from ..choices import OfferStatus, ReviewState
from ..forms import OfferForm, ReturnForm, StatusForm
from ..low_threshold import low_threshold
from ..models import Offer
from ..overlaps.similarity import similar_offers

PAGE_SIZE = 50


def list_url(municipality) -> str:
    return reverse("offers:offer_list", args=[municipality.slug])


def _errors_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


class OfferObjectMixin:
    """The offer within the request's municipality and the user's view (404 otherwise),
    then the object check of the view's permission."""

    def get_offer(self, offer_id: int, permission=None, *, related: bool = True) -> Offer:
        try:
            offer = catalogue.offer_get(
                municipality=self.municipality, pk=offer_id, related=related
            )
        except Offer.DoesNotExist as exc:
            raise Http404 from exc
        if not self.access.can(perms.view_offer, offer):
            raise Http404
        if offer.review_state != ReviewState.APPROVED and not (
            self.access.can(perms.manage_offer, offer)
            or self.access.can(perms.approve_offer, offer)
        ):
            raise Http404  # not yet in the catalogue: only its keepers and approvers see it
        self.require(permission or self.permission, offer)
        return offer

    def detail_redirect(self, offer: Offer):
        return redirect("offers:offer_detail", self.municipality.slug, offer.pk)


class SimilarCheckMixin:
    """Before saving: similar offers of the municipality, shown until the user confirms."""

    def similar(self, form, exclude_id=None) -> list:
        return similar_offers(
            municipality=self.municipality, exclude_id=exclude_id, **form.similarity_input()
        )

    def must_confirm(self, form, exclude_id=None) -> list:
        found = self.similar(form, exclude_id)
        if found and not form.cleaned_data.get("confirm_similar"):
            return found
        return []


class OfferCreateView(SimilarCheckMixin, TenantView):
    permission = perms.manage_offer

    def form(self, data=None):
        return OfferForm(data, municipality=self.municipality, access=self.access)

    def get(self, request, municipality_slug):
        return self.render(self.form())

    def partner_centre(self):
        """A partner's offers go into the catalogue of its facility's centre."""
        from verbund.tenancy.models import FamilyCentre

        return (
            FamilyCentre.objects.filter(
                municipality=self.municipality, facilities__in=self.access.facility_ids
            )
            .order_by("pk")
            .first()
        )

    def post(self, request, municipality_slug):
        form = self.form(request.POST)
        if form.is_valid():
            centre = self.partner_centre() if form.partner_only else form.cleaned_data["centre"]
            if centre is None:
                form.add_error(
                    None,
                    _(
                        "Ihre Organisation gehört zu keinem Familienzentrum. Bitte wenden Sie "
                        "sich an die Koordination vor Ort."
                    ),
                )
                return self.render(form, status=400)
            candidate = Offer(
                municipality=self.municipality,
                centre=centre,
                provider=form.cleaned_data.get("provider"),
            )
            self.require(self.permission, candidate)
            similar = self.must_confirm(form)
            if similar:
                return self.render(form, similar=similar)
            try:
                offer = services.offer_create(
                    actor=request.user, centre=centre, data=form.service_data()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if offer.review_state == ReviewState.SUBMITTED:
                    messages.success(
                        request,
                        _(
                            "Das Angebot wurde gespeichert und wartet auf die Freigabe durch "
                            "das Familienzentrum."
                        ),
                    )
                else:
                    messages.success(request, _("Das Angebot wurde angelegt."))
                return redirect("offers:offer_detail", self.municipality.slug, offer.pk)
        return self.render(form, status=400)

    def render(self, form, status=200, similar=()):
        return render(
            self.request,
            "offers/offer_form.html",
            {
                "form": form,
                "title": _("Angebot anlegen"),
                "similar": similar,
                "cancel_url": list_url(self.municipality),
            },
            status=status,
        )


class OfferDetailView(OfferObjectMixin, TenantView):
    """The offer's page. What it tells about the offer (description, terms, place, times,
    providers) is kept rendered until something it shows changes (``rows_cache.facts_html``);
    the title, the buttons, the review and confirmation notes with their forms and the history
    are built on every request."""

    permission = perms.view_offer

    def get(self, request, municipality_slug, offer_id):
        offer = self.get_offer(offer_id, related=False)
        can_manage = self.access.can(perms.manage_offer, offer)
        link_orgs = Reach.MUNICIPALITY in self.access.reaches(view_organisation)
        today = timezone.localdate()

        def facts_context():
            catalogue.attach_related(offer)
            return {
                "offer": offer,
                "threshold": low_threshold(offer),
                "terms": catalogue.terms_by_vocabulary(offer),
                "can_manage": can_manage,
                "link_orgs": link_orgs,
                "show_needs": can_manage,
            }

        return render(
            request,
            "offers/offer_detail.html",
            {
                "offer": offer,
                "facts": rows_cache.facts_html(
                    request,
                    offer=offer,
                    context=facts_context,
                    parts=(can_manage, link_orgs, today),
                ),
                "can_manage": can_manage,
                "can_approve": offer.review_state != ReviewState.APPROVED
                and self.access.can(perms.approve_offer, offer),
                "check_due": catalogue.check_due_on(offer),
                "check_overdue": catalogue.check_due_on(offer) <= today,
                "hidden": catalogue.hidden_on(offer) <= today,
                "history": history_for(offer, limit=20, access=self.access),
                "back_url": list_url(self.municipality),
            },
        )


class OfferUpdateView(SimilarCheckMixin, OfferObjectMixin, TenantView):
    permission = perms.manage_offer

    def form(self, offer, data=None):
        return OfferForm(data, instance=offer, municipality=self.municipality, access=self.access)

    def get(self, request, municipality_slug, offer_id):
        offer = self.get_offer(offer_id)
        return self.render(offer, self.form(offer))

    def post(self, request, municipality_slug, offer_id):
        offer = self.get_offer(offer_id)
        form = self.form(offer, request.POST)
        if form.is_valid():
            # The provider chosen must be within reach, too (a partner cannot give it away).
            self.require(self.permission, form.instance)
            similar = self.must_confirm(form, exclude_id=offer.pk)
            if similar:
                return self.render(offer, form, similar=similar)
            was = offer.review_state
            try:
                saved = services.offer_update(
                    actor=request.user,
                    offer=catalogue.offer_get(municipality=self.municipality, pk=offer.pk),
                    data=form.service_data(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if saved.review_state == ReviewState.SUBMITTED and was != ReviewState.SUBMITTED:
                    messages.success(
                        request,
                        _(
                            "Die Änderungen wurden gespeichert. Das Angebot wartet wieder auf "
                            "die Freigabe durch das Familienzentrum."
                        ),
                    )
                else:
                    messages.success(request, _("Die Änderungen wurden gespeichert."))
                return self.detail_redirect(offer)
        return self.render(offer, form, status=400)

    def render(self, offer, form, status=200, similar=()):
        return render(
            self.request,
            "offers/offer_form.html",
            {
                "form": form,
                "offer": offer,
                "title": _("Angebot bearbeiten"),
                "similar": similar,
                "cancel_url": reverse(
                    "offers:offer_detail", args=[self.municipality.slug, offer.pk]
                ),
            },
            status=status,
        )


class OfferStatusView(OfferObjectMixin, TenantView):
    """Pause, end (archive) or reactivate, with a reason for the history."""

    permission = perms.manage_offer

    def get(self, request, municipality_slug, offer_id):
        offer = self.get_offer(offer_id)
        initial = {"status": request.GET.get("nach", "")}
        return self.render(offer, StatusForm(offer=offer, initial=initial))

    def post(self, request, municipality_slug, offer_id):
        offer = self.get_offer(offer_id)
        form = StatusForm(request.POST, offer=offer)
        if form.is_valid():
            try:
                services.offer_set_status(
                    actor=request.user,
                    offer=offer,
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                label = OfferStatus(form.cleaned_data["status"]).label
                messages.success(request, _("Neuer Status: %(status)s.") % {"status": label})
                return self.detail_redirect(offer)
        return self.render(offer, form, status=400)

    def render(self, offer, form, status=200):
        return render(
            self.request,
            "offers/offer_status.html",
            {"offer": offer, "form": form},
            status=status,
        )


class OfferConfirmView(OfferObjectMixin, TenantView):
    """“Angaben stimmen noch”: a button on the detail page (GET shows the page)."""

    permission = perms.manage_offer

    def get(self, request, municipality_slug, offer_id):
        return self.detail_redirect(self.get_offer(offer_id))

    def post(self, request, municipality_slug, offer_id):
        offer = self.get_offer(offer_id)
        try:
            services.offer_confirm(actor=request.user, offer=offer)
        except ValidationError as error:
            messages.error(request, _errors_text(error))
        else:
            messages.success(
                request,
                _("Danke! Die Angaben gelten als geprüft am %(date)s.")
                % {"date": timezone.localdate().strftime("%d.%m.%Y")},
            )
        return self.detail_redirect(offer)


class OfferSubmitView(OfferObjectMixin, TenantView):
    """A returned offer submitted again unchanged (a button on the detail page)."""

    permission = perms.manage_offer

    def get(self, request, municipality_slug, offer_id):
        return self.detail_redirect(self.get_offer(offer_id))

    def post(self, request, municipality_slug, offer_id):
        offer = self.get_offer(offer_id)
        try:
            services.offer_submit(actor=request.user, offer=offer)
        except ValidationError as error:
            messages.error(request, _errors_text(error))
        else:
            messages.success(
                request, _("Das Angebot liegt dem Familienzentrum wieder zur Freigabe vor.")
            )
        return self.detail_redirect(offer)


class ReviewQueueView(TenantView):
    permission = perms.approve_offer

    def get(self, request, municipality_slug):
        queue = catalogue.review_queue(municipality=self.municipality, access=self.access)
        page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("seite"))
        return render(
            request,
            "offers/review_queue.html",
            {"page": page, "return_form": ReturnForm()},
        )


class OfferReviewView(OfferObjectMixin, TenantView):
    """Approve, or return with a reason (shown to the partner)."""

    permission = perms.approve_offer

    def get(self, request, municipality_slug, offer_id):
        offer = self.get_offer(offer_id)
        return self.render(offer, ReturnForm())

    def post(self, request, municipality_slug, offer_id):
        offer = self.get_offer(offer_id)
        action = request.POST.get("action")
        form = ReturnForm(request.POST if action == "return" else None)
        try:
            if action == "approve":
                services.offer_approve(actor=request.user, offer=offer)
                messages.success(
                    request,
                    _("„%(title)s“ ist freigegeben und steht jetzt im Angebot.")
                    % {"title": offer.title},
                )
            elif action == "return" and form.is_valid():
                services.offer_return(
                    actor=request.user, offer=offer, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request,
                    _("„%(title)s“ ging mit Ihrer Begründung an den Anbieter zurück.")
                    % {"title": offer.title},
                )
            else:
                if action not in ("approve", "return"):
                    form.add_error(None, _("Bitte wählen Sie „Freigeben“ oder „Zurückgeben“."))
                return self.render(offer, form, status=400)
        except ValidationError as error:
            if action == "return":
                add_service_errors(form, error)
                return self.render(offer, form, status=400)
            messages.error(request, _errors_text(error))
            return self.detail_redirect(offer)
        if request.POST.get("next") == "queue":
            return redirect("offers:review_queue", self.municipality.slug)
        return self.detail_redirect(offer)

    def render(self, offer, form, status=200):
        return render(
            self.request,
            "offers/review_offer.html",
            {
                "offer": offer,
                "form": form,
                "threshold": low_threshold(offer),
                "terms": catalogue.terms_by_vocabulary(offer),
            },
            status=status,
        )
