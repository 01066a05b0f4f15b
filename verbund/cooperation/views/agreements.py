"""Agreements: list, due dates, create, detail, edit, status changes and new versions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms.utils import ErrorDict, ErrorList
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core import page_cache
from verbund.core.exports import export_response
from verbund.core.forms import add_service_errors
from verbund.core.history import history_for
from verbund.core.paging import in_key_order
from verbund.core.params import filter_data, filter_key
from verbund.core.tenant_views import TenantView

from .. import permissions as perms
from .. import rows_cache, selectors, services
from ..blank_forms import blank_forms_html
from ..forms import (
    AgreementFilterForm,
    AgreementForm,
    DueFilterForm,
    TransitionForm,
    draft_responsibilities,
)
from ..models import Agreement, Status
from .base import PAGE_SIZE, AgreementObjectMixin, _errors_text


class AgreementListView(TenantView):
    permission = perms.view_agreement

    def get(self, request, municipality_slug):
        # Kept whole: agreements, parties, organisations (the network version), centres,
        # the viewer's reach and the query string.
        content = page_cache.kept_content(
            request,
            prefix=f"verbund:cooperation:list:{self.municipality.pk}",
            version_keys=rows_cache.page_versions(self.municipality.pk),
            template="cooperation/_agreement_list_content.html",
            context=self.content_context,
        )
        return page_cache.render_kept(
            request, title=_("Kooperationsvereinbarungen"), content=content
        )

    def content_context(self) -> dict:
        request = self.request
        form_html, filters = self.filter_form_parts(request)
        agreements = selectors.agreement_list(
            municipality=self.municipality, access=self.access, filters=filters
        )
        # The page's agreements by key and title only: their rows come from rows_html.
        listed = agreements.select_related(None).prefetch_related(None)
        page = Paginator(listed.only("pk", "municipality_id", "title"), PAGE_SIZE).get_page(
            request.GET.get("seite")
        )
        return {
            "filter_form_html": form_html,
            "page": page,
            "rows_html": self.rows_html([agreement.pk for agreement in page]),
            "can_create": self.access.can(perms.manage_agreement),
        }

    def filter_form_parts(self, request) -> tuple:
        """The filter form's HTML and the filter it asks for, computed once per change of its
        values, the viewer's reach and its choices (``rows_cache.filter_form_parts``)."""

        def compute():
            centres = selectors.centres_managed(
                municipality=self.municipality, access=self.access, permission=self.permission
            )
            form = AgreementFilterForm(
                filter_data(request.GET),
                centres=centres,
                organisations=selectors.partner_organisations(
                    municipality=self.municipality, access=self.access
                ),
                municipality=self.municipality,
                access=self.access,
            )
            html = render_to_string(
                "cooperation/_agreement_filter_form.html", {"filter_form": form}
            )
            return html, form.to_filter()

        data = filter_key(request.GET)
        return rows_cache.filter_form_parts(
            form="list",
            municipality_id=self.municipality.pk,
            reach=self.access.signature(),
            data=data,
            compute=compute,
        )

    def rows_html(self, ids: list[int]) -> str:
        """The page's rows as HTML, from the cache while none of the agreements shown changed
        (``rows_cache``; a SafeString, also after the cache's pickling). ``ids`` come from the
        viewer's own list."""

        def render_rows():
            listed = Agreement.objects.filter(municipality=self.municipality)
            return render_to_string(
                "cooperation/_agreement_rows.html",
                {
                    "agreements": in_key_order(selectors.agreement_list_rows(listed), ids),
                    "municipality": self.municipality,
                },
            )

        return rows_cache.rows_html(
            table="list", municipality_id=self.municipality.pk, ids=ids, render=render_rows
        )


class AgreementDueMixin:
    def due_items(self):
        centres = selectors.centres_managed(
            municipality=self.municipality, access=self.access, permission=self.permission
        )
        form = DueFilterForm(
            filter_data(self.request.GET), centres=centres, municipality=self.municipality
        )
        items = selectors.agreements_due(
            municipality=self.municipality,
            access=self.access,
            today=timezone.localdate(),
            filters=form.to_filter(),
        )
        return form, items


