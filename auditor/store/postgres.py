"""The shared history store: PostgreSQL, for audits whose collectors run on several machines.

Same schema and statements as SQLite (`sql.py`, `schema.py`); this module only connects, opens
transactions and takes locks. Several workers record results of one run at once, so a write
locks that run's row first (`SELECT ... FOR UPDATE`): a redelivered task and the one it
replaces can never both insert a device. Migrations take a transaction-scoped advisory lock,
so two processes starting on an empty database do not both create the tables.

The password belongs in ~/.pgpass, $PGPASSWORD or a client certificate, not in the URL; if a
URL does carry one, it is masked in every message (`location`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from auditor.store.base import StoreError
from auditor.store.sql import SQLStore

try:
    import psycopg
    from psycopg.rows import dict_row
except ImportError:  # pragma: no cover - optional dependency
    psycopg = None  # type: ignore[assignment]

SCHEMES = ("postgresql", "postgres")
#: Any constant shared by every auditor: the advisory lock that serialises migrations.
_MIGRATION_LOCK = 0x617564_69746F72  # "auditor"
CONNECT_TIMEOUT_S = 10


def is_postgres_url(text: str) -> bool:
    return urlsplit(text).scheme in SCHEMES


def masked(url: str) -> str:
    """The URL without its password (for messages, logs and the history's own records)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))


class PostgresStore(SQLStore):
    """Run history in a PostgreSQL database. One connection per thread, autocommit between
    the explicit transactions."""

    def __init__(self, url: str, *, create: bool = True) -> None:
        if psycopg is None:
            raise StoreError(
                f"{masked(url)}: PostgreSQL needs the psycopg package",
                tip="pip install 'auditor[distributed]'",
            )
        self._errors = (psycopg.Error,)
        self.location = masked(url)
        try:
            self._db = psycopg.connect(
                url, autocommit=True, row_factory=dict_row, connect_timeout=CONNECT_TIMEOUT_S
            )
        except psycopg.Error as exc:
            raise StoreError(f"{self.location}: cannot connect: {_reason(exc)}") from None
        try:
            if not create and not self._table_exists("schema_version"):
                raise StoreError(
                    f"{self.location}: no history store in this database",
                    tip="`auditor audit --store URL` creates it",
                )
            self._migrate()
        except psycopg.Error as exc:
            self._db.close()
            raise StoreError(
                f"{self.location}: not a usable history store: {_reason(exc)}"
            ) from None
        except StoreError:
            self._db.close()
            raise

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._db.execute(_placeholders(sql), tuple(params))

    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self._db.cursor() as cursor:
            cursor.executemany(_placeholders(sql), [tuple(r) for r in rows])

    def _table_exists(self, name: str) -> bool:
        row = self._db.execute("SELECT to_regclass(%s) AS t", (name,)).fetchone()
        return row is not None and row["t"] is not None

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._db.transaction():
            yield

    def _lock_schema(self) -> None:
        self._db.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))

    def _ddl(self, statement: str) -> str:
        """SQLite's REAL is an 8-byte float; PostgreSQL's REAL is 4 bytes and would round
        durations, so the same column is DOUBLE PRECISION here. (Migration 1 shipped with REAL
        and is never edited; see schema.py.)"""
        return _REAL.sub("DOUBLE PRECISION", statement)

    def _lock_run(self, run_id: str) -> None:
        self._db.execute("SELECT 1 FROM runs WHERE run_id = %s FOR UPDATE", (run_id,))

    def close(self) -> None:
        self._db.close()


_PLACEHOLDER = re.compile(r"\?")
_REAL = re.compile(r"\bREAL\b")


def _placeholders(sql: str) -> str:
    """`?` (the statements in sql.py) → `%s` (psycopg). No statement holds a literal ? or %."""
    return _PLACEHOLDER.sub("%s", sql)


def _reason(exc: Exception) -> str:
    """psycopg's message, first line only (the rest is a hint for the server's log)."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
