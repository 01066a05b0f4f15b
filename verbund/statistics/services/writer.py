"""Bulk upsert of indicator values for the import (``INSERT … ON CONFLICT``)."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from ..models import IndicatorValue

BATCH_SIZE = 5000


class _Writer:
    """Upserts values in batches of multi-row ``INSERT … ON CONFLICT DO UPDATE`` statements
    (SQLite ≥ 3.24 and PostgreSQL share the syntax).

    Raw SQL instead of ``bulk_create(update_conflicts=True)``: building a model instance per
    value and letting the ORM prepare every field cost four fifths of the import time (about
    4,000 values/s); the engine has already validated every value, and the database still
    enforces the unique key and the status/value check constraint.
    """

    ROWS_PER_STATEMENT = 500

    def __init__(self, municipality_id: int) -> None:
        self.municipality_id = municipality_id
        self.batch: list[tuple] = []
        self.written = 0
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.stamp = (now, now, municipality_id)
        meta = IndicatorValue._meta
        quote = connection.ops.quote_name
        columns = [
            meta.get_field(name).column
            for name in (
                "created_at",
                "updated_at",
                "municipality",
                "indicator",
                "area",
                "year",
                "value",
                "status",
            )
        ]
        # Identifiers come from the model's meta, quoted; every value is a parameter.
        table = quote(meta.db_table)
        names = ", ".join(quote(c) for c in columns)
        self.head = f"INSERT INTO {table} ({names}) VALUES "  # noqa: S608
        unique = ", ".join(quote(meta.get_field(n).column) for n in ("indicator", "area", "year"))
        self.tail = (
            f" ON CONFLICT ({unique}) DO UPDATE SET "
            f"{quote('value')} = EXCLUDED.{quote('value')}, "
            f"{quote('status')} = EXCLUDED.{quote('status')}, "
            f"{quote('updated_at')} = EXCLUDED.{quote('updated_at')}"
        )
        self.row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
        self.statements: dict[int, str] = {}
        self.staged = False

    def __call__(self, indicator_id, area_id, year, value, status) -> None:
        self.batch.append((*self.stamp, indicator_id, area_id, year, value, status))
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    def _sql(self, rows: int) -> str:
        if rows not in self.statements:
            self.statements[rows] = self.head + ", ".join([self.row_sql] * rows) + self.tail
        return self.statements[rows]

    @property
    def stages_outside_transaction(self) -> bool:
        """Values are collected in a TEMP table while the file is read – outside any
        transaction, so the job can report progress and a heartbeat in between, the main
        database stays writable for everybody else (SQLite has one writer), and a worker
        killed meanwhile leaves nothing behind (the TEMP table dies with its connection).
        ``publish`` copies them over in one short transaction at the end."""
        return connection.vendor in {"sqlite", "postgresql"}

    def open_stage(self) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"CREATE TEMPORARY TABLE IF NOT EXISTS {self.STAGE} ("
                    "created_at timestamptz, updated_at timestamptz, municipality_id bigint, "
                    "indicator_id bigint, area_id bigint, year smallint, "
                    "value double precision, status varchar(12))"
                )
                cursor.execute(f"TRUNCATE {self.STAGE}")
                self.staged = True
                return
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {self.STAGE} ("
                "created_at, updated_at, municipality_id, indicator_id, area_id, year, "
                "value, status)"
            )
            cursor.execute(f"DELETE FROM temp.{self.STAGE}")  # noqa: S608

    def publish(self) -> None:
        where = "" if connection.vendor == "postgresql" else "temp."
        source = f" SELECT * FROM {where}{self.STAGE} WHERE true"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(self.head.replace(" VALUES ", source) + self.tail)

    def close_stage(self) -> None:
        if self.stages_outside_transaction:
            where = "" if connection.vendor == "postgresql" else "temp."
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {where}{self.STAGE}")

    def flush(self) -> None:
        if not self.batch:
            return
        if connection.vendor == "postgresql":
            self._flush_copy()
            return
        if self.stages_outside_transaction:
            # One transaction per batch on the TEMP database only (a deferred BEGIN locks
            # just the databases written to), instead of one implicit transaction per row.
            raw = connection.connection
            own = not raw.in_transaction  # inside a caller's transaction (tests): just insert
            if own:
                raw.execute("BEGIN DEFERRED")
            try:
                raw.executemany(
                    f"INSERT INTO temp.{self.STAGE} VALUES (?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
                    self.batch,
                )
            except BaseException:
                if own:
                    raw.execute("ROLLBACK")
                raise
            if own:
                raw.execute("COMMIT")
            self.written += len(self.batch)
            self.batch = []
            return
        step = self.ROWS_PER_STATEMENT
        with connection.cursor() as cursor:
            for start in range(0, len(self.batch), step):
                chunk = self.batch[start : start + step]
                cursor.execute(self._sql(len(chunk)), [p for row in chunk for p in row])
        self.written += len(self.batch)
        self.batch = []

    STAGE = "statistics_import_stage"

    def _flush_copy(self) -> None:
        """PostgreSQL: COPY the batch into the stage (several times faster than INSERTs with
        parameters); ``publish`` upserts from there. Without a stage (inside a caller's
        transaction) the batch is upserted at once."""
        with connection.cursor() as cursor:
            if not self.staged:
                cursor.execute(
                    f"CREATE TEMPORARY TABLE IF NOT EXISTS {self.STAGE} ("
                    "created_at timestamptz, updated_at timestamptz, municipality_id bigint, "
                    "indicator_id bigint, area_id bigint, year smallint, "
                    "value double precision, status varchar(12)) ON COMMIT DROP"
                )
            with cursor.cursor.copy(f"COPY {self.STAGE} FROM STDIN") as copy:
                for row in self.batch:
                    copy.write_row(row)
            if not self.staged:
                insert = self.head.replace(" VALUES ", f" SELECT * FROM {self.STAGE}")  # noqa: S608
                cursor.execute(insert + self.tail)
                cursor.execute(f"TRUNCATE {self.STAGE}")
        self.written += len(self.batch)
        self.batch = []
