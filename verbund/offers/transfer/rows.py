"""Checking the rows of an offers table against the municipality: terms, organisations,
places, areas. Every problem is a German message naming line, column and the value.

The lookups are loaded once per file (a fixed number of queries, whatever its length)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.areas.models import Area
from verbund.network.models import Organisation
from verbund.taxonomy.models import Term, Vocabulary
from verbund.tenancy.models import Facility

from ..choices import LANGUAGES, Admission, Cost, OfferFormat, OfferStatus, PlaceKind, Visibility
from ..models import Offer
from ..text import normalise
from .reader import Sheet

SKIP, UPDATE = "skip", "update"
TERM_FIELDS = ("life_phase", "transition", "topic", "target_group", "service_kind")
UNKNOWN_TERM = {
    Vocabulary.LIFE_PHASE: gettext_lazy("„%(value)s“ ist keine bekannte Lebensphase"),
    Vocabulary.TRANSITION: gettext_lazy("„%(value)s“ ist kein bekannter Übergang"),
    Vocabulary.TOPIC: gettext_lazy("„%(value)s“ ist kein bekanntes Thema"),
    Vocabulary.TARGET_GROUP: gettext_lazy("„%(value)s“ ist keine bekannte Zielgruppe"),
    Vocabulary.SERVICE_KIND: gettext_lazy("„%(value)s“ ist keine bekannte Leistungsart"),
}
FREE_WORDS = {"kostenlos", "kostenfrei", "frei", "gratis", "umsonst", "keine", "nein", "0"}
ADMISSION_WORDS = {
    "ohne": Admission.OPEN,
    "nein": Admission.OPEN,
    "offen": Admission.OPEN,
    "keine": Admission.OPEN,
    "ja": Admission.REGISTRATION,
    "mit": Admission.REGISTRATION,
    "anmeldung": Admission.REGISTRATION,
    "erforderlich": Admission.REGISTRATION,
    "vermittlung": Admission.REFERRAL,
    "ueberweisung": Admission.REFERRAL,
}
OUTREACH_WORDS = {"aufsuchend", "hausbesuch", "hausbesuche", "bei den familien", "im stadtteil"}
MAX_LENGTHS = {"title": 200, "summary": 300, "description": 5000, "contact": 300}
# Lists kept by hand end with a count: "Summe", "Gesamt: 42 Angebote", "Insgesamt".
TOTAL_TITLES = {"summe", "gesamt", "insgesamt", "zusammen", "total", "gesamtsumme", "zwischensumme"}
TOTAL_STARTS = ("summe ", "summe:", "gesamt ", "gesamt:", "insgesamt ", "insgesamt:", "anzahl ")


def _norm(text: str) -> str:
    return normalise(str(text)).replace("–", "-").replace("—", "-")


def _variants(label: str, key: str = "") -> set[str]:
    """A label is found by itself, by its key and by the part before a bracket."""
    found = {_norm(label)}
    if key:
        found.add(_norm(key))
    if " (" in label:
        found.add(_norm(label.split(" (", 1)[0]))
    return found


def _choice_map(choices, extra=None) -> dict[str, str]:
    found = {}
    for value, label in choices:
        for variant in _variants(str(label), value):
            found.setdefault(variant, value)
    found.update(extra or {})
    return found


def _listing(labels, limit: int = 25) -> str:
    labels = list(labels)
    text = ", ".join(labels[:limit])
    return text + (" …" if len(labels) > limit else "")


@dataclass
class Lookups:
    """What a row may name, loaded once for the whole file."""

    municipality: object
    centre: object
    terms: dict = field(default_factory=dict)  # vocabulary → {variant: Term}
    term_labels: dict = field(default_factory=dict)  # vocabulary → [label]
    organisations: dict = field(default_factory=dict)
    facilities: dict = field(default_factory=dict)
    areas: dict = field(default_factory=dict)
    existing: dict = field(default_factory=dict)  # (title, provider id) → offer id

    @classmethod
    def load(cls, *, municipality, centre) -> Lookups:
        lookups = cls(municipality=municipality, centre=centre)
        for term in Term.objects.filter(municipality=municipality, active=True).order_by(
            "vocabulary", "position", "id"
        ):
            by_variant = lookups.terms.setdefault(term.vocabulary, {})
            for variant in _variants(term.label, term.key):
                by_variant.setdefault(variant, term)
            lookups.term_labels.setdefault(term.vocabulary, []).append(term.label)
        for pk, name in Organisation.objects.filter(
            municipality=municipality, archived_at__isnull=True
        ).values_list("pk", "name"):
            lookups.organisations.setdefault(_norm(name), (pk, name))
        for pk, name in Facility.objects.filter(
            municipality=municipality, archived_at__isnull=True
        ).values_list("pk", "name"):
            lookups.facilities.setdefault(_norm(name), (pk, name))
        for pk, name, code in Area.objects.filter(municipality=municipality).values_list(
            "pk", "name", "code"
        ):
            lookups.areas.setdefault(_norm(name), (pk, name))
            if code:
                lookups.areas.setdefault(_norm(code), (pk, name))
        for pk, title, provider_id in Offer.objects.filter(
            municipality=municipality, centre=centre
        ).values_list("pk", "title", "provider_id"):
            lookups.existing.setdefault((_norm(title), provider_id), pk)
        return lookups


@dataclass
class Preview:
    rows: list[dict] = field(default_factory=list)  # to create
    updates: list[dict] = field(default_factory=list)  # existing offers to update
    skipped: list[dict] = field(default_factory=list)  # existing offers left as they are
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    display: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows or self.updates)


class RowCheck:
    """One row: ``data`` holds what is valid, ``errors`` what is not."""

    def __init__(self, line: int, values: dict[str, str], sheet: Sheet, lookups: Lookups):
        self.line, self.values, self.sheet, self.lookups = line, values, sheet, lookups
        self.errors: list[str] = []
        self.data: dict = {"_line": line}

    def error(self, name: str, message: str) -> None:
        self.errors.append(
            _("Zeile %(line)s, Spalte „%(column)s“: %(message)s")
            % {"line": self.line, "column": self.sheet.columns.get(name, name), "message": message}
        )

    def run(self) -> RowCheck:
        for name, limit in MAX_LENGTHS.items():
            value = self.values.get(name, "")
            if len(value) > limit:
                self.error(
                    name,
                    _("höchstens %(max)s Zeichen (hier %(count)s).")
                    % {"max": limit, "count": len(value)},
                )
        self.data["title"] = self.values.get("title", "")
        if not self.data["title"]:
            self.error("title", _("Der Titel fehlt."))
        self.data["summary"] = self.values.get("summary", "")
        self.data["description"] = self.values.get("description", "")
        self._provider()
        self._terms()
        self._format()
        self._cost()
        self._admission()
        self._languages()
        self._place()
        self._areas()
        self._fixed("status", OfferStatus, {"aktiv": OfferStatus.ACTIVE}, OfferStatus.ACTIVE)
        visibility_words = {"intern": Visibility.INTERNAL, "netzwerk": Visibility.INTERNAL}
        self._fixed("visibility", Visibility, visibility_words, Visibility.PUBLIC)
        self._contact()
        return self

    def _provider(self) -> None:
        value = self.values.get("provider", "")
        self.data["provider_id"] = None
        if not value or _norm(value) == _norm(self.lookups.centre.name):
            return
        found = self.lookups.organisations.get(_norm(value))
        if found:
            self.data["provider_id"] = found[0]
            return
        names = [name for _pk, name in self.lookups.organisations.values()]
        close = difflib.get_close_matches(value, names, n=3, cutoff=0.5)
        message = _("„%(value)s“ ist keine Organisation im Netzwerk dieser Kommune.") % {
            "value": value
        }
        if close:
            message += " " + _("Meinten Sie %(names)s?") % {
                "names": _(" oder ").join(f"„{name}“" for name in close)
            }
        message += " " + _("Legen Sie neue Organisationen zuerst im Netzwerk an.")
        self.error("provider", message)

    def _terms(self) -> None:
        ids = []
        for name in TERM_FIELDS:
            value = self.values.get(name, "")
            if not value:
                continue
            known = self.lookups.terms.get(name, {})
            for part in value.split(";"):
                pieces = [p.strip() for p in part.split(",")]
                start = 0
                while start < len(pieces):
                    # Labels may contain commas ("Partnerschaft, Trennung und Scheidung"):
                    # the longest run of pieces that names a term wins.
                    for end in range(len(pieces), start, -1):
                        term = known.get(_norm(", ".join(pieces[start:end])))
                        if term:
                            ids.append(term.pk)
                            start = end
                            break
                    else:
                        if pieces[start]:
                            self.error(
                                name,
                                str(UNKNOWN_TERM[name] % {"value": pieces[start]})
                                + " – "
                                + _("bekannt sind: %(labels)s.")
                                % {"labels": _listing(self.lookups.term_labels.get(name, []))},
                            )
                        start += 1
        self.data["term_ids"] = sorted(set(ids))

    def _format(self) -> None:
        value = self.values.get("format", "")
        extra = {"treff": OfferFormat.OPEN_MEETING, "beratung": OfferFormat.COUNSELLING}
        found = _choice_map(OfferFormat.choices, extra).get(_norm(value))
        if not value:
            self.error("format", _("Die Form fehlt (z. B. „Kurs“ oder „offener Treff“)."))
        elif found is None:
            self.error(
                "format",
                _("„%(value)s“ ist keine bekannte Form – bekannt sind: %(labels)s.")
                % {
                    "value": value,
                    "labels": _listing(str(label) for _v, label in OfferFormat.choices),
                },
            )
        self.data["format"] = found or ""

    def _cost(self) -> None:
        value = self.values.get("cost", "")
        key = _norm(value)
        self.data["cost"], self.data["cost_note"] = Cost.FREE, ""
        if not value or key.rstrip(" €euro,.-0") == "" or key in FREE_WORDS:
            return
        known = _choice_map(Cost.choices).get(key)
        if known:
            self.data["cost"] = known
            return
        reduced = any(w in key for w in ("ermaessig", "teilhabe", "but", "familienpass"))
        if reduced or re.search(r"\d|€|euro|pflichtig|gebuehr|beitrag", key):
            self.data["cost"] = Cost.REDUCED if reduced else Cost.FEE
            self.data["cost_note"] = value[:200]
            return
        self.error(
            "cost",
            _(
                "„%(value)s“ ist keine Angabe zu den Kosten – möglich sind „kostenlos“, "
                "„ermäßigt möglich“, „kostenpflichtig“ oder ein Betrag wie „30 € je Kurs“."
            )
            % {"value": value},
        )

    def _admission(self) -> None:
        value = self.values.get("admission", "")
        self.data["admission"] = Admission.OPEN
        if not value:
            return
        key = _norm(value)
        found = _choice_map(Admission.choices, ADMISSION_WORDS).get(key)
        if found is None:
            found = next((v for w, v in ADMISSION_WORDS.items() if w in key.split()), None)
        if found is None:
            self.error(
                "admission",
                _("„%(value)s“ ist keine bekannte Angabe – möglich sind: %(labels)s.")
                % {
                    "value": value,
                    "labels": _listing(str(label) for _v, label in Admission.choices),
                },
            )
            return
        self.data["admission"] = found

    def _languages(self) -> None:
        value = self.values.get("languages", "")
        known = _choice_map(LANGUAGES)
        codes: list[str] = []
        for token in re.split(r"[;,]", value):
            token = token.strip()
            if not token:
                continue
            code = known.get(_norm(token))
            if code:
                codes.append(code)
                continue
            parts = [known.get(_norm(p)) for p in re.split(r"[\s/]+", token) if p]
            if parts and all(parts):
                codes += parts
                continue
            self.error(
                "languages",
                _("„%(value)s“ ist keine bekannte Sprache – bekannt sind: %(labels)s.")
                % {"value": token, "labels": _listing(str(label) for _c, label in LANGUAGES)},
            )
        self.data["languages"] = " ".join(dict.fromkeys(codes))

    def _place(self) -> None:
        value = self.values.get("place", "")
        data = self.data
        data.update(
            place_kind=PlaceKind.FACILITY, location_id=None, street="", postcode="", city=""
        )
        data["online_url"] = ""
        if not value:
            return
        key = _norm(value)
        if key.startswith(("http://", "https://")):
            try:
                URLValidator(schemes=["http", "https"])(value)
            except ValidationError:
                self.error("place", _("„%(value)s“ ist kein gültiger Link.") % {"value": value})
                return
            data.update(place_kind=PlaceKind.ONLINE, online_url=value[:200])
            return
        if key == "online":
            data["place_kind"] = PlaceKind.ONLINE
            return
        if key in OUTREACH_WORDS:
            data["place_kind"] = PlaceKind.OUTREACH
            return
        facility = self.lookups.facilities.get(key)
        if facility:
            data["location_id"] = facility[0]
            return
        match = re.match(
            r"^(?P<street>[^,]*\d[^,]*),\s*(?:(?P<postcode>\d{5})\s+)?(?P<city>.+)$", value
        )
        if match:
            data.update(
                place_kind=PlaceKind.ADDRESS,
                street=match["street"].strip()[:200],
                postcode=match["postcode"] or "",
                city=match["city"].strip()[:100],
            )
            return
        names = [name for _pk, name in self.lookups.facilities.values()]
        close = difflib.get_close_matches(value, names, n=3, cutoff=0.5)
        message = _("„%(value)s“ ist keine bekannte Einrichtung.") % {"value": value}
        if close:
            message += " " + _("Meinten Sie %(names)s?") % {
                "names": _(" oder ").join(f"„{name}“" for name in close)
            }
        message += " " + _(
            "Eine Adresse bitte mit Hausnummer und Ort, z. B. „Hauptstraße 5, 12345 Musterstadt“; "
            "sonst „online“, „aufsuchend“ oder ein Link."
        )
        self.error("place", message)

    def _areas(self) -> None:
        value = self.values.get("areas", "")
        ids = []
        for token in re.split(r"[;,]", value):
            token = token.strip()
            if not token:
                continue
            found = self.lookups.areas.get(_norm(token))
            if found:
                ids.append(found[0])
                continue
            names = sorted({name for _pk, name in self.lookups.areas.values()})
            close = difflib.get_close_matches(token, names, n=3, cutoff=0.5)
            message = _("„%(value)s“ ist kein bekanntes Gebiet dieser Kommune.") % {"value": token}
            if close:
                message += " " + _("Meinten Sie %(names)s?") % {
                    "names": _(" oder ").join(f"„{name}“" for name in close)
                }
            self.error("areas", message)
        self.data["area_ids"] = sorted(set(ids))

    def _fixed(self, name: str, choices, words: dict, default: str) -> None:
        value = self.values.get(name, "")
        self.data[name] = default
        if not value:
            return
        found = _choice_map(choices.choices, words).get(_norm(value))
        if found is None:
            self.error(
                name,
                _("„%(value)s“ ist nicht vorgesehen – möglich sind: %(labels)s.")
                % {"value": value, "labels": _listing(str(label) for _v, label in choices.choices)},
            )
            return
        self.data[name] = found

    def _contact(self) -> None:
        value = self.values.get("contact", "")
        names, email, phone = [], "", ""
        for token in re.split(r"[;,]", value):
            token = token.strip()
            if not token:
                continue
            if "@" in token:
                try:
                    EmailValidator()(token)
                except ValidationError:
                    self.error(
                        "contact",
                        _("„%(value)s“ ist keine gültige E-Mail-Adresse.") % {"value": token},
                    )
                email = token
            elif (
                re.fullmatch(r"[\d\s+/()\-]{5,40}", token) and sum(c.isdigit() for c in token) >= 5
            ):
                phone = token
            else:
                names.append(token)
        self.data.update(
            contact_name=", ".join(names)[:120], contact_email=email, contact_phone=phone[:40]
        )


def is_total_row(values: dict[str, str]) -> bool:
    """A count at the end of a list, not an offer: its title is a total word and nothing but
    numbers stand beside it."""
    title = _norm(values.get("title", "")).strip()
    if title not in TOTAL_TITLES and not title.startswith(TOTAL_STARTS):
        return False
    others = [str(v).strip() for k, v in values.items() if k != "title" and str(v).strip()]
    return all(re.fullmatch(r"[0-9.,\s%€-]*", value) for value in others)


def check_rows(sheet: Sheet, lookups: Lookups, *, duplicates: str = SKIP) -> Preview:
    """Every row checked; the new ones, the existing ones (updated or skipped, as the user
    chose) and the repeated ones (skipped with a warning)."""
    preview = Preview(errors=list(sheet.errors), warnings=list(sheet.warnings))
    seen: dict[tuple, int] = {}
    for line, values in sheet.rows:
        if is_total_row(values):
            preview.warnings.append(
                _(
                    "Zeile %(line)s („%(title)s“) sieht wie eine Summenzeile aus und wird "
                    "übersprungen."
                )
                % {"line": line, "title": values.get("title", "")}
            )
            preview.display.append(
                {"line": line, "title": values.get("title", ""), "values": values,
                 "errors": [], "status": "total"}
            )  # fmt: skip
            continue
        check = RowCheck(line, values, sheet, lookups).run()
        row = check.data
        preview.errors += check.errors
        key = (_norm(row["title"]), row["provider_id"])
        shown = {"line": line, "title": row["title"], "values": values, "errors": check.errors}
        if key in seen:
            preview.warnings.append(
                _(
                    "Zeile %(line)s wiederholt Zeile %(first)s (gleicher Titel und Anbieter) und "
                    "wird übersprungen."
                )
                % {"line": line, "first": seen[key]}
            )
            shown["status"] = "repeated"
        elif key in lookups.existing:
            row["_existing"] = lookups.existing[key]
            shown["status"] = "update" if duplicates == UPDATE else "exists"
            (preview.updates if duplicates == UPDATE else preview.skipped).append(row)
        else:
            shown["status"] = "error" if check.errors else "new"
            preview.rows.append(row)
        seen.setdefault(key, line)
        if check.errors:
            shown["status"] = "error"
        preview.display.append(shown)
    return preview
