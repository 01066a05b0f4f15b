"""Sample values for this app's URL kwargs, used by the isolation and role-matrix tests."""

from .factories import (
    AreaFactory,
    AreaImportFactory,
    ObservationFactory,
    ObservationPhotoFactory,
    WalkFactory,
)


def _walk(tenant):
    if "walk" not in tenant.extra:
        tenant.extra["walk"] = WalkFactory(municipality=tenant.municipality, centre=tenant.centre)
    return tenant.extra["walk"]


def _observation(tenant):
    if "observation" not in tenant.extra:
        tenant.extra["observation"] = ObservationFactory(walk=_walk(tenant))
    return tenant.extra["observation"]


SAMPLES = {
    "area_id": lambda tenant: AreaFactory(municipality=tenant.municipality).pk,
    "import_id": lambda tenant: AreaImportFactory(municipality=tenant.municipality).pk,
    "centre_id": lambda tenant: tenant.centre.pk,
    "walk_id": lambda tenant: _walk(tenant).pk,
    "observation_id": lambda tenant: _observation(tenant).pk,
    "photo_id": lambda tenant: ObservationPhotoFactory(observation=_observation(tenant)).pk,
}
