"""PostgreSQL: stored generated columns ``search_vector`` (the tsvector of ``search_text``, now
carrying the GIN index) and ``search_title_vector`` (of its title line), so that a search reads
the vectors instead of parsing every candidate offer's text (``verbund.core.fulltext``). Not
model fields: the database fills them on every write. Nothing changes on SQLite (FTS5)."""

from dataclasses import replace

from django.db import migrations

from verbund.core.fulltext import FullTextIndex

INDEX = FullTextIndex(
    table="offers_offer",
    column="search_text",
    partition="municipality_id",
    title_vector="search_title_vector",
    vector="search_vector",
)
BEFORE = replace(INDEX, title_vector="", vector="")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    BEFORE.drop(schema_editor.connection)  # the GIN index over the expression
    INDEX.ensure(schema_editor.connection)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    INDEX.drop(schema_editor.connection, title_vector=True)
    BEFORE.ensure(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("offers", "0008_offer_list_order_index")]

    operations = [migrations.RunPython(forwards, backwards)]
