"""The HSDS 3.0 read API (django-ninja): ``/api/openapi.json`` and, per municipality,
``/api/v1/<municipality-slug>/services`` … (see ``docs/hsds-profile/README.md``).

Anonymous and read-only (GET); every client is rate-limited (``verbund.public``'s counter:
a salted hash of the client in the cache, never its address). Bad input is a 400 or 404 with
a German message in ``{"detail": …}``, never a 500.
"""

from __future__ import annotations

import json
import math
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import http_date
from django_scopes import scope
from ninja import NinjaAPI
from ninja.errors import HttpError, Throttled, ValidationError
from ninja.throttling import BaseThrottle

from verbund.offers.choices import LANGUAGE_LABELS
from verbund.offers.models.translations import TranslationLanguage
from verbund.public.finder.selectors import in_language
from verbund.public.signals.tokens import RateLimit
from verbund.public.site import municipality_for
from verbund.taxonomy.vocabulary import Vocabulary

from . import hsds, selectors
from .ids import key_for
from .partner import Refused
from .partner import router as partner_router
from .tokens import TokenRefused

PER_PAGE = 25
TRANSLATIONS = ["de", *TranslationLanguage.values]
MAX_PER_PAGE = 100
MAX_PAGE = 1_000_000
MAX_TEXT = 200
RATE_LIMIT = RateLimit("api", limit=600, window=60)  # requests per minute and client
PROFILE_DIR = Path(__file__).resolve().parents[2] / "docs" / "hsds-profile"
HSDS_SCHEMA = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


class ClientRate(BaseThrottle):
    def allow_request(self, request: HttpRequest) -> bool:
        return RATE_LIMIT.hit(request)

    def wait(self) -> int:
        return RATE_LIMIT.window


api = NinjaAPI(
    title="Verbund – offene Angebotsdaten (Open Referral HSDS 3.0)",
    version="1",
    description=(
        "Die öffentlichen, freigegebenen und laufenden Angebote einer Kommune im Format "
        "Open Referral HSDS 3.0, mit dem deutschen Profil für Familienzentren (Lebensphasen, "
        "Übergänge, Leistungsart, Niedrigschwelligkeit, Leichte Sprache) als Attribute. "
        "Ohne Anmeldung, nur lesend; höchstens 600 Anfragen je Minute und Client.\n\n"
        "**Partner-Schnittstelle** (`/api/v1/<kommune>/partner/…`): Mit einem API-Zugang "
        "(`Authorization: Bearer vbd_…`, angelegt von der Partnerorganisation unter "
        "„API-Zugänge“) liest, legt an und ändert die Software einer Partnerorganisation ihre "
        "eigenen Angebote und Termine. Es gelten dieselben Regeln wie in Verbund: neue und "
        "geänderte Angebote warten auf die Freigabe durch das Familienzentrum. Grenzen: "
        "höchstens 120 Anfragen je Minute und Zugang (feste Minutenfenster); darüber Antwort "
        "429 mit `Retry-After` (Sekunden). Fehler: 401 (Zugang fehlt, unbekannt, widerrufen "
        "oder abgelaufen), 403 (Angebot einer anderen Organisation), 404 (andere Kommune, "
        "unbekannte Nummer), 422 (ungültiger Wert, mit dem Feld in `field`)."
    ),
    urls_namespace="api",
    docs_url=None,
    throttle=[ClientRate()],
)


class ApiError(HttpError):
    pass


def refuse(status: int, message: str):
    raise ApiError(status, message)


@api.exception_handler(ApiError)
def _api_error(request, exc):
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "Diese Adresse gibt es nicht."}, status=404)