class AgreementDueView(AgreementDueMixin, TenantView):
    permission = perms.view_agreement

    def get(self, request, municipality_slug):
        # Kept whole, and for the day: days left count from today.
        content = page_cache.kept_content(
            request,
            prefix=f"verbund:cooperation:due:{self.municipality.pk}",
            version_keys=rows_cache.page_versions(self.municipality.pk),
            template="cooperation/_agreement_due_content.html",
            context=self.content_context,
            parts=(timezone.localdate(),),
        )
        return page_cache.render_kept(
            request, title=_("Fristen der Kooperationsvereinbarungen"), content=content
        )

    def content_context(self) -> dict:
        request = self.request
        form_html, filters = self.filter_form_parts(request)
        today = timezone.localdate()
        page = selectors.agreements_due_page(
            municipality=self.municipality,
            access=self.access,
            today=today,
            filters=filters,
            page_number=request.GET.get("seite"),
            with_items=False,
        )
        keys = list(page.object_list)
        # A row shows its agreement, the kind and date of the deadline and the days left.
        shown = [(today, kind, due, pk) for due, _title, kind, pk in keys]

        def render_rows():
            items = selectors.due_items(
                keys, municipality=self.municipality, access=self.access, today=today
            )
            return render_to_string(
                "cooperation/_due_rows.html", {"items": items, "municipality": self.municipality}
            )

        return {
            "filter_form_html": form_html,
            "page": page,
            "due_keys": keys,
            "rows_html": rows_cache.rows_html(
                table="due",
                municipality_id=self.municipality.pk,
                ids=shown,
                render=render_rows,
            ),
            "filters": filters,
            "export_query": request.GET.urlencode(),
        }

    def filter_form_parts(self, request) -> tuple:
        """The filter form's HTML (with its errors) and the filter it asks for, computed once
        per change of its values, the viewer's reach and the centres it offers."""

        def compute():
            centres = selectors.centres_managed(
                municipality=self.municipality, access=self.access, permission=self.permission
            )
            form = DueFilterForm(
                filter_data(request.GET), centres=centres, municipality=self.municipality
            )
            html = render_to_string("cooperation/_due_filter_form.html", {"filter_form": form})
            return html, form.to_filter()

        data = filter_key(request.GET)
        return rows_cache.filter_form_parts(
            form="due",
            municipality_id=self.municipality.pk,
            reach=self.access.signature(),
            data=data,
            compute=compute,
        )


class AgreementDueExportView(AgreementDueMixin, TenantView):
    permission = perms.view_agreement

    def get(self, request, municipality_slug, fmt):
        _form, items = self.due_items()
        header = [
            _("Fällig am"),
            _("Art"),
            _("Tage bis dahin"),
            _("Vereinbarung"),
            _("Familienzentrum"),
            _("Partner"),
            _("Status"),
            _("Beginn"),
            _("Ende"),
            _("Überprüfung"),
        ]
        rows = (
            [
                item.due_date,
                item.kind_label,
                item.days_left,
                item.agreement.title,
                item.agreement.centre.name,
                ", ".join(
                    p.organisation.name for p in item.agreement.parties.all() if p.organisation_id
                ),
                item.agreement.get_status_display(),
                item.agreement.start_date,
                item.agreement.end_date,
                item.agreement.review_date,
            ]
            for item in items
        )
        return export_response(fmt, _("vereinbarungen-faellig"), header, rows)


class AgreementCreateView(TenantView):
    """A draft with its parties, review date and Zuständigkeiten in one submission; "weitere
    Zuständigkeit" sends the page back with one row more (and the partners ticked so far to
    choose from), saving nothing."""

    permission = perms.manage_agreement

    def form(self, data=None):
        return AgreementForm(
            data, municipality=self.municipality, access=self.access, permission=self.permission
        )

    def get(self, request, municipality_slug):
        form = self.form()
        return self.render(form, draft_responsibilities(None, form))

    def post(self, request, municipality_slug):
        form = self.form(request.POST)
        if request.POST.get("action") == "more":
            rows = draft_responsibilities(request.POST, form, more=True)
            _quiet(form, rows)
            rows.forms[-1].fields["who"].widget.attrs["autofocus"] = True
            return self.render(form, rows)
        rows = draft_responsibilities(request.POST, form)
        if form.is_valid() and rows.ready():
            data = form.cleaned_data
            self.require(self.permission, data["centre"])
            try:
                agreement = services.agreement_create(
                    actor=request.user,
                    municipality=self.municipality,
                    centre=data["centre"],
                    partners=list(data["partners"]),
                    data=data,
                    responsibilities=rows.rows(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Die Vereinbarung wurde als Entwurf angelegt. Legen Sie nun "
                        "Zuständigkeiten und Ressourcen fest."
                    )
                    if not agreement.responsibilities.exists()
                    else _(
                        "Die Vereinbarung wurde mit ihren Zuständigkeiten als Entwurf angelegt."
                    ),
                )
                return redirect(
                    "cooperation:agreement_detail", self.municipality.slug, agreement.pk
                )
        return self.render(form, rows, status=400)

    def render(self, form, rows, status=200):
        return render(
            self.request,
            "cooperation/agreement_form.html",
            {
                "form": form,
                "rows": rows,
                "row_errors": rows.is_bound
                and (any(row.errors for row in rows.forms) or rows.non_form_errors()),
                "title": _("Kooperationsvereinbarung anlegen"),
            },
            status=status,
        )


def _quiet(form, rows) -> None:
    """Show what was typed without judging it yet (no error messages)."""
    form._errors = ErrorDict()
    rows._errors = []
    rows._non_form_errors = ErrorList()
    for row in rows.forms:
        row._errors = ErrorDict()


