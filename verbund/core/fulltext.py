"""German full-text search on SQLite (FTS5) and PostgreSQL (GIN over a ``simple`` tsvector)
behind one interface, with the same results on both.

The database never stems or folds: the text is prepared in Python, the same way for documents
and queries, so both engines compare identical tokens.

- ``document(title, body)`` is what a model keeps in its text column: the folded words of the
  title, then a line break, then those of the body. Each line also carries the light stem of
  every word (Snowball's German stemmer on the folded word: ``vaeter`` → ``vat``,
  ``schwimmkurse`` → ``schwimmkurs``) and hyphenated compounds written together
  (``eltern-kind-gruppe`` → ``elternkindgruppe``), and the tails of long words, where German
  compounds keep their head (``babyschwimmen`` → ``schwimmen``, ``familienberatung`` →
  ``beratung``).
- A query word matches a token that *starts* with the word or with its stem (prefix match):
  "Schwimmkurs" finds "Schwimmkurse", "kochen" (stem ``koch``) finds "Kochkurs", "Vater"
  (stem ``vat``) finds "Väter", "KÖPENICK" finds "Köpenick" and "Kopenick". Every query word
  must match (AND); the title line is kept apart for ranking (title matches first).
- ``FullTextIndex`` creates the index in a migration (``operation()``) and after every
  ``migrate`` checks it is still there (SQLite drops a table's triggers when a later migration
  rebuilds the table; ``ensure`` recreates them and refills the index).

SQLite keeps an FTS5 table ``<table>_fts`` (columns ``title`` and ``body``, row id = primary
key) filled by triggers. PostgreSQL keeps a GIN index on ``to_tsvector('simple', column)``; with
``title_vector`` also a stored generated column of that name holding the title line's tsvector,
so that ranking (title matches first) reads a column instead of parsing every hit's title at
query time (3,825 hits: 48 ms of SQL parsing them, 6 ms reading it); with ``vector`` likewise
the whole text's tsvector, the GIN index then built on that column. Without it, PostgreSQL
often filters the rows found by another index (the offer facets) by parsing each row's text
(2,576 offers: 190 ms; reading the stored vectors: 17 ms). The database fills it on
every write (services, ``update()``, bulk inserts); Django does not know the column, so a
migration that changes the text column's type on PostgreSQL must drop it first
(``drop(title_vector=True)``, ``ensure`` afterwards).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from django.db import connection as default_connection
from django.db import migrations
from django.db.models import BooleanField, Case, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

logger = logging.getLogger(__name__)

MAX_QUERY_WORDS = 8
MIN_STEM_LENGTH = 3
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})
_WORD = re.compile(r"[^\W_]+")
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")
_COMPOUND = re.compile(r"[^\W_]+(?:-[^\W_]+)+")


def fold(text: str) -> str:
    """Lower case, umlauts as ae/oe/ue, ß as ss, other accents removed, spaces collapsed."""
    composed = unicodedata.normalize("NFC", text or "")
    folded = composed.casefold().translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", folded)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.split())


def words(text: str) -> list[str]:
    """The folded words of ``text`` (letters and digits; everything else separates)."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("german")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The light German stem of a folded word (handles ae/oe/ue as umlauts)."""
    return _stemmer().stemWord(word)


# German compounds put the head last ("Babyschwimmen", "Familienberatung"): the tails of long
# words are indexed too, so a search for "schwimmen" or "Beratung" finds them. Only tails of
# at least TAIL_MIN letters after a first part of at least HEAD_MIN letters, to keep noise and
# index size small.
COMPOUND_MIN = 10
HEAD_MIN = 4
TAIL_MIN = 6


def tails(token: str) -> list[str]:
    """The possible last parts of a long (compound) word: ``babyschwimmen`` → ``schwimmen`` …"""
    if len(token) < COMPOUND_MIN or token.isdigit():
        return []
    return [token[start:] for start in range(HEAD_MIN, len(token) - TAIL_MIN + 1)]


def _line(text: str) -> str:
    folded = fold(text)
    tokens = _WORD.findall(folded)
    seen, extra = set(tokens), []
    joined = [match.replace("-", "") for match in _COMPOUND.findall(folded)]
    parts = [tail for token in tokens for tail in tails(token)]
    for candidate in [*joined, *(stem(token) for token in tokens), *parts]:
        if candidate not in seen:
            seen.add(candidate)
            extra.append(candidate)
    return " ".join([*tokens, *extra])


