"""The run loop: start devices while there is room, stop in time, and answer for every device.

What it guarantees, whatever happens: each device ends as exactly one result, in inventory
order. What it bounds: how many devices are audited at once (`workers`), the whole run
(`run_timeout`), and how long an interrupt takes to take effect.

Ctrl-C or SIGTERM (systemd's stop, a CI timeout): no new device starts; the running ones get
`GRACE_S` to finish, then are cancelled; everything collected so far is kept, the others are
`interrupted`, and the run says it was interrupted (the CLI exits 130). A second signal
cancels at once. The per-device deadline is the device coroutine's own business.

The whole-run deadline cuts the same way, without the grace: the devices still running and
those not started are `interrupted` too (the message says it was the deadline), because the
run, not the device, ran out of time, and `--resume` audits exactly the `interrupted` ones
again. The run itself is not interrupted: it ended when it was told to (`--strict` exits 3).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterator, Sequence
from datetime import datetime, timezone
from typing import Any, cast

from auditor.models import Cause, Device, DeviceResult, Status

ProgressFn = Callable[[DeviceResult, int, int], None]
AuditFn = Callable[[Device], Awaitable[DeviceResult]]

#: Seconds the running sessions get to finish after an interrupt.
GRACE_S = 3.0
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class _Running:
    """One device in flight: where it belongs in the results, and since when."""

    def __init__(self, index: int, device: Device) -> None:
        self.index = index
        self.device = device
        self.started_at = datetime.now(timezone.utc)
        self.clock = time.monotonic()

    def gave_up(self, cause: Cause, error: str) -> DeviceResult:
        return DeviceResult(
            self.device,
            Status.FAILED,
            cause=cause,
            error=error,
            started_at=self.started_at,
            duration_s=round(time.monotonic() - self.clock, 3),
        )


async def run_devices(
    devices: Sequence[Device],
    audit: AuditFn,
    *,
    workers: int,
    run_timeout: float | None = None,
    progress: ProgressFn | None = None,
    grace: float = GRACE_S,
) -> tuple[list[DeviceResult], bool]:
    """Audit every device with `audit`; return (results in inventory order, interrupted)."""
    loop = asyncio.get_running_loop()
    stop, now_please = asyncio.Event(), asyncio.Event()
    pending = deque(enumerate(devices))
    running: dict[asyncio.Task[DeviceResult], _Running] = {}
    results: dict[int, DeviceResult] = {}
    run_deadline = loop.time() + run_timeout if run_timeout else None

    def finish(index: int, result: DeviceResult) -> None:
        results[index] = result
        if progress:
            progress(result, len(results), len(devices))

    def collect(task: asyncio.Task[DeviceResult]) -> None:
        slot = running.pop(task)
        if task.cancelled():
            result = slot.gave_up(Cause.INTERRUPTED, "the audit was cancelled before it answered")
        elif task.exception() is not None:
            error = f"{type(task.exception()).__name__} in the audit loop"
            result = slot.gave_up(Cause.INTERNAL, error)
        else:
            result = task.result()
        finish(slot.index, result)

    stopped = asyncio.ensure_future(stop.wait())
    with _stop_on_signals(loop, stop, now_please):
        try:
            while pending or running:
                out_of_time = run_deadline is not None and loop.time() >= run_deadline
                if stop.is_set() or out_of_time:
                    break
                while pending and len(running) < workers:
                    index, device = pending.popleft()
                    task = asyncio.ensure_future(audit(device))
                    running[task] = _Running(index, device)
                timeout = None if run_deadline is None else max(0.0, run_deadline - loop.time())
                waiting: set[asyncio.Future[Any]] = {*running, stopped}
                finished, _ = await asyncio.wait(
                    waiting, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
                )
                for done in finished:
                    if done is not stopped:
                        collect(cast("asyncio.Task[DeviceResult]", done))
            if running and stop.is_set() and not now_please.is_set():
                await _grace(running, now_please, grace, collect)
            cut_by = (
                "the run was stopped (Ctrl-C or SIGTERM)"
                if stop.is_set()
                else f"the whole-run deadline ({run_timeout or 0:g} s) was reached"
            )
            if running:
                why = f"{cut_by} before the device answered"
                await _cancel(running, (Cause.INTERRUPTED, why), finish)
        finally:
            stopped.cancel()
            for task in running:  # only if this coroutine itself was cancelled
                task.cancel()
    for index, device in pending:
        why = f"not started: {cut_by}"
        finish(index, DeviceResult(device, Status.FAILED, cause=Cause.INTERRUPTED, error=why))
    return [results[i] for i in sorted(results)], stop.is_set()


async def _cancel(
    running: dict[asyncio.Task[DeviceResult], _Running],
    gave_up: tuple[Cause, str],
    finish: Callable[[int, DeviceResult], None],
) -> None:
    """Cancel what is still running; a device that finished meanwhile keeps its result."""
    for task in running:
        task.cancel()
    for task, slot in list(running.items()):
        with contextlib.suppress(BaseException):
            await task
        del running[task]
        done = not task.cancelled() and task.exception() is None
        finish(slot.index, task.result() if done else slot.gave_up(*gave_up))


async def _grace(
    running: dict[asyncio.Task[DeviceResult], _Running],
    now_please: asyncio.Event,
    grace: float,
    collect: Callable[[asyncio.Task[DeviceResult]], None],
) -> None:
    """Let the running devices finish for up to `grace` seconds (or until a second signal)."""
    hurry = asyncio.ensure_future(now_please.wait())
    deadline = time.monotonic() + grace
    try:
        while running and not now_please.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            waiting: set[asyncio.Future[Any]] = {*running, hurry}
            finished, _ = await asyncio.wait(
                waiting, timeout=left, return_when=asyncio.FIRST_COMPLETED
            )
            for done in finished:
                if done is not hurry:
                    collect(cast("asyncio.Task[DeviceResult]", done))
    finally:
        hurry.cancel()


@contextlib.contextmanager
def _stop_on_signals(
    loop: asyncio.AbstractEventLoop, stop: asyncio.Event, now_please: asyncio.Event
) -> Iterator[None]:
    """SIGINT/SIGTERM set `stop` (a second one `now_please`) for the length of the run.

    Only the main thread can take signals; elsewhere (a library caller's worker thread) the
    run simply has no interrupt handling. The previous handlers come back afterwards.
    """

    def on_signal() -> None:
        if stop.is_set():
            now_please.set()
        stop.set()

    installed: list[tuple[signal.Signals, Any]] = []
    try:
        for sig in STOP_SIGNALS:
            previous = signal.getsignal(sig)
            loop.add_signal_handler(sig, on_signal)
            installed.append((sig, previous))
    except (ValueError, RuntimeError, NotImplementedError):
        pass  # not the main thread, or no signal support in this loop
    try:
        yield
    finally:
        for sig, previous in installed:
            loop.remove_signal_handler(sig)
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(sig, previous)
