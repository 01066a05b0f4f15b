import datetime
import io

import factory
from PIL import Image

from verbund.areas.models import Area, AreaImport, Observation, ObservationPhoto, Walk
from verbund.tenancy.tests.factories import (
    FamilyCentreFactory,
    MunicipalityFactory,
    ScopesDisabledFactory,
)


def square(lon: float, lat: float, size: float = 0.01) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [
            [
                [lon, lat],
                [lon + size, lat],
                [lon + size, lat + size],
                [lon, lat + size],
                [lon, lat],
            ]
        ],
    }


def jpeg_bytes(size=(32, 24), exif: bytes | None = None) -> bytes:
    out = io.BytesIO()
    kwargs = {"exif": exif} if exif else {}
    Image.new("RGB", size, (200, 80, 40)).save(out, format="JPEG", **kwargs)
    return out.getvalue()


class AreaFactory(ScopesDisabledFactory):
    class Meta:
        model = Area

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"{n:04d}")
    name = factory.Sequence(lambda n: f"Stadtteil {n}")
    level = "Stadtteil"
    geometry = factory.LazyFunction(lambda: square(7.0, 50.95))
    geometry_simplified = factory.SelfAttribute("geometry")
    centroid_lon = 7.005
    centroid_lat = 50.955
    area_km2 = 0.78


class AreaImportFactory(ScopesDisabledFactory):
    class Meta:
        model = AreaImport

    municipality = factory.SubFactory(MunicipalityFactory)
    filename = "stadtteile.geojson"
    file_format = "geojson"
    source = b'{"type": "FeatureCollection", "features": []}'
    options = factory.LazyFunction(lambda: {"level": "Stadtteil", "kind": "administrative"})


class WalkFactory(ScopesDisabledFactory):
    class Meta:
        model = Walk

    municipality = factory.SubFactory(MunicipalityFactory)
    centre = factory.SubFactory(
        FamilyCentreFactory, municipality=factory.SelfAttribute("..municipality")
    )
    title = factory.Sequence(lambda n: f"Begehung {n}")
    date = datetime.date(2026, 5, 12)
    participants = "Koordination\nQuartiersmanagement"


class ObservationFactory(ScopesDisabledFactory):
    class Meta:
        model = Observation

    walk = factory.SubFactory(WalkFactory)
    municipality = factory.SelfAttribute("walk.municipality")
    categories = factory.LazyFunction(lambda: ["green"])
    rating = 3
    note = "Spielplatz mit defektem Klettergerüst"
    latitude = "50.955000"
    longitude = "7.005000"


class ObservationPhotoFactory(ScopesDisabledFactory):
    class Meta:
        model = ObservationPhoto

    observation = factory.SubFactory(ObservationFactory)
    municipality = factory.SelfAttribute("observation.municipality")
    image = factory.LazyFunction(jpeg_bytes)
    width = 32
    height = 24
