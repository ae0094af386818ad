"""The embedded history store: one SQLite file, WAL mode, one commit per device.

WAL lets `auditor history` read while an audit writes, and with `synchronous=NORMAL` each
commit survives the process being killed (only a power cut can lose the last few commits,
which fsync on every device would prevent at a cost of thousands of fsyncs per run).
The file is created 0600 inside a 0700 folder: it holds device outputs, never secrets, but
what an estate runs is still nobody else's business. Every query is in `sql.py`, shared with
the PostgreSQL backend. Never put this file on a network filesystem: SQLite's locks do not hold
there; several machines share a PostgreSQL store instead.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from auditor.store.base import StoreError
from auditor.store.netfs import network_filesystem
from auditor.store.sql import SQLStore

BUSY_TIMEOUT_S = 30.0


class SQLiteStore(SQLStore):
    """Run history in one SQLite file. Use from one thread (each thread opens its own)."""

    _errors = (sqlite3.Error,)

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = Path(path).expanduser()
        self.location = str(self.path)
        remote = network_filesystem(self.path.parent)
        if remote:
            raise StoreError(
                f"{self.path}: on a network filesystem ({remote}), where SQLite's locking does "
                "not hold and the history would be corrupted",
                tip="use a local path, or a PostgreSQL store (--store postgresql://...) that "
                "every machine shares",
            )
        if not self.path.exists():
            if not create:
                raise StoreError(
                    f"{self.path}: no history store here",
                    tip="`auditor audit` creates it; or point --store / AUDITOR_STORE at yours",
                )
            _create_private_file(self.path)
        try:
            self._db = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: not a usable history store: {exc}") from None

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self._db.execute(sql, tuple(params))

    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._db.executemany(sql, rows)

    def _table_exists(self, name: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One explicit transaction; IMMEDIATE takes the write lock up front (no upgrade race)."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()


def _create_private_file(path: Path) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the history store: {exc.strerror}") from None
