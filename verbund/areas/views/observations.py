"""Observations of a walk and their photos."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from verbund.core import pending_uploads
from verbund.core.forms import add_service_errors
from verbund.core.tenant_views import TenantView

from .. import permissions as perms
from .. import selectors, services
from ..forms import ObservationForm
from ..models import Observation, ObservationCategory, ObservationPhoto
from .base import tile_attribution, tile_url
from .walks import WalkMixin


class ObservationFormMixin:
    def extent(self):
        return selectors.municipality_extent(municipality=self.municipality)

    def photos_with_kept(self, form) -> tuple[list, str]:
        """The photos chosen now plus those kept from a failed submit, and the kept token."""
        token = form.cleaned_data.get("kept_photos") or ""
        kept = pending_uploads.restore(token, user=self.request.user)
        return [*form.cleaned_data["photos"], *kept], token

    def keep_photos(self, form) -> None:
        """After a failed submit: keep valid chosen photos (and earlier kept ones) for the next."""
        token = form.data.get("kept_photos", "")
        chosen = form.cleaned_data.get("photos") if "photos" not in form.errors else None
        if chosen:
            kept = pending_uploads.restore(token, user=self.request.user)
            pending_uploads.discard(token, user=self.request.user)
            token = pending_uploads.stash([*kept, *chosen], user=self.request.user)
        data = form.data.copy()
        data["kept_photos"] = token
        form.data = data
        form.kept_photo_names = pending_uploads.names(token, user=self.request.user)

    def render_form(self, walk, form, observation=None, status=200):
        slug = self.municipality.slug
        geojson_url = reverse("areas:map_geojson", args=[slug])
        if walk.area_id:
            geojson_url = reverse("areas:area_geojson", args=[slug, walk.area_id])
        return render(
            self.request,
            "areas/observation_form.html",
            {
                "walk": walk,
                "form": form,
                "observation": observation,
                "categories": ObservationCategory.choices,
                "geojson_url": geojson_url,
                "tile_url": tile_url(),
                "tile_attribution": tile_attribution(),
            },
            status=status,
        )


class ObservationCreateView(WalkMixin, ObservationFormMixin, TenantView):
    permission = perms.manage_walk

    def get(self, request, municipality_slug, walk_id):
        walk = self.get_walk(walk_id)
        self.require(self.permission, walk)
        return self.render_form(walk, ObservationForm(extent=self.extent()))

    def post(self, request, municipality_slug, walk_id):
        walk = self.get_walk(walk_id)
        self.require(self.permission, walk)
        form = ObservationForm(request.POST, request.FILES, extent=self.extent())
        if form.is_valid():
            photos, token = self.photos_with_kept(form)
            try:
                services.observation_create(
                    actor=request.user, walk=walk, data=form.service_data(), photos=photos
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                pending_uploads.discard(token, user=request.user)
                messages.success(request, _("Die Beobachtung wurde gespeichert."))
                if "another" in request.POST:
                    return redirect("areas:observation_create", self.municipality.slug, walk.pk)
                return redirect("areas:walk_detail", self.municipality.slug, walk.pk)
        self.keep_photos(form)
        return self.render_form(walk, form, status=400)


class ObservationMixin:
    def get_observation(self, pk: int) -> Observation:
        try:
            observation = selectors.observation_get(municipality=self.municipality, pk=pk)
        except Observation.DoesNotExist as exc:
            raise Http404 from exc
        self.require(self.permission, observation)
        return observation


class ObservationUpdateView(ObservationMixin, ObservationFormMixin, TenantView):
    permission = perms.manage_walk

    def get(self, request, municipality_slug, observation_id):
        observation = self.get_observation(observation_id)
        return self.render_form(
            observation.walk,
            ObservationForm(instance=observation, extent=self.extent()),
            observation,
        )

    def post(self, request, municipality_slug, observation_id):
        observation = self.get_observation(observation_id)
        form = ObservationForm(
            request.POST, request.FILES, instance=observation, extent=self.extent()
        )
        if form.is_valid():
            original = self.get_observation(observation_id)
            photos, token = self.photos_with_kept(form)
            try:
                services.observation_update(
                    actor=request.user,
                    observation=original,
                    data=form.service_data(),
                    photos=photos,
                    remove_photo_ids=[int(pk) for pk in form.cleaned_data["remove_photos"]],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                pending_uploads.discard(token, user=request.user)
                messages.success(request, _("Die Beobachtung wurde gespeichert."))
                return redirect("areas:walk_detail", self.municipality.slug, observation.walk_id)
        self.keep_photos(form)
        return self.render_form(observation.walk, form, observation, status=400)


class ObservationDeleteView(ObservationMixin, TenantView):
    permission = perms.manage_walk

    def get(self, request, municipality_slug, observation_id):
        observation = self.get_observation(observation_id)
        return render(
            request, "areas/observation_confirm_delete.html", {"observation": observation}
        )

    def post(self, request, municipality_slug, observation_id):
        observation = self.get_observation(observation_id)
        walk_id = observation.walk_id
        services.observation_delete(actor=request.user, observation=observation)
        messages.success(request, _("Die Beobachtung wurde gelöscht."))
        return redirect("areas:walk_detail", self.municipality.slug, walk_id)


class PhotoView(TenantView):
    permission = perms.view_area

    def get(self, request, municipality_slug, photo_id):
        try:
            photo = selectors.photo_get(municipality=self.municipality, pk=photo_id)
        except ObservationPhoto.DoesNotExist as exc:
            raise Http404 from exc
        response = HttpResponse(bytes(photo.image), content_type="image/jpeg")
        response["Content-Disposition"] = (
            f'inline; filename="beobachtung-{photo.observation_id}-{photo.pk}.jpg"'
        )
        return response
