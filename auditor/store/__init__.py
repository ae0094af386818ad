"""Run history: every audit, its devices' facts, findings, statuses and raw outputs.

`open_store()` is the one way in; the `Store` interface (base.py) is all the CLI sees, so a
PostgreSQL backend can be added beside `sqlite.py` without touching the commands.
Where the SQLite file lives: `--store PATH`, else $AUDITOR_STORE, else
`$XDG_DATA_HOME/auditor/history.sqlite3` (XDG_DATA_HOME defaults to ~/.local/share).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from auditor.store.base import RunSummary, Store, StoreError, status_counts
from auditor.store.resume import devices_to_resume, is_finished, merge_resumed

STORE_ENV = "AUDITOR_STORE"

__all__ = [
    "STORE_ENV",
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


def default_store_path(env: Mapping[str, str] | None = None) -> Path:
    """$AUDITOR_STORE, else the XDG data folder (a relative XDG_DATA_HOME is ignored, per spec)."""
    env = os.environ if env is None else env
    explicit = env.get(STORE_ENV, "").strip()
    if explicit:
        return Path(explicit).expanduser()
    xdg = env.get("XDG_DATA_HOME", "").strip()
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "auditor" / "history.sqlite3"


def open_store(path: Path | None = None, *, create: bool = True) -> Store:
    """The history at `path` (default: `default_store_path()`).

    `create=False` for commands that only read: a mistyped path is then an error, not a new
    empty history.
    """
    from auditor.store.sqlite import SQLiteStore

    return SQLiteStore(path or default_store_path(), create=create)
