"""iCalendar (RFC 5545) feeds of offers for calendar apps: one VEVENT per schedule line, the
series as RRULE with EXDATE (exceptions and school holidays), never expanded; times in
Europe/Berlin with its VTIMEZONE. Built with the ``icalendar`` library.

``feed_offers`` loads what a feed shows at a fixed number of queries (offers with place and
provider, their dated schedules, the holiday periods); ``build_calendar`` writes the bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.recurrence import Recurrence

from .choices import PlaceKind, ScheduleKind
from .models import Offer, OfferSchedule
from .occurrences import BERLIN, Holidays, holiday_periods, needs_holidays, recurrence_for

# A feed lists at most this many offers (the first by title); the calendar's description
# says so, so a filter can narrow it.
FEED_MAX_OFFERS = 1000
REFRESH = "PT6H"
PRODID = "-//Verbund Familienzentren//Angebote//DE"
HOLIDAY_CACHE_SECONDS = 7 * 24 * 3600

# Europe/Berlin as calendar apps write it (rules in force since 1996).
VTIMEZONE_BERLIN = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Berlin",
    "X-LIC-LOCATION:Europe/Berlin",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def uid_domain() -> str:
    host = urlsplit(getattr(settings, "SITE_URL", "") or "").hostname
    return host or "verbund.invalid"


# What a feed reads (nothing else is loaded: offers carry long texts it does not show).
OFFER_FIELDS = (
    "id",
    "municipality_id",
    "title",
    "summary",
    "format",
    "cost",
    "admission",
    "place_kind",
    "online_url",
    "street",
    "postcode",
    "city",
    "contact_name",
    "contact_phone",
    "contact_email",
    "location__name",
    "location__street",
    "location__postcode",
    "location__city",
    "provider__name",
    "centre__name",
)
SCHEDULE_FIELDS = (
    "id",
    "offer_id",
    "kind",
    "start_date",
    "start_time",
    "end_time",
    "rrule",
    "until",
    "count",
    "exdates",
    "skip_school_holidays",
    "note",
    "updated_at",
)


def dated_schedules() -> QuerySet:
    return OfferSchedule.objects.exclude(kind=ScheduleKind.ON_REQUEST)


def feed_offers(queryset: QuerySet, *, limit: int = FEED_MAX_OFFERS) -> tuple[list[Offer], bool]:
    """The offers of ``queryset`` that have dates, with what the feed shows, and whether the
    list was cut at ``limit``. Two queries: the offers (with place, provider and centre), then
    their dated schedules (by the ids found: a nested subquery here made PostgreSQL's planner
    take seconds)."""
    selected = queryset.filter(pk__in=dated_schedules().values("offer_id"))
    rows = list(
        selected.select_related("location", "provider", "centre")
        .only(*OFFER_FIELDS)
        .order_by("title", "id")[: limit + 1]
    )
    cut = len(rows) > limit
    rows = rows[:limit]
    by_offer: dict[int, list[OfferSchedule]] = {row.pk: [] for row in rows}
    if rows:
        schedules = dated_schedules().filter(offer_id__in=list(by_offer)).only(*SCHEDULE_FIELDS)
        for schedule in schedules.order_by("start_date", "start_time", "id"):
            if schedule.offer_id in by_offer:
                by_offer[schedule.offer_id].append(schedule)
    for row in rows:
        row._prefetched_objects_cache = {"schedules": by_offer[row.pk]}
    return rows, cut


@dataclass
class FeedInfo:
    name: str  # X-WR-CALNAME
    description: str = ""


# Writing ---------------------------------------------------------------------------------------
# Lines are written here rather than through icalendar's component objects, which take about
# ten times as long for a feed of 500 offers (bench/offers_ical.py measures both); the tests
# read every feed back with icalendar's parser and check the RFC 5545 rules.

_FOLD_AT = 75


def fold(line: str) -> str:
    """RFC 5545 3.1: lines longer than 75 octets continue after CRLF and one space; a
    UTF-8 character is never cut, nor a backslash escape."""
    data = line.encode("utf-8")
    if len(data) <= _FOLD_AT:
        return line
    parts = []
    start, limit = 0, _FOLD_AT
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # inside a multi-byte character
            cut -= 1
        if data[cut - 1] == 0x5C and cut - 1 > start:  # keep "\," "\n" … together
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, _FOLD_AT - 1  # the leading space counts
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8")


def text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 3.3.11 says (the rules of icalendar's ``vText``, which
    costs ten times as much per value): backslash, semicolon, comma, line breaks."""
    return (
        (value or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(day, at) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}T{at.hour:02d}{at.minute:02d}{at.second:02d}"


class _Labels:
    """Choice labels and sentence frames translated once per feed, not once per event."""

    def __init__(self):
        self.cost = {k: str(v) for k, v in Offer._meta.get_field("cost").flatchoices}
        self.admission = {k: str(v) for k, v in Offer._meta.get_field("admission").flatchoices}
        self.format = {k: str(v) for k, v in Offer._meta.get_field("format").flatchoices}
        self.provider = _("Anbieter: %(name)s")
        self.cost_line = _("Kosten: %(cost)s")
        self.admission_line = _("Teilnahme: %(admission)s")
        self.contact = _("Kontakt: %(contact)s")
        self.online = _("online")
        self.outreach = _("aufsuchend (bei den Familien, im Stadtteil)")


def _address(obj) -> str:
    town = " ".join(p for p in (obj.postcode, obj.city) if p)
    return ", ".join(p for p in (obj.street, town) if p)


def place_text(offer: Offer, labels: _Labels | None = None) -> str:
    labels = labels or _Labels()
    if offer.place_kind == PlaceKind.ONLINE:
        return labels.online + (f" ({offer.online_url})" if offer.online_url else "")
    if offer.place_kind == PlaceKind.OUTREACH:
        return labels.outreach
    if offer.place_kind == PlaceKind.FACILITY and offer.location_id:
        place = offer.location
        return ", ".join(p for p in (place.name, _address(place)) if p)
    return _address(offer)


def description_text(offer: Offer, schedule: OfferSchedule, labels: _Labels | None = None) -> str:
    labels = labels or _Labels()
    lines = [p for p in (offer.summary, schedule.note) if p]
    provider = offer.provider.name if offer.provider_id else offer.centre.name
    lines.append(labels.provider % {"name": provider})
    lines.append(labels.cost_line % {"cost": labels.cost.get(offer.cost, offer.cost)})
    lines.append(
        labels.admission_line
        % {"admission": labels.admission.get(offer.admission, offer.admission)}
    )
    contact = ", ".join(
        p for p in (offer.contact_name, offer.contact_phone, offer.contact_email) if p
    )
    if contact:
        lines.append(labels.contact % {"contact": contact})
    return "\n".join(lines)


def _holiday_key(recurrence: Recurrence, holidays_digest: str) -> str:
    value = (
        recurrence.rule_text(),
        recurrence.start_date,
        recurrence.start_time,
        recurrence.until,
        recurrence.count,
        recurrence.exdates,
        holidays_digest,
    )
    return "offers:holiday-exdates:" + hashlib.sha256(repr(value).encode()).hexdigest()[:32]


def _holiday_exdates(
    recurrences: list[Recurrence], holidays: Holidays
) -> tuple[str, dict[str, list[str]]]:
    """The dates each series skips for school holidays, by ``_holiday_key``. Walking a
    series costs a dateutil step per date, so results are kept in the cache, keyed by the
    series' values and the holiday periods (nothing to invalidate: new values, new key)."""
    digest = hashlib.sha256(repr(holidays).encode()).hexdigest()[:16]
    keys = {_holiday_key(r, digest): r for r in recurrences if r.skip_holidays and r.is_series}
    if not keys:
        return digest, {}
    found = cache.get_many(list(keys))
    missing = {}
    for key, recurrence in keys.items():
        if key not in found:
            found[key] = missing[key] = [d.isoformat() for d in recurrence.holiday_dates()]
    if missing:
        cache.set_many(missing, timeout=HOLIDAY_CACHE_SECONDS)
    return digest, found


def warm_holiday_exdates(recurrences: Iterable[Recurrence | None], holidays: Holidays) -> None:
    """Fill the cache for series just saved, so the next feed need not walk them."""
    _holiday_exdates([r for r in recurrences if r is not None], tuple(holidays))


def _event_lines(
    offer: Offer,
    schedule: OfferSchedule,
    recurrence: Recurrence,
    *,
    stamp: str,
    url: str,
    domain: str,
    skipped_for_holidays: list[str],
    labels: _Labels,
) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:angebot-{offer.pk}-termin-{schedule.pk}@{domain}",
        f"DTSTAMP:{stamp}",
    ]
    if schedule.updated_at:
        lines.append(f"LAST-MODIFIED:{_utc(schedule.updated_at)}")
    lines.append(
        f"DTSTART;TZID=Europe/Berlin:{_local(recurrence.start_date, recurrence.start_time)}"
    )
    lines.append(f"DTEND;TZID=Europe/Berlin:{_local(recurrence.start_date, recurrence.end_time)}")
    if recurrence.is_series:
        lines.append(f"RRULE:{recurrence.to_rrule(tz=BERLIN)}")
        skipped = sorted(
            set(recurrence.exdates) | {date.fromisoformat(d) for d in skipped_for_holidays}
        )
        if skipped:
            at = recurrence.start_time
            values = ",".join(_local(day, at) for day in skipped)
            lines.append(f"EXDATE;TZID=Europe/Berlin:{values}")
    lines.append(f"SUMMARY:{text(offer.title)}")
    location = place_text(offer, labels)
    if location:
        lines.append(f"LOCATION:{text(location)}")
    lines.append(f"DESCRIPTION:{text(description_text(offer, schedule, labels))}")
    if url:
        lines.append(f"URL:{url}")
    lines.append(f"CATEGORIES:{text(labels.format.get(offer.format, offer.format))}")
    lines.append("STATUS:CONFIRMED")
    lines.append("END:VEVENT")
    return lines


