"""Translations of one offer for the public pages: per language current, outdated or
missing, and an edit form with the German text beside it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.core.forms import add_service_errors
from verbund.core.tenant_views import TenantView

from .. import permissions as perms
from ..models.translations import OfferTranslation, TranslationLanguage
from ..services.translations import offer_translation_save
from ..translations import translation_states
from .catalogue import OfferObjectMixin


class OfferTranslationForm(forms.ModelForm):
    class Meta:
        model = OfferTranslation
        fields = ["title", "summary", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 10})}
        help_texts = {"title": gettext_lazy("Der Titel in der gewählten Sprache.")}


class MethodFirstView(TenantView):
    """A method the view lacks is 405 for everyone, before the permission check."""

    def dispatch(self, request, *args, **kwargs):
        if not hasattr(self, request.method.lower()):
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


class OfferTranslationListView(OfferObjectMixin, MethodFirstView):
    permission = perms.manage_offer

    def get(self, request, municipality_slug, offer_id):
        offer = self.get_offer(offer_id)
        return render(
            request,
            "offers/translation_list.html",
            {"offer": offer, "states": translation_states(offer)},
        )


class OfferTranslationEditView(OfferObjectMixin, MethodFirstView):
    permission = perms.manage_offer

    def language(self, code: str) -> tuple[str, str]:
        labels = dict(TranslationLanguage.choices)
        if code not in labels:
            raise Http404
        return code, labels[code]

    def get(self, request, municipality_slug, offer_id, translation_language):
        offer = self.get_offer(offer_id)
        code, label = self.language(translation_language)
        existing = offer.translations.filter(language=code).first()
        return self.render(offer, code, label, OfferTranslationForm(instance=existing), existing)

    def post(self, request, municipality_slug, offer_id, translation_language):
        offer = self.get_offer(offer_id)
        code, label = self.language(translation_language)
        existing = offer.translations.filter(language=code).first()
        form = OfferTranslationForm(request.POST, instance=existing)
        if form.is_valid():
            try:
                offer_translation_save(
                    actor=request.user,
                    access=self.access,
                    offer=offer,
                    language=code,
                    data=form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Übersetzung wurde gespeichert."))
                return redirect("offers:translation_list", self.municipality.slug, offer.pk)
        return self.render(offer, code, label, form, existing, status=400)

    def render(self, offer, code, label, form, existing, status=200):
        return render(
            self.request,
            "offers/translation_form.html",
            {
                "offer": offer,
                "code": code,
                "label": label,
                "form": form,
                "outdated": existing is not None and existing.is_outdated(offer),
            },
            status=status,
        )