@api.exception_handler(TokenRefused)
def _token_refused(request, exc):
    response = api.create_response(request, {"detail": exc.message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="verbund"'
    return response


@api.exception_handler(Refused)
def _refused(request, exc):
    body = {"detail": exc.message}
    if exc.field:
        body["field"] = exc.field
    if exc.errors:
        body["errors"] = exc.errors
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(Throttled)
def _throttled(request, exc):
    response = api.create_response(
        request,
        {
            "detail": "Zu viele Anfragen. Bitte warten Sie eine Minute und versuchen Sie es dann "
            "erneut."
        },
        status=429,
    )
    response["Retry-After"] = str(exc.wait or 60)
    return response


VALUE_KINDS = {
    "int": "eine ganze Zahl",
    "float": "eine Zahl",
    "bool": "true oder false",
    "datetime": "ein Zeitpunkt wie 2026-01-31T12:00:00+01:00",
    "date": "ein Datum wie 2026-01-31",
}


def _invalid_body(request, exc):
    """A request body that does not match its schema: 422 naming each field."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ())[1:] if str(part) != "payload"]
        name = ".".join(loc) or "Anfrage"
        kind = next((text for key, text in VALUE_KINDS.items() if key in error.get("type", "")), "")
        expected = f" Erwartet ist {kind}." if kind else ""
        if error.get("type") == "missing":
            text = "Dieses Feld fehlt."
        elif error.get("type") in {"json_invalid", "model_attributes_type"}:
            text = "Der Inhalt ist kein gültiges JSON-Objekt."
        else:
            text = f"Der Wert ist nicht zulässig.{expected}"
        errors.setdefault(name, []).append(text)
    detail = " ".join(f"„{name}“: {' '.join(texts)}" for name, texts in errors.items())
    field = next(iter(errors), None)
    return api.create_response(
        request, {"detail": detail, "field": field, "errors": errors}, status=422
    )


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    if any(str((error.get("loc") or ["?"])[0]) == "body" for error in exc.errors):
        return _invalid_body(request, exc)
    messages = []
    for error in exc.errors:
        name = str(error.get("loc", ["?"])[-1])
        kind = next((text for key, text in VALUE_KINDS.items() if key in error.get("type", "")), "")
        expected = f" Erwartet ist {kind}." if kind else ""
        messages.append(f"Der Parameter „{name}“ hat keinen gültigen Wert.{expected}")
    return api.create_response(request, {"detail": " ".join(messages)}, status=400)


def refuse_control_characters(request, **path) -> None:
    """NUL and other control characters in a parameter: 400 (PostgreSQL refuses NUL in text,
    and no real value has one)."""
    for name, value in [*path.items(), *request.GET.items()]:
        if any(ord(char) < 32 for char in str(value)):
            refuse(400, f"Der Parameter „{name[:40]}“ enthält ein unzulässiges Steuerzeichen.")


@contextmanager
def municipality_scope(slug: str, request=None):
    if request is not None:
        refuse_control_characters(request, municipality=slug)
    try:
        municipality = municipality_for(slug)
    except Http404:
        refuse(404, f"Die Kommune „{slug[:60]}“ gibt es in Verbund nicht.")
    with scope(municipality=municipality.pk):
        yield municipality


def context(request, municipality) -> hsds.Context:
    return hsds.Context(
        municipality=municipality, base_url=f"{request.scheme}://{request.get_host()}"
    )


def paging(page: int, per_page: int) -> tuple[int, int]:
    if not 1 <= page <= MAX_PAGE:
        refuse(400, f"Der Parameter „page“ muss eine Zahl von 1 bis {MAX_PAGE} sein.")
    if not 1 <= per_page <= MAX_PER_PAGE:
        refuse(400, f"Der Parameter „per_page“ muss eine Zahl von 1 bis {MAX_PER_PAGE} sein.")
    start = (page - 1) * per_page
    return start, start + per_page


def envelope(total: int, page: int, per_page: int, contents: list) -> dict:
    """The HSDS paging envelope; a page after the last one is a 404."""
    pages = math.ceil(total / per_page) if total else 0
    if page > max(pages, 1):
        refuse(404, f"Die Seite {page} gibt es nicht: Es gibt {pages} Seiten.")
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": total == 0,
        "contents": contents,
    }


def page_of(queryset, start: int, stop: int) -> tuple[int, list]:
    """(count, the rows from ``start`` to ``stop``). The page's keys are read first: a deep
    page skips thousands of rows, and skipping bare keys costs a fraction of skipping rows
    joined with their provider, centre and place."""
    total = queryset.count()
    if start >= total:
        return total, []
    keys = list(queryset.values_list("pk", flat=True)[start:stop])
    rows = queryset.order_by().in_bulk(keys) if keys else {}
    return total, [rows[key] for key in keys if key in rows]


def _ref(schema: str, *, page: bool = False) -> dict:
    item = {"$ref": HSDS_SCHEMA + schema}
    body = {"type": "object", "properties": {"contents": {"type": "array", "items": item}}}
    return {
        "responses": {
            200: {
                "description": "HSDS 3.0",
                "content": {"application/json": {"schema": body if page else item}},
            },
            **ERROR_RESPONSES,
        }
    }


ERROR = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
ERROR_RESPONSES = {
    status: {"description": text, "content": {"application/json": {"schema": ERROR}}}
    for status, text in (
        (400, "Ungültiger Parameter (deutsche Meldung in detail)"),
        (404, "Kommune, Objekt oder Seite unbekannt"),
        (429, "Zu viele Anfragen (Retry-After)"),
    )
}


# ------------------------------------------------------------------------ id parameters
def _decode(value: str, municipality, kind: str, name: str) -> int:
    pk = key_for(value, municipality.pk, kind)
    if pk is None:
        refuse(400, f"Der Parameter „{name}“ nennt keine bekannte ID: „{str(value)[:80]}“.")
    return pk


def _ids(raw: str | None) -> list[str]:
    return [part.strip() for part in (raw or "").split(",") if part.strip()][:20]


def _filters(municipality, params: dict) -> selectors.ServiceFilters:
    filters = selectors.ServiceFilters()
    text = params.get("q") or params.get("search") or ""
    if len(text) > MAX_TEXT:
        refuse(400, f"Der Suchtext ist zu lang (höchstens {MAX_TEXT} Zeichen).")
    filters.text = text
    for value in _ids(params.get("taxonomy_term_id")):
        profile = key_for(value, municipality.pk, "profile_term")
        if profile == hsds.THRESHOLD_TERM[hsds.LOW]:
            filters.low_threshold_only = True
        elif profile == 4:
            filters.languages.append(hsds.EASY_LANGUAGE)
        elif profile is not None:
            refuse(400, "Nach diesem Begriff der Niedrigschwelligkeit kann nicht gefiltert "
                   "werden; nur nach „niedrigschwellig“.")  # fmt: skip
        else:
            filters.term_ids.append(_decode(value, municipality, "term", "taxonomy_term_id"))
    for value in _ids(params.get("taxonomy_id")):
        number = _decode(value, municipality, "taxonomy", "taxonomy_id")
        vocabulary = next((v for v, n in hsds.VOCABULARY_NUMBERS.items() if n == number), None)
        if vocabulary is None:
            refuse(400, "Nach den Taxonomien des Profils kann nicht gefiltert werden.")
        filters.vocabularies.append(vocabulary)
    for value in _ids(params.get("organization_id")):
        centre = key_for(value, municipality.pk, "centre")
        if centre is not None:
            filters.centres.append(centre)
        else:
            filters.providers.append(
                _decode(value, municipality, "organisation", "organization_id")
            )
    phases = _ids(params.get("life_phase"))
    if phases:
        known = selectors.term_keys(
            municipality=municipality, vocabulary=Vocabulary.LIFE_PHASE, keys=phases
        )
        unknown = [key for key in phases if key not in known]
        if unknown:
            refuse(400, f"Unbekannte Lebensphase „{unknown[0][:40]}“ im Parameter „life_phase“.")
        filters.life_phases = list(known.values())
    for code in _ids(params.get("language")):
        if code not in LANGUAGE_LABELS:
            refuse(400, f"Unbekannter Sprachcode „{code[:20]}“ im Parameter „language“.")
        filters.languages.append(code)
    codes = _ids(params.get("area"))
    if codes:
        known = selectors.area_keys(municipality=municipality, codes=codes)
        unknown = [code for code in codes if code not in known]
        if unknown:
            refuse(400, f"Unbekannter Gebietsschlüssel „{unknown[0][:40]}“ im Parameter „area“.")
        filters.areas = [pk for pks in known.values() for pk in pks]
    filters.free_only = bool(params.get("free"))
    filters.low_threshold_only = filters.low_threshold_only or bool(params.get("low_threshold"))
    moment = params.get("modified_after")
    if moment is not None:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        try:  # in UTC: PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 allows
            moment = moment.astimezone(UTC)
        except (OverflowError, ValueError):
            refuse(400, "Der Parameter „modified_after“ liegt außerhalb des Kalenders.")
        filters.modified_after = moment
    return filters


def translate(offers: list, lang: str | None) -> None:
    """Titles and texts in ``lang`` where a translation exists (one query; German
    otherwise), as on the public pages."""
    if lang is None:
        return
    if lang not in TRANSLATIONS:
        refuse(
            400, f"Der Parameter „lang“ muss eine dieser Sprachen sein: {', '.join(TRANSLATIONS)}."
        )
    if lang != "de":
        in_language(offers, lang)


# ------------------------------------------------------------------------ routes
def _plain(description: str) -> dict:
    """A JSON object answer plus the error answers (for the OpenAPI document)."""
    return {
        "responses": {
            200: {
                "description": description,
                "content": {"application/json": {"schema": {"type": "object"}}},
            },
            **ERROR_RESPONSES,
        }
    }


@api.get("/v1/{municipality}/", url_name="root", openapi_extra=_plain("Über diese API"))
def root(request, municipality: str):
    """Über diese API: HSDS-Version, Profil, OpenAPI."""
    with municipality_scope(municipality, request) as found:
        ctx = context(request, found)
        return {
            "version": hsds.HSDS_VERSION,
            "profile": ctx.profile_url(),
            "openapi_url": ctx.base_url + "/api/openapi.json",
        }


@api.get(
    "/v1/{municipality}/services",
    url_name="services",
    openapi_extra=_ref("compiled/service_list.json", page=True),
)
def services(
    request,
    municipality: str,
    q: str | None = None,
    search: str | None = None,
    taxonomy_term_id: str | None = None,
    taxonomy_id: str | None = None,
    organization_id: str | None = None,
    modified_after: datetime | None = None,
    life_phase: str | None = None,
    language: str | None = None,
    area: str | None = None,
    free: bool = False,
    low_threshold: bool = False,
    full: bool = False,
    metadata: bool = False,
    lang: str | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
):
    """Öffentliche Angebote als HSDS-Services (Suche und Filter wie im Familienfinder).
    ``life_phase``: Schlüssel der Lebensphase; ``language``: Sprachcode; ``area``:
    Gebietsschlüssel; ``full=true`` liefert vollständig verschachtelte Services, mit
    ``metadata=true`` dazu die Änderungen öffentlicher Felder (HSDS ``metadata``)."""
    params = locals()
    start, stop = paging(page, per_page)
    with municipality_scope(municipality, request) as found:
        ctx = context(request, found)
        filters = _filters(found, params)
        queryset = selectors.services(municipality=found, filters=filters)
        total, offers = page_of(queryset, start, stop)
        selectors.attach_related(municipality=found, offers=offers, full=full)
        translate(offers, lang)
        build = hsds.service_full_object if full else hsds.service_list_object
        contents = [build(ctx, offer) for offer in offers]
        if full and metadata:
            with_metadata(ctx, offers, contents)
        return envelope(total, page, per_page, contents)


def with_metadata(ctx, offers: list, services: list[dict]) -> None:
    """``metadata`` on each service: the changes of its public fields (two queries)."""
    changes = selectors.offer_changes(
        municipality=ctx.municipality, offer_ids=[offer.pk for offer in offers]
    )
    for offer, data in zip(offers, services, strict=True):
        objects = hsds.metadata_objects(ctx, offer, changes[offer.pk])
        if objects:
            data["metadata"] = objects


@api.get(
    "/v1/{municipality}/services/{service_id}",
    url_name="service",
    openapi_extra=_ref("compiled/service.json"),
)
def service(
    request, municipality: str, service_id: str, lang: str | None = None, metadata: bool = False
):
    """Ein öffentliches Angebot, vollständig verschachtelt (``lang``: Übersetzung;
    ``metadata=true``: mit den Änderungen öffentlicher Felder)."""
    with municipality_scope(municipality, request) as found:
        pk = key_for(service_id, found.pk, "service")
        offer = None
        if pk is not None:
            try:
                offer = selectors.service(municipality=found, pk=pk)
            except ObjectDoesNotExist:
                offer = None
        if offer is None:
            refuse(404, f"Es gibt kein öffentliches Angebot mit der ID „{service_id[:80]}“.")
        translate([offer], lang)
        ctx = context(request, found)
        data = hsds.service_full_object(ctx, offer)
        if metadata:
            with_metadata(ctx, [offer], [data])
        return data


@api.get(
    "/v1/{municipality}/organizations",
    url_name="organizations",
    openapi_extra=_ref("compiled/organization_list.json", page=True),
)
def organizations(request, municipality: str, page: int = 1, per_page: int = PER_PAGE):
    """Die Anbieter öffentlicher Angebote: Familienzentren und Partnerorganisationen."""
    start, stop = paging(page, per_page)
    with municipality_scope(municipality, request) as found:
        ctx = context(request, found)
        total, rows = selectors.organisations_page(municipality=found, start=start, stop=stop)
        contents = [hsds.organization_object(ctx, row) for row in rows]
        return envelope(total, page, per_page, contents)


@api.get(
    "/v1/{municipality}/organizations/{organization_id}",
    url_name="organization",
    openapi_extra=_ref("compiled/organization.json"),
)
def organization(request, municipality: str, organization_id: str):
    """Ein Anbieter mit Telefon und den IDs seiner öffentlichen Angebote."""
    with municipality_scope(municipality, request) as found:
        ctx = context(request, found)
        row = None
        for kind in ("centre", "organisation"):
            pk = key_for(organization_id, found.pk, kind)
            if pk is not None:
                row = selectors.organisation(municipality=found, kind=kind, pk=pk)
                break
        if row is None:
            refuse(404, f"Es gibt keinen Anbieter mit der ID „{organization_id[:80]}“.")
        data = hsds.organization_object(ctx, row)
        phones = hsds.organization_phones(ctx, row)
        if phones:
            data["phones"] = phones
        filters = selectors.ServiceFilters()
        if row["kind"] == "centre":
            filters.centres = [row["centre_id"]]
        else:
            filters.providers = [row["provider_id"]]
        offers = selectors.services(municipality=found, filters=filters).values_list("pk", "title")[
            :1000
        ]
        data["services"] = [
            {"id": ctx.id("service", pk), "name": title, "status": "active"} for pk, title in offers
        ]
        return data


@api.get(
    "/v1/{municipality}/locations",
    url_name="locations",
    openapi_extra=_ref("location.json", page=True),
)
def locations(request, municipality: str, page: int = 1, per_page: int = PER_PAGE):
    """Die Orte öffentlicher Angebote: Einrichtungen und eigene Adressen."""
    start, stop = paging(page, per_page)
    with municipality_scope(municipality, request) as found:
        ctx = context(request, found)
        total, rows = selectors.locations_page(municipality=found, start=start, stop=stop)
        return envelope(total, page, per_page, [hsds.location_from_row(ctx, r) for r in rows])


@api.get(
    "/v1/{municipality}/locations/{location_id}",
    url_name="location",
    openapi_extra=_ref("location.json"),
)
def location(request, municipality: str, location_id: str):
    """Ein Ort öffentlicher Angebote: Einrichtung, eigene Adresse oder Online-Raum."""
    with municipality_scope(municipality, request) as found:
        ctx = context(request, found)
        data = None
        for kind in ("facility", "place", "online"):
            pk = key_for(location_id, found.pk, kind)
            if pk is None:
                continue
            found_row = selectors.location(municipality=found, kind=kind, pk=pk)
            if found_row is not None:
                data = (
                    hsds.offer_location(ctx, found_row)
                    if kind == "online"
                    else hsds.location_from_row(ctx, found_row)
                )
            break
        if data is None:
            refuse(
                404, f"Es gibt keinen Ort öffentlicher Angebote mit der ID „{location_id[:80]}“."
            )
        return data


@api.get(
    "/v1/{municipality}/service_at_locations",
    url_name="service_at_locations",
    openapi_extra=_ref("compiled/service_at_location_list.json", page=True),
)
def service_at_locations(
    request,
    municipality: str,
    q: str | None = None,
    search: str | None = None,
    taxonomy_term_id: str | None = None,
    taxonomy_id: str | None = None,
    organization_id: str | None = None,
    modified_after: datetime | None = None,
    postcode: str | None = None,
    proximity: float | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
):
    """Angebote an ihren Orten. ``postcode``: fünfstellige Postleitzahl; mit ``proximity``
    (km) alle Orte in diesem Umkreis um die Mitte der bekannten Orte dieser Postleitzahl."""
    params = locals()
    start, stop = paging(page, per_page)
    if postcode is not None and not (len(postcode) == 5 and postcode.isascii()
                                     and postcode.isdigit()):  # fmt: skip
        refuse(400, "Der Parameter „postcode“ muss eine fünfstellige Postleitzahl sein.")
    if proximity is not None:
        if postcode is None:
            refuse(400, "Der Parameter „proximity“ braucht eine Postleitzahl („postcode“).")
        if not (math.isfinite(proximity) and 0 < proximity <= 100):
            refuse(400, "Der Parameter „proximity“ muss ein Umkreis über 0 bis 100 km sein.")
    with municipality_scope(municipality, request) as found:
        ctx = context(request, found)
        filters = _filters(found, params)
        filters.with_place = True
        if postcode and proximity:
            middle = selectors.postcode_centre(municipality=found, postcode=postcode)
            if middle is None:
                refuse(400, f"Zur Postleitzahl {postcode} kennen wir keinen Ort.")
            filters.latitude, filters.longitude = middle
            filters.radius_km = proximity
        elif postcode:
            filters.postcode = postcode
        queryset = selectors.services(municipality=found, filters=filters)
        total, offers = page_of(queryset, start, stop)
        selectors.attach_related(municipality=found, offers=offers, full=False)
        contents = [hsds.service_at_location_object(ctx, offer) for offer in offers]
        return envelope(total, page, per_page, contents)


@api.get(
    "/v1/{municipality}/service_at_locations/{service_at_location_id}",
    url_name="service_at_location",
    openapi_extra=_ref("compiled/service_at_location.json"),
)
def service_at_location(request, municipality: str, service_at_location_id: str):
    """Ein Angebot an seinem Ort, mit dem vollständigen Angebot und Ort."""
    with municipality_scope(municipality, request) as found:
        ctx = context(request, found)
        pk = key_for(service_at_location_id, found.pk, "service_at_location")
        offer = None
        if pk is not None:
            filters = selectors.ServiceFilters(with_place=True)
            offer = selectors.services(municipality=found, filters=filters).filter(pk=pk).first()
        if offer is None:
            refuse(
                404,
                "Es gibt kein öffentliches Angebot an einem Ort mit der ID "
                f"„{service_at_location_id[:80]}“.",
            )
        selectors.attach_related(municipality=found, offers=[offer], full=True)
        return hsds.service_at_location_detail(ctx, offer)


@api.get(
    "/v1/{municipality}/taxonomies",
    url_name="taxonomies",
    openapi_extra=_ref("taxonomy.json", page=True),
)
def taxonomies(request, municipality: str, page: int = 1, per_page: int = PER_PAGE):
    """Die Listen der Begriffe: Lebensphasen, Übergänge, Themen, Zielgruppen, Leistungsart
    und die zwei Taxonomien des Profils."""
    start, stop = paging(page, per_page)
    with municipality_scope(municipality, request) as found:
        objects = hsds.taxonomy_objects(context(request, found))
        return envelope(len(objects), page, per_page, objects[start:stop])


@api.get(
    "/v1/{municipality}/taxonomies/{taxonomy_id}",
    url_name="taxonomy",
    openapi_extra=_ref("taxonomy.json"),
)
def taxonomy(request, municipality: str, taxonomy_id: str):
    """Eine Liste von Begriffen (Taxonomie)."""
    with municipality_scope(municipality, request) as found:
        ctx = context(request, found)
        objects = hsds.taxonomy_objects(ctx)
        number = key_for(taxonomy_id, found.pk, "taxonomy")
        if number is None or not 1 <= number <= len(objects):
            refuse(404, f"Es gibt keine Taxonomie mit der ID „{taxonomy_id[:80]}“.")
        return objects[number - 1]


@api.get(
    "/v1/{municipality}/taxonomy_terms/{taxonomy_term_id}",
    url_name="taxonomy_term",
    openapi_extra=_ref("taxonomy_term.json"),
)
def taxonomy_term(request, municipality: str, taxonomy_term_id: str):
    """Ein Begriff mit seiner Taxonomie."""
    with municipality_scope(municipality, request) as found:
        ctx = context(request, found)
        data = None
        pk = key_for(taxonomy_term_id, found.pk, "term")
        if pk is not None:
            term = selectors.terms(municipality=found).filter(pk=pk).first()
            if term is not None:
                data = hsds.term_object(ctx, term, detail=True)
        number = key_for(taxonomy_term_id, found.pk, "profile_term")
        if number in hsds.PROFILE_TERMS:
            data = hsds.profile_term_object(ctx, number, detail=True)
        if data is None:
            refuse(404, f"Es gibt keinen Begriff mit der ID „{taxonomy_term_id[:80]}“.")
        return data


@api.get(
    "/v1/{municipality}/taxonomy_terms",
    url_name="taxonomy_terms",
    openapi_extra=_ref("taxonomy_term.json", page=True),
)
def taxonomy_terms(
    request,
    municipality: str,
    taxonomy_id: str | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
):
    """Die Begriffe (mit ``taxonomy_id`` nur die einer Taxonomie); die Begriffe des Profils
    stehen am Ende."""
    start, stop = paging(page, per_page)
    with municipality_scope(municipality, request) as found:
        ctx = context(request, found)
        numbers = None
        if taxonomy_id:
            numbers = {_decode(taxonomy_id, found, "taxonomy", "taxonomy_id")}
        vocabularies = [v for v, n in hsds.VOCABULARY_NUMBERS.items() if numbers is None
                        or n in numbers]  # fmt: skip
        profile = [n for n, spec in hsds.PROFILE_TERMS.items() if numbers is None
                   or spec[0] in numbers]  # fmt: skip
        own = selectors.terms(municipality=found, vocabularies=vocabularies)
        if not vocabularies:
            own = own.none()
        total_own, terms = page_of(own, start, stop)
        contents = [hsds.term_object(ctx, term) for term in terms]
        extra = profile[max(0, start - total_own) : max(0, stop - total_own)]
        contents += [hsds.profile_term_object(ctx, n) for n in extra]
        return envelope(total_own + len(profile), page, per_page, contents)


@api.get(
    "/v1/{municipality}/datapackage.zip",
    url_name="datapackage",
    openapi_extra={
        "responses": {
            200: {
                "description": "ZIP: datapackage.json und CSV-Dateien (HSDS 3.0, tabellarisch)",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            },
            **ERROR_RESPONSES,
        }
    },
)
def datapackage(request, municipality: str):
    """Das ganze öffentliche Verzeichnis als tabellarisches HSDS-Datenpaket (ZIP mit
    ``datapackage.json`` und CSV-Dateien), gestreamt."""
    from . import package_cache
    from .datapackage import stream_zip

    with municipality_scope(municipality, request) as found:
        ctx = context(request, found)
    package = package_cache.open_package(ctx, stream_zip(ctx))
    response = StreamingHttpResponse(package.blocks, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="hsds-{found.slug}.zip"'
    response["Last-Modified"] = http_date(package.built_at.timestamp())
    return response


@api.get("/profile/", url_name="profile", openapi_extra=_plain("Das Profil"))
def profile(request):
    """Das deutsche HSDS-Profil: Beschreibung und JSON-Schemas."""
    base = f"{request.scheme}://{request.get_host()}/api/profile/"
    schemas = sorted(path.name for path in (PROFILE_DIR / "schema").glob("*.json"))
    return {
        "name": "Verbund – Familienzentren (Deutschland)",
        "version": "1",
        "hsds_version": hsds.HSDS_VERSION,
        "description": "Siehe docs/hsds-profile/README.md im Quelltext von Verbund.",
        "schemas": [base + name for name in schemas],
    }


@api.get("/profile/{schema_name}", url_name="profile_schema", openapi_extra=_plain("JSON-Schema"))
def profile_schema(request, schema_name: str):
    """Ein JSON-Schema des Profils."""
    names = {path.name: path for path in (PROFILE_DIR / "schema").glob("*.json")}
    if schema_name not in names:
        refuse(404, f"Das Profil hat kein Schema „{schema_name[:60]}“.")
    return json.loads(names[schema_name].read_text(encoding="utf-8"))


__all__ = ["api"]


api.add_router("", partner_router)
