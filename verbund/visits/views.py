"""Views of the welcome visits. A family another centre's team looks after is a 404, as is a
draft someone else uploaded; every family page is logged as a read."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from verbund.core.forms import add_service_errors
from verbund.core.pdf import html_to_pdf
from verbund.core.tenant_views import TenantView

from . import permissions as perms
from . import selectors, services, services_family
from .forms import (
    AssignForm,
    LettersForm,
    SettingsForm,
    StreetUploadForm,
    UploadForm,
    VisitForm,
)
from .letter_texts import texts_for
from .models import BirthsImport, Family, StreetSegment

PAGE_SIZE = 50


def _centres(municipality):
    from verbund.tenancy.selectors import centre_list

    return list(centre_list(municipality=municipality).order_by("name", "pk"))


class FamilyView(TenantView):
    permission = perms.work_with_families

    def family(self, family_id) -> Family:
        try:
            family = selectors.family_get(
                municipality=self.municipality, access=self.access, pk=family_id
            )
        except Family.DoesNotExist:
            raise Http404 from None
        self.require(perms.work_with_families, family)
        return family


class FamilyListView(FamilyView):
    def get(self, request, municipality_slug):
        families = selectors.families_for(municipality=self.municipality, access=self.access)
        page = Paginator(families.order_by("status", "-birth_month", "pk"), PAGE_SIZE).get_page(
            request.GET.get("seite")
        )
        return render(request, "visits/family_list.html", {"page": page})


class BirthsUploadView(TenantView):
    permission = perms.work_with_families

    def get(self, request, municipality_slug):
        return render(request, "visits/births_upload.html", {"form": UploadForm()})

    def post(self, request, municipality_slug):
        form = UploadForm(request.POST, request.FILES)
        errors = []
        if form.is_valid():
            try:
                draft, parsed = services.births_preview(
                    actor=request.user,
                    municipality=self.municipality,
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as error:
                draft, errors = None, error.messages
            else:
                errors = parsed.errors
            if draft is not None:
                return redirect("visits:births_preview", municipality_slug, draft.pk)
        return render(
            request, "visits/births_upload.html", {"form": form, "errors": errors}, status=200
        )


class BirthsPreviewView(TenantView):
    permission = perms.work_with_families

    def draft(self, births_id) -> BirthsImport:
        draft = BirthsImport.objects.filter(
            municipality=self.municipality, pk=births_id, uploaded_by=self.request.user
        ).first()
        if draft is None:
            raise Http404
        return draft

    def render_preview(self, draft, form):
        return render(
            self.request,
            "visits/births_preview.html",
            {
                "draft": draft,
                "form": form,
                "entries": [
                    (row, form[f"centre_{row['line']}"] if row["centre_id"] is None else None)
                    for row in draft.rows
                ],
            },
        )

    def get(self, request, municipality_slug, births_id):
        draft = self.draft(births_id)
        centres = _centres(self.municipality)
        return self.render_preview(draft, AssignForm(rows=draft.rows, centres=centres))

    def post(self, request, municipality_slug, births_id):
        draft = self.draft(births_id)
        centres = _centres(self.municipality)
        form = AssignForm(request.POST, rows=draft.rows, centres=centres)
        if draft.committed:
            messages.info(request, _("Diese Liste wurde schon übernommen."))
            return redirect("visits:family_list", municipality_slug)
        if form.is_valid():
            try:
                families = services.births_commit(
                    actor=request.user,
                    draft=draft,
                    chosen=form.chosen(),
                    centre_ids={centre.pk for centre in centres},
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(count)s Familien übernommen.") % {"count": len(families)},
                )
                return redirect("visits:family_list", municipality_slug)
        return self.render_preview(draft, form)


class BirthsDiscardView(BirthsPreviewView):
    http_method_names = ["get", "post"]

    def get(self, request, municipality_slug, births_id):
        return redirect("visits:births_preview", municipality_slug, self.draft(births_id).pk)

    def post(self, request, municipality_slug, births_id):
        services.births_discard(actor=request.user, draft=self.draft(births_id))
        messages.info(request, _("Die Liste wurde verworfen; nichts wurde übernommen."))
        return redirect("visits:births_upload", municipality_slug)


class FamilyDetailView(FamilyView):
    def get(self, request, municipality_slug, family_id):
        family = self.family(family_id)
        services.family_read_logged(actor=request.user, family=family)
        return render(
            request,
            "visits/family_detail.html",
            {
                "family": family,
                "visits": selectors.family_visits(family=family),
                "age_months": selectors.child_age_months(family),
                "failed_attempts": selectors.failed_attempts(family=family),
                "max_attempts": selectors.visit_settings(
                    municipality=self.municipality
                ).max_attempts,
            },
        )


class VisitCreateView(FamilyView):
    def form(self, family, data=None):
        settings = selectors.visit_settings(municipality=self.municipality)
        visitors = list(selectors.visitors_of(centre=family.centre))
        initial = {
            "appointment": timezone.localtime().replace(second=0, microsecond=0),
            "consent_wording": settings.consent_wording,
            "consent_date": timezone.localdate(),
        }
        if self.request.user.pk in {user.pk for user in visitors}:
            initial["visitor"] = self.request.user.pk
        return VisitForm(data, visitors=visitors, settings=settings, initial=initial)

    def get(self, request, municipality_slug, family_id):
        family = self.family(family_id)
        return render(
            request, "visits/visit_form.html", {"family": family, "form": self.form(family)}
        )

    def post(self, request, municipality_slug, family_id):
        family = self.family(family_id)
        form = self.form(family, request.POST)
        if form.is_valid():
            try:
                services.visit_record(actor=request.user, family=family, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Der Besuch wurde erfasst."))
                return redirect("visits:family_detail", municipality_slug, family.pk)
        return render(request, "visits/visit_form.html", {"family": family, "form": form})


class FamilyOffersView(FamilyView):
    """The personal offer list: printable HTML, or a PDF. It shows the child's age range and
    the language, nothing else about the family."""

    pdf = False

    def get(self, request, municipality_slug, family_id):
        family = self.family(family_id)
        services.family_read_logged(
            actor=request.user, family=family, action="visits.family.offers_printed"
        )
        language = family.language
        lines = selectors.personal_offers(family=family, language=language)
        services_family.offers_listed(family=family, offer_ids=[line.offer.pk for line in lines])
        texts = texts_for(language)
        today = timezone.localdate()
        for line in lines:
            if line.distance_km is not None:
                line.km_text = texts.fill("km_away", km=f"{line.distance_km:.1f}")
        context = {
            "family_id": family.pk,
            "centre": family.centre,
            "lines": lines,
            "t": texts,
            "for_children": texts.fill(
                "for_children", age=texts.age(selectors.child_age_months(family))
            ),
            "language_label": texts["name"] if texts.lang == language else "Deutsch",
            "language": language,
            "as_of": texts.fill("as_of", date=today.strftime("%d.%m.%Y")),
            "today": today,
        }
        if not self.pdf:
            return render(request, "visits/offer_list.html", context)
        with translation.override(language):
            html = render_to_string("visits/offer_list_print.html", context, request=request)
        response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="angebote.pdf"'
        return response


def letter_page(family: Family, request) -> str:
    """One announcement letter in the family's language (German where none is written); the
    weekday and month names come from Django's own catalogue of that language."""
    texts = texts_for(family.language)
    with translation.override(texts.lang):
        proposal = texts.fill(
            "proposal",
            date=date_format(timezone.localtime(family.proposed_visit), "l, d.m.Y"),
            time=date_format(timezone.localtime(family.proposed_visit), "H:i"),
        )
    return render_to_string(
        "visits/_letter.html", {"family": family, "t": texts, "proposal": proposal}, request=request
    )


