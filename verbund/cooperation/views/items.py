"""Parties, responsibilities and resources of an agreement."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from verbund.core.forms import add_service_errors
from verbund.core.tenant_views import TenantView

from .. import permissions as perms
from .. import services
from ..forms import PartyForm, ResourceForm, ResponsibilityForm
from .base import AgreementObjectMixin, _errors_text


class PartyUpdateView(AgreementObjectMixin, TenantView):
    permission = perms.manage_agreement

    def get(self, request, municipality_slug, agreement_id, party_id):
        agreement = self.get_agreement(agreement_id)
        party = self.get_child(agreement, "parties", party_id)
        if refused := self.refuse_if_locked(agreement):
            return refused
        return self.render(agreement, party, PartyForm(instance=party))

    def post(self, request, municipality_slug, agreement_id, party_id):
        agreement = self.get_agreement(agreement_id)
        party = self.get_child(agreement, "parties", party_id)
        if refused := self.refuse_if_locked(agreement):
            return refused
        original = {name: getattr(party, name) for name in services.PARTY_FIELDS}
        form = PartyForm(request.POST, instance=party)
        if form.is_valid():
            for name, value in original.items():
                setattr(party, name, value)
            try:
                services.party_update(actor=request.user, party=party, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Angaben zur Partei wurden gespeichert."))
                return self.detail_redirect(agreement)
        return self.render(agreement, party, form, status=400)

    def render(self, agreement, party, form, status=200):
        return render(
            self.request,
            "cooperation/party_form.html",
            {"agreement": agreement, "party": party, "form": form},
            status=status,
        )


class _ItemCreateView(AgreementObjectMixin, TenantView):
    permission = perms.manage_agreement
    form_class = None
    service = None
    template = "cooperation/item_form.html"
    title = ""
    success = ""

    def get(self, request, municipality_slug, agreement_id):
        agreement = self.get_agreement(agreement_id)
        if refused := self.refuse_if_locked(agreement):
            return refused
        return self.render(agreement, self.form_class(agreement=agreement))

    def post(self, request, municipality_slug, agreement_id):
        agreement = self.get_agreement(agreement_id)
        if refused := self.refuse_if_locked(agreement):
            return refused
        form = self.form_class(request.POST, agreement=agreement)
        if form.is_valid():
            try:
                type(self).service(actor=request.user, agreement=agreement, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, self.success)
                return self.detail_redirect(agreement)
        return self.render(agreement, form, status=400)

    def render(self, agreement, form, status=200):
        return render(
            self.request,
            self.template,
            {"agreement": agreement, "form": form, "title": self.title},
            status=status,
        )


class ResponsibilityCreateView(_ItemCreateView):
    form_class = ResponsibilityForm
    service = services.responsibility_create
    title = _("Zuständigkeit hinzufügen")
    success = _("Die Zuständigkeit wurde hinzugefügt.")


class ResourceCreateView(_ItemCreateView):
    form_class = ResourceForm
    service = services.resource_create
    title = _("Ressource hinzufügen")
    success = _("Die Ressource wurde hinzugefügt.")


class _ItemDeleteView(AgreementObjectMixin, TenantView):
    permission = perms.manage_agreement
    related = ""
    kwarg = ""
    service = None
    question = ""
    success = ""

    def item(self, agreement_id, **kwargs):
        agreement = self.get_agreement(agreement_id)
        return agreement, self.get_child(agreement, self.related, kwargs[self.kwarg])

    def get(self, request, municipality_slug, agreement_id, **kwargs):
        agreement, item = self.item(agreement_id, **kwargs)
        if refused := self.refuse_if_locked(agreement):
            return refused
        return render(
            request,
            "cooperation/item_confirm_delete.html",
            {"agreement": agreement, "item": item, "question": self.question},
        )

    def post(self, request, municipality_slug, agreement_id, **kwargs):
        agreement, item = self.item(agreement_id, **kwargs)
        if refused := self.refuse_if_locked(agreement):
            return refused
        try:
            type(self).service(actor=request.user, item=item)
        except ValidationError as error:
            messages.error(request, _errors_text(error))
        else:
            messages.success(request, self.success)
        return self.detail_redirect(agreement)


class ResponsibilityDeleteView(_ItemDeleteView):
    related = "responsibilities"
    kwarg = "responsibility_id"
    service = services.responsibility_delete
    question = _("Diese Zuständigkeit entfernen?")
    success = _("Die Zuständigkeit wurde entfernt.")


class ResourceDeleteView(_ItemDeleteView):
    related = "resources"
    kwarg = "resource_id"
    service = services.resource_delete
    question = _("Diese Ressource entfernen?")
    success = _("Die Ressource wurde entfernt.")
