"""`auditor audit --engine celery`: check the zones have workers, send the tasks, wait, report.

The dispatcher never connects to a device and never holds a device password. It begins the
run in the shared store, sends one task per device to `collect.<zone>`, then watches the store
fill (the workers write to it) and shows progress. When every device has an answer it hands
back an `AuditRun` built from the store, in inventory order, which the CLI finishes and
reports exactly as a local run. Ctrl-C or SIGTERM stops the wait: what was answered is kept,
the rest is `interrupted` (tasks already queued still run and fill in the run later; `--resume`
picks up what is missing).
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timezone
from typing import Any

from auditor.audit import AuditOptions, finished_run, unanswered
from auditor.catalogue import Catalogue
from auditor.distributed.app import QUEUE_PREFIX, TASK_NAME, app, configure, queue_for
from auditor.distributed.payload import Task
from auditor.errors import InputError
from auditor.models import AuditRun, Cause, Device, DeviceResult
from auditor.store import Store, is_finished

ProgressFn = Callable[[DeviceResult, int, int], None]
#: Seconds to wait for workers to answer the preflight ping, asked in rounds of PING_ROUND_S:
#: a broadcast cannot know how many workers will reply, so each round waits out its timeout,
#: and the preflight stops after the first round in which every wanted zone answered.
PING_TIMEOUT_S = 3.0
PING_ROUND_S = 0.5
POLL_S = 0.5
#: How often the wait re-checks that every zone with devices left still has a worker.
WATCH_S = 15.0


class DispatchError(InputError):
    """The distributed run cannot start: no broker, or zones with no live worker. Exit 2."""


def check_broker(broker: str) -> None:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0.5, timeout=5)
    except Exception as exc:  # noqa: BLE001 - kombu raises library-specific errors
        raise DispatchError(
            f"cannot reach the broker at {_masked(broker)}: {exc}",
            tip="start Redis (or check --broker); workers and this command must share it",
        ) from None


def live_zones(timeout: float = PING_TIMEOUT_S, wanted: Sequence[str] = ()) -> dict[str, list[str]]:
    """Zone → names of the workers that answered a ping and consume `collect.<zone>`.

    Asks in short rounds until every `wanted` zone has answered or `timeout` has passed
    (with nothing wanted: one full-length round, to hear from every worker)."""
    zones: dict[str, list[str]] = {}
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        window = min(PING_ROUND_S, left) if wanted else left
        replies: dict[str, Any] = app.control.inspect(timeout=window).active_queues() or {}
        for worker, queues in sorted(replies.items()):
            for queue in queues or []:
                name = str(queue.get("name", ""))
                if name.startswith(QUEUE_PREFIX):
                    workers = zones.setdefault(name[len(QUEUE_PREFIX) :], [])
                    if worker not in workers:
                        workers.append(worker)
        if not wanted or all(z in zones for z in wanted) or time.monotonic() >= deadline:
            return zones


def preflight(zones: Sequence[str], timeout: float = PING_TIMEOUT_S) -> dict[str, list[str]]:
    """Fail fast, naming every zone of the inventory that no live worker serves."""
    live = live_zones(timeout, zones)
    missing = [z for z in zones if z not in live]
    if missing:
        names = ", ".join(f"{z} (queue {queue_for(z)})" for z in missing)
        raise DispatchError(
            f"no live worker for zone{'s' if len(missing) > 1 else ''} {names}; "
            f"{len(zones) - len(missing)} of {len(zones)} zones have one",
            tip="start `auditor worker --zone ZONE --broker URL --store URL` on a host in "
            "each zone named, then run the audit again",
        )
    return live


def prepare(broker: str, zones: Sequence[str], ping_timeout: float = PING_TIMEOUT_S) -> None:
    """Before the run begins in the store: the broker answers and every zone has a worker."""
    configure(broker)
    check_broker(broker)
    preflight(list(dict.fromkeys(zones)), ping_timeout)


def run_distributed(
    store: Store,
    run_id: str,
    todo: Sequence[Device],
    catalogue: Catalogue,
    options: AuditOptions,
    *,
    broker: str,
    inventory_source: str,
    inventory_sha256: str,
    progress: ProgressFn | None = None,
    warn: Callable[[str], None] | None = None,
    poll_s: float = POLL_S,
) -> AuditRun:
    """Send one task per device of `todo`, wait for every answer; the run so far.

    `prepare` must have passed first (the CLI runs it before the run begins in the store).
    """
    configure(broker)
    started = datetime.now(timezone.utc)
    for device in todo:
        task = Task(run_id, device.zone, device, options, catalogue.sha256, catalogue.version)
        app.send_task(
            TASK_NAME,
            args=[task.encode()],
            queue=queue_for(task.zone),
            task_id=f"{run_id}/{device.name}",
        )
    answers, interrupted = _wait(store, run_id, todo, options, progress, warn, poll_s)
    results = []
    for device in todo:
        if device.name in answers:
            results.append(answers[device.name])
        elif interrupted:
            results.append(
                unanswered(device, Cause.INTERRUPTED, "interrupted before a worker answered")
            )
        else:
            results.append(
                unanswered(
                    device,
                    Cause.TIMEOUT,
                    f"no worker answered within the whole-run deadline ({options.run_timeout:g} s)",
                )
            )
    return finished_run(
        run_id,
        started,
        results,
        catalogue,
        options,
        inventory_source=inventory_source,
        inventory_sha256=inventory_sha256,
        interrupted=interrupted,
    )


def _wait(
    store: Store,
    run_id: str,
    todo: Sequence[Device],
    options: AuditOptions,
    progress: ProgressFn | None,
    warn: Callable[[str], None] | None,
    poll_s: float,
) -> tuple[dict[str, DeviceResult], bool]:
    """Watch the store until every device is answered, the run deadline passes or a signal."""
    wanted = {d.name: d for d in todo}
    answers: dict[str, DeviceResult] = {}
    deadline = time.monotonic() + options.run_timeout if options.run_timeout else None
    next_watch = time.monotonic() + WATCH_S
    with _stop_on_signals() as stop:
        while len(answers) < len(wanted):
            new = (store.answered_devices(run_id) & wanted.keys()) - answers.keys()
            for name, result in store.results_for(run_id, new).items():
                if is_finished(result):
                    answers[name] = result
                    if progress:
                        progress(result, len(answers), len(wanted))
            if len(answers) == len(wanted):
                break
            if stop.wait(poll_s):
                return answers, True
            if deadline is not None and time.monotonic() >= deadline:
                break
            if warn and time.monotonic() >= next_watch:
                next_watch = time.monotonic() + WATCH_S
                waiting = {d.zone for n, d in wanted.items() if n not in answers}
                orphaned = sorted(waiting - set(live_zones(wanted=sorted(waiting))))
                if orphaned:
                    warn(f"no live worker now for zone(s) {', '.join(orphaned)}; still waiting")
    return answers, False


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[threading.Event]:
    """SIGINT/SIGTERM end the wait (results so far kept); outside the main thread, no handler."""
    stop = threading.Event()
    previous: list[tuple[signal.Signals, Any]] = []
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous.append((sig, signal.signal(sig, lambda *_: stop.set())))
    except ValueError:
        pass  # not the main thread
    try:
        yield stop
    finally:
        for sig, handler in previous:
            signal.signal(sig, handler)


def _masked(url: str) -> str:
    from auditor.store.postgres import masked

    return masked(url)