class AgreementDetailView(AgreementObjectMixin, TenantView):
    permission = perms.view_agreement

    def get(self, request, municipality_slug, agreement_id):
        agreement = self.get_agreement(agreement_id)
        version = selectors.current_version(agreement)
        can_manage = self.access.can(perms.manage_agreement, agreement)
        editable = can_manage and not version.is_signed and agreement.status != Status.ENDED
        history = history_for(agreement, data_key="agreement", prefix="cooperation.")
        responsibility_fields, resource_fields = (
            blank_forms_html(agreement) if editable else ("", "")
        )
        return render(
            request,
            "cooperation/agreement_detail.html",
            {
                "agreement": agreement,
                "version": version,
                "versions": list(agreement.versions.all()),
                "parties": list(agreement.parties.all()),
                "attachments": list(agreement.attachments.all()),
                "can_manage": can_manage,
                "editable": editable,
                "can_upload": self.access.can(perms.upload_attachment, agreement),
                "can_new_version": can_manage
                and version.is_signed
                and agreement.status in (Status.SIGNED, Status.ACTIVE, Status.UNDER_REVIEW),
                "responsibility_fields": responsibility_fields,
                "resource_fields": resource_fields,
                "history": history,
                "today": timezone.localdate(),
            },
        )


class AgreementUpdateView(AgreementObjectMixin, TenantView):
    permission = perms.manage_agreement

    def get(self, request, municipality_slug, agreement_id):
        agreement = self.get_agreement(agreement_id)
        if refused := self.refuse_if_locked(agreement):
            return refused
        return self.render(agreement, self.form(agreement))

    def post(self, request, municipality_slug, agreement_id):
        agreement = self.get_agreement(agreement_id)
        if refused := self.refuse_if_locked(agreement):
            return refused
        form = self.form(agreement, request.POST)
        if form.is_valid():
            try:
                services.agreement_update(
                    actor=request.user,
                    agreement=selectors.agreement_get(
                        municipality=self.municipality, pk=agreement.pk
                    ),
                    partners=list(form.cleaned_data["partners"]),
                    data=form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
                return self.detail_redirect(agreement)
        return self.render(agreement, form, status=400)

    def form(self, agreement, data=None):
        return AgreementForm(
            data,
            instance=agreement,
            municipality=self.municipality,
            access=self.access,
            permission=self.permission,
        )

    def render(self, agreement, form, status=200):
        return render(
            self.request,
            "cooperation/agreement_form.html",
            {"form": form, "agreement": agreement, "title": _("Vereinbarung bearbeiten")},
            status=status,
        )


class AgreementTransitionView(AgreementObjectMixin, TenantView):
    permission = perms.manage_agreement

    def get(self, request, municipality_slug, agreement_id):
        agreement = self.get_agreement(agreement_id)
        initial = {"to": request.GET.get("nach", "")}
        return self.render(agreement, TransitionForm(agreement=agreement, initial=initial))

    def post(self, request, municipality_slug, agreement_id):
        agreement = self.get_agreement(agreement_id)
        form = TransitionForm(request.POST, agreement=agreement)
        if form.is_valid():
            try:
                services.agreement_transition(
                    actor=request.user,
                    agreement=agreement,
                    to=form.cleaned_data["to"],
                    note=form.cleaned_data["note"],
                    signed_on=form.cleaned_data.get("signed_on"),
                    next_review_date=form.cleaned_data.get("next_review_date"),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Neuer Status: %(status)s.")
                    % {"status": Status(form.cleaned_data["to"]).label},
                )
                return self.detail_redirect(agreement)
        return self.render(agreement, form, status=400)

    def render(self, agreement, form, status=200):
        return render(
            self.request,
            "cooperation/agreement_transition.html",
            {
                "agreement": agreement,
                "form": form,
                "version": selectors.current_version(agreement),
            },
            status=status,
        )


class AgreementNewVersionView(AgreementObjectMixin, TenantView):
    permission = perms.manage_agreement

    def get(self, request, municipality_slug, agreement_id):
        agreement = self.get_agreement(agreement_id)
        version = selectors.current_version(agreement)
        if not version.is_signed:
            messages.info(
                request,
                _("Fassung %(n)s ist noch ein Entwurf; Sie können sie direkt bearbeiten.")
                % {"n": version.number},
            )
            return self.detail_redirect(agreement)
        return render(
            request,
            "cooperation/version_confirm.html",
            {"agreement": agreement, "version": version},
        )

    def post(self, request, municipality_slug, agreement_id):
        agreement = self.get_agreement(agreement_id)
        try:
            new = services.version_start_draft(actor=request.user, agreement=agreement)
        except ValidationError as error:
            messages.error(request, _errors_text(error))
        else:
            messages.success(
                request,
                _(
                    "Fassung %(n)s wurde als Entwurf angelegt. Die unterzeichnete Fassung bleibt "
                    "unverändert erhalten."
                )
                % {"n": new.number},
            )
        return self.detail_redirect(agreement)