def build_calendar(
    offers: Iterable[Offer],
    info: FeedInfo,
    *,
    url_for: Callable[[Offer], str] = lambda offer: "",
    holidays: Holidays | None = None,
    municipality=None,
    now: datetime | None = None,
) -> bytes:
    """The VCALENDAR of ``offers`` (their ``schedules`` prefetched) as RFC 5545 bytes:
    UTF-8, CRLF line ends, lines folded at 75 octets."""
    offers = list(offers)
    if holidays is None:
        schedules = [s for offer in offers for s in offer.schedules.all()]
        holidays = holiday_periods(municipality) if needs_holidays(schedules) else ()
    stamp = _utc((now or timezone.now()).replace(microsecond=0))
    domain = uid_domain()
    labels = _Labels()
    dated = []
    for offer in offers:
        for schedule in offer.schedules.all():
            recurrence = recurrence_for(schedule, holidays)
            if recurrence is not None:
                dated.append((offer, schedule, recurrence))
    digest, skipped = _holiday_exdates([r for _o, _s, r in dated], holidays)
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{text(info.name)}",
        "X-WR-TIMEZONE:Europe/Berlin",
    ]
    if info.description:
        lines.append(f"X-WR-CALDESC:{text(info.description)}")
    lines.append(f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}")
    lines.append(f"X-PUBLISHED-TTL:{REFRESH}")
    lines.extend(VTIMEZONE_BERLIN)
    urls: dict[int, str] = {}
    for offer, schedule, recurrence in dated:
        if offer.pk not in urls:
            urls[offer.pk] = url_for(offer)
        holiday_days = (
            skipped.get(_holiday_key(recurrence, digest), [])
            if recurrence.skip_holidays and recurrence.is_series
            else []
        )
        lines.extend(
            _event_lines(
                offer,
                schedule,
                recurrence,
                stamp=stamp,
                url=urls[offer.pk],
                domain=domain,
                skipped_for_holidays=holiday_days,
                labels=labels,
            )
        )
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
