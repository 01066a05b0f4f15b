"""Our rows as HSDS 3.0 objects (dicts), with the German additions of the profile
(``docs/hsds-profile/``) as ``attributes`` that link to taxonomy terms: the base objects keep
to the fields of the standard, so a strict validator of HSDS 3.0 passes.

No function here queries the database: callers pass rows read by ``selectors`` with their
relations selected and attached (``selectors.attach_related``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from django.urls import reverse

from verbund.offers.choices import (
    LANGUAGE_LABELS,
    Admission,
    Cost,
    OfferStatus,
    PlaceKind,
    ScheduleKind,
)
from verbund.offers.low_threshold import HIGH, LEVEL_LABELS, LOW, PARTLY, low_threshold
from verbund.taxonomy.vocabulary import Vocabulary

from .ids import compound_id, hsds_id

HSDS_VERSION = "3.0"
# Taxonomies: our five lists and the profile's two. The numbers are part of the ids: never
# change or reuse them.
VOCABULARY_NUMBERS = {
    Vocabulary.LIFE_PHASE: 1,
    Vocabulary.TRANSITION: 2,
    Vocabulary.TOPIC: 3,
    Vocabulary.TARGET_GROUP: 4,
    Vocabulary.SERVICE_KIND: 5,
}
THRESHOLD_TAXONOMY = 6
TEXT_FORM_TAXONOMY = 7
PROFILE_TERMS = {  # number → (taxonomy number, code, name, description)
    1: (THRESHOLD_TAXONOMY, LOW, str(LEVEL_LABELS[LOW]), "Kostenlos, ohne Anmeldung und "
        "mindestens zwei weitere Merkmale: offene Form, Kinderbetreuung, Sprachen, Nähe."),
    2: (THRESHOLD_TAXONOMY, PARTLY, str(LEVEL_LABELS[PARTLY]), "Einige der sechs Merkmale "
        "niedrigschwelliger Angebote sind erfüllt."),
    3: (THRESHOLD_TAXONOMY, HIGH, str(LEVEL_LABELS[HIGH]), "Höchstens zwei der sechs Merkmale "
        "niedrigschwelliger Angebote sind erfüllt."),
    4: (TEXT_FORM_TAXONOMY, "leichte-sprache", "Leichte Sprache", "Das Angebot wird in "
        "Leichter Sprache durchgeführt oder beschrieben."),
}  # fmt: skip
THRESHOLD_TERM = {LOW: 1, PARTLY: 2, HIGH: 3}
EASY_LANGUAGE = "de-ls"
TAXONOMY_DESCRIPTIONS = {
    Vocabulary.LIFE_PHASE: "Lebensphasen der Familie (Alter des Kindes, Schwangerschaft).",
    Vocabulary.TRANSITION: "Übergänge im Leben der Familie (z. B. in die Kita, in die Schule).",
    Vocabulary.TOPIC: "Themen der Angebote.",
    Vocabulary.TARGET_GROUP: "Zielgruppen der Angebote.",
    Vocabulary.SERVICE_KIND: "Leistungsart und Rechtsgrundlage (z. B. § 16 SGB VIII).",
    THRESHOLD_TAXONOMY: "Niedrigschwelligkeit, aus sechs Merkmalen des Angebots abgeleitet; "
    "der Wert des Attributs nennt die erfüllten Merkmale.",
    TEXT_FORM_TAXONOMY: "Textform des Angebots (Leichte Sprache).",
}
TAXONOMY_NAMES = {THRESHOLD_TAXONOMY: "Niedrigschwelligkeit", TEXT_FORM_TAXONOMY: "Textform"}
WEEKDAYS = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}


@dataclass
class Context:
    """What every object needs: the municipality and how to make absolute URLs."""

    municipality: object
    base_url: str  # "https://host" without a trailing slash

    @property
    def mid(self) -> int:
        return self.municipality.pk

    def id(self, kind: str, pk: int) -> str:
        return hsds_id(self.mid, kind, pk)

    def url(self, name: str, **kwargs) -> str:
        return self.base_url + reverse(name, kwargs=kwargs)

    def centre_url(self, slug: str) -> str:
        urls = self.__dict__.setdefault("_centre_urls", {})
        if slug not in urls:
            urls[slug] = self.url(
                "public:homepage", municipality_slug=self.municipality.slug, centre_slug=slug
            )
        return urls[slug]

    def offer_url(self, pk: int) -> str:
        """The public page of an offer (the URL reversed once: ``reverse`` per offer cost
        more than the rest of the list)."""
        if not hasattr(self, "_offer_url"):
            marker = 987654321
            url = self.url("public:offer", municipality=self.municipality.slug, offer_id=marker)
            self._offer_url = url.replace(str(marker), "{}")
        return self._offer_url.format(pk)

    def profile_url(self) -> str:
        return self.url("api:profile")

    def label(self, choices, value) -> str:
        """The label of a choice as text, translated once per request (``gettext`` per row
        cost more than the rest of the datapackage's services table)."""
        labels = self.__dict__.setdefault("_labels", {})
        key = (id(choices), value)
        if key not in labels:
            if isinstance(choices, dict):
                labels[key] = str(choices.get(value, value))
            else:
                labels[key] = str(choices(value).label)
        return labels[key]

    def cached(self, kind: str, key, build):
        """``build()`` once per request and ``(kind, key)``: objects many rows share."""
        found = self.__dict__.setdefault("_objects", {})
        if (kind, key) not in found:
            found[kind, key] = build()
        return found[kind, key]


def _clean(data: dict) -> dict:
    """Leave out empty values (HSDS fields are optional; ``None`` is no string)."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _stamp(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):  # UTC with "Z": the tabular package's default format
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


# ---------------------------------------------------------------------------- taxonomy
def taxonomy_objects(ctx: Context) -> list[dict]:
    rows = []
    for vocabulary, number in VOCABULARY_NUMBERS.items():
        rows.append((number, str(vocabulary.label), vocabulary.value))
    rows += [
        (n, TAXONOMY_NAMES[n], f"profil-{n}") for n in (THRESHOLD_TAXONOMY, TEXT_FORM_TAXONOMY)
    ]
    objects = []
    for number, name, key in rows:
        description = TAXONOMY_DESCRIPTIONS[
            next((v for v, n in VOCABULARY_NUMBERS.items() if n == number), number)
        ]
        objects.append(
            {
                "id": ctx.id("taxonomy", number),
                "name": name,
                "description": description,
                "uri": f"{ctx.profile_url()}#taxonomie-{key}",
                "version": "1",
            }
        )
    return objects


def taxonomy_number(term) -> int:
    return VOCABULARY_NUMBERS[term.vocabulary]


def term_object(ctx: Context, term, *, detail: bool = False) -> dict:
    if not detail:
        return ctx.cached("term", term.id, lambda: _term_object(ctx, term))
    return _term_object(ctx, term, detail=True)


def _term_object(ctx: Context, term, *, detail: bool = False) -> dict:
    number = taxonomy_number(term)
    data = {
        "id": ctx.id("term", term.id),
        "code": f"{term.vocabulary}:{term.key}",  # HSDS: codes unique across taxonomies
        "name": term.label,
        "description": term.description or term.label,
        "taxonomy": ctx.label(Vocabulary, term.vocabulary),
        "taxonomy_id": ctx.id("taxonomy", number),
        "language": "de",
    }
    if detail:
        data["taxonomy_detail"] = taxonomy_objects(ctx)[number - 1]
    return data


def profile_term_object(ctx: Context, number: int, *, detail: bool = False) -> dict:
    taxonomy, code, name, description = PROFILE_TERMS[number]
    prefix = "niedrigschwelligkeit" if taxonomy == THRESHOLD_TAXONOMY else "textform"
    data = {
        "id": ctx.id("profile_term", number),
        "code": f"{prefix}:{code}",
        "name": name,
        "description": description,
        "taxonomy": TAXONOMY_NAMES[taxonomy],
        "taxonomy_id": ctx.id("taxonomy", taxonomy),
        "language": "de",
    }
    if detail:
        data["taxonomy_detail"] = taxonomy_objects(ctx)[taxonomy - 1]
    return data


# ---------------------------------------------------------------------------- organizations
def organization_object(ctx: Context, row: dict) -> dict:
    """A row of ``selectors.organisations_page`` (or built from an offer)."""
    if row["kind"] == "centre":
        return _clean(
            {
                "id": ctx.id("centre", row["centre_id"]),
                "name": row["centre__name"],
                "description": f"Familienzentrum in {ctx.municipality.name}",
                "email": row.get("centre__email"),
                "uri": ctx.centre_url(row["centre__slug"]) if row.get("centre__slug") else None,
            }
        ) | {"description": f"Familienzentrum in {ctx.municipality.name}"}
    return _clean(
        {
            "id": ctx.id("organisation", row["provider_id"]),
            "name": row["provider__name"],
            "email": row.get("provider__email"),
            "website": row.get("provider__website"),
        }
    ) | {
        "description": row.get("provider__description")
        or f"Partnerorganisation im Netzwerk der Familienzentren in {ctx.municipality.name}"
    }


def offer_organization_row(offer) -> dict:
    if offer.provider_id:
        provider = offer.provider
        return {
            "kind": "organisation",
            "provider_id": provider.pk,
            "provider__name": provider.name,
            "provider__description": provider.description,
            "provider__email": provider.email,
            "provider__website": provider.website,
        }
    centre = offer.centre
    return {
        "kind": "centre",
        "centre_id": centre.pk,
        "centre__name": centre.name,
        "centre__email": centre.email,
        "centre__slug": centre.slug,
    }


def organization_id(ctx: Context, offer) -> str:
    if offer.provider_id:
        return ctx.id("organisation", offer.provider_id)
    return ctx.id("centre", offer.centre_id)


def organization_phones(ctx: Context, row: dict) -> list[dict]:
    number = (
        row.get("provider__phone") if row["kind"] == "organisation" else row.get("centre__phone")
    )
    if not number:
        return []
    org_id = organization_object(ctx, row)["id"]
    return [{"id": compound_id(ctx.mid, "org_phone", org_id), "organization_id": org_id,
             "number": number}]  # fmt: skip


# ---------------------------------------------------------------------------- locations
def location_from_row(ctx: Context, row: dict) -> dict:
    """A row of ``selectors.locations_page``."""
    if row["kind"] == "facility":
        location_id = ctx.id("facility", row["location_id"])
        address = (row["location__street"], row["location__postcode"], row["location__city"])
        data = {
            "id": location_id,
            "location_type": "physical",
            "name": row["location__name"],
            "description": row.get("location__description"),
            "url": row.get("location__website"),
            "latitude": row["location__latitude"],
            "longitude": row["location__longitude"],
        }
    else:
        location_id = ctx.id("place", row["id"])
        address = (row["street"], row["postcode"], row["city"])
        data = {
            "id": location_id,
            "location_type": "physical",
            "name": row["title"],
            "latitude": row["latitude"],
            "longitude": row["longitude"],
        }
    data = _clean(data)
    for key in ("latitude", "longitude"):
        if key in data:
            data[key] = float(data[key])
    addresses = _address(ctx, location_id, *address)
    if addresses:
        data["addresses"] = addresses
    return data


def _address(ctx: Context, location_id: str, street: str, postcode: str, city: str) -> list:
    if not (street and postcode and city):
        return []
    return [
        {
            "id": compound_id(ctx.mid, "address", location_id),
            "location_id": location_id,
            "address_1": street,
            "city": city,
            "state_province": ctx.municipality.state or ctx.municipality.name,
            "postal_code": postcode,
            "country": "DE",
            "address_type": "physical",
        }
    ]


def offer_location(ctx: Context, offer, *, accessibility: bool = False) -> dict | None:
    """Where the offer takes place, as an HSDS location (``None``: it comes to the families)."""
    if offer.place_kind == PlaceKind.FACILITY and offer.location_id:
        facility = offer.location
        row = {
            "kind": "facility",
            "location_id": facility.pk,
            "location__name": facility.name,
            "location__description": facility.description,
            "location__street": facility.street,
            "location__postcode": facility.postcode,
            "location__city": facility.city,
            "location__latitude": facility.latitude,
            "location__longitude": facility.longitude,
            "location__website": facility.website,
        }
        data = location_from_row(ctx, row)
    elif offer.place_kind == PlaceKind.ADDRESS:
        row = {"kind": "address", **{k: getattr(offer, k) for k in (
            "id", "title", "street", "postcode", "city", "latitude", "longitude")}}  # fmt: skip
        data = location_from_row(ctx, row)
    elif offer.place_kind == PlaceKind.ONLINE:
        data = _clean(
            {
                "id": ctx.id("online", offer.pk),
                "location_type": "virtual",
                "name": f"Online: {offer.title}",
                "url": offer.online_url,
            }
        )
    else:
        return None
    if accessibility:
        details = [
            text
            for ok, text in (
                (offer.step_free, "stufenlos erreichbar"),
                (offer.accessible_toilet, "barrierefreies WC"),
            )
            if ok
        ]
        if details or offer.accessibility_note:
            data["accessibility"] = [
                _clean(
                    {
                        "id": compound_id(ctx.mid, "accessibility", offer.pk),
                        "location_id": data["id"],
                        "description": offer.accessibility_note or "; ".join(details),
                        "details": "; ".join(details),
                    }
                )
            ]
    return data


# ---------------------------------------------------------------------------- services
def service_status(offer) -> str:
    return "active" if offer.status == OfferStatus.ACTIVE else "inactive"


def last_modified(offer) -> datetime:
    moments = [offer.updated_at, *(s.updated_at for s in offer.api_schedules)]
    return max(moment for moment in moments if moment is not None)


def age_range(offer) -> tuple[float | None, float | None]:
    """Youngest and oldest child's age (years) the offer's life phases cover."""
    phases = [t for t in offer.api_terms if t.vocabulary == Vocabulary.LIFE_PHASE]
    lows = [t.min_age_months for t in phases if t.min_age_months is not None]
    highs = [t.max_age_months for t in phases if t.max_age_months is not None]
    low = None if not phases or len(lows) < len(phases) else max(0, min(lows)) / 12
    high = max(highs) / 12 if phases and len(highs) == len(phases) else None
    return low, high


def service_list_object(ctx: Context, offer) -> dict:
    """The one-to-one fields of a service, with its organization (``service_list``)."""
    fees = ctx.label(Cost, offer.cost)
    if offer.cost_note:
        fees += f": {offer.cost_note}"
    data = _clean(
        {
            "id": ctx.id("service", offer.pk),
            "organization_id": organization_id(ctx, offer),
            "name": offer.title,
            "alternate_name": offer.summary,
            "description": offer.description or offer.summary,
            "url": ctx.offer_url(offer.pk),
            "email": offer.contact_email,
            "status": service_status(offer),
            "interpretation_services": "Sprachmittlung auf Anfrage"
            if offer.interpretation
            else None,
            "application_process": ctx.label(Admission, offer.admission),
            "fees_description": fees,
            "last_modified": _stamp(last_modified(offer)),
        }
    )
    data["organization"] = organization_object(ctx, offer_organization_row(offer))
    return data


def service_full_object(ctx: Context, offer) -> dict:
    data = service_list_object(ctx, offer)
    service_id = data["id"]
    low, high = age_range(offer)
    if low is not None:
        data["minimum_age"] = round(low, 2)
    if high is not None:
        data["maximum_age"] = round(high, 2)
    contact = _contact(ctx, offer, service_id)
    data.update(
        {
            "phones": contact["phones"] if contact and "phones" in contact else [],
            "schedules": [schedule_object(ctx, s, service_id, offer) for s in offer.api_schedules],
            "service_areas": [
                _clean(
                    {
                        "id": compound_id(ctx.mid, "service_area", offer.pk, area.id),
                        "service_id": service_id,
                        "name": area.name,
                        "description": f"Gebietsschlüssel {area.code}",
                    }
                )
                for area in offer.api_areas
            ],
            "service_at_locations": [],
            "languages": languages(ctx, offer, service_id),
            "cost_options": [cost_option(ctx, offer, service_id)],
            "funding": [
                {
                    "id": compound_id(ctx.mid, "funding", offer.pk),
                    "service_id": service_id,
                    "source": offer.funding_programme,
                }
            ]
            if offer.funding_programme
            else [],
            "contacts": [contact] if contact else [],
            "attributes": attributes(ctx, offer, service_id),
        }
    )
    location = offer_location(ctx, offer, accessibility=True)
    if location is not None:
        data["service_at_locations"] = [
            {
                "id": ctx.id("service_at_location", offer.pk),
                "service_id": service_id,
                "location_id": location["id"],
                "location": location,
            }
        ]
    return {key: value for key, value in data.items() if value != []}


def service_at_location_object(ctx: Context, offer) -> dict:
    location = offer_location(ctx, offer)
    data = {
        "id": ctx.id("service_at_location", offer.pk),
        "service_id": ctx.id("service", offer.pk),
    }
    if location is not None:
        data["location_id"] = location["id"]
        # the list form holds the one-to-one fields of the location only
        data["location"] = {k: v for k, v in location.items() if not isinstance(v, list)}
    data["service"] = service_list_object(ctx, offer)
    return data


def service_at_location_detail(ctx: Context, offer) -> dict:
    """One offer at its place: the full service and the full location."""
    data = {
        "id": ctx.id("service_at_location", offer.pk),
        "service_id": ctx.id("service", offer.pk),
    }
    location = offer_location(ctx, offer, accessibility=True)
    if location is not None:
        data["location_id"] = location["id"]
        data["location"] = location
    service = service_full_object(ctx, offer)
    service.pop("service_at_locations", None)  # (this object is the link itself)
    data["service"] = service
    return data


def _contact(ctx: Context, offer, service_id: str) -> dict | None:
    """The contact the offer publishes (the public page shows it too), if any."""
    if not (offer.contact_name or offer.contact_email or offer.contact_phone):
        return None
    contact_id = compound_id(ctx.mid, "contact", offer.pk)
    data = _clean(
        {
            "id": contact_id,
            "service_id": service_id,
            "name": offer.contact_name,
            "email": offer.contact_email,
        }
    )
    if offer.contact_phone:
        data["phones"] = [
            {
                "id": compound_id(ctx.mid, "phone", offer.pk),
                "service_id": service_id,
                "contact_id": contact_id,
                "number": offer.contact_phone,
            }
        ]
    return data


def languages(ctx: Context, offer, service_id: str) -> list[dict]:
    rows = []
    for code in offer.language_codes:
        name = ctx.label(LANGUAGE_LABELS, code)
        iso = "de" if code == EASY_LANGUAGE else code
        rows.append(
            _clean(
                {
                    "id": compound_id(ctx.mid, "language", offer.pk, code),
                    "service_id": service_id,
                    "name": name,
                    "code": iso,
                    "note": "Leichte Sprache" if code == EASY_LANGUAGE else None,
                }
            )
        )
    return rows


def cost_option(ctx: Context, offer, service_id: str) -> dict:
    data = {
        "id": compound_id(ctx.mid, "cost", offer.pk),
        "service_id": service_id,
        "option": ctx.label(Cost, offer.cost),
        "currency": "EUR",
    }
    if offer.cost == Cost.FREE:
        data["amount"] = 0
    if offer.cost_note:
        data["amount_description"] = offer.cost_note
    return data


def attributes(ctx: Context, offer, service_id: str) -> list[dict]:
    """Our terms and the profile's additions, each an attribute linking a taxonomy term."""
    rows = []

    def attribute(key, term: dict, value: str | None = None) -> dict:
        return _clean(
            {
                "id": compound_id(ctx.mid, "attribute", offer.pk, key),
                "link_id": service_id,
                "link_type": "service",
                "link_entity": "service",
                "taxonomy_term_id": term["id"],
                "value": value,
                "taxonomy_term": term,
            }
        )

    for term in offer.api_terms:
        rows.append(attribute(f"term-{term.id}", term_object(ctx, term)))
    number, explanation = ctx.cached("threshold", _threshold_key(offer), lambda: _threshold(offer))
    rows.append(attribute("threshold", _profile_term(ctx, number), explanation))
    if EASY_LANGUAGE in offer.language_codes:
        rows.append(attribute("easy-language", _profile_term(ctx, 4)))
    return rows


def _threshold_key(offer) -> tuple:
    """Everything ``low_threshold`` reads of an offer."""
    near_centre = (
        offer.place_kind == PlaceKind.FACILITY
        and offer.location_id
        and offer.location.centre_id == offer.centre_id
    )
    return (offer.cost, offer.admission, offer.format, offer.childcare, offer.interpretation,
            offer.languages, offer.place_kind, bool(near_centre))  # fmt: skip


def _threshold(offer) -> tuple[int, str]:
    threshold = low_threshold(offer)
    explanation = "Erfüllt: " + (", ".join(threshold.met) or "keines der Merkmale")
    if threshold.missing:
        explanation += ". Nicht erfüllt: " + ", ".join(threshold.missing)
    return THRESHOLD_TERM[threshold.level], explanation + "."


def _profile_term(ctx: Context, number: int) -> dict:
    return ctx.cached("profile_term", number, lambda: profile_term_object(ctx, number))


# ---------------------------------------------------------------------------- metadata
def _yes(text: str):
    return lambda value: text if value else ""


# our field → (HSDS field of the service, how its value reads); only public fields
CHANGE_FIELDS = {
    "title": ("name", str),
    "summary": ("alternate_name", str),
    "description": ("description", str),
    "admission": ("application_process", lambda v: str(Admission(v).label) if v else ""),
    "cost": ("fees_description", lambda v: str(Cost(v).label) if v else ""),
    "cost_note": ("cost_options.amount_description", str),
    "languages": ("languages", lambda v: ", ".join(str(v or "").split())),
    "interpretation": ("interpretation_services", _yes("Sprachmittlung auf Anfrage")),
}


def metadata_objects(ctx: Context, offer, entries: list[dict]) -> list[dict]:
    """HSDS ``metadata`` of a service from its audit entries (``selectors.offer_changes``):
    one object per changed public field, newest first."""
    service_id = ctx.id("service", offer.pk)
    objects = []
    for entry in entries:
        before, after = entry["before"] or {}, entry["after"] or {}
        for name, (field_name, show) in CHANGE_FIELDS.items():
            if name not in after:
                continue
            new = show(after[name]) if after[name] is not None else ""
            old = show(before[name]) if before.get(name) is not None else ""
            if (entry["action"] == "create" and not new) or old == new:
                continue
            objects.append(
                {
                    "id": compound_id(ctx.mid, "metadata", entry["id"], name),
                    "resource_id": service_id,
                    "resource_type": "service",
                    "last_action_date": entry["timestamp"].astimezone(UTC).date().isoformat(),
                    "last_action_type": entry["action"],
                    "field_name": field_name,
                    "previous_value": old,
                    "replacement_value": new,
                    "updated_by": entry["updated_by"],
                }
            )
    return objects


# ---------------------------------------------------------------------------- schedules
def _rule_parts(rule: str) -> dict[str, str]:
    parts = {}
    for piece in (rule or "").split(";"):
        key, _sep, value = piece.partition("=")
        if key and value:
            parts[key.strip().upper()] = value.strip()
    return parts


def _time(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def schedule_object(ctx: Context, schedule, service_id: str, offer) -> dict:
    """An ``OfferSchedule`` as an HSDS schedule: the RFC 5545 parts of its rule as fields
    (HSDS knows WEEKLY and MONTHLY; another rule stays whole in ``notes``)."""
    data = {
        "id": ctx.id("schedule", schedule.id),
        "service_id": service_id,
        "opens_at": _time(schedule.start_time),
        "closes_at": _time(schedule.end_time),
        "description": schedule.note,
        "attending_type": "online" if offer.place_kind == PlaceKind.ONLINE else "in_person",
    }
    if schedule.kind == ScheduleKind.ON_REQUEST:
        data["description"] = schedule.note or "nach Vereinbarung"
        return _clean(data)
    start: date | None = schedule.start_date
    data["valid_from"] = _stamp(start)
    data["dtstart"] = _stamp(start)
    if schedule.kind == ScheduleKind.SINGLE or not schedule.rrule:
        data["valid_to"] = _stamp(start)
        return _clean(data)
    parts = _rule_parts(schedule.rrule)
    until = schedule.until
    if until is None and "UNTIL" in parts:
        raw = parts["UNTIL"][:8]
        if raw.isdigit() and raw.isascii():
            until = date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
    count = schedule.count
    if count is None and parts.get("COUNT", "").isdigit() and parts["COUNT"].isascii():
        count = int(parts["COUNT"])
    data["until"] = _stamp(until)
    data["valid_to"] = _stamp(until)
    data["count"] = count
    if parts.get("FREQ") in ("WEEKLY", "MONTHLY"):
        data["freq"] = parts["FREQ"]
        interval = parts.get("INTERVAL", "")
        data["interval"] = int(interval) if interval.isdigit() and interval.isascii() else 1
        for key in ("BYDAY", "BYWEEKNO", "BYMONTHDAY", "BYYEARDAY"):
            data[key.lower()] = parts.get(key)
        if parts.get("WKST") in WEEKDAYS:
            data["wkst"] = parts["WKST"]
    else:
        rule = ";".join(f"{k}={v}" for k, v in parts.items() if k not in ("UNTIL", "COUNT"))
        data["notes"] = f"RRULE:{rule}"
    if schedule.exdates:
        exceptions = ", ".join(str(day) for day in schedule.exdates)
        data["notes"] = "; ".join(filter(None, [data.get("notes"), f"außer am {exceptions}"]))
    if schedule.skip_school_holidays:
        data["notes"] = "; ".join(filter(None, [data.get("notes"), "nicht in den Schulferien"]))
    return _clean(data)