def document(title: str, body: str = "") -> str:
    """The text a row is found by: the title's line, a line break, the body's line."""
    return _line(title) + "\n" + _line(body)


@dataclass(frozen=True)
class QueryWord:
    word: str
    stem: str

    @property
    def prefixes(self) -> list[str]:
        """What a matching token starts with (the stem covers the word's inflected forms)."""
        if len(self.stem) >= MIN_STEM_LENGTH and self.word.startswith(self.stem):
            return [self.stem]
        if len(self.stem) >= MIN_STEM_LENGTH:
            return [self.stem, self.word]
        return [self.word]


def parse(text: str) -> list[QueryWord]:
    """The query's words (at most ``MAX_QUERY_WORDS``, each once)."""
    result, seen = [], set()
    for word in words(text or "")[: MAX_QUERY_WORDS * 2]:
        if word in seen:
            continue
        seen.add(word)
        result.append(QueryWord(word, stem(word)))
    return result[:MAX_QUERY_WORDS]


def fts5_query(parsed: list[QueryWord], column: str | None = None) -> str:
    """``("koch"* OR "kochen"*) AND …`` for FTS5; tokens hold only letters and digits."""
    groups = []
    for item in parsed:
        group = " OR ".join(f'"{prefix}"*' for prefix in item.prefixes)
        groups.append(f"({group})")
    expression = " AND ".join(groups)
    return f"{{{column}}} : ({expression})" if column else expression


def tsquery(parsed: list[QueryWord]) -> str:
    """``('koch':* | 'kochen':*) & …`` for ``to_tsquery('simple', …)``."""
    groups = []
    for item in parsed:
        group = " | ".join(f"'{prefix}':*" for prefix in item.prefixes)
        groups.append(f"({group})")
    return " & ".join(groups)


class _TsMatch(Func):
    """``to_tsvector('simple', <text>) @@ to_tsquery('simple', <query>)`` (PostgreSQL).
    ``vector``: the name of a tsvector column of the text's table to match instead (read from
    the row, not parsed; the text column only tells which table alias to read it from)."""

    output_field = BooleanField()

    def __init__(self, text, query, *, title_only=False, vector=""):
        super().__init__(text, query)
        self.title_only = title_only
        self.vector = vector

    def as_sql(self, compiler, connection, **extra):
        query_sql, query_params = compiler.compile(self.source_expressions[1])
        if self.vector:
            quote = connection.ops.quote_name
            vector_sql = f"{quote(self.source_expressions[0].alias)}.{quote(self.vector)}"
            return f"{vector_sql} @@ to_tsquery('simple'::regconfig, {query_sql})", query_params
        text_sql, text_params = compiler.compile(self.source_expressions[0])
        if self.title_only:
            text_sql = _title_line(text_sql)
        sql = (
            f"to_tsvector('simple'::regconfig, {text_sql}) "
            f"@@ to_tsquery('simple'::regconfig, {query_sql})"
        )
        return sql, [*text_params, *query_params]


def _title_line(text_sql: str) -> str:
    """The title line of a ``document`` text (PostgreSQL)."""
    return f"split_part({text_sql}, E'\\n', 1)"


