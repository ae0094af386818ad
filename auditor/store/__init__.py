"""Run history: every audit, its devices' facts, findings, statuses and raw outputs.

`open_store()` is the one way in; the `Store` interface (base.py) is all the CLI sees.
Where the history lives: `--store`, else $AUDITOR_STORE, else
`$XDG_DATA_HOME/auditor/history.sqlite3` (XDG_DATA_HOME defaults to ~/.local/share). Either
names a SQLite file (a path or `sqlite:///path`), the embedded default on one machine, or a
PostgreSQL database (`postgresql://user@host/db`), shared by collectors on several machines.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from auditor.store.base import Delivery, RunSummary, Store, StoreError, status_counts
from auditor.store.resume import devices_to_resume, is_finished, merge_resumed

STORE_ENV = "AUDITOR_STORE"

__all__ = [
    "STORE_ENV",
    "Delivery",
    "RunSummary",
    "Store",
    "StoreError",
    "default_store_path",
    "devices_to_resume",
    "is_finished",
    "merge_resumed",
    "open_store",
    "status_counts",
]


def default_store_path(env: Mapping[str, str] | None = None) -> Path | str:
    """$AUDITOR_STORE, else the XDG data folder (a relative XDG_DATA_HOME is ignored, per spec).

    A path for SQLite; the URL itself when $AUDITOR_STORE names a PostgreSQL database.
    """
    env = os.environ if env is None else env
    explicit = env.get(STORE_ENV, "").strip()
    if explicit:
        return _location(explicit)
    xdg = env.get("XDG_DATA_HOME", "").strip()
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "auditor" / "history.sqlite3"


def _location(text: str | Path) -> Path | str:
    """`postgresql://...` stays a URL; `sqlite:///x` and anything else is a file path."""
    from auditor.store.postgres import is_postgres_url

    text = str(text).strip()
    if is_postgres_url(text):
        return text
    if text.startswith("sqlite://"):
        text = text[len("sqlite://") :]
    return Path(text).expanduser()


def open_store(location: str | Path | None = None, *, create: bool = True) -> Store:
    """The history at `location` (default: `default_store_path()`): a path or a URL.

    `create=False` for commands that only read: a mistyped path is then an error, not a new
    empty history.
    """
    where = _location(location) if location else default_store_path()
    if isinstance(where, str):
        from auditor.store.postgres import PostgresStore

        return PostgresStore(where, create=create)
    from auditor.store.sqlite import SQLiteStore

    return SQLiteStore(where, create=create)
