"""Needs and need rules take their life phase, topic and target group from the shared
taxonomy (``taxonomy.Term``) instead of fixed choices.

Every stored key maps to the term with the same key in the row's municipality (the default
terms carry exactly the old keys). A key the municipality lacks gets a term of its own (label =
the old German label when known, else the key), so no value is lost. Reversible: going back
writes each term's key into the restored text column.
"""

import django.db.models.deletion
from django.db import migrations, models

FIELDS = ("life_phase", "topic", "target_group")
MODELS = ("need", "needrule")

# The labels of the fixed choices before the taxonomy existed (for a key the defaults lack).
OLD_LABELS = {
    "life_phase": {
        "pregnancy": "Schwangerschaft",
        "0-1": "0–1 Jahre",
        "1-3": "1–3 Jahre",
        "3-6": "3–6 Jahre",
        "6-10": "6–10 Jahre (Grundschule)",
        "10-16": "10–16 Jahre (Sekundarstufe I)",
        "16-21": "16–21 Jahre (Übergang Schule–Beruf)",
        "all": "alle Lebensphasen",
    },
    "topic": {
        "education": "Bildung und Sprache",
        "health": "Gesundheit und Bewegung",
        "parenting": "Erziehung und Elternberatung",
        "childcare": "Kinderbetreuung",
        "poverty": "Armut und materielle Lage",
        "participation": "Teilhabe und Freizeit",
        "transitions": "Übergänge",
        "work_life": "Vereinbarkeit von Familie und Beruf",
        "integration": "Ankommen und Integration",
    },
    "target_group": {
        "families": "Familien allgemein",
        "expectant_parents": "werdende Eltern",
        "single_parents": "Alleinerziehende",
        "refugees": "Familien mit Fluchterfahrung",
        "other_language": "Familien mit anderer Familiensprache",
        "low_income": "Familien mit geringem Einkommen",
        "working_parents": "berufstätige Eltern",
        "children": "Kinder",
        "youth": "Jugendliche",
        "disability": "Familien mit Kindern mit Behinderung",
    },
}


def keys_to_terms(apps, schema_editor):
    Term = apps.get_model("taxonomy", "Term")
    cache: dict[tuple[int, str, str], int] = {
        (municipality_id, vocabulary, key): pk
        for pk, municipality_id, vocabulary, key in Term._base_manager.values_list(
            "pk", "municipality_id", "vocabulary", "key"
        )
    }

    def term_id(municipality_id: int, vocabulary: str, key: str) -> int:
        found = cache.get((municipality_id, vocabulary, key))
        if found is None:
            position = (
                Term._base_manager.filter(
                    municipality_id=municipality_id, vocabulary=vocabulary
                ).count()
                + 100
            )
            found = Term._base_manager.create(
                municipality_id=municipality_id,
                vocabulary=vocabulary,
                key=key[:40],
                label=OLD_LABELS[vocabulary].get(key, key)[:120],
                position=position,
            ).pk
            cache[(municipality_id, vocabulary, key)] = found
        return found

    for model_name in MODELS:
        Model = apps.get_model("analysis", model_name)
        rows = Model._base_manager.values_list(
            "pk", "municipality_id", *(f"{name}_key" for name in FIELDS)
        )
        for pk, municipality_id, *keys in rows.iterator():
            values = {
                f"{name}_id": term_id(municipality_id, name, key or default)
                for name, key, default in zip(
                    FIELDS, keys, ("all", "families", "families"), strict=True
                )
            }
            Model._base_manager.filter(pk=pk).update(**values)


def terms_to_keys(apps, schema_editor):
    Term = apps.get_model("taxonomy", "Term")
    keys = dict(Term._base_manager.values_list("pk", "key"))
    for model_name in MODELS:
        Model = apps.get_model("analysis", model_name)
        rows = Model._base_manager.values_list("pk", *(f"{name}_id" for name in FIELDS))
        for pk, *ids in rows.iterator():
            Model._base_manager.filter(pk=pk).update(
                **{
                    f"{name}_key": keys.get(term_id, "")
                    for name, term_id in zip(FIELDS, ids, strict=True)
                }
            )


def _term_field(vocabulary, label, null):
    return models.ForeignKey(
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary": vocabulary},
        to="taxonomy.term",
        verbose_name=label,
    )


LABELS = {"life_phase": "Lebensphase", "topic": "Thema", "target_group": "Zielgruppe"}
MAX_LENGTH = {"life_phase": 12, "topic": 20, "target_group": 30}


def add_term_columns():
    ops = []
    for model_name in MODELS:
        for name in FIELDS:
            ops += [
                migrations.RenameField(model_name, name, f"{name}_key"),
                # A default, so the column can be restored when migrating backwards.
                migrations.AlterField(
                    model_name,
                    f"{name}_key",
                    models.CharField(max_length=MAX_LENGTH[name], blank=True, default=""),
                ),
                migrations.AddField(model_name, name, _term_field(name, LABELS[name], True)),
            ]
    return ops


def drop_key_columns():
    """Own migration: PostgreSQL refuses ALTER TABLE with the fill's deferred FK checks
    pending in the same transaction."""
    ops = []
    for model_name in MODELS:
        for name in FIELDS:
            ops += [
                migrations.AlterField(model_name, name, _term_field(name, LABELS[name], False)),
                migrations.RemoveField(model_name, f"{name}_key"),
            ]
    return ops


class Migration(migrations.Migration):
    dependencies = [
        ("analysis", "0002_needevidence_observation"),
        ("taxonomy", "0002_seed_default_terms"),
    ]

    operations = add_term_columns()
