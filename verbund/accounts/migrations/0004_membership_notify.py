"""PostgreSQL: inserts, updates and deletes of memberships are announced on the channel
``verbund_frame`` (``verbund.core.session_cache``): a web process keeps what it read of them
until then. SQLite: nothing."""

from django.db import migrations

from verbund.core import frame_notify


def create(apps, schema_editor):
    table = apps.get_model("accounts", "Membership")._meta.db_table
    frame_notify.add_triggers(schema_editor, table, "m", "user_id")


def drop(apps, schema_editor):
    frame_notify.drop_triggers(schema_editor, apps.get_model("accounts", "Membership")._meta.db_table)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_remove_membership_membership_scope_matches_role_and_more"), ("core", "0005_frame_notify_values")]

    operations = [migrations.RunPython(create, drop)]
