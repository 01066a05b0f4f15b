"""Walks, their observations and photos: validate, save, log, atomically."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from verbund.core.audit import create_logged, log_action, save_changes, snapshot

from ..models import Observation, ObservationPhoto, Walk
from ..photos import clean_photo

MAX_PHOTOS_PER_OBSERVATION = 6

# --- Walks and observations ----------------------------------------------------------------

WALK_FIELDS = ["centre", "area", "title", "date", "participants", "notes"]
OBSERVATION_FIELDS = ["categories", "rating", "note", "latitude", "longitude"]


@transaction.atomic
def walk_create(*, actor, municipality, data: dict[str, Any]) -> Walk:
    return create_logged(
        Walk,
        values={"municipality": municipality},
        fields=WALK_FIELDS,
        data=data,
        action="areas.walk.created",
        actor=actor,
    )


@transaction.atomic
def walk_update(*, actor, walk: Walk, data: dict[str, Any]) -> Walk:
    return save_changes(
        walk, fields=WALK_FIELDS, data=data, action="areas.walk.changed", actor=actor
    )


@transaction.atomic
def walk_delete(*, actor, walk: Walk) -> None:
    log_action(
        "areas.walk.deleted",
        actor=actor,
        instance=walk,
        before={**snapshot(walk, WALK_FIELDS), "observations": walk.observations.count()},
    )
    ObservationPhoto.objects.filter(observation__walk=walk).delete()
    walk.observations.all().delete()
    walk.delete()


def _photos(observation: Observation, uploads, actor) -> list[ObservationPhoto]:
    uploads = list(uploads or [])
    if observation.photos.count() + len(uploads) > MAX_PHOTOS_PER_OBSERVATION:
        raise ValidationError(
            {
                "photos": _("Höchstens %(max)s Fotos je Beobachtung.")
                % {"max": MAX_PHOTOS_PER_OBSERVATION}
            }
        )
    photos = []
    for upload in uploads:
        try:
            clean = clean_photo(upload)
        except ValidationError as error:
            raise ValidationError({"photos": error.messages}) from error
        photo = ObservationPhoto.objects.create(
            municipality=observation.municipality,
            observation=observation,
            image=clean.data,
            width=clean.width,
            height=clean.height,
        )
        log_action(
            "areas.photo.added",
            actor=actor,
            instance=photo,
            municipality=observation.municipality,
            data={"observation": observation.pk, "bytes": len(clean.data)},
        )
        photos.append(photo)
    return photos


@transaction.atomic
def observation_create(*, actor, walk: Walk, data: dict[str, Any], photos=()) -> Observation:
    values = {"municipality": walk.municipality, "walk": walk}
    if getattr(actor, "is_authenticated", False):
        values["created_by"] = actor
    observation = create_logged(
        Observation,
        values=values,
        fields=OBSERVATION_FIELDS,
        data=data,
        action="areas.observation.created",
        actor=actor,
    )
    _photos(observation, photos, actor)
    return observation


@transaction.atomic
def observation_update(
    *, actor, observation: Observation, data: dict[str, Any], photos=(), remove_photo_ids=()
) -> Observation:
    save_changes(
        observation,
        fields=OBSERVATION_FIELDS,
        data=data,
        action="areas.observation.changed",
        actor=actor,
    )
    if remove_photo_ids:
        removed = list(
            observation.photos.filter(pk__in=remove_photo_ids).values_list("pk", flat=True)
        )
        observation.photos.filter(pk__in=removed).delete()
        if removed:
            log_action(
                "areas.photo.deleted",
                actor=actor,
                instance=observation,
                data={"photos": removed},
            )
    _photos(observation, photos, actor)
    return observation


@transaction.atomic
def observation_delete(*, actor, observation: Observation) -> None:
    log_action(
        "areas.observation.deleted",
        actor=actor,
        instance=observation,
        before=snapshot(observation, OBSERVATION_FIELDS),
    )
    observation.photos.all().delete()
    observation.delete()
