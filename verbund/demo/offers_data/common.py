"""Shared pieces of the demo offers: places, contacts, providers, the entry builder."""

from __future__ import annotations

CENTRE_AREAS = {
    "nordstadt": ["Nordstadt", "Westerhöhe"],
    "muehlbach": ["Lerchenfeld", "Am Mühlbach"],
    "altstadt": ["Altstadt"],
    "suedfeld": ["Südfeld", "Bruchhausen"],
}
CITY = [
    "Nordstadt",
    "Lerchenfeld",
    "Heidkamp",
    "Westerhöhe",
    "Altstadt",
    "Am Mühlbach",
    "Südfeld",
    "Bruchhausen",
]
# Where each centre's own offers take place (its main house).
CENTRE_HOUSE = {
    "nordstadt": "Kita Sonnenblume",
    "muehlbach": "Kath. Kita St. Elisabeth",
    "altstadt": "Städtische Kita Marktplatz",
    "suedfeld": "Ev. Kita Arche Noah",
}
CENTRE_CONTACT = {
    slug: (f"Team des {name}", f"fz-{slug}@example.org", f"02171 4880-{n}0")
    for n, (slug, name) in enumerate(
        [
            ("nordstadt", "Familienzentrums Nordstadt"),
            ("muehlbach", "Familienzentrums Am Mühlbach"),
            ("altstadt", "Städtischen Familienzentrums Altstadt"),
            ("suedfeld", "Ev. Familienzentrums Südfeld"),
        ],
        start=1,
    )
}

PARTNER_ORGANISATION = "Erziehungs- und Familienberatungsstelle Nord"
# Titles of the offer awaiting approval and of the one not confirmed for a long time.
AWAITING_APPROVAL = "Gruppe für Kinder aus Trennungsfamilien"
LONG_UNCHECKED = "Spielplatzpaten – Spielenachmittag im Park"
GERMAN_FOR_MOTHERS = "Deutschkurs für Mütter mit Kinderbetreuung"
DUPLICATES = [
    (GERMAN_FOR_MOTHERS, "Deutsch lernen für Mütter – mit Kinderbetreuung"),
    ("Stillcafé", "Stilltreff für junge Mütter"),
]
GAPS = [("Am Mühlbach", "life_phase", "10-16"), ("Nordstadt", "transition", "career_entry")]
NEEDS = [
    {
        "centre": "nordstadt",
        "area": "Nordstadt",
        "title": "Begleitung junger Menschen in Ausbildung und Beruf",
        "description": "Die Schulsozialarbeit berichtet, dass viele Jugendliche der Nordstadt "
        "ohne Anschluss die Schule verlassen; im Stadtteil gibt es kein Angebot zur "
        "Berufsorientierung, das Jobcenter ist für viele Familien zu weit weg.",
        "target_group": "youth",
        "life_phase": "16-21",
        "topic": "transitions",
        "priority": "high",
        "status": "confirmed",
    },
    {
        "centre": "muehlbach",
        "area": "Am Mühlbach",
        "title": "Treffpunkt für Jugendliche im Mühlbachviertel",
        "description": "Seit der Schließung des Jugendtreffs gibt es für 10- bis 16-Jährige im "
        "Viertel keinen Ort am Nachmittag; Eltern und Schule fragen danach.",
        "target_group": "youth",
        "life_phase": "10-16",
        "topic": "participation",
        "priority": "medium",
        "status": "confirmed",
    },
]


def o(title, centre, phases, topics, fmt, when, **extra) -> dict:
    """One offer; ``extra`` may set summary, provider, at (facility), address, online, groups,
    kinds, transitions, areas, cost, cost_note, admission, languages, contact, capacity,
    childcare, interpretation, status, visibility, review_state, funding."""
    return {
        "title": title,
        "centre": centre,
        "phases": phases,
        "topics": topics,
        "format": fmt,
        "when": [when] if isinstance(when, str) else when,
        **extra,
    }


FBS = "Familienbildungsstätte Lindenhagen"
EFB = PARTNER_ORGANISATION
HEB = "Hebammenpraxis Storchennest"
GA = "Gesundheitsamt – Kinder- und Jugendgesundheitsdienst"
BRUECKE = "Brücke e. V. – Migrantenselbstorganisation"
JOB = "Jobcenter Lindenhagen"
ASD = "Jugendamt Lindenhagen – ASD Bezirk Nord"
BIB = "Stadtteilbibliothek Nordstadt"
TUS = "TuS Nordstadt 1921 e. V."
SVM = "SV Mühlbach 1908 e. V."
DELPHIN = "Schwimmverein Delphin Lindenhagen e. V."
MUSIK = "Musikschule Lindenhagen"
DONUM = "Schwangerschaftsberatung donum vitae"
MIGRA = "Migrationsberatung für Familien"
SUEDPOL = "Jugendzentrum Südpol"
TAFEL = "Tafel Lindenhagen e. V."
GESAMT = "Gesamtschule Lindenhagen-Mitte"
DITIB = "DITIB-Moscheegemeinde Lindenhagen"
EFB_CONTACT = ("Beratungsteam Nord", "efb-nord@example.org", "02171 4880-60")
HALLENBAD = ("Hallenbad Lindenhagen, Badstraße 4", "Badstraße 4", "51065")
