"""A small public directory for the API tests, and strict validators built from the official
HSDS 3.0 schemas in ../shared/data/hsds-3.0 with ``additionalProperties: false`` forced on
every object (as the official CI does)."""

from __future__ import annotations

import copy
import datetime
import json
from functools import cache
from pathlib import Path

from django_scopes import scopes_disabled

from verbund.core.testing import shared_data

PROFILE_DIR = Path(__file__).resolve().parents[3] / "docs" / "hsds-profile" / "schema"


def strict(schema):
    """``additionalProperties: false`` on every object that lists its properties."""
    if isinstance(schema, dict):
        schema = {key: strict(value) for key, value in schema.items()}
        if "properties" in schema and schema.get("type", "object") == "object":
            schema["additionalProperties"] = False
        return schema
    if isinstance(schema, list):
        return [strict(item) for item in schema]
    return schema


@cache
def _registry(folder: str, strict_objects: bool):
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    resources = []
    for path in sorted(Path(folder).glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        if strict_objects:
            contents = strict(contents)
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        resources.append((path.name, resource))
    return Registry().with_resources(resources)


def validator(name: str, *, profile: bool = False):
    """A Draft 2020-12 validator of schema ``name`` (e.g. "compiled/service_list.json")
    that checks formats (uuid, email, date-time, …)."""
    from jsonschema import Draft202012Validator, FormatChecker

    if profile:
        folder = PROFILE_DIR
        registry = _registry(str(folder), False)
    else:
        folder = shared_data("hsds-3.0", "schema")
        registry = _registry(str(folder), True)
        if "/" in name:
            registry = registry.combine(_registry(str(folder / name.split("/")[0]), True))
    schema = json.loads((Path(folder) / name).read_text(encoding="utf-8"))
    if not profile:
        schema = strict(schema)
    return Draft202012Validator(
        copy.deepcopy(schema), registry=registry, format_checker=FormatChecker()
    )


def errors(name: str, instance, *, profile: bool = False) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator(name, profile=profile).iter_errors(instance)
    ]


def build_directory(tenant, *, offers: int = 3):
    """Public offers of every kind of place with terms, schedules, areas, a contact, and one
    internal, one unapproved, one ended and one long unconfirmed offer that must not appear
    (the public finder leaves them out too)."""
    from verbund.areas.tests.factories import AreaFactory
    from verbund.network.tests.factories import OrganisationFactory
    from verbund.offers.choices import (
        Cost,
        OfferStatus,
        PlaceKind,
        ReviewState,
        ScheduleKind,
        Visibility,
    )
    from verbund.offers.tests.factories import OfferFactory, OfferScheduleFactory
    from verbund.offers.text import refresh_search_text
    from verbund.taxonomy.models import Term

    municipality = tenant.municipality
    with scopes_disabled():
        terms = {
            (term.vocabulary, term.key): term
            for term in Term.objects.filter(municipality=municipality)
        }
        phase = next(t for (v, _k), t in terms.items() if v == "life_phase")
        kind = next((t for (v, _k), t in terms.items() if v == "service_kind"), None)
        area = AreaFactory(municipality=municipality, name="Nordstadt")
        partner = OrganisationFactory(
            municipality=municipality, name="Kinderschutzbund", email="info@ksb.example"
        )
        built = []
        places = [PlaceKind.FACILITY, PlaceKind.ADDRESS, PlaceKind.ONLINE, PlaceKind.OUTREACH]
        for n in range(offers):
            place = places[n % len(places)]
            offer = OfferFactory(
                municipality=municipality,
                centre=tenant.centre,
                provider=partner if n % 2 else None,
                title=f"Elterncafé {n}",
                description="Offener Treff mit Frühstück.",
                place_kind=place,
                location=tenant.facility if place == PlaceKind.FACILITY else None,
                street="Marktstraße 3" if place == PlaceKind.ADDRESS else "",
                postcode="12345" if place == PlaceKind.ADDRESS else "",
                city="Heimat" if place == PlaceKind.ADDRESS else "",
                latitude="52.500000" if place == PlaceKind.ADDRESS else None,
                longitude="13.400000" if place == PlaceKind.ADDRESS else None,
                online_url="https://treffen.example/raum" if place == PlaceKind.ONLINE else "",
                languages="de tr de-ls" if n == 0 else "de",
                cost=Cost.FEE if n == 2 else Cost.FREE,
                cost_note="30 € je Kurs" if n == 2 else "",
                contact_name="Beratungsteam" if n == 0 else "",
                contact_email="team@fz.example" if n == 0 else "",
                contact_phone="0301234567" if n == 0 else "",
                step_free=True,
                accessibility_note="Rampe am Seiteneingang",
                funding_programme="Bundesprogramm Elternchance" if n == 0 else "",
            )
            offer.terms.add(phase, *([kind] if kind else []))
            offer.areas_served.add(area)
            OfferScheduleFactory(offer=offer, municipality=municipality)
            OfferScheduleFactory(
                offer=offer,
                municipality=municipality,
                kind=ScheduleKind.SERIES,
                rrule="FREQ=MONTHLY;BYDAY=2WE",
                until=datetime.date(2027, 12, 31),
            )
            OfferScheduleFactory(
                offer=offer, municipality=municipality, kind=ScheduleKind.ON_REQUEST, rrule="",
                start_date=None, start_time=None, end_time=None, note="nach Absprache",
            )  # fmt: skip
            built.append(offer)
        refresh_search_text(built)
        hidden = [
            OfferFactory(municipality=municipality, centre=tenant.centre, title="Intern",
                         visibility=Visibility.INTERNAL),
            OfferFactory(municipality=municipality, centre=tenant.centre, title="Wartet",
                         review_state=ReviewState.SUBMITTED),
            OfferFactory(municipality=municipality, centre=tenant.centre, title="Vorbei",
                         status=OfferStatus.ENDED),
            OfferFactory(municipality=municipality, centre=tenant.centre, title="Unbestätigt",
                         last_checked=datetime.date(2000, 1, 1)),
        ]  # fmt: skip
    return {"offers": built, "hidden": hidden, "area": area, "partner": partner, "phase": phase}
