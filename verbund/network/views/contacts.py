from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verbund.core.exports import export_response
from verbund.core.forms import add_service_errors

from .. import gdpr, privacy_registry, selectors, services
from .. import permissions as perms
from ..forms import ContactForm
from .base import TenantView, history, lookup


class ContactMixin:
    def get_contact(self, pk):
        return lookup(selectors.contact_get, municipality=self.municipality, pk=pk)

    def contact_form(self, *args, **kwargs):
        return ContactForm(*args, municipality=self.municipality, access=self.access, **kwargs)


class ContactReviewView(TenantView):
    """Contacts whose details were not confirmed within the review period."""

    permission = perms.view_contact

    def get(self, request, municipality_slug):
        contacts = selectors.contacts_due_for_review(
            municipality=self.municipality,
            access=self.access,
            permission=self.permission,
        )
        return render(
            request,
            "network/contact_review.html",
            {"contacts": contacts[:500], "days": selectors.review_days()},
        )


class ContactDetailView(ContactMixin, TenantView):
    permission = perms.view_contact

    def get(self, request, municipality_slug, contact_id):
        contact = self.get_contact(contact_id)
        self.require(self.permission, contact)
        return render(
            request,
            "network/contact_detail.html",
            {
                "contact": contact,
                "needs_review": not contact.is_erased
                and contact.last_confirmed < selectors.review_cutoff(),
                "can_change": not contact.is_erased
                and self.access.can(perms.change_contact, contact),
                "can_gdpr": self.access.can(perms.gdpr_contact, contact),
                "interactions": contact.interactions.select_related(
                    "relationship__centre"
                ).order_by("-date")[:50],
                "history": history(contact, self.access),
            },
        )


