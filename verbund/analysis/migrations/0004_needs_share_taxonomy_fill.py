"""Map each stored key to its term (see 0003)."""

import importlib

from django.db import migrations

step = importlib.import_module("verbund.analysis.migrations.0003_needs_share_taxonomy")


class Migration(migrations.Migration):
    dependencies = [("analysis", "0003_needs_share_taxonomy")]

    operations = [migrations.RunPython(step.keys_to_terms, step.terms_to_keys)]
