"""Fixed vocabularies of an offer (the editable ones live in ``verbund.taxonomy``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OfferFormat(models.TextChoices):
    OPEN_MEETING = "open_meeting", _("offener Treff")
    COURSE = "course", _("Kurs")
    GROUP = "group", _("Gruppe")
    CONSULTATION_HOURS = "consultation_hours", _("Sprechstunde")
    COUNSELLING = "counselling", _("Einzelberatung")
    EVENT = "event", _("Veranstaltung")
    HOME_VISIT = "home_visit", _("Hausbesuch")
    OUTREACH = "outreach", _("aufsuchend")
    ONLINE = "online", _("online")
    INTERPRETING = "interpreting", _("Sprachmittlung")


# Formats a family can simply walk into (one part of "low threshold").
OPEN_FORMATS = {
    OfferFormat.OPEN_MEETING,
    OfferFormat.CONSULTATION_HOURS,
    OfferFormat.HOME_VISIT,
    OfferFormat.OUTREACH,
}


class Cost(models.TextChoices):
    FREE = "free", _("kostenlos")
    REDUCED = "reduced", _("ermäßigt möglich (z. B. Bildungs- und Teilhabepaket)")
    FEE = "fee", _("kostenpflichtig")


class Admission(models.TextChoices):
    OPEN = "open", _("ohne Anmeldung")
    REGISTRATION = "registration", _("mit Anmeldung")
    REFERRAL = "referral", _("nur mit Vermittlung (z. B. durch Jugendamt oder Kita)")


class PlaceKind(models.TextChoices):
    FACILITY = "facility", _("in einer Einrichtung")
    ADDRESS = "address", _("an einer anderen Adresse")
    ONLINE = "online", _("online")
    OUTREACH = "outreach", _("aufsuchend (bei den Familien, im Stadtteil)")


class OfferStatus(models.TextChoices):
    PLANNED = "planned", _("geplant")
    ACTIVE = "active", _("läuft")
    PAUSED = "paused", _("pausiert")
    ENDED = "ended", _("beendet")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("öffentlich (auch für Familien)")
    INTERNAL = "internal", _("nur im Netzwerk")


class ReviewState(models.TextChoices):
    """Offers entered by partner organisations wait for the coordinator's approval."""

    APPROVED = "approved", _("freigegeben")
    SUBMITTED = "submitted", _("wartet auf Freigabe")
    RETURNED = "returned", _("zurückgegeben")


class ScheduleKind(models.TextChoices):
    SINGLE = "single", _("einzelner Termin")
    SERIES = "series", _("regelmäßige Termine")
    ON_REQUEST = "on_request", _("nach Vereinbarung")


# Languages families ask for most in German municipalities (ISO 639-1; a few 639-3).
LANGUAGES = [
    ("de", _("Deutsch")),
    ("de-ls", _("Leichte Sprache")),
    ("en", _("Englisch")),
    ("ar", _("Arabisch")),
    ("tr", _("Türkisch")),
    ("uk", _("Ukrainisch")),
    ("ru", _("Russisch")),
    ("pl", _("Polnisch")),
    ("ro", _("Rumänisch")),
    ("bg", _("Bulgarisch")),
    ("fa", _("Persisch (Farsi/Dari)")),
    ("ps", _("Paschtu")),
    ("ku", _("Kurdisch")),
    ("ti", _("Tigrinya")),
    ("so", _("Somali")),
    ("sq", _("Albanisch")),
    ("sr", _("Serbisch/Kroatisch/Bosnisch")),
    ("it", _("Italienisch")),
    ("es", _("Spanisch")),
    ("fr", _("Französisch")),
    ("vi", _("Vietnamesisch")),
    ("dgs", _("Deutsche Gebärdensprache")),
]
LANGUAGE_LABELS = dict(LANGUAGES)
