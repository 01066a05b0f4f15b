"""PostgreSQL: inserts, updates and deletes of cache versions are announced on the channel
``verbund_frame`` (``verbund.core.session_cache``), with the trigger function the apps' own
migrations use for their tables (``verbund.core.frame_notify``). SQLite: nothing."""

from django.db import migrations

from verbund.core import frame_notify


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    frame_notify.create_function(schema_editor)
    table = apps.get_model("core", "CacheVersion")._meta.db_table
    frame_notify.add_triggers(schema_editor, table, "v", "key")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    frame_notify.drop_triggers(schema_editor, apps.get_model("core", "CacheVersion")._meta.db_table)
    frame_notify.drop_function(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_frame_notify")]

    operations = [migrations.RunPython(create, drop)]