class ContactCreateView(ContactMixin, TenantView):
    permission = perms.change_contact

    def get_org(self, pk):
        organisation = lookup(selectors.organisation_get, municipality=self.municipality, pk=pk)
        self.require(self.permission, organisation)
        return organisation

    def get(self, request, municipality_slug, organisation_id):
        organisation = self.get_org(organisation_id)
        form = self.contact_form(initial={"organisation": organisation})
        return self.render(form, organisation)

    def post(self, request, municipality_slug, organisation_id):
        organisation = self.get_org(organisation_id)
        form = self.contact_form(request.POST)
        if form.is_valid():
            self.require(self.permission, form.cleaned_data["organisation"])
            try:
                contact = services.contact_create(
                    actor=request.user, municipality=self.municipality, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Ansprechperson wurde angelegt."))
                return redirect("network:contact_detail", self.municipality.slug, contact.pk)
        return self.render(form, organisation, status=400)

    def render(self, form, organisation, status=200):
        return render(
            self.request,
            "network/contact_form.html",
            {"form": form, "organisation": organisation, "title": _("Ansprechperson anlegen")},
            status=status,
        )


class ContactUpdateView(ContactMixin, TenantView):
    permission = perms.change_contact

    def prepare(self, pk):
        contact = self.get_contact(pk)
        self.require(self.permission, contact)
        return contact

    def get(self, request, municipality_slug, contact_id):
        contact = self.prepare(contact_id)
        if contact.is_erased:
            return redirect("network:contact_detail", self.municipality.slug, contact.pk)
        return self.render(self.contact_form(instance=contact), contact)

    def post(self, request, municipality_slug, contact_id):
        contact = self.prepare(contact_id)
        if contact.is_erased:
            return redirect("network:contact_detail", self.municipality.slug, contact.pk)
        form = self.contact_form(request.POST, instance=contact)
        original = self.get_contact(contact.pk)
        if form.is_valid():
            self.require(self.permission, form.cleaned_data["organisation"])
            try:
                services.contact_update(
                    actor=request.user, contact=original, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
                return redirect("network:contact_detail", self.municipality.slug, contact.pk)
        return self.render(form, original, status=400)

    def render(self, form, contact, status=200):
        return render(
            self.request,
            "network/contact_form.html",
            {
                "form": form,
                "contact": contact,
                "organisation": contact.organisation,
                "title": _("Ansprechperson bearbeiten"),
            },
            status=status,
        )


class ContactConfirmView(ContactMixin, TenantView):
    permission = perms.change_contact

    def get(self, request, municipality_slug, contact_id):
        contact = self.get_contact(contact_id)
        self.require(self.permission, contact)
        return redirect("network:contact_detail", self.municipality.slug, contact.pk)

    def post(self, request, municipality_slug, contact_id):
        contact = self.get_contact(contact_id)
        self.require(self.permission, contact)
        try:
            services.contact_confirm(actor=request.user, contact=contact)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Die Angaben gelten ab heute als bestätigt."))
        return redirect("network:contact_detail", self.municipality.slug, contact.pk)


class ContactAccessJsonView(ContactMixin, TenantView):
    """GDPR Art. 15: everything stored about the person, as JSON."""

    permission = perms.gdpr_contact

    def get(self, request, municipality_slug, contact_id):
        contact = self.get_contact(contact_id)
        self.require(self.permission, contact)
        services_log_access(request, contact, "json")
        response = HttpResponse(
            gdpr.contact_access_json(contact), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="auskunft-person-{contact.pk}.json"'
        )
        return response


class ContactAccessCsvView(ContactMixin, TenantView):
    permission = perms.gdpr_contact

    def get(self, request, municipality_slug, contact_id):
        contact = self.get_contact(contact_id)
        self.require(self.permission, contact)
        services_log_access(request, contact, "csv")
        return export_response(
            "csv",
            f"auskunft-person-{contact.pk}",
            [_("Bereich"), _("Nr."), _("Feld"), _("Wert")],
            gdpr.contact_access_rows(contact),
        )


def services_log_access(request, contact, fmt):
    from verbund.core.audit import log_action

    log_action(
        "network.contact.access_exported",
        actor=request.user,
        instance=contact,
        data={"format": fmt},
    )


class ContactEraseView(ContactMixin, TenantView):
    """GDPR Art. 17: erase the person, keep a pseudonymous tombstone."""

    permission = perms.gdpr_contact

    def get(self, request, municipality_slug, contact_id):
        contact = self.get_contact(contact_id)
        self.require(self.permission, contact)
        return self.render(contact)

    def render(self, contact, status=200):
        """The confirmation lists every place of the privacy registry that holds the person,
        with what the erasure does there."""
        person = privacy_registry.person_for(contact, pseudonym=contact.pseudonym)
        found = [
            {"place": place, "count": len(rows)}
            for place, rows in privacy_registry.find_everywhere(person)
            if rows
        ]
        return render(
            self.request,
            "network/contact_confirm_erase.html",
            {"contact": contact, "found": found},
            status=status,
        )

    def post(self, request, municipality_slug, contact_id):
        contact = self.get_contact(contact_id)
        self.require(self.permission, contact)
        if request.POST.get("confirm") != "1":
            messages.error(request, _("Bitte bestätigen Sie die Löschung."))
            return self.render(contact, status=400)
        services.contact_erase(
            actor=request.user, contact=contact, reason=request.POST.get("reason", "")
        )
        messages.success(
            request, _("Die personenbezogenen Daten wurden gelöscht; ein Platzhalter bleibt.")
        )
        return redirect("network:contact_detail", self.municipality.slug, contact.pk)


class ProcessingRegisterView(TenantView):
    """GDPR Art. 30: generated from the models' ``personal_data`` declarations."""

    permission = perms.view_register

    def get(self, request, municipality_slug):
        return render(
            request,
            "network/processing_register.html",
            {"entries": gdpr.register_entries(), "review_days": selectors.review_days()},
        )


class ProcessingRegisterExportView(TenantView):
    permission = perms.view_register

    def get(self, request, municipality_slug, fmt):
        return export_response(
            fmt, _("verarbeitungsverzeichnis"), gdpr.REGISTER_HEADER, gdpr.register_rows()
        )