@dataclass(frozen=True)
class FullTextIndex:
    """The full-text index over one text column of one table (kept by ``document``)."""

    table: str
    column: str
    pk: str = "id"
    # An integer column every query filters by (e.g. the tenant): on SQLite it is indexed as a
    # token too, so FTS5 finds "this word in this tenant" without visiting other tenants' rows.
    partition: str = ""
    # PostgreSQL: a stored generated column (this name) with the title line's tsvector, read by
    # ``ranked`` instead of parsing the title of every hit (see the module's docstring).
    title_vector: str = ""
    # PostgreSQL: a stored generated column (this name) with the whole text's tsvector; the
    # GIN index is built on it and every match reads it (see the module's docstring).
    vector: str = ""

    def __post_init__(self):
        # The names go into SQL as identifiers: only plain ones (they come from code).
        names = [self.table, self.column, self.pk]
        names += [name for name in (self.partition, self.title_vector, self.vector) if name]
        for name in names:
            if not _IDENTIFIER.fullmatch(name):
                raise ValueError(f"not a plain SQL identifier: {name!r}")

    @property
    def fts_table(self) -> str:
        return f"{self.table}_fts"

    @property
    def pg_index(self) -> str:
        return f"{self.table}_{self.column}_tsv"

    # ------------------------------------------------------------------ queries

    def matching(self, queryset: QuerySet, text: str, *, part: int | None = None) -> QuerySet:
        """Rows whose document matches every word of ``text`` (all rows for an empty text).
        ``part``: the partition value the queryset is limited to anyway (faster on SQLite)."""
        parsed = parse(text)
        if not parsed:
            return queryset
        return queryset.filter(self._condition(parsed, queryset.db, part))

    def ranked(
        self, queryset: QuerySet, text: str, *, name: str = "title_match", part: int | None = None
    ) -> QuerySet:
        """``matching`` plus an annotation ``name`` = 1 where the title alone matches (for an
        empty text: ``queryset`` as it is, without the annotation)."""
        parsed = parse(text)
        if not parsed:
            return queryset
        queryset = queryset.filter(self._condition(parsed, queryset.db, part))
        vendor = self._vendor(queryset.db)
        if vendor == "postgresql":
            hit = _TsMatch(
                self.column, Value(tsquery(parsed)), title_only=True, vector=self.title_vector
            )
            when = When(hit, then=Value(1))
        else:
            expression = self._scoped(fts5_query(parsed, "title"), part)
            when = When(Q(pk__in=self._fts5_rows(expression)), then=Value(1))
        return queryset.annotate(
            **{name: Case(when, default=Value(0), output_field=IntegerField())}
        )

    def _condition(self, parsed: list[QueryWord], using: str, part: int | None) -> Q:
        if self._vendor(using) == "postgresql":
            return Q(_TsMatch(self.column, Value(tsquery(parsed)), vector=self.vector))
        return Q(pk__in=self._fts5_rows(self._scoped(fts5_query(parsed), part)))

    def _scoped(self, expression: str, part: int | None) -> str:
        if not self.partition or part is None:
            return expression
        return f'{{part}} : "p{int(part)}" AND ({expression})'

    def _fts5_rows(self, expression: str) -> RawSQL:
        fts = self.fts_table
        sql = f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s'  # noqa: S608 (names checked)
        return RawSQL(sql, [expression])  # noqa: S611

    @staticmethod
    def _vendor(using: str) -> str:
        from django.db import connections

        return connections[using].vendor

    # ------------------------------------------------------------------ schema

    def operation(self) -> migrations.RunPython:
        """The migration operation creating (and, backwards, dropping) the index."""

        def forwards(apps, schema_editor):
            self.ensure(schema_editor.connection)

        def backwards(apps, schema_editor):
            self.drop(schema_editor.connection)

        return migrations.RunPython(forwards, backwards)

    def _sqlite_statements(self) -> list[str]:
        t, c, pk, fts = self.table, self.column, self.pk, self.fts_table
        title = (
            f'CASE WHEN instr(new."{c}", char(10)) > 0 '
            f'THEN substr(new."{c}", 1, instr(new."{c}", char(10)) - 1) ELSE new."{c}" END'
        )
        body = (
            f'CASE WHEN instr(new."{c}", char(10)) > 0 '
            f'THEN substr(new."{c}", instr(new."{c}", char(10)) + 1) ELSE \'\' END'
        )
        part = f"'p' || new.\"{self.partition}\"" if self.partition else "''"
        insert = (
            f'INSERT INTO "{fts}" (rowid, title, body, part) '  # noqa: S608
            f'VALUES (new."{pk}", {title}, {body}, {part});'
        )
        delete = f'DELETE FROM "{fts}" WHERE rowid = old."{pk}";'  # noqa: S608
        return [
            f'CREATE TRIGGER IF NOT EXISTS "{fts}_ai" AFTER INSERT ON "{t}" BEGIN {insert} END',
            f'CREATE TRIGGER IF NOT EXISTS "{fts}_ad" AFTER DELETE ON "{t}" BEGIN {delete} END',
            f'CREATE TRIGGER IF NOT EXISTS "{fts}_au" AFTER UPDATE OF "{c}", "{pk}"'
            f'{self._partition_column} ON "{t}" '
            f"BEGIN {delete} {insert} END",
        ]

    @property
    def _partition_column(self) -> str:
        return f', "{self.partition}"' if self.partition else ""

    def missing(self, connection=default_connection) -> bool:
        """True when the index (or, on SQLite, one of its triggers) is not there."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [self.pg_index])
                if cursor.fetchone() is None:
                    return True
                for column in (self.title_vector, self.vector):
                    if not column:
                        continue
                    cursor.execute(
                        "SELECT 1 FROM information_schema.columns WHERE table_schema = "
                        "current_schema() AND table_name = %s AND column_name = %s",
                        [self.table, column],
                    )
                    if cursor.fetchone() is None:
                        return True
                return False
            if connection.vendor != "sqlite":
                return False
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE name IN (%s, %s, %s, %s)",
                [self.fts_table, *(f"{self.fts_table}_{s}" for s in ("ai", "ad", "au"))],
            )
            return cursor.fetchone()[0] < 4

    def ensure(self, connection=default_connection) -> bool:
        """Create what is missing; on SQLite refill the index from the table if it was.
        Returns True when something had to be created."""
        if self.table not in connection.introspection.table_names() or not self.missing(connection):
            return False
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Inside a transaction with deferred foreign-key checks pending (bulk loads),
                # PostgreSQL refuses CREATE INDEX: run the checks now, then defer again.
                deferred = connection.in_atomic_block
                if deferred:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                if self.vector:
                    cursor.execute(
                        f'ALTER TABLE "{self.table}" ADD COLUMN IF NOT EXISTS '
                        f'"{self.vector}" tsvector GENERATED ALWAYS AS '
                        f"(to_tsvector('simple'::regconfig, \"{self.column}\")) STORED"
                    )
                    indexed = f'"{self.vector}"'
                else:
                    indexed = f"to_tsvector('simple'::regconfig, \"{self.column}\")"
                cursor.execute(
                    f'CREATE INDEX IF NOT EXISTS "{self.pg_index}" ON "{self.table}" '
                    f"USING gin ({indexed})"
                )
                if self.title_vector:
                    # Stored: computed once per write (a table rewrite when added).
                    title = _title_line(f'"{self.column}"')
                    cursor.execute(
                        f'ALTER TABLE "{self.table}" ADD COLUMN IF NOT EXISTS '
                        f'"{self.title_vector}" tsvector GENERATED ALWAYS AS '
                        f"(to_tsvector('simple'::regconfig, {title})) STORED"
                    )
                if deferred:
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                return True
            fts = self.fts_table
            cursor.execute(
                f'CREATE VIRTUAL TABLE IF NOT EXISTS "{fts}" USING fts5(title, body, part, '
                "tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4')"
            )
            for statement in self._sqlite_statements():
                cursor.execute(statement)
            # Refill: a rebuilt table lost its triggers, so the index may be stale.
            cursor.execute(f'DELETE FROM "{fts}"')  # noqa: S608
            c = self.column
            cursor.execute(
                f'INSERT INTO "{fts}" (rowid, title, body, part) SELECT "{self.pk}", '
                f'CASE WHEN instr("{c}", char(10)) > 0 '
                f'THEN substr("{c}", 1, instr("{c}", char(10)) - 1) ELSE "{c}" END, '
                f'CASE WHEN instr("{c}", char(10)) > 0 '
                f'THEN substr("{c}", instr("{c}", char(10)) + 1) ELSE \'\' END, '
                + (f"'p' || \"{self.partition}\" " if self.partition else "'' ")
                + f'FROM "{self.table}"'
            )
        logger.info("Volltextindex für %s angelegt.", self.table)
        return True

    @contextmanager
    def bulk_loading(self, connection=default_connection):
        """For loading many rows at once (scale data, imports of thousands): the index is
        dropped and built again afterwards in one pass, instead of row by row (FTS5 writes a
        segment per statement and merges them, which grows faster than the row count)."""
        self.drop(connection)
        try:
            yield
        finally:
            self.ensure(connection)

    def drop(self, connection=default_connection, *, title_vector: bool = False) -> None:
        """Drop the index (for ``bulk_loading``: the rows stay). ``title_vector``: on
        PostgreSQL also the vector columns (a migration going back; the database fills them
        while rows are inserted, so bulk loads keep them)."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f'DROP INDEX IF EXISTS "{self.pg_index}"')
                for column in (self.title_vector, self.vector) if title_vector else ():
                    if column:
                        cursor.execute(
                            f'ALTER TABLE "{self.table}" DROP COLUMN IF EXISTS "{column}"'
                        )
            elif connection.vendor == "sqlite":
                for suffix in ("ai", "ad", "au"):
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{self.fts_table}_{suffix}"')
                cursor.execute(f'DROP TABLE IF EXISTS "{self.fts_table}"')
