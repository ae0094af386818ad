"""The SQL both history backends share: one schema, one set of statements, two databases.

`SQLiteStore` and `PostgresStore` differ only in how they connect, open a transaction, look for
a table and take locks; every query lives here, written with `?` placeholders (the PostgreSQL
backend turns them into `%s`). Rows are read by column name, which both drivers offer.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import date, datetime, timezone
from typing import Any

from auditor.models import AuditRun, DeviceResult, Status
from auditor.store import codec
from auditor.store.base import Delivery, RunSummary, Store, StoreError, status_counts
from auditor.store.schema import LATEST, MIGRATIONS

Row = Mapping[str, Any]


class SQLStore(Store):
    """Run history in a SQL database; subclasses supply the connection and its dialect."""

    #: The driver's exception root, turned into `StoreError` (exit code 2) at every entry point.
    _errors: tuple[type[Exception], ...] = ()

    # -- what a backend provides ----------------------------------------------------------
    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement (`?` placeholders); return a cursor (iterable of rows)."""

    @abstractmethod
    def _executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[None]:
        """One transaction that takes the write lock up front."""

    @abstractmethod
    def _table_exists(self, name: str) -> bool: ...

    def _lock_schema(self) -> None:
        """Serialise migrations between processes (inside `_transaction`)."""

    def _lock_run(self, run_id: str) -> None:
        """Serialise writers of one run (inside `_transaction`): several workers record at once."""

    def _ddl(self, statement: str) -> str:
        """A migration statement in this database's dialect (schema.py is written for SQLite)."""
        return statement

    # -- schema ---------------------------------------------------------------------------
    def _migrate(self) -> None:
        """Bring the schema up to date; a store that is already current is only read."""
        if self._schema_version() == LATEST:
            return
        with self._transaction():
            self._lock_schema()
            self._execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            current = self._schema_version()  # again, under the lock: another run may have won
            for number in sorted(n for n in MIGRATIONS if n > current):
                for statement in MIGRATIONS[number]:
                    self._execute(self._ddl(statement))
                self._execute("DELETE FROM schema_version")
                self._execute("INSERT INTO schema_version (version) VALUES (?)", (number,))

    def _schema_version(self) -> int:
        if not self._table_exists("schema_version"):
            return 0
        row = self._execute("SELECT MAX(version) AS v FROM schema_version").fetchone()
        current = int(row["v"] or 0)
        if current > LATEST:
            raise StoreError(
                f"{self.location}: written by a newer auditor (schema {current}, "
                f"this one knows up to {LATEST})",
                tip="upgrade the auditor, or use another --store",
            )
        return current

    @contextmanager
    def _guard(self, what: str) -> Iterator[None]:
        try:
            yield
        except self._errors as exc:
            raise StoreError(f"{self.location}: cannot {what}: {_first_line(exc)}") from None

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
            self._execute(
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
            self._lock_run(run_id)
            self._write_result(run_id, result, seq=None)

    def _write_result(self, run_id: str, result: DeviceResult, seq: int | None) -> None:
        name = result.device.name
        if seq is None:
            row = self._execute(
                "SELECT seq AS n FROM device_results WHERE run_id = ? AND device_name = ?",
                (run_id, name),
            ).fetchone()
            if row is None:
                row = self._execute(
                    "SELECT COALESCE(MAX(seq), -1) + 1 AS n FROM device_results WHERE run_id = ?",
                    (run_id,),
                ).fetchone()
            seq = int(row["n"])
        self._delete_device(run_id, name)
        columns = codec.result_columns(result)
        names = ["run_id", "seq", *codec.RESULT_COLUMNS]
        self._execute(
            f"INSERT INTO device_results ({', '.join(names)})"
            f" VALUES ({', '.join('?' for _ in names)})",
            (run_id, seq, *(columns[c] for c in codec.RESULT_COLUMNS)),
        )
        kept = ["run_id", "device_name", "seq", *codec.COLLECTION_COLUMNS]
        self._executemany(
            f"INSERT INTO collections ({', '.join(kept)}) VALUES ({', '.join('?' for _ in kept)})",
            [
                (run_id, name, i, *codec.collection_values(c))
                for i, c in enumerate(result.collections)
            ],
        )

    def _delete_device(self, run_id: str, name: str) -> None:
        for table in ("collections", "device_results"):
            self._execute(
                f"DELETE FROM {table} WHERE run_id = ? AND device_name = ?", (run_id, name)
            )

    def finish_run(self, run_id: str, run: AuditRun) -> AuditRun:
        run = replace(run, run_id=run_id)
        with self._guard("finish the run"), self._transaction():
            self._lock_run(run_id)
            self._require_run(run_id)
            stored = {
                row["device_name"]: row
                for row in self._execute(
                    "SELECT * FROM device_results WHERE run_id = ?", (run_id,)
                ).fetchall()
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
                    and all(row[c] == v for c, v in codec.result_columns(result).items())
                    and digests.get(name, []) == [(c.sha256, c.prompt) for c in result.collections]
                )
                if same:  # recorded as it arrived: only its place in the run is new
                    self._execute(
                        "UPDATE device_results SET seq = ? WHERE run_id = ? AND device_name = ?",
                        (seq, run_id, name),
                    )
                else:
                    self._write_result(run_id, result, seq)
            self._execute(
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

    def _collection_digests(self, run_id: str) -> dict[str, list[tuple[str, str | None]]]:
        """Per device, what identifies each stored answer: its SHA-256 and its prompt."""
        digests: dict[str, list[tuple[str, str | None]]] = {}
        for row in self._execute(
            "SELECT device_name, sha256, prompt FROM collections WHERE run_id = ?"
            " ORDER BY device_name, seq",
            (run_id,),
        ).fetchall():
            digests.setdefault(row["device_name"], []).append((row["sha256"], row["prompt"]))
        return digests

    # -- distributed collection -----------------------------------------------------------
    def take_delivery(self, run_id: str, device_name: str, zone: str, worker: str) -> int | None:
        with self._guard(f"take {device_name}"), self._transaction():
            self._lock_run(run_id)
            self._require_run(run_id)
            answered = self._execute(
                "SELECT status, cause, started_at FROM device_results"
                " WHERE run_id = ? AND device_name = ?",
                (run_id, device_name),
            ).fetchone()
            if answered is not None and _answered(answered):
                return None  # a redelivery after the result was written: nothing to do
            row = self._execute(
                "SELECT deliveries FROM deliveries WHERE run_id = ? AND device_name = ?",
                (run_id, device_name),
            ).fetchone()
            number = 1 + (int(row["deliveries"]) if row else 0)
            now = datetime.now(timezone.utc).isoformat()
            if row is None:
                self._execute(
                    "INSERT INTO deliveries (run_id, device_name, zone, deliveries, worker,"
                    " taken_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (run_id, device_name, zone, number, worker, now),
                )
            else:
                self._execute(
                    "UPDATE deliveries SET deliveries = ?, worker = ?, zone = ?, taken_at = ?"
                    " WHERE run_id = ? AND device_name = ?",
                    (number, worker, zone, now, run_id, device_name),
                )
            return number

    def answered_devices(self, run_id: str) -> set[str]:
        with self._guard("read the run"):
            rows = self._execute(
                "SELECT device_name, status, cause, started_at FROM device_results"
                " WHERE run_id = ?",
                (run_id,),
            ).fetchall()
        return {row["device_name"] for row in rows if _answered(row)}

    def results_for(self, run_id: str, names: Iterable[str]) -> dict[str, DeviceResult]:
        wanted = sorted(set(names))
        found: dict[str, DeviceResult] = {}
        with self._guard("read the run"):
            for start in range(0, len(wanted), 500):  # bounded IN lists
                chunk = self._results(run_id, wanted[start : start + 500])
                found.update((r.device.name, r) for r in chunk)
        return found

    def deliveries(self, run_id: str) -> dict[str, Delivery]:
        with self._guard("read the deliveries"):
            return {
                row["device_name"]: Delivery(
                    device_name=row["device_name"],
                    zone=row["zone"],
                    deliveries=int(row["deliveries"]),
                    worker=row["worker"],
                    taken_at=datetime.fromisoformat(row["taken_at"]),
                )
                for row in self._execute(
                    "SELECT * FROM deliveries WHERE run_id = ? ORDER BY device_name", (run_id,)
                ).fetchall()
            }

    # -- reading --------------------------------------------------------------------------
    def _require_run(self, run_id: str) -> Row:
        row = self._execute("SELECT * FROM runs WHERE run_id = ?", (run_id,)).fetchone()
        if row is None:
            raise StoreError(
                f"{self.location}: no run {run_id!r}",
                tip="`auditor history` lists the stored runs",
            )
        return row

    def _results(self, run_id: str, names: Sequence[str] | None = None) -> list[DeviceResult]:
        """The run's results in order; only `names` when given (then never an empty IN ())."""
        where, params = "run_id = ?", [run_id]
        if names is not None:
            if not names:
                return []
            where += f" AND device_name IN ({', '.join('?' for _ in names)})"
            params += list(names)
        collections: dict[str, list[Any]] = {}
        for row in self._execute(
            f"SELECT * FROM collections WHERE {where} ORDER BY device_name, seq", params
        ).fetchall():
            collections.setdefault(row["device_name"], []).append(codec.collection_from(row))
        return [
            codec.result_from(row, tuple(collections.get(row["device_name"], ())))
            for row in self._execute(
                f"SELECT * FROM device_results WHERE {where} ORDER BY seq", params
            ).fetchall()
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
            rows = self._execute(query, params).fetchall()
            counts: dict[str, dict[str, int]] = {r["run_id"]: {} for r in rows}
            if rows:
                marks = ", ".join("?" for _ in rows)
                for c in self._execute(
                    "SELECT run_id, status, COUNT(*) AS n FROM device_results"
                    f" WHERE run_id IN ({marks}) GROUP BY run_id, status",
                    tuple(counts),
                ).fetchall():
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


def _answered(row: Row) -> bool:
    """The stored result is an answer (see `resume.is_finished`), not a placeholder."""
    if row["cause"] == "interrupted":
        return False
    return not (row["status"] == Status.FAILED.value and row["started_at"] is None)


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
