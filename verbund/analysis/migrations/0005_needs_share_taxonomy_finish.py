"""Terms required, old key columns gone (see 0003)."""

import importlib

from django.db import migrations

step = importlib.import_module("verbund.analysis.migrations.0003_needs_share_taxonomy")


class Migration(migrations.Migration):
    dependencies = [("analysis", "0004_needs_share_taxonomy_fill")]

    operations = step.drop_key_columns()
