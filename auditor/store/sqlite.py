"""The embedded history store: one SQLite file, WAL mode, one commit per device.

WAL lets `auditor history` read while an audit writes, and with `synchronous=NORMAL` each
commit survives the process being killed (only a power cut can lose the last few commits,
which fsync on every device would prevent at a cost of thousands of fsyncs per run).
The file is created 0600 inside a 0700 folder: it holds device outputs, never secrets, but
what an estate runs is still nobody else's business.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from auditor.models import AuditRun, DeviceResult, Status
from auditor.store import codec
from auditor.store.base import RunSummary, Store, StoreError, status_counts
from auditor.store.schema import LATEST, MIGRATIONS

BUSY_TIMEOUT_S = 30.0

_RESULT_COLUMNS = (
    *("device_name", "host", "port", "platform", "driver", "username", "site", "role"),
    *("tags", "device_groups", "device_data", "status", "cause", "error", "facts", "findings"),
    *("target_version", "target_note", "started_at", "duration_s", "attempts"),
)


class SQLiteStore(Store):
    """Run history in one SQLite file. Use from one thread (the CLI's main thread)."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = Path(path).expanduser()
        self.location = str(self.path)
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

    # -- schema ---------------------------------------------------------------------------
    def _migrate(self) -> None:
        """Bring the schema up to date; a store that is already current is only read."""
        if self._schema_version() == LATEST:
            return
        with self._transaction():
            self._db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            current = self._schema_version()  # again, under the lock: another run may have won
            for number in sorted(n for n in MIGRATIONS if n > current):
                for statement in MIGRATIONS[number]:
                    self._db.execute(statement)
                self._db.execute("DELETE FROM schema_version")
                self._db.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))

    def _schema_version(self) -> int:
        exists = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
        ).fetchone()
        if not exists:
            return 0
        current = int(
            self._db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
        )
        if current > LATEST:
            raise StoreError(
                f"{self.path}: written by a newer auditor (schema {current}, "
                f"this one knows up to {LATEST})",
                tip="upgrade the auditor, or use another --store",
            )
        return current

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

    @contextmanager
    def _guard(self, what: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot {what}: {exc}") from None

    # -- writing --------------------------------------------------------------------------
    def begin_run(
        self,
        *,
        run_id: str,
        started_at: datetime,
        as_of: date,
        tool_version: str,
        inventory_source: str,
        inventory_sha256: str,
        catalogue_version: str,
        catalogue_sha256: str,
        horizon_days: int = 180,
        options: Mapping[str, Any] | None = None,
    ) -> str:
        with self._guard("start a run"), self._transaction():
            self._db.execute(
                "INSERT INTO runs (run_id, started_at, as_of, horizon_days, tool_version,"
                " inventory_source, inventory_sha256, catalogue_version, catalogue_sha256,"
                " interrupted, options) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                (
                    run_id,
                    started_at.isoformat(),
                    as_of.isoformat(),
                    horizon_days,
                    tool_version,
                    inventory_source,
                    inventory_sha256,
                    catalogue_version,
                    catalogue_sha256,
                    codec.dumps(dict(options or {})),
                ),
            )
        return run_id

    def record(self, run_id: str, result: DeviceResult) -> None:
        with self._guard(f"record {result.device.name}"), self._transaction():
            self._write_result(run_id, result, seq=None)

    def _write_result(self, run_id: str, result: DeviceResult, seq: int | None) -> None:
        name = result.device.name
        if seq is None:
            row = self._db.execute(
                "SELECT seq FROM device_results WHERE run_id = ? AND device_name = ?",
                (run_id, name),
            ).fetchone()
            if row is None:
                row = self._db.execute(
                    "SELECT COALESCE(MAX(seq), -1) + 1 FROM device_results WHERE run_id = ?",
                    (run_id,),
                ).fetchone()
            seq = int(row[0])
        self._delete_device(run_id, name)
        columns = _result_columns(result)
        names = ["run_id", "seq", *_RESULT_COLUMNS]
        self._db.execute(
            f"INSERT INTO device_results ({', '.join(names)})"
            f" VALUES ({', '.join('?' for _ in names)})",
            (run_id, seq, *(columns[c] for c in _RESULT_COLUMNS)),
        )
        self._db.executemany(
            "INSERT INTO collections (run_id, device_name, seq, command, collected_at, sha256,"
            " truncated, output) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    run_id,
                    name,
                    i,
                    c.command,
                    c.collected_at.isoformat(),
                    c.sha256,
                    int(c.truncated),
                    c.output,
                )
                for i, c in enumerate(result.collections)
            ],
        )

    def _delete_device(self, run_id: str, name: str) -> None:
        for table in ("collections", "device_results"):
            self._db.execute(
                f"DELETE FROM {table} WHERE run_id = ? AND device_name = ?", (run_id, name)
            )

    def finish_run(self, run_id: str, run: AuditRun) -> AuditRun:
        run = replace(run, run_id=run_id)
        with self._guard("finish the run"), self._transaction():
            self._require_run(run_id)
            stored = {
                row["device_name"]: row
                for row in self._db.execute(
                    "SELECT * FROM device_results WHERE run_id = ?", (run_id,)
                )
            }
            digests = self._collection_digests(run_id)
            wanted = {r.device.name for r in run.results}
            for name in stored.keys() - wanted:
                self._delete_device(run_id, name)
            for seq, result in enumerate(run.results):
                name = result.device.name
                row = stored.get(name)
                same = (
                    row is not None
                    and all(row[c] == v for c, v in _result_columns(result).items())
                    and digests.get(name, []) == [c.sha256 for c in result.collections]
                )
                if same:  # recorded as it arrived: only its place in the run is new
                    self._db.execute(
                        "UPDATE device_results SET seq = ? WHERE run_id = ? AND device_name = ?",
                        (seq, run_id, name),
                    )
                else:
                    self._write_result(run_id, result, seq)
            self._db.execute(
                "UPDATE runs SET started_at = ?, finished_at = ?, as_of = ?, horizon_days = ?,"
                " tool_version = ?, inventory_source = ?, inventory_sha256 = ?,"
                " catalogue_version = ?, catalogue_sha256 = ?, interrupted = ?,"
                " status_counts = ? WHERE run_id = ?",
                (
                    run.started_at.isoformat(),
                    run.finished_at.isoformat(),
                    run.as_of.isoformat(),
                    run.horizon_days,
                    run.tool_version,
                    run.inventory_source,
                    run.inventory_sha256,
                    run.catalogue_version,
                    run.catalogue_sha256,
                    int(run.interrupted),
                    codec.dumps(status_counts(run.results)),
                    run_id,
                ),
            )
        return run

    def _collection_digests(self, run_id: str) -> dict[str, list[str]]:
        digests: dict[str, list[str]] = {}
        for row in self._db.execute(
            "SELECT device_name, sha256 FROM collections WHERE run_id = ? ORDER BY device_name, seq",
            (run_id,),
        ):
            digests.setdefault(row["device_name"], []).append(row["sha256"])
        return digests

    # -- reading --------------------------------------------------------------------------
    def _require_run(self, run_id: str) -> sqlite3.Row:
        row = self._db.execute("SELECT * FROM runs WHERE run_id = ?", (run_id,)).fetchone()
        if row is None:
            raise StoreError(
                f"{self.path}: no run {run_id!r}", tip="`auditor history` lists the stored runs"
            )
        return row

    def _results(self, run_id: str) -> list[DeviceResult]:
        collections: dict[str, list[Any]] = {}
        for row in self._db.execute(
            "SELECT * FROM collections WHERE run_id = ? ORDER BY device_name, seq", (run_id,)
        ):
            collections.setdefault(row["device_name"], []).append(codec.collection_from(row))
        return [
            _result_from(row, tuple(collections.get(row["device_name"], ())))
            for row in self._db.execute(
                "SELECT * FROM device_results WHERE run_id = ? ORDER BY seq", (run_id,)
            )
        ]

    def recorded_results(self, run_id: str) -> dict[str, DeviceResult]:
        with self._guard("read the run"):
            self._require_run(run_id)
            return {r.device.name: r for r in self._results(run_id)}

    def load_run(self, run_id: str) -> AuditRun:
        with self._guard("read the run"):
            row = self._require_run(run_id)
            results = self._results(run_id)
        started = datetime.fromisoformat(row["started_at"])
        finished = codec.to_datetime(row["finished_at"])
        if finished is None:  # killed mid-run: it ended when its last device was recorded
            ends = [r.started_at.timestamp() + r.duration_s for r in results if r.started_at]
            finished = datetime.fromtimestamp(max(ends), started.tzinfo) if ends else started
        return AuditRun(
            run_id=row["run_id"],
            started_at=started,
            finished_at=finished,
            as_of=date.fromisoformat(row["as_of"]),
            tool_version=row["tool_version"],
            inventory_source=row["inventory_source"],
            inventory_sha256=row["inventory_sha256"],
            catalogue_version=row["catalogue_version"],
            catalogue_sha256=row["catalogue_sha256"],
            results=tuple(results),
            horizon_days=int(row["horizon_days"]),
            interrupted=bool(row["interrupted"]) or row["finished_at"] is None,
        )

    def runs(self, limit: int | None = None) -> list[RunSummary]:
        query = "SELECT * FROM runs ORDER BY started_at DESC, run_id DESC"
        params: tuple[Any, ...] = ()
        if limit is not None:
            query += " LIMIT ?"
            params = (max(0, limit),)
        with self._guard("list runs"):
            rows = self._db.execute(query, params).fetchall()
            counts: dict[str, dict[str, int]] = {r["run_id"]: {} for r in rows}
            if rows:
                marks = ", ".join("?" for _ in rows)
                for c in self._db.execute(
                    "SELECT run_id, status, COUNT(*) AS n FROM device_results"
                    f" WHERE run_id IN ({marks}) GROUP BY run_id, status",
                    tuple(counts),
                ):
                    counts[c["run_id"]][c["status"]] = int(c["n"])
        return [
            RunSummary(
                run_id=r["run_id"],
                started_at=datetime.fromisoformat(r["started_at"]),
                finished_at=codec.to_datetime(r["finished_at"]),
                as_of=date.fromisoformat(r["as_of"]),
                tool_version=r["tool_version"],
                inventory_source=r["inventory_source"],
                catalogue_version=r["catalogue_version"],
                interrupted=bool(r["interrupted"]),
                counts=counts[r["run_id"]],
            )
            for r in rows
        ]

    def close(self) -> None:
        self._db.close()


def _create_private_file(path: Path) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the history store: {exc.strerror}") from None


def _result_columns(r: DeviceResult) -> dict[str, Any]:
    return {
        **codec.device_columns(r.device),
        "status": r.status.value,
        "cause": r.cause.value if r.cause else None,
        "error": r.error,
        "facts": codec.facts_json(r.facts),
        "findings": codec.findings_json(r.findings),
        "target_version": r.target_version,
        "target_note": r.target_note,
        "started_at": codec.iso(r.started_at),
        "duration_s": float(r.duration_s),
        "attempts": r.attempts,
    }


def _result_from(row: sqlite3.Row, collections: tuple[Any, ...]) -> DeviceResult:
    return DeviceResult(
        device=codec.device_from(row),
        status=Status(row["status"]),
        facts=codec.facts_from(row["facts"]),
        findings=codec.findings_from(row["findings"]),
        cause=codec.cause_from(row["cause"]),
        error=row["error"],
        collections=collections,
        target_version=row["target_version"],
        target_note=row["target_note"],
        started_at=codec.to_datetime(row["started_at"]),
        duration_s=float(row["duration_s"]),
        attempts=int(row["attempts"]),
    )