class LettersView(FamilyView):
    """The announcement letters of the open families as one PDF (mail merge), each in the
    family's language where the letter is translated; each family gets a proposed date."""

    def get(self, request, municipality_slug):
        families = selectors.families_to_announce(
            municipality=self.municipality, access=self.access
        )
        start = (timezone.localtime() + timedelta(days=7)).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
        form = LettersForm(initial={"first": start})
        return render(request, "visits/letters.html", {"form": form, "count": families.count()})

    def post(self, request, municipality_slug):
        form = LettersForm(request.POST)
        families = selectors.families_to_announce(
            municipality=self.municipality, access=self.access
        )
        if form.is_valid():
            chosen = selectors.families_to_announce(
                municipality=self.municipality,
                access=self.access,
                only_new=form.cleaned_data["only_new"],
            )
            chosen = list(chosen[:500])
            if not chosen:
                form.add_error(None, _("Es gibt keine offenen Familien ohne Ankündigung."))
            else:
                services.letters_prepare(
                    actor=request.user,
                    families=chosen,
                    first=form.cleaned_data["first"],
                    step_minutes=form.cleaned_data["step_minutes"],
                )
                pages = [letter_page(family, request) for family in chosen]
                html = render_to_string("visits/letters_print.html", {"pages": pages})
                response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
                response["Content-Disposition"] = 'attachment; filename="ankuendigungen.pdf"'
                return response
        return render(request, "visits/letters.html", {"form": form, "count": families.count()})


class StatisticsView(TenantView):
    permission = perms.view_visit_statistics

    def get(self, request, municipality_slug):
        stats = selectors.visit_statistics(municipality=self.municipality)
        return render(
            request,
            "visits/statistics.html",
            {"stats": stats, "threshold": selectors.SUPPRESS_BELOW},
        )


class StreetsView(TenantView):
    permission = perms.manage_visit_settings

    def page(self, form, status=200):
        count = StreetSegment.objects.filter(municipality=self.municipality).count()
        return render(
            self.request, "visits/streets.html", {"form": form, "count": count}, status=status
        )

    def get(self, request, municipality_slug):
        return self.page(StreetUploadForm())

    def post(self, request, municipality_slug):
        form = StreetUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                count = services.streets_import(
                    actor=request.user,
                    municipality=self.municipality,
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request, _("%(count)s Straßenabschnitte eingelesen.") % {"count": count}
                )
                return redirect("visits:streets", municipality_slug)
        return self.page(form)


class SettingsView(TenantView):
    permission = perms.manage_visit_settings

    def get(self, request, municipality_slug):
        settings = selectors.visit_settings(municipality=self.municipality)
        return render(request, "visits/settings.html", {"form": SettingsForm(instance=settings)})

    def post(self, request, municipality_slug):
        settings = selectors.visit_settings(municipality=self.municipality)
        form = SettingsForm(request.POST, instance=settings)
        if form.is_valid():
            try:
                services.settings_change(
                    actor=request.user, municipality=self.municipality, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Einstellungen wurden gespeichert."))
                return redirect("visits:settings", municipality_slug)
        return render(request, "visits/settings.html", {"form": form})
