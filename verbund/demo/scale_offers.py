"""Offers for ``seed_scale --offers N``: bulk-created in chunks at a realistic shape.

Each offer gets 2–5 terms (life phase, topic, target group, kind of service, sometimes a
transition), a format, cost, languages, the Planungsraum of its centre (and sometimes a
neighbour) as area served, one or two schedules (weekly, every other week or n-th weekday of
the month, with ``weekdays`` and ``start_minute`` set as the services keep them) and its
``search_text`` built in Python from the generated fields. Only ids, term labels and the names
of one batch's facilities are held in memory, so the size does not matter.

Rows go in as plain multi-row INSERTs (``RETURNING id`` for the offers, ``executemany`` for the
rest): the ORM's per-field preparation cost four times as much as the data, and this is
generated benchmark data, not user work (no services, no audit).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterator
from itertools import islice

from django.db import connection
from django.utils import timezone

from verbund.areas.models import Area
from verbund.core.fulltext import document
from verbund.network.models import Organisation
from verbund.offers.choices import (
    LANGUAGE_LABELS,
    Admission,
    Cost,
    OfferFormat,
    OfferStatus,
    PlaceKind,
    ReviewState,
    ScheduleKind,
    Visibility,
)
from verbund.offers.models import Offer, OfferSchedule
from verbund.taxonomy.models import Term
from verbund.tenancy.models import Facility, FamilyCentre

# (title, summary, format, life phase keys, topic key, target group key or "", service kind)
TEMPLATES = [
    (
        "Hebammensprechstunde",
        "Fragen rund um Schwangerschaft und Geburt",
        "consultation_hours",
        ["pregnancy", "0-1"],
        "health",
        "expectant_parents",
        "health",
    ),
    (
        "Babymassage",
        "Berührung und Ruhe für Eltern und Babys",
        "course",
        ["0-1"],
        "health",
        "families",
        "sgb8_16",
    ),
    (
        "Eltern-Kind-Gruppe (1–3 Jahre)",
        "Spielen, Singen, Austausch",
        "group",
        ["1-3"],
        "parenting",
        "families",
        "sgb8_16",
    ),
    (
        "Sprachcafé Arabisch–Deutsch",
        "Deutsch sprechen bei Kaffee und Tee",
        "open_meeting",
        ["all"],
        "integration",
        "other_language",
        "integration",
    ),
    (
        "Vorbereitung auf die Schule",
        "Spielerisch fit für die Grundschule",
        "course",
        ["3-6"],
        "transitions",
        "children",
        "sgb8_22",
    ),
    (
        "Bewerbungstraining",
        "Lebenslauf, Anschreiben, Vorstellungsgespräch",
        "course",
        ["16-21"],
        "education",
        "youth",
        "sgb8_11",
    ),
    (
        "Väterfrühstück",
        "Offenes Frühstück für Väter und Kinder",
        "open_meeting",
        ["0-1", "1-3", "3-6"],
        "parenting",
        "families",
        "sgb8_16",
    ),
    (
        "Familienpatenschaften",
        "Ehrenamtliche begleiten Familien im Alltag",
        "home_visit",
        ["0-1", "1-3"],
        "parenting",
        "single_parents",
        "early_help",
    ),
    (
        "Schwimmkurs für Kinder",
        "Seepferdchen in zehn Terminen",
        "course",
        ["3-6", "6-10"],
        "health",
        "children",
        "club",
    ),
    (
        "Kochkurs für Väter",
        "Günstig und gesund kochen",
        "course",
        ["all"],
        "health",
        "low_income",
        "sgb8_16",
    ),
    (
        "Erziehungsberatung",
        "Vertrauliche Beratung bei Fragen der Erziehung",
        "counselling",
        ["all"],
        "parenting",
        "families",
        "sgb8_28",
    ),
    (
        "Hausaufgabenhilfe",
        "Unterstützung bei den Hausaufgaben",
        "group",
        ["6-10", "10-16"],
        "education",
        "children",
        "school",
    ),
    (
        "Offener Jugendtreff",
        "Freizeit, Gespräche, Projekte",
        "open_meeting",
        ["10-16", "16-21"],
        "participation",
        "youth",
        "sgb8_11",
    ),
    (
        "Sozialberatung",
        "Hilfe bei Anträgen, Bildungs- und Teilhabepaket",
        "consultation_hours",
        ["all"],
        "poverty",
        "low_income",
        "social_benefits",
    ),
    (
        "Krabbelgruppe",
        "Für Eltern mit Babys ab dem Krabbelalter",
        "group",
        ["0-1", "1-3"],
        "parenting",
        "families",
        "sgb8_16",
    ),
    (
        "Trennungs- und Scheidungsberatung",
        "Beratung für Eltern in Trennung",
        "counselling",
        ["all"],
        "parenting",
        "single_parents",
        "sgb8_17",
    ),
    (
        "Leseclub",
        "Vorlesen und Bücher entdecken",
        "group",
        ["6-10"],
        "education",
        "children",
        "club",
    ),
    (
        "Rückbildungsgymnastik",
        "Für Mütter nach der Geburt",
        "course",
        ["0-1"],
        "health",
        "families",
        "health",
    ),
]
TRANSITIONS = {
    "pregnancy": "birth", "0-1": "birth", "1-3": "kita_entry", "3-6": "school_entry",
    "6-10": "secondary_school", "16-21": "career_entry",
}  # fmt: skip
TIMES = [(9, 0, 11, 0), (10, 0, 11, 30), (14, 0, 16, 0), (15, 30, 17, 0), (17, 0, 19, 0)]
DAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
LANGUAGE_SETS = ["de", "de", "de", "de en", "de tr", "de ar", "de uk", "de ru", "de ar fa"]
STATUSES = [OfferStatus.ACTIVE] * 17 + [OfferStatus.PLANNED, OfferStatus.PAUSED, OfferStatus.ENDED]
COSTS = [Cost.FREE] * 6 + [Cost.REDUCED] * 2 + [Cost.FEE] * 2
START = datetime.date(2026, 1, 5)


def batched(iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _terms(municipality) -> dict[tuple[str, str], tuple[int, str, tuple]]:
    """(vocabulary, key) → (id, label, the order ``Offer.terms.all()`` lists it in)."""
    rows = Term.objects.filter(municipality=municipality).values_list(
        "pk", "vocabulary", "key", "label", "position"
    )
    return {
        (vocabulary, key): (pk, label, (vocabulary, position, pk))
        for pk, vocabulary, key, label, position in rows
    }


def _centre_leaves(centre_ids: list[int]) -> dict[int, int]:
    through = Area.centres.through
    rows = through.objects.filter(
        familycentre_id__in=centre_ids, area__level="3 Planungsraum"
    ).values_list("familycentre_id", "area_id")
    return dict(rows)


def create_offers(rng, municipality, count: int, batch: int) -> int:
    """``count`` offers spread evenly over the municipality's centres; returns rows made."""
    centre_names = dict(
        FamilyCentre.objects.filter(municipality=municipality)
        .order_by("pk")
        .values_list("pk", "name")
    )
    centre_ids = list(centre_names)
    if not centre_ids or count <= 0:
        return 0
    terms = _terms(municipality)
    organisations = list(
        Organisation.objects.filter(municipality=municipality).values_list("pk", "name")
    )
    leaves = list(
        Area.objects.filter(municipality=municipality, level="3 Planungsraum").values_list(
            "pk", flat=True
        )
    )
    per_centre, extra = divmod(count, len(centre_ids))
    now = timezone.now()
    tables = (RawTable(Offer, now), RawTable(OfferSchedule, now))
    made = 0
    centres_per_batch = max(1, batch // max(1, per_centre + 1))
    for chunk in batched(enumerate(centre_ids), centres_per_batch):
        ids = [centre_id for _, centre_id in chunk]
        facilities: dict[int, list[tuple[int, str, str, str, str]]] = {}
        for row in Facility.objects.filter(centre_id__in=ids).values_list(
            "centre_id", "pk", "name", "street", "postcode", "city"
        ):
            facilities.setdefault(row[0], []).append(row[1:])
        centre_leaf = _centre_leaves(ids) if leaves else {}
        wanted = [
            (centre_id, per_centre + (1 if position < extra else 0))
            for position, centre_id in chunk
        ]
        plan = [
            _offer(
                rng,
                municipality,
                centre_id,
                n,
                terms,
                organisations,
                facilities,
                centre_leaf,
                centre_names,
            )
            for centre_id, number in wanted
            for n in range(number)
        ]
        for part in batched(plan, batch):
            made += _write(rng, municipality.pk, part, leaves, tables)
    return made


class RawTable:
    """Plain INSERTs into one model's table with every column filled (defaults prepared once)."""

    def __init__(self, model, now):
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.table = connection.ops.quote_name(model._meta.db_table)
        self.pk = connection.ops.quote_name(model._meta.pk.column)
        self.attnames = [f.attname for f in fields]
        self.columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        self.defaults = {}
        for f in fields:
            timestamp = getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
            default = now if timestamp else f.get_default()
            self.defaults[f.attname] = f.get_db_prep_save(default, connection)
        self.placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
        # SQLite allows 32,766 variables per statement, PostgreSQL 65,535.
        self.rows_per_statement = max(1, 30000 // len(fields))

    def row(self, values: dict) -> tuple:
        defaults = self.defaults
        return tuple(values[a] if a in values else defaults[a] for a in self.attnames)

    def insert_returning(self, rows: list[tuple]) -> list[int]:
        ids: list[int] = []
        with connection.cursor() as wrapper:
            cursor = _plain(wrapper)
            for part in batched(rows, self.rows_per_statement):
                values = ", ".join([self.placeholder] * len(part))
                # Identifiers come from the model's meta, quoted; every value is a parameter.
                sql = (
                    f"INSERT INTO {self.table} ({self.columns}) VALUES {values} RETURNING {self.pk}"  # noqa: S608
                )
                cursor.execute(sql, [value for row in part for value in row])
                ids += [row[0] for row in cursor.fetchall()]
        return ids

    def insert(self, rows: list[tuple]) -> None:
        if rows:
            sql = f"INSERT INTO {self.table} ({self.columns}) VALUES {self.placeholder}"  # noqa: S608
            with connection.cursor() as wrapper:
                _plain(wrapper).executemany(sql, rows)


def _plain(wrapper):
    """The backend's cursor under Django's wrapper: with DEBUG on, the wrapper would keep every
    statement with its quoted parameters (half the time here). Django's SQLite cursor still
    turns ``%s`` into ``?``."""
    return wrapper.cursor


def _link_rows(through, left: str, right: str) -> str:
    quote = connection.ops.quote_name
    # Identifiers come from the model's meta, quoted; the values are parameters.
    return (
        f"INSERT INTO {quote(through._meta.db_table)} "  # noqa: S608
        f"({quote(through._meta.get_field(left).column)}, "
        f"{quote(through._meta.get_field(right).column)}) VALUES (%s, %s)"
    )


def _offer(
    rng, municipality, centre_id, n, terms, organisations, facilities, centre_leaf, centre_names
):
    title, summary, fmt, phases, topic, group, kind = rng.choice(TEMPLATES)
    chosen = [("life_phase", key) for key in phases[:2]]
    chosen.append(("topic", topic))
    if group and rng.random() < 0.8:
        chosen.append(("target_group", group))
    chosen.append(("service_kind", kind))
    transition = TRANSITIONS.get(phases[0])
    if transition and rng.random() < 0.3:
        chosen.append(("transition", transition))
    selected = [terms[pair] for pair in chosen if pair in terms][:5]
    term_rows = sorted(selected, key=lambda term: term[2])
    provider = rng.choice(organisations) if organisations and rng.random() < 0.6 else None
    place = facilities.get(centre_id) or []
    location = rng.choice(place) if place and fmt not in ("home_visit", "online") else None
    languages = rng.choice(LANGUAGE_SETS)
    cost = rng.choice(COSTS)
    if location:
        place_kind = PlaceKind.FACILITY
    else:
        place_kind = PlaceKind.OUTREACH if fmt == OfferFormat.HOME_VISIT else PlaceKind.ONLINE
    title = f"{title} {n + 1}" if n >= len(TEMPLATES) else title
    description = f"{summary}. Bitte bringen Sie gern Fragen mit."
    values = {
        "municipality_id": municipality.pk,
        "centre_id": centre_id,
        "provider_id": provider[0] if provider else None,
        "title": title,
        "summary": summary,
        "description": description,
        "format": fmt,
        "cost": cost,
        "cost_note": "30 € je Kurs, ermäßigt 10 €" if cost != Cost.FREE else "",
        "admission": Admission.REGISTRATION if fmt == OfferFormat.COURSE else Admission.OPEN,
        "languages": languages,
        "interpretation": rng.random() < 0.2,
        "step_free": rng.random() < 0.6,
        "childcare": rng.random() < 0.25,
        "place_kind": place_kind,
        "location_id": location[0] if location else None,
        "street": location[2] if location else "",
        "postcode": location[3] if location else "",
        "city": location[4] if location else "",
        "capacity": rng.choice([None, 8, 10, 12, 15, 20]),
        "contact_name": "Team des Familienzentrums",
        "status": rng.choice(STATUSES),
        "visibility": Visibility.PUBLIC if rng.random() < 0.85 else Visibility.INTERNAL,
        "review_state": ReviewState.APPROVED if rng.random() < 0.96 else ReviewState.SUBMITTED,
        "last_checked": connection.ops.adapt_datefield_value(
            START - datetime.timedelta(days=rng.randint(0, 700))
        ),
    }
    # The same document verbund.offers.text.search_text_for builds from the saved offer.
    parts = [summary, description]
    if provider:
        parts.append(provider[1])
    if location:
        parts.append(location[1])
    parts.append(centre_names.get(centre_id, ""))
    if location:
        parts += [location[2], location[4]]
    parts += [label for _, label, _ in term_rows]
    parts.append(_language_text(languages))
    values["search_text"] = document(title, " ".join(part for part in parts if part))
    leaf = centre_leaf.get(centre_id)
    return values, [pk for pk, _, _ in term_rows], [leaf] if leaf else []


@functools.cache
def _language_text(languages: str) -> str:
    return " ".join(str(LANGUAGE_LABELS.get(c, c)) for c in languages.split())


def _schedule(rng, municipality_id, offer_id) -> dict:
    roll = rng.random()
    if roll < 0.06:
        return {
            "municipality_id": municipality_id,
            "offer_id": offer_id,
            "kind": ScheduleKind.ON_REQUEST,
            "note": "nach Vereinbarung",
        }
    h1, m1, h2, m2 = rng.choice(TIMES)
    day = rng.randrange(5) if rng.random() < 0.92 else rng.randrange(5, 7)
    start_date = START + datetime.timedelta(days=day + 7 * rng.randrange(10))
    if roll < 0.7:
        rule = f"FREQ=WEEKLY;BYDAY={DAY_CODES[day]}"
    elif roll < 0.85:
        rule = f"FREQ=WEEKLY;INTERVAL=2;BYDAY={DAY_CODES[day]}"
    else:
        rule = f"FREQ=MONTHLY;BYDAY={rng.randint(1, 4)}{DAY_CODES[day]}"
    # Every series ends (a rule without an end is refused by the services).
    until = start_date + datetime.timedelta(days=rng.randint(60, 400))
    rule += f";UNTIL={until:%Y%m%d}"
    ops = connection.ops
    return {
        "municipality_id": municipality_id,
        "offer_id": offer_id,
        "kind": ScheduleKind.SERIES,
        "start_date": ops.adapt_datefield_value(start_date),
        "start_time": ops.adapt_timefield_value(datetime.time(h1, m1)),
        "end_time": ops.adapt_timefield_value(datetime.time(h2, m2)),
        "rrule": rule,
        "until": ops.adapt_datefield_value(until),
        "skip_school_holidays": rng.random() < 0.3,
        "weekdays": 1 << day,
        "start_minute": h1 * 60 + m1,
    }


def _write(rng, municipality_id, plan, leaves, tables) -> int:
    offer_table, schedule_table = tables
    ids = offer_table.insert_returning([offer_table.row(values) for values, _, _ in plan])
    with connection.cursor() as wrapper:
        cursor = _plain(wrapper)
        cursor.executemany(
            _link_rows(Offer.terms.through, "offer", "term"),
            [
                (offer_id, term_id)
                for offer_id, (_, term_ids, _) in zip(ids, plan, strict=True)
                for term_id in term_ids
            ],
        )
        if leaves:
            rows = []
            for offer_id, (_, _, areas) in zip(ids, plan, strict=True):
                served = set(areas)
                if not served or rng.random() < 0.3:
                    served.add(rng.choice(leaves))
                rows += [(offer_id, area_id) for area_id in served]
            cursor.executemany(_link_rows(Offer.areas_served.through, "offer", "area"), rows)
    schedule_table.insert(
        [
            schedule_table.row(_schedule(rng, municipality_id, offer_id))
            for offer_id in ids
            for _ in range(1 if rng.random() < 0.7 else 2)
        ]
    )
    return len(ids)
