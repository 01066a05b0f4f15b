"""PostgreSQL: a change to a session or user row is announced on the channel
``verbund_frame`` (``verbund.core.session_cache``), so that a web process may keep what it read
until the database says it changed. SQLite: nothing."""

from django.conf import settings
from django.db import migrations

CHANNEL = "verbund_frame"


def _tables(apps):
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    session_model = apps.get_model("sessions", "Session")
    return [
        (session_model._meta.db_table, "s", "session_key"),
        (user_model._meta.db_table, "u", user_model._meta.pk.column),
    ]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    schema_editor.execute(
        f"""
        CREATE OR REPLACE FUNCTION verbund_frame_changed() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_LEVEL = 'STATEMENT' THEN
                PERFORM pg_notify('{CHANNEL}', '*');
            ELSE
                PERFORM pg_notify('{CHANNEL}', TG_ARGV[0] || (to_jsonb(OLD) ->> TG_ARGV[1]));
            END IF;
            RETURN NULL;
        END $$
        """
    )
    for table, kind, column in _tables(apps):
        schema_editor.execute(
            f"CREATE TRIGGER verbund_frame_row AFTER UPDATE OR DELETE ON {quote(table)}"
            f" FOR EACH ROW EXECUTE FUNCTION verbund_frame_changed('{kind}', '{column}')"
        )
        schema_editor.execute(
            f"CREATE TRIGGER verbund_frame_truncate AFTER TRUNCATE ON {quote(table)}"
            " FOR EACH STATEMENT EXECUTE FUNCTION verbund_frame_changed()"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for table, _kind, _column in _tables(apps):
        for trigger in ("verbund_frame_row", "verbund_frame_truncate"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {quote(table)}")
    schema_editor.execute("DROP FUNCTION IF EXISTS verbund_frame_changed()")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_cache_version"),
        ("sessions", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(create, drop)]
