"""Geocoding by the local street table and the centre whose Sozialraum holds the point."""

from __future__ import annotations

import re
from dataclasses import dataclass

from shapely.geometry import Point, shape
from shapely.prepared import prep

from verbund.areas.models import Area

from .models import StreetSegment

NUMBER = re.compile(r"^\s*(\d{1,5})\s*([a-zA-Z]?)\s*$")


def normalise_street(name: str) -> str:
    text = " ".join(name.lower().split())
    text = text.replace("ß", "ss")
    return re.sub(r"str(\.|asse)?$", "str", text)


def house_number(text: str) -> int | None:
    match = NUMBER.match(text or "")
    return int(match.group(1)) if match else None


@dataclass
class Located:
    latitude: float
    longitude: float


class StreetTable:
    """The municipality's street table in memory (one query for a whole births list)."""

    def __init__(self, *, municipality):
        self.by_key: dict[tuple[str, str], list[StreetSegment]] = {}
        self.postcodes: set[str] = set()
        for segment in StreetSegment.objects.filter(municipality=municipality):
            key = (normalise_street(segment.street), segment.postcode)
            self.by_key.setdefault(key, []).append(segment)
            self.postcodes.add(segment.postcode)

    def knows_postcode(self, postcode: str) -> bool:
        return postcode in self.postcodes

    def locate(self, street: str, number: str, postcode: str) -> Located | None:
        segments = self.by_key.get((normalise_street(street), postcode.strip()), [])
        value = house_number(number)
        for segment in segments:
            if value is not None and segment.number_from <= value <= segment.number_to:
                return Located(segment.latitude, segment.longitude)
        return None


@dataclass
class Assignment:
    centre_id: int
    centre_name: str
    area_id: int
    area_name: str


class Sozialraeume:
    """The areas linked to a centre, as prepared polygons; the smallest area containing a point
    decides (a district and its quarter: the quarter's centre)."""

    def __init__(self, *, municipality):
        self.entries = []
        areas = (
            Area.objects.filter(municipality=municipality, centres__isnull=False)
            .exclude(geometry=None)
            .prefetch_related("centres")
            .distinct()
        )
        for area in areas:
            try:
                polygon = shape(area.geometry)
            except (ValueError, TypeError, AttributeError, KeyError):
                continue
            centres = sorted(area.centres.all(), key=lambda centre: (centre.name, centre.pk))
            if not centres or polygon.is_empty:
                continue
            self.entries.append((polygon.area, prep(polygon), area, centres[0]))
        self.entries.sort(key=lambda entry: entry[0])

    def assign(self, located: Located) -> Assignment | None:
        point = Point(located.longitude, located.latitude)
        for _size, polygon, area, centre in self.entries:
            if polygon.covers(point):
                return Assignment(centre.pk, centre.name, area.pk, area.name)
        return None
