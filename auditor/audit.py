"""The Auditor: inventory → collect → parse → evaluate, for many devices at once, in bounded time.

One asyncio event loop runs the whole audit (`auditor.run_loop`). Sessions of the asyncssh
engine are coroutines on that loop: hundreds cost little. Collectors built on blocking libraries
(netmiko, NAPALM, autodetection) each run in a daemon thread bridged to a future, so a device
that hangs past its deadline is *abandoned*: recorded as a timeout, its slot given to the next
device, while the library's own timeouts end the stray thread later.

Engines (`AuditOptions.engine`), for inventory devices with `driver: netmiko` (CLI over SSH):

* `asyncssh`: every such device through the asyncssh engine;
* `auto` (default): the same, and a device the asyncssh engine cannot drive (`protocol` cause:
  no common SSH algorithm, no shell, an unknown CLI behaviour) gets one netmiko session within
  its deadline;
* `netmiko`: the netmiko library, one thread per session, as before.

`driver: napalm` devices always use NAPALM. Nothing here prints or exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, TypeVar, cast

from auditor import __version__
from auditor.catalogue.model import Catalogue
from auditor.collect.base import Collector, Timeouts
from auditor.collect.napalm_facts import cross_check
from auditor.errors import AuditorError, CollectError, CredentialError, ParseError
from auditor.evaluate import evaluate
from auditor.hostname import with_hostname
from auditor.inventory.credentials import CredentialResolver, Credentials, redact
from auditor.inventory.native import AUTODETECT
from auditor.models import AuditRun, Cause, Collection, Device, DeviceResult, Status, new_run_id
from auditor.platforms import get_platform
from auditor.run_loop import ProgressFn, run_devices

if TYPE_CHECKING:
    from auditor.collect.asyncssh_cli import AsyncCollector

T = TypeVar("T")

ENGINES = ("auto", "asyncssh", "netmiko")
#: Concurrent sessions when --workers is not given. asyncssh sessions are coroutines (a few
#: hundred KB, ~5 ms of CPU per device) that spend almost all their time waiting on the device,
#: so the client is not the limit; the estate's AAA servers are: they see about
#: sessions / seconds-per-device logins a second (250 sessions of 3-8 s: 30-80 a second, each
#: with its authorization and accounting). 250 audits benchmarks/fleet.py's 2,000 devices in
#: under 20 s and stays far below the 1,024 open files of a default systemd service; a small
#: TACACS+/RADIUS setup wants a lower --workers (docs/scheduling.md, "How many sessions").
#: netmiko/NAPALM sessions are threads that share one core's worth of GIL: 16 keep it busy.
DEFAULT_SESSIONS = 250
DEFAULT_THREADS = 16
#: First retry after about this long (seconds), doubling per attempt, with ±50% jitter so that
#: a site that dropped a hundred sessions at once is not hit by a hundred at once again.
BACKOFF_S = 1.0


@dataclass(frozen=True)
class AuditOptions:
    as_of: date
    workers: int | None = None
    """Devices audited at once; None or 0: 250 with asyncssh (of which 16 at most in threads),
    16 with netmiko. A number given bounds both."""
    timeouts: Timeouts = Timeouts()
    run_timeout: float | None = None
    horizon_days: int = 180
    engine: str = "auto"
    retries: int = 1
    """Extra attempts for a transient failure (timeout, unreachable, disconnected), never for
    `auth`: a refused password retried is how accounts get locked."""

    def session_limits(self) -> tuple[int, int]:
        """(devices at once, of which in threads at once)."""
        if self.workers:
            return max(1, self.workers), max(1, self.workers)
        if self.engine == "netmiko":
            return DEFAULT_THREADS, DEFAULT_THREADS
        return DEFAULT_SESSIONS, DEFAULT_THREADS


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
    facts = cross_check(facts, collections)  # NAPALM's own facts must agree with the parser's
    facts = with_hostname(facts, platform, collections)  # else the prompt's (XR, VRP...)
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
        judged=verdict.judged,
    )


def finished_run(
    run_id: str,
    started: datetime,
    results: Sequence[DeviceResult],
    catalogue: Catalogue,
    options: AuditOptions,
    *,
    inventory_source: str,
    inventory_sha256: str,
    interrupted: bool,
) -> AuditRun:
    """The record of a run that ends now: local (`Auditor.run`) and distributed runs alike."""
    return AuditRun(
        run_id=run_id,
        started_at=started,
        finished_at=datetime.now(timezone.utc),
        as_of=options.as_of,
        tool_version=__version__,
        inventory_source=inventory_source,
        inventory_sha256=inventory_sha256,
        catalogue_version=catalogue.version,
        catalogue_sha256=catalogue.sha256,
        results=tuple(results),
        horizon_days=options.horizon_days,
        interrupted=interrupted,
    )


class Auditor:
    """Audit devices concurrently; every device ends as exactly one DeviceResult."""

    def __init__(
        self,
        catalogue: Catalogue,
        credentials: CredentialResolver,
        options: AuditOptions,
        collector_for: Callable[[str], Collector],
        async_collector: AsyncCollector | None = None,
    ) -> None:
        if options.engine not in ENGINES:
            raise ValueError(f"unknown engine {options.engine!r}; expected one of {ENGINES}")
        self.catalogue = catalogue
        self.credentials = credentials
        self.options = options
        self.collector_for = collector_for
        self._async_collector = async_collector
        self._threads: asyncio.Semaphore | None = None

    def run(
        self,
        devices: Sequence[Device],
        *,
        inventory_source: str,
        inventory_sha256: str,
        progress: ProgressFn | None = None,
    ) -> AuditRun:
        started = datetime.now(timezone.utc)
        sessions, _ = self.options.session_limits()
        self._threads = None  # a semaphore belongs to one event loop, and each run has its own
        results, interrupted = asyncio.run(
            run_devices(
                devices,
                self.audit_device,
                workers=sessions,
                run_timeout=self.options.run_timeout,
                progress=progress,
            )
        )
        return finished_run(
            new_run_id(started),
            started,
            results,
            self.catalogue,
            self.options,
            inventory_source=inventory_source,
            inventory_sha256=inventory_sha256,
            interrupted=interrupted,
        )

    async def audit_device(self, device: Device) -> DeviceResult:
        """All attempts at one device, within its deadline; always returns a result."""
        started = datetime.now(timezone.utc)
        clock = time.monotonic()
        budget = self.options.timeouts.device
        tally = _Tally()
        try:
            result = await asyncio.wait_for(self._attempts(device, tally, clock + budget), budget)
        except asyncio.TimeoutError:
            if tally.last is not None:  # a retry ran out of time: the first failure says why
                result = tally.last
            else:
                error = f"no answer within the device deadline ({budget:g} s per device)"
                result = unanswered(device, Cause.TIMEOUT, error)
        return replace(
            result,
            started_at=started,
            duration_s=round(time.monotonic() - clock, 3),
            attempts=max(1, tally.attempts),
        )

    async def _attempts(self, device: Device, tally: _Tally, deadline: float) -> DeviceResult:
        """Attempt, and retry a transient failure after a backoff while the deadline allows."""
        fallback = False
        while True:
            tally.attempts += 1
            began = time.monotonic()
            result, engine = await self._attempt(device, fallback)
            if result.ok:
                return result
            tally.last = result
            if engine == "asyncssh-auto" and result.cause is Cause.PROTOCOL:
                fallback = True  # netmiko gets the CLI that asyncssh could not drive
                continue
            delay = _backoff(tally.attempts)
            took = time.monotonic() - began
            # retry only when another attempt as long as this one still fits in the deadline
            if not self._may_retry(result, tally.attempts) or (
                time.monotonic() + delay + took >= deadline
            ):
                return result
            await asyncio.sleep(delay)

    def _may_retry(self, result: DeviceResult, attempts: int) -> bool:
        cause = result.cause
        return cause is not None and cause.transient and attempts <= self.options.retries

    async def _attempt(self, device: Device, fallback: bool) -> tuple[DeviceResult, str]:
        """One session with the device: (result, engine used). Failures become results."""
        engine = "none"
        try:
            credentials = self.credentials.for_device(device)
            detected = device.platform == AUTODETECT
            if detected:
                device = replace(device, platform=await self._detect(device, credentials))
            platform = get_platform(device.platform)
            collector, engine = self._collector(device, fallback)
            if asyncio.iscoroutinefunction(getattr(collector, "collect", None)):
                coroutines = cast("AsyncCollector", collector)  # a session on this loop
                collections = await coroutines.collect(
                    device, platform, credentials, self.options.timeouts
                )
            else:
                sync = cast(Collector, collector)  # a blocking library: a thread of its own
                collections = await self._in_thread(
                    device,
                    lambda: sync.collect(device, platform, credentials, self.options.timeouts),
                )
            result = evaluate_collections(device, collections, self.catalogue, self.options)
            if detected and result.facts is not None:  # say so: the inventory did not
                note = f"platform autodetected over SSH: {device.platform}"
                facts = replace(result.facts, warnings=(note, *result.facts.warnings))
                result = replace(result, facts=facts)
            return result, engine
        except CollectError as exc:
            return _failed(device, _cause(exc.cause), exc.message), engine
        except CredentialError as exc:
            return _failed(device, Cause.AUTH, exc.message), engine
        except AuditorError as exc:
            return _failed(device, Cause.INTERNAL, exc.message), engine
        except Exception as exc:  # noqa: BLE001 - one device's bug must not end the run
            text = redact(f"{type(exc).__name__}: {exc}", self.credentials.all_secrets())
            return _failed(device, Cause.INTERNAL, text[:300]), engine

    def _collector(self, device: Device, fallback: bool) -> tuple[Collector | AsyncCollector, str]:
        """Which engine audits this device (see the module docstring)."""
        engine = self.options.engine
        read_only_needs_asyncssh = get_platform(device.platform).netmiko_changes_config
        if device.driver != "netmiko" or (
            (engine == "netmiko" or fallback) and not read_only_needs_asyncssh
        ):
            return self.collector_for(device.driver), device.driver
        if self._async_collector is None:
            from auditor.collect.asyncssh_cli import AsyncsshCollector

            # the host-key policy the netmiko path was given holds for asyncssh sessions too
            sibling = self.collector_for("netmiko")
            self._async_collector = AsyncsshCollector(getattr(sibling, "host_keys", None))
        return self._async_collector, "asyncssh-auto" if engine == "auto" else "asyncssh"

    async def _detect(self, device: Device, credentials: Credentials) -> str:
        """`platform: autodetect`: netmiko's SSH detection (blocking, so in a thread)."""
        from auditor.collect.autodetect import detect_platform

        # the run's host-key policy (held by its netmiko collector) holds for the probe too
        host_keys = getattr(self.collector_for("netmiko"), "host_keys", None)
        return await self._in_thread(
            device,
            lambda: detect_platform(device, credentials, self.options.timeouts, host_keys),
        )

    async def _in_thread(self, device: Device, work: Callable[[], T]) -> T:
        """Run blocking work in a daemon thread; the await can be abandoned at a deadline.

        No executor: its threads are joined at interpreter exit, and a hung one would keep
        a finished run from exiting.
        """
        if self._threads is None:
            self._threads = asyncio.Semaphore(self.options.session_limits()[1])
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()

        def settle(value: T | None, error: BaseException | None) -> None:
            if future.done():  # the device was given up on meanwhile
                return
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(value)  # type: ignore[arg-type]

        def job() -> None:
            value: T | None = None
            error: BaseException | None = None
            try:
                value = work()
            except BaseException as exc:  # noqa: BLE001 - handed to the awaiting coroutine
                error = exc
            with contextlib.suppress(RuntimeError):  # loop closed: the run ended without it
                loop.call_soon_threadsafe(settle, value, error)

        async with self._threads:
            threading.Thread(target=job, name=f"audit-{device.name}", daemon=True).start()
            return await future


class _Tally:
    """Attempts made at one device, readable after its deadline cancelled the attempts."""

    attempts = 0
    last: DeviceResult | None = None
    """The latest failed attempt: what a retry cut short by the deadline reports."""


def _backoff(attempt: int) -> float:
    """Seconds before attempt `attempt + 1`: exponential, with jitter."""
    return BACKOFF_S * 2 ** (attempt - 1) * random.uniform(0.5, 1.5)  # noqa: S311 - not crypto


def _failed(device: Device, cause: Cause, error: str) -> DeviceResult:
    return DeviceResult(device, Status.FAILED, cause=cause, error=error)


def _cause(value: str) -> Cause:
    try:
        return Cause(value)
    except ValueError:
        return Cause.PROTOCOL


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


__all__ = ["ENGINES", "AuditOptions", "Auditor", "evaluate_collections", "unanswered"]
