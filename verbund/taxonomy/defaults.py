"""The terms every municipality starts with.

The keys of life phases, topics and target groups are the values the needs (``analysis``) stored
before the taxonomy existed, so the needs migrate to terms without loss. Keys never change;
labels, descriptions, order and the active flag are the municipality's to edit.
"""

from django.utils.translation import gettext_lazy as _

from .vocabulary import Vocabulary

# (key, label, description, min_age_months, max_age_months)
LIFE_PHASES = [
    ("pregnancy", _("Schwangerschaft"), "", -9, 0),
    ("0-1", _("0–1 Jahre"), "", 0, 12),
    ("1-3", _("1–3 Jahre"), "", 12, 36),
    ("3-6", _("3–6 Jahre"), "", 36, 72),
    ("6-10", _("6–10 Jahre (Grundschule)"), "", 72, 120),
    ("10-16", _("10–16 Jahre (Sekundarstufe I)"), "", 120, 192),
    ("16-21", _("16–21 Jahre (Übergang Schule–Beruf)"), "", 192, 252),
    ("all", _("alle Lebensphasen"), _("Gilt für Familien mit Kindern jeden Alters."), None, None),
]

TRANSITIONS = [
    ("birth", _("Geburt"), _("Von der Schwangerschaft in die ersten Lebensmonate")),
    ("kita_entry", _("Kita-Eintritt"), _("Aus der Familie in Krippe, Kita oder Tagespflege")),
    ("school_entry", _("Schuleintritt"), _("Von der Kita in die Grundschule")),
    ("secondary_school", _("weiterführende Schule"), _("Von der Grundschule in Klasse 5")),
    ("career_entry", _("Übergang in den Beruf"), _("Von der Schule in Ausbildung und Beruf")),
]

TOPICS = [
    ("education", _("Bildung und Sprache")),
    ("health", _("Gesundheit und Bewegung")),
    ("parenting", _("Erziehung und Elternberatung")),
    ("childcare", _("Kinderbetreuung")),
    ("poverty", _("Armut und materielle Lage")),
    ("participation", _("Teilhabe und Freizeit")),
    ("transitions", _("Übergänge")),
    ("work_life", _("Vereinbarkeit von Familie und Beruf")),
    ("integration", _("Ankommen und Integration")),
]

TARGET_GROUPS = [
    ("families", _("Familien allgemein")),
    ("expectant_parents", _("werdende Eltern")),
    ("single_parents", _("Alleinerziehende")),
    ("refugees", _("Familien mit Fluchterfahrung")),
    ("other_language", _("Familien mit anderer Familiensprache")),
    ("low_income", _("Familien mit geringem Einkommen")),
    ("working_parents", _("berufstätige Eltern")),
    ("children", _("Kinder")),
    ("youth", _("Jugendliche")),
    ("disability", _("Familien mit Kindern mit Behinderung")),
]

# Kind of service and its legal basis: what makes silos visible.
SERVICE_KINDS = [
    ("sgb8_11", _("Jugendarbeit (SGB VIII § 11)"), ""),
    ("sgb8_16", _("Allgemeine Förderung der Erziehung in der Familie (SGB VIII § 16)"), ""),
    ("sgb8_17", _("Beratung in Fragen der Partnerschaft, Trennung und Scheidung (§ 17)"), ""),
    ("sgb8_18", _("Beratung und Unterstützung bei Sorge und Umgang (SGB VIII § 18)"), ""),
    ("sgb8_22", _("Kindertagesbetreuung (SGB VIII §§ 22 ff.)"), ""),
    ("sgb8_28", _("Erziehungsberatung (SGB VIII § 28)"), ""),
    ("early_help", _("Frühe Hilfen"), _("Bundesstiftung Frühe Hilfen, KKG")),
    ("health", _("Gesundheit (SGB V, ÖGD)"), ""),
    ("school", _("Schule"), ""),
    ("club", _("Verein und Ehrenamt"), ""),
    ("social_benefits", _("Soziale Leistungen (SGB II, SGB XII, BuT)"), ""),
    ("integration", _("Integration und Migration"), ""),
    ("other", _("Sonstiges"), ""),
]


def default_terms() -> list[dict]:
    """Every default term as model field values, in display order per vocabulary."""
    rows: list[dict] = []
    for position, (key, label, description, min_age, max_age) in enumerate(LIFE_PHASES):
        rows.append(
            {
                "vocabulary": Vocabulary.LIFE_PHASE,
                "key": key,
                "label": str(label),
                "description": str(description),
                "position": position,
                "min_age_months": min_age,
                "max_age_months": max_age,
            }
        )
    plain = [(Vocabulary.TOPIC, TOPICS), (Vocabulary.TARGET_GROUP, TARGET_GROUPS)]
    described = [(Vocabulary.TRANSITION, TRANSITIONS), (Vocabulary.SERVICE_KIND, SERVICE_KINDS)]
    for vocabulary, entries in plain:
        for position, (key, label) in enumerate(entries):
            rows.append(
                {"vocabulary": vocabulary, "key": key, "label": str(label), "position": position}
            )
    for vocabulary, entries in described:
        for position, (key, label, description) in enumerate(entries):
            rows.append(
                {
                    "vocabulary": vocabulary,
                    "key": key,
                    "label": str(label),
                    "description": str(description),
                    "position": position,
                }
            )
    return rows
