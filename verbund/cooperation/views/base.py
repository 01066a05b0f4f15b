"""Helpers shared by the agreement views: error text and the agreement lookup."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect

from .. import rules, selectors
from ..models import Agreement

PAGE_SIZE = 50


def _errors_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


class AgreementObjectMixin:
    """Looks the agreement up within the request's municipality (404 otherwise), then checks
    the object-level permission."""

    def get_agreement(self, agreement_id: int, permission=None) -> Agreement:
        try:
            agreement = selectors.agreement_get(municipality=self.municipality, pk=agreement_id)
        except Agreement.DoesNotExist as exc:
            raise Http404 from exc
        self.require(permission or self.permission, agreement)
        return agreement

    def get_child(self, agreement: Agreement, related: str, pk: int):
        for item in getattr(agreement, related).all():
            if item.pk == pk:
                return item
        raise Http404

    def detail_redirect(self, agreement: Agreement):
        return redirect("cooperation:agreement_detail", self.municipality.slug, agreement.pk)

    def refuse_if_locked(self, agreement: Agreement):
        """A German reason and back to the agreement, when its current version is signed."""
        try:
            rules.ensure_editable(agreement)
        except ValidationError as error:
            messages.error(self.request, _errors_text(error))
            return self.detail_redirect(agreement)
        return None
