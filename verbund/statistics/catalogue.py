"""The default indicator catalogue every municipality starts with.

Keys are stable identifiers (saved import mappings refer to them); names, units and definitions
may be edited by each municipality afterwards, seeding never overwrites them.
"""

from __future__ import annotations

SOURCE_REGISTER = "Einwohnermelderegister (kommunale Statistikstelle)"
SOURCE_BA = "Statistik der Bundesagentur für Arbeit"
SOURCE_SEU = "Schuleingangsuntersuchung (Kinder- und Jugendgesundheitsdienst)"

# key, name, unit, kind, higher_means_more_need, topic, source, definition
DEFAULT_INDICATORS: list[tuple[str, str, str, str, bool | None, str, str, str]] = [
    (
        "population",
        "Einwohnerinnen und Einwohner",
        "Personen",
        "count",
        None,
        "Bevölkerung",
        SOURCE_REGISTER,
        "Personen mit Hauptwohnsitz im Gebiet am 31. Dezember des Jahres.",
    ),
    *[
        (
            f"children_{low}_{high}_share",
            f"Anteil der {low}- bis unter {high}-Jährigen",
            "%",
            "share",
            None,
            "Bevölkerung",
            SOURCE_REGISTER,
            f"Personen im Alter von {low} bis unter {high} Jahren in Prozent aller "
            f"Einwohnerinnen und Einwohner des Gebiets ({phase}).",
        )
        for low, high, phase in [
            (0, 3, "Krippenalter"),
            (3, 6, "Kindergartenalter"),
            (6, 10, "Grundschulalter"),
            (10, 16, "Sekundarstufe I"),
            (16, 21, "Übergang Schule–Beruf"),
        ]
    ],
    (
        "household_size",
        "Durchschnittliche Haushaltsgröße",
        "Personen je Haushalt",
        "mean",
        None,
        "Haushalte und Familien",
        SOURCE_REGISTER,
        "Einwohnerinnen und Einwohner in Privathaushalten geteilt durch die Zahl der "
        "Haushalte (Haushaltegenerierung aus dem Melderegister).",
    ),
    (
        "single_parent_households_share",
        "Anteil Alleinerziehender",
        "%",
        "share",
        True,
        "Haushalte und Familien",
        SOURCE_REGISTER,
        "Haushalte von Alleinerziehenden mit Kindern unter 18 Jahren in Prozent aller "
        "Haushalte mit Kindern unter 18 Jahren.",
    ),
    (
        "migration_background_share",
        "Anteil mit Migrationshintergrund",
        "%",
        "share",
        None,
        "Migration",
        SOURCE_REGISTER,
        "Ausländerinnen und Ausländer sowie Deutsche mit Migrationshintergrund in Prozent "
        "aller Einwohnerinnen und Einwohner. Kontextindikator: Hinweis auf Bedarf an "
        "mehrsprachigen Angeboten, kein Belastungsmerkmal.",
    ),
    (
        "unemployment_share",
        "Arbeitslosenanteil",
        "%",
        "share",
        True,
        "Arbeit und soziale Lage",
        SOURCE_BA,
        "Arbeitslose nach SGB II und SGB III in Prozent der Einwohnerinnen und Einwohner "
        "im Alter von 15 bis unter 65 Jahren.",
    ),
    (
        "sgb2_share",
        "Anteil Leistungsberechtigter nach SGB II",
        "%",
        "share",
        True,
        "Arbeit und soziale Lage",
        SOURCE_BA,
        "Leistungsberechtigte nach SGB II (Bürgergeld) in Prozent der Einwohnerinnen und "
        "Einwohner unter 65 Jahren.",
    ),
    (
        "child_poverty_share",
        "Kinderarmut (SGB II unter 15 Jahren)",
        "%",
        "share",
        True,
        "Arbeit und soziale Lage",
        SOURCE_BA,
        "Nicht erwerbsfähige Leistungsberechtigte nach SGB II unter 15 Jahren in Prozent "
        "aller Einwohnerinnen und Einwohner unter 15 Jahren.",
    ),
    (
        "school_entry_language_support_share",
        "Sprachförderbedarf bei der Einschulung",
        "%",
        "share",
        True,
        "Schuleingangsuntersuchung",
        SOURCE_SEU,
        "Untersuchte Kinder mit Sprachförderbedarf (Befund oder in Behandlung) in Prozent "
        "aller untersuchten Kinder des Einschulungsjahrgangs.",
    ),
    (
        "school_entry_overweight_share",
        "Übergewicht bei der Einschulung",
        "%",
        "share",
        True,
        "Schuleingangsuntersuchung",
        SOURCE_SEU,
        "Untersuchte Kinder mit Übergewicht einschließlich Adipositas (BMI über dem "
        "90. Perzentil nach Kromeyer-Hauschild) in Prozent aller untersuchten Kinder.",
    ),
    (
        "school_entry_motor_skills_share",
        "Auffällige Motorik bei der Einschulung",
        "%",
        "share",
        True,
        "Schuleingangsuntersuchung",
        SOURCE_SEU,
        "Untersuchte Kinder mit auffälligem Befund der Körperkoordination (Grobmotorik) in "
        "Prozent aller untersuchten Kinder.",
    ),
]

FIELDS = (
    "key",
    "name",
    "unit",
    "kind",
    "higher_means_more_need",
    "topic",
    "source",
    "definition",
)


def default_indicators() -> list[dict]:
    return [dict(zip(FIELDS, row, strict=True)) for row in DEFAULT_INDICATORS]
