"""Seed the default indicator catalogue for every municipality that exists already.

New municipalities get it from a post_save signal (verbund.statistics.signals)."""

from django.db import migrations


def seed(apps, schema_editor):
    from verbund.statistics.catalogue import default_indicators

    Municipality = apps.get_model("tenancy", "Municipality")
    Indicator = apps.get_model("statistics", "Indicator")
    for municipality in Municipality.objects.all():
        existing = set(
            Indicator._base_manager.filter(municipality=municipality).values_list("key", flat=True)
        )
        Indicator._base_manager.bulk_create(
            [
                Indicator(municipality=municipality, **data)
                for data in default_indicators()
                if data["key"] not in existing
            ]
        )


class Migration(migrations.Migration):

    dependencies = [
        ("statistics", "0002_import_mapping_and_runs"),
        ("tenancy", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
