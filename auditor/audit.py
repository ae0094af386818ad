"""The Auditor: inventory → collect → parse → evaluate, for many devices at once, in bounded time.

Concurrency is a pool of at most `workers` sessions. Each device runs in its own daemon thread
so that a device that hangs past its deadline can be *abandoned*: it is recorded as a timeout
and its slot is given to the next device, while netmiko's own timeouts eventually end the stray
thread. That is what keeps one bad device from spoiling, or stalling, the run.
Nothing here prints or exits; progress is reported through a callback.
"""

from __future__ import annotations

import queue
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone

from auditor import __version__
from auditor.catalogue.model import Catalogue
from auditor.collect.base import Collector, Timeouts
from auditor.errors import AuditorError, CollectError, CredentialError, ParseError
from auditor.evaluate import evaluate
from auditor.inventory.credentials import CredentialResolver, redact
from auditor.models import AuditRun, Cause, Collection, Device, DeviceResult, Status
from auditor.platforms import get_platform

ProgressFn = Callable[[DeviceResult, int, int], None]


@dataclass(frozen=True)
class AuditOptions:
    as_of: date
    workers: int = 16
    timeouts: Timeouts = Timeouts()
    run_timeout: float | None = None
    horizon_days: int = 180


def evaluate_collections(
    device: Device,
    collections: Sequence[Collection],
    catalogue: Catalogue,
    options: AuditOptions,
) -> DeviceResult:
    """Parse and evaluate what was collected (live or saved) into one DeviceResult."""
    platform = get_platform(device.platform)
    outputs = {c.command: c.output for c in collections}
    try:
        facts = platform.parse(outputs)
    except ParseError as exc:
        return DeviceResult(
            device,
            Status.FAILED,
            cause=Cause.UNPARSEABLE,
            error=exc.message[:300],
            collections=tuple(collections),
        )
    primary = next((c for c in collections if c.command == platform.version_command), None)
    verdict = evaluate(device, facts, catalogue, options.as_of, options.horizon_days, primary)
    return DeviceResult(
        device,
        verdict.status,
        facts=facts,
        findings=verdict.findings,
        collections=tuple(collections),
        target_version=verdict.target_version,
        target_note=verdict.target_note,
    )


class Auditor:
    """Audit devices concurrently; every device ends as exactly one DeviceResult."""

    def __init__(
        self,
        catalogue: Catalogue,
        credentials: CredentialResolver,
        options: AuditOptions,
        collector_for: Callable[[str], Collector],
    ) -> None:
        self.catalogue = catalogue
        self.credentials = credentials
        self.options = options
        self.collector_for = collector_for

    def audit_one(self, device: Device) -> DeviceResult:
        started = datetime.now(timezone.utc)
        clock = time.monotonic()
        try:
            creds = self.credentials.for_device(device)
            platform = get_platform(device.platform)
            collections = self.collector_for(device.driver).collect(
                device, platform, creds, self.options.timeouts
            )
            result = evaluate_collections(device, collections, self.catalogue, self.options)
        except CollectError as exc:
            result = DeviceResult(device, Status.FAILED, cause=Cause(exc.cause), error=exc.message)
        except CredentialError as exc:
            result = DeviceResult(device, Status.FAILED, cause=Cause.AUTH, error=exc.message)
        except AuditorError as exc:
            result = DeviceResult(device, Status.FAILED, cause=Cause.INTERNAL, error=exc.message)
        except Exception as exc:  # noqa: BLE001 - one device's bug must not end the run
            text = redact(f"{type(exc).__name__}: {exc}", self.credentials.all_secrets())
            result = DeviceResult(device, Status.FAILED, cause=Cause.INTERNAL, error=text[:300])
        return replace(result, started_at=started, duration_s=round(time.monotonic() - clock, 3))

    def run(
        self,
        devices: Sequence[Device],
        *,
        inventory_source: str,
        inventory_sha256: str,
        progress: ProgressFn | None = None,
    ) -> AuditRun:
        started = datetime.now(timezone.utc)
        results, interrupted = self._run_pool(devices, progress)
        return AuditRun(
            run_id=started.strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6],
            started_at=started,
            finished_at=datetime.now(timezone.utc),
            as_of=self.options.as_of,
            tool_version=__version__,
            inventory_source=inventory_source,
            inventory_sha256=inventory_sha256,
            catalogue_version=self.catalogue.version,
            catalogue_sha256=self.catalogue.sha256,
            results=tuple(results),
            horizon_days=self.options.horizon_days,
            interrupted=interrupted,
        )

    def _run_pool(
        self, devices: Sequence[Device], progress: ProgressFn | None
    ) -> tuple[list[DeviceResult], bool]:
        pending = list(reversed(devices))
        running: dict[int, tuple[Device, float, datetime]] = {}
        done: dict[int, DeviceResult] = {}
        inbox: queue.Queue[tuple[int, DeviceResult]] = queue.Queue()
        order = {id(d): i for i, d in enumerate(devices)}
        workers = max(1, self.options.workers)
        device_deadline = self.options.timeouts.device
        run_deadline = (
            time.monotonic() + self.options.run_timeout if self.options.run_timeout else None
        )
        interrupted = False

        def finish(index: int, result: DeviceResult) -> None:
            done[index] = result
            if progress:
                progress(result, len(done), len(devices))

        def start(device: Device) -> None:
            index = order[id(device)]
            running[index] = (
                device,
                time.monotonic() + device_deadline,
                datetime.now(timezone.utc),
            )

            def job() -> None:
                inbox.put((index, self.audit_one(device)))

            threading.Thread(target=job, name=f"audit-{device.name}", daemon=True).start()

        try:
            while pending or running:
                if run_deadline and time.monotonic() > run_deadline:
                    for d in pending:
                        finish(
                            order[id(d)],
                            unanswered(d, Cause.TIMEOUT, "not started: whole-run deadline reached"),
                        )
                    pending.clear()
                while pending and len(running) < workers:
                    start(pending.pop())
                if not running:
                    continue
                next_deadline = min(dl for _, dl, _ in running.values())
                wait = max(0.0, min(next_deadline - time.monotonic(), 0.5))
                try:
                    index, result = inbox.get(timeout=wait)
                    if index in running:
                        del running[index]
                        finish(index, result)
                except queue.Empty:
                    pass
                now = time.monotonic()
                for index, (device, deadline, began) in list(running.items()):
                    if now >= deadline or (run_deadline and now >= run_deadline):
                        del running[index]
                        reason = "device deadline" if now >= deadline else "whole-run deadline"
                        error = f"no answer within the {reason} ({device_deadline:g} s per device)"
                        finish(
                            index, unanswered(device, Cause.TIMEOUT, error, began, device_deadline)
                        )
        except KeyboardInterrupt:
            interrupted = True
            for index, (device, _, began) in running.items():
                finish(
                    index,
                    unanswered(
                        device, Cause.INTERRUPTED, "interrupted before the device answered", began
                    ),
                )
            for d in pending:
                finish(
                    order[id(d)], unanswered(d, Cause.INTERRUPTED, "not started: run interrupted")
                )
        return [done[i] for i in sorted(done)], interrupted


def unanswered(
    device: Device,
    cause: Cause,
    error: str,
    started_at: datetime | None = None,
    duration_s: float = 0.0,
) -> DeviceResult:
    """The result of a device the run gave up on (deadline or interrupt): failed, with why."""
    return DeviceResult(
        device,
        Status.FAILED,
        cause=cause,
        error=error,
        started_at=started_at,
        duration_s=round(duration_s, 3),
    )
