"""Seed the default terms for every municipality that exists already.

New municipalities get them from a post_save signal (verbund.taxonomy.signals)."""

from django.db import migrations


def seed(apps, schema_editor):
    from verbund.taxonomy.defaults import default_terms

    Municipality = apps.get_model("tenancy", "Municipality")
    Term = apps.get_model("taxonomy", "Term")
    for municipality in Municipality.objects.all():
        existing = set(
            Term._base_manager.filter(municipality=municipality).values_list("vocabulary", "key")
        )
        Term._base_manager.bulk_create(
            [
                Term(municipality=municipality, **data)
                for data in default_terms()
                if (data["vocabulary"], data["key"]) not in existing
            ]
        )


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial"), ("tenancy", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
