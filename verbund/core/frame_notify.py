"""The triggers that announce changes on the channel ``verbund_frame`` (PostgreSQL), for the
migrations that add them: ``core.0005`` the function and the cache versions' trigger, each app
the trigger of a table it owns. What a web process keeps and how a notice drops it:
``verbund.core.session_cache``."""

from __future__ import annotations

CHANNEL = "verbund_frame"
FUNCTION = "verbund_frame_rows_changed"


def create_function(schema_editor) -> None:
    """A row's key before and after the change (an insert has no before, a delete no after;
    the same notice twice in one transaction is delivered once); a truncation: ``*``."""
    schema_editor.execute(
        f"""
        CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_LEVEL = 'STATEMENT' THEN
                PERFORM pg_notify('{CHANNEL}', '*');
                RETURN NULL;
            END IF;
            IF TG_OP <> 'INSERT' THEN
                PERFORM pg_notify('{CHANNEL}', TG_ARGV[0] || (to_jsonb(OLD) ->> TG_ARGV[1]));
            END IF;
            IF TG_OP <> 'DELETE' THEN
                PERFORM pg_notify('{CHANNEL}', TG_ARGV[0] || (to_jsonb(NEW) ->> TG_ARGV[1]));
            END IF;
            RETURN NULL;
        END $$
        """
    )


def drop_function(schema_editor) -> None:
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


def add_triggers(schema_editor, table: str, kind: str, column: str) -> None:
    """Announce every insert, update and delete of ``table``'s rows as ``kind`` + ``column``'s
    value, and a truncation as ``*``."""
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    schema_editor.execute(
        f"CREATE TRIGGER verbund_frame_values AFTER INSERT OR UPDATE OR DELETE ON {quote(table)}"
        f" FOR EACH ROW EXECUTE FUNCTION {FUNCTION}('{kind}', '{column}')"
    )
    schema_editor.execute(
        f"CREATE TRIGGER verbund_frame_values_truncate AFTER TRUNCATE ON {quote(table)}"
        f" FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
    )


def drop_triggers(schema_editor, table: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for trigger in ("verbund_frame_values", "verbund_frame_values_truncate"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {quote(table)}")
