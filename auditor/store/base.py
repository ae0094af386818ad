"""The history store's interface: what the CLI may ask of any backend (SQLite, PostgreSQL).

The store keeps every run the auditor made: the run's scope and inputs (inventory and
catalogue hashes, tool version), and per device its facts, findings, status and the raw
outputs it was judged on, so an old run can be re-evaluated without reconnecting.
It is written one device at a time, as results arrive, so a run killed halfway loses
nothing it had already collected. Secrets never reach it: the models it stores hold none.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from types import TracebackType
from typing import Any

from auditor.errors import InputError
from auditor.models import AuditRun, DeviceResult, Status


class StoreError(InputError):
    """The history store cannot be read or written (missing, corrupt, newer schema, unknown run).

    An input error (exit code 2): the user fixes it with another `--store` path or run id.
    """


@dataclass(frozen=True)
class RunSummary:
    """One line of `auditor history`: a run without its per-device detail."""

    run_id: str
    started_at: datetime
    finished_at: datetime | None
    """None while the run is going on, or when it was killed before it could finish."""
    as_of: date
    tool_version: str
    inventory_source: str
    catalogue_version: str
    interrupted: bool
    counts: Mapping[str, int] = field(default_factory=dict)
    """Devices recorded so far, per status value (every status present, zeros included)."""

    @property
    def devices(self) -> int:
        return sum(self.counts.values())

    @property
    def state(self) -> str:
        """finished, interrupted (Ctrl-C / SIGTERM, results kept) or unfinished (killed)."""
        if self.finished_at is None:
            return "unfinished"
        return "interrupted" if self.interrupted else "finished"

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "as_of": self.as_of.isoformat(),
            "tool_version": self.tool_version,
            "inventory_source": self.inventory_source,
            "catalogue_version": self.catalogue_version,
            "state": self.state,
            "devices": self.devices,
            "by_status": {s.value: self.counts.get(s.value, 0) for s in Status},
        }


@dataclass(frozen=True)
class Delivery:
    """A device's task as distributed workers took it: how often, and who took it last."""

    device_name: str
    zone: str
    deliveries: int
    """1, or more when a worker died holding the task and the broker handed it out again."""
    worker: str
    """The Celery node name of the worker that took it last (e.g. `dc1@collector-3`)."""
    taken_at: datetime


class Store(ABC):
    """Run history. Writers (a local audit, or distributed workers recording one run each
    from their own connection) and any number of readers may use it at once."""

    location: str
    """Where the history lives, for messages (a path for SQLite)."""

    @abstractmethod
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
        """Create the run's row before the first device is audited; return its id.

        `options` are the run's settings (workers, timeouts...) kept for the record; they
        must hold no secret, and the audit options never do.
        """

    @abstractmethod
    def record(self, run_id: str, result: DeviceResult) -> None:
        """Store (or replace, on resume) one device's result and commit at once."""

    @abstractmethod
    def finish_run(self, run_id: str, run: AuditRun) -> AuditRun:
        """Make the stored run exactly `run` (metadata, results and their order); commit.

        Returns `run` under the store's id, which is what reports must show.
        """

    @abstractmethod
    def load_run(self, run_id: str) -> AuditRun:
        """The run as stored; `build_view(load_run(x))` equals the view of the original."""

    @abstractmethod
    def runs(self, limit: int | None = None) -> list[RunSummary]:
        """Runs, newest first."""

    @abstractmethod
    def recorded_results(self, run_id: str) -> dict[str, DeviceResult]:
        """Every device result stored for a run so far, by device name."""

    @abstractmethod
    def take_delivery(self, run_id: str, device_name: str, zone: str, worker: str) -> int | None:
        """A distributed worker is about to audit `device_name`: count the delivery, atomically.

        Returns the delivery's number (1 the first time), or None when there is nothing to do:
        the device already has an answer in this run (the task was redelivered after its
        result was written). This is what makes tasks idempotent.
        """

    @abstractmethod
    def answered_devices(self, run_id: str) -> set[str]:
        """Names with an answer in the run (`resume.is_finished`): a cheap query, no outputs."""

    @abstractmethod
    def results_for(self, run_id: str, names: Iterable[str]) -> dict[str, DeviceResult]:
        """The stored results of just these devices (those that have one)."""

    @abstractmethod
    def deliveries(self, run_id: str) -> dict[str, Delivery]:
        """Every delivery taken in a distributed run, by device name (empty for a local run)."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection; the store stays consistent on disk either way."""

    def unfinished_devices(self, run_id: str, all_device_names: Iterable[str]) -> list[str]:
        """The names (in the order given) that have no finished result in this run yet."""
        from auditor.store.resume import is_finished

        done = self.recorded_results(run_id)
        return [n for n in all_device_names if n not in done or not is_finished(done[n])]

    def resolve_run_id(self, text: str) -> str:
        """`latest`, an exact run id, or a unique prefix of one → the run id."""
        runs = self.runs()
        if not runs:
            raise StoreError(
                f"{self.location}: no runs recorded yet", tip="`auditor audit` records runs"
            )
        if text == "latest":
            return runs[0].run_id
        ids = [r.run_id for r in runs]
        if text in ids:
            return text
        matches = [i for i in ids if i.startswith(text)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise StoreError(f"run id {text!r} is ambiguous: {', '.join(matches[:5])}")
        raise StoreError(
            f"{self.location}: no run {text!r}", tip="`auditor history` lists the stored runs"
        )

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def status_counts(results: Sequence[DeviceResult]) -> dict[str, int]:
    """Devices per status value, every status present (zeros too), in severity order."""
    counts = {s.value: 0 for s in Status}
    for r in results:
        counts[r.status.value] += 1
    return counts
