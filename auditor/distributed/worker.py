"""What a collector does with one task, and how `auditor worker` starts one.

A task is at-least-once; this makes it count once: `take_delivery` numbers the delivery in
the store (or says the device already has its answer: nothing to do), the Auditor audits the
device within its deadline, retrying transient failures with backoff and never a refused
password, and the result (secrets scrubbed, attempts including those lost with a dead worker)
replaces the device's row. Only then is the task acknowledged.

A store that cannot be written (PostgreSQL restarting) is the one failure Celery retries, with
exponential backoff; everything about the device itself is already a result.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
from dataclasses import dataclass, field, replace
from typing import Any

from auditor.audit import Auditor
from auditor.catalogue import Catalogue
from auditor.collect import collectors
from auditor.collect.hostkeys import HostKeyPolicy
from auditor.distributed.app import (
    TASK_NAME,
    VISIBILITY_TIMEOUT_S,
    app,
    configure,
    queue_for,
)
from auditor.distributed.payload import Task
from auditor.inventory.credentials import CredentialResolver
from auditor.models import Cause, DeviceResult, Status
from auditor.store import Store, StoreError, open_store
from auditor.store.postgres import masked
from auditor.store.session import scrub_result

log = logging.getLogger("auditor.worker")


@dataclass
class WorkerContext:
    """Everything a task needs that is the worker's own: store, catalogue, secrets, host keys."""

    zone: str
    store_location: str
    catalogue: Catalogue
    host_keys: HostKeyPolicy = field(default_factory=HostKeyPolicy)
    resolver: CredentialResolver = field(
        default_factory=lambda: CredentialResolver(interactive=False)
    )
    visibility_timeout: float = VISIBILITY_TIMEOUT_S
    _local: threading.local = field(default_factory=threading.local)
    _loop: asyncio.AbstractEventLoop | None = None
    _loop_lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._collectors = collectors(self.host_keys)

    def event_loop(self) -> asyncio.AbstractEventLoop:
        """One event loop for every task of this worker, as a local run has one for all its
        devices: the pool threads hand their device to it and wait. A loop per task
        (`asyncio.run`) would build and tear down a loop and its thread executor each time,
        which doubled the worker's CPU per device (benchmarks/distributed.py)."""
        with self._loop_lock:
            if self._loop is None or self._loop.is_closed():
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="auditor-loop", daemon=True).start()
                self._loop = loop
            return self._loop

    def store(self) -> Store:
        """One connection per pool thread: store backends are used from one thread each."""
        mine: Store | None = getattr(self._local, "store", None)
        if mine is None:
            mine = open_store(self.store_location)
            self._local.store = mine
        return mine

    def drop_store(self) -> None:
        mine = getattr(self._local, "store", None)
        self._local.store = None
        if mine is not None:
            try:
                mine.close()
            except Exception:  # noqa: BLE001 - a broken connection is being replaced anyway
                log.debug("closing a broken store connection failed", exc_info=True)

    def collect(self, raw: dict[str, Any], worker: str) -> dict[str, Any]:
        """Audit the task's device and write its result; return a short receipt."""
        task = Task.decode(raw)
        device = task.device
        if task.options.timeouts.device >= self.visibility_timeout:
            log.warning(
                "%s: its deadline (%g s) is not below this worker's visibility timeout (%g s):"
                " the broker may hand it to a second worker while this one still works on it"
                " (still one result; raise --visibility-timeout)",
                device.name,
                task.options.timeouts.device,
                self.visibility_timeout,
            )
        store = self.store()
        number = store.take_delivery(task.run_id, device.name, task.zone, worker)
        if number is None:
            log.info("%s: already answered in run %s, nothing to do", device.name, task.run_id)
            return {"device": device.name, "skipped": True, "worker": worker}
        if task.catalogue_sha256 != self.catalogue.sha256:
            result = DeviceResult(
                device,
                Status.FAILED,
                cause=Cause.INTERNAL,
                error=f"worker {worker} has catalogue {self.catalogue.version} "
                f"({self.catalogue.sha256[:12]}), the run uses {task.catalogue_version} "
                f"({task.catalogue_sha256[:12]}): deploy the same catalogue on every worker",
            )
        else:
            auditor = Auditor(self.catalogue, self.resolver, task.options, self._collectors)
            pending = asyncio.run_coroutine_threadsafe(
                auditor.audit_device(device), self.event_loop()
            )
            result = pending.result()  # audit_device always returns, within its deadline
        # attempts lost with a dead worker count too: each took at least one
        result = replace(result, attempts=result.attempts + number - 1)
        result = scrub_result(result, self.resolver.all_secrets())
        store.record(task.run_id, result)
        log.info("%s: %s (delivery %d)", device.name, result.status.value, number)
        return {"device": device.name, "status": result.status.value, "worker": worker}


_context: WorkerContext | None = None


@app.task(
    name=TASK_NAME,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(StoreError,),
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=8,
)
def collect_device(self: Any, raw: dict[str, Any]) -> dict[str, Any]:
    if _context is None:
        raise RuntimeError("this process is not an auditor worker (no WorkerContext)")
    try:
        return _context.collect(raw, worker=str(self.request.hostname))
    except StoreError:
        _context.drop_store()  # reconnect on the retry
        raise


def node_name(zone: str, name: str | None = None) -> str:
    """Celery node name: `ZONE.PID@HOST` unless given, so several workers per host can run."""
    return name or f"{zone}.{os.getpid()}@{socket.gethostname()}"


def run_worker(
    context: WorkerContext,
    *,
    broker: str,
    concurrency: int,
    name: str | None = None,
    visibility_timeout: float,
    loglevel: str = "INFO",
) -> None:
    """Consume `collect.<zone>` until stopped (SIGTERM: finish running tasks, then exit)."""
    global _context
    _context = context
    context.visibility_timeout = visibility_timeout
    log.info(
        "zone %s: up to %d devices at once, each thread with its own connection to %s",
        context.zone,
        concurrency,
        masked(context.store_location),
    )
    configure(broker, visibility_timeout)
    app.worker_main(
        [
            "worker",
            f"--queues={queue_for(context.zone)}",
            "--pool=threads",
            f"--concurrency={concurrency}",
            f"--hostname={node_name(context.zone, name)}",
            f"--loglevel={loglevel}",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
    )


__all__ = ["WorkerContext", "collect_device", "node_name", "run_worker"]
