"""PostgreSQL: a stored generated column ``search_title_vector`` (the tsvector of the title
line of ``search_text``), read by the archive search to put title matches first instead of
parsing every hit's title per query. Not a model field: the database fills it on every write.
Nothing on SQLite (FTS5 keeps the title in a column of its own)."""

from dataclasses import replace

from django.db import migrations

from verbund.core.fulltext import FullTextIndex

INDEX = FullTextIndex(
    table="documents_document",
    column="search_text",
    partition="municipality_id",
    title_vector="search_title_vector",
)


def forwards(apps, schema_editor):
    INDEX.ensure(schema_editor.connection)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Drops the column and the index; the index alone comes back.
    INDEX.drop(schema_editor.connection, title_vector=True)
    replace(INDEX, title_vector="").ensure(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_document_date_index")]

    operations = [migrations.RunPython(forwards, backwards)]
