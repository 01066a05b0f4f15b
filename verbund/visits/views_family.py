"""A decline after the letter, and a family's move to another centre (by its visit team, or by
the administration knowing only the family's number)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.forms import add_service_errors
from verbund.core.tenant_views import TenantView

from . import permissions as perms
from . import selectors, services_family
from .forms import CentreForm, DeclineForm, ReassignForm
from .models import Family
from .views import FamilyView, _centres


class DeclineView(FamilyView):
    def page(self, family, form):
        return render(self.request, "visits/decline_form.html", {"family": family, "form": form})

    def get(self, request, municipality_slug, family_id):
        family = self.family(family_id)
        return self.page(family, DeclineForm(initial={"declined_on": timezone.localdate()}))

    def post(self, request, municipality_slug, family_id):
        family = self.family(family_id)
        form = DeclineForm(request.POST)
        if form.is_valid():
            try:
                services_family.family_decline(
                    actor=request.user,
                    family=family,
                    declined_on=form.cleaned_data["declined_on"],
                    channel=form.cleaned_data["channel"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Absage wurde erfasst; es folgt kein Besuch."))
                return redirect("visits:family_detail", municipality_slug, family.pk)
        return self.page(family, form)


class MoveCentreView(FamilyView):
    """The visit team of the family's centre hands the family to another centre; afterwards
    the family is that centre's (and a 404 for the old team)."""

    def page(self, family, form):
        return render(self.request, "visits/move_form.html", {"family": family, "form": form})

    def form(self, family, data=None):
        return CentreForm(data, centres=_centres(self.municipality), exclude_id=family.centre_id)

    def get(self, request, municipality_slug, family_id):
        family = self.family(family_id)
        return self.page(family, self.form(family))

    def post(self, request, municipality_slug, family_id):
        family = self.family(family_id)
        form = self.form(family, request.POST)
        if form.is_valid():
            try:
                services_family.family_move(
                    actor=request.user,
                    family=family,
                    centre=form.cleaned_data["centre"],
                    allowed_centre_ids=set(form.centres),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Die Familie gehört jetzt zu %(centre)s.")
                    % {"centre": form.cleaned_data["centre"].name},
                )
                if form.cleaned_data["centre"].pk in selectors.visit_centre_ids(self.access):
                    return redirect("visits:family_detail", municipality_slug, family.pk)
                return redirect("visits:family_list", municipality_slug)
        return self.page(family, form)


class ReassignView(TenantView):
    """The administration: family number and new centre. It never sees name or address; a
    number that is no (longer a) family of this municipality is a form error."""

    permission = perms.reassign_families

    def page(self, form):
        return render(self.request, "visits/reassign.html", {"form": form})

    def get(self, request, municipality_slug):
        return self.page(ReassignForm(centres=_centres(self.municipality)))

    def post(self, request, municipality_slug):
        form = ReassignForm(request.POST, centres=_centres(self.municipality))
        if form.is_valid():
            family = Family.objects.filter(
                municipality=self.municipality,
                pk=form.cleaned_data["family_number"],
                anonymised_on=None,
            ).first()
            if family is None:
                form.add_error(
                    "family_number", _("Eine Familie mit dieser Nummer gibt es hier nicht.")
                )
            else:
                try:
                    services_family.family_move(
                        actor=request.user,
                        family=family,
                        centre=form.cleaned_data["centre"],
                        allowed_centre_ids=set(form.centres),
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(
                        request,
                        _("Familie #%(number)s gehört jetzt zu %(centre)s.")
                        % {"number": family.pk, "centre": form.cleaned_data["centre"].name},
                    )
                    return redirect("visits:reassign", municipality_slug)
        return self.page(form)
