"""The legal pages in every page's footer: public (the deployment's texts, outside any
municipality) and inside a municipality (its own texts, edited by its administration)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from verbund.core.forms import VersionedFormMixin, add_service_errors
from verbund.core.permissions import PUBLIC
from verbund.core.tenant_views import TenantView

from . import permissions as perms
from .legal import KINDS, as_html, legal_page, legal_page_save, legal_pages, site_default
from .models_legal import LegalKind, LegalPage


def _kind(kind: str):
    try:
        return KINDS[kind]
    except KeyError as exc:
        raise Http404 from exc


class LegalSiteView(View):
    """Public: the deployment's text (settings or the built-in template)."""

    permission = PUBLIC

    def get(self, request, legal_kind):
        kind = _kind(legal_kind)
        return render(
            request,
            "accounts/legal/page.html",
            {"kind": kind, "html": as_html(site_default(kind.value))},
        )


class LegalPageView(TenantView):
    permission = perms.view_legal_pages

    def get(self, request, municipality_slug, legal_kind):
        kind = _kind(legal_kind)
        page = legal_page(municipality=self.municipality, kind=kind.value)
        text = page.body if page else site_default(kind.value, municipality=self.municipality)
        return render(
            request,
            "accounts/legal/page.html",
            {
                "kind": kind,
                "page": page,
                "html": as_html(text),
                "can_edit": self.access.can(perms.manage_legal_pages),
            },
        )


class LegalOverviewView(TenantView):
    """For the administration: the four pages, whether the municipality has its own text."""

    permission = perms.manage_legal_pages

    def get(self, request, municipality_slug):
        own = legal_pages(municipality=self.municipality)
        rows = [{"kind": kind, "page": own.get(kind.value)} for kind in LegalKind]
        return render(request, "accounts/legal/overview.html", {"rows": rows})


class LegalPageForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = LegalPage
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 20})}
        error_messages = {
            "body": {
                "required": _("Geben Sie den Text der Seite ein."),
                "max_length": _("Der Text ist zu lang: höchstens %(limit_value)d Zeichen."),
            }
        }


class LegalPageEditView(TenantView):
    permission = perms.manage_legal_pages

    def get(self, request, municipality_slug, legal_kind):
        kind = _kind(legal_kind)
        page = legal_page(municipality=self.municipality, kind=kind.value)
        initial = (
            {}
            if page
            else {"body": site_default(kind.value, municipality=self.municipality).strip()}
        )
        return self.render(kind, LegalPageForm(instance=page, initial=initial), page)

    def post(self, request, municipality_slug, legal_kind):
        kind = _kind(legal_kind)
        page = legal_page(municipality=self.municipality, kind=kind.value)
        form = LegalPageForm(request.POST, instance=page)
        if form.is_valid():
            try:
                legal_page_save(
                    actor=request.user,
                    municipality=self.municipality,
                    kind=kind.value,
                    data=form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Seite wurde gespeichert."))
                return redirect("accounts:legal_page", self.municipality.slug, kind.value)
        return self.render(kind, form, page, status=400)

    def render(self, kind, form, page, status=200):
        return render(
            self.request,
            "accounts/legal/edit.html",
            {"kind": kind, "form": form, "page": page},
            status=status,
        )
