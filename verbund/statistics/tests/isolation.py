"""Sample values for this app's URL kwargs, used by the isolation and role-matrix tests."""

from django.core.files.base import ContentFile
from django_scopes import scopes_disabled


def _indicator(tenant):
    from verbund.statistics.services import indicator_catalogue_seed

    with scopes_disabled():
        indicator_catalogue_seed(municipality=tenant.municipality)
        return tenant.municipality.indicator_set.get(key="population").pk


def _area(tenant):
    from verbund.areas.models import Area

    with scopes_disabled():
        area, _ = Area.objects.get_or_create(
            municipality=tenant.municipality,
            level="Stadtteil",
            code="stat-sample",
            defaults={"name": "Beispielviertel"},
        )
        return area.pk


def _run(tenant):
    from verbund.statistics.models import ImportRun
    from verbund.statistics.services import import_upload

    with scopes_disabled():
        existing = ImportRun.objects.filter(municipality=tenant.municipality).first()
        if existing:
            return existing.pk
        upload = ContentFile(b"Gebiet;Einwohner\n001;1200\n", name="einwohner.csv")
        return import_upload(actor=None, municipality=tenant.municipality, upload=upload).pk


def _mapping(tenant):
    from verbund.statistics.models import ImportMapping

    with scopes_disabled():
        mapping, _ = ImportMapping.objects.get_or_create(
            municipality=tenant.municipality, name="Beispiel", defaults={"spec": {}}
        )
        return mapping.pk


SAMPLES = {
    "indicator_id": _indicator,
    "area_id": _area,
    "run_id": _run,
    "mapping_id": _mapping,
}
