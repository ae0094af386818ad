"""The Auditor's run loop: retries, deadlines, engine choice, and a hung thread abandoned.

Real mock devices over SSH where a device's behaviour is the point (a refused connection, a
refused password, a CLI that never answers); stand-in collectors where the point is what the
loop does with a collector (one that blocks forever, one that cannot drive a CLI).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from auditor.audit import ENGINES, AuditOptions, Auditor
from auditor.catalogue import load_catalogue
from auditor.cli import main
from auditor.cli.common import ENGINES as CLI_ENGINES
from auditor.collect import Collector, Timeouts, get_collector
from auditor.collect.asyncssh_cli import AsyncCollector
from auditor.collect.base import make_collection
from auditor.errors import CollectError
from auditor.inventory.credentials import CredentialResolver, Credentials
from auditor.models import AuditRun, Cause, Collection, Device, Status
from auditor.platforms import Platform
from mock_devices import DeviceSpec, MockFleet

CATALOGUE = Path(__file__).parents[1] / "data" / "catalogue"
XE_SHOW_VERSION = (
    Path(__file__).parents[1] / "platforms/cisco_xe/c9300_17.9.5_padded.txt"
).read_text()
PASSWORD = "Loop-Test-pw-9"
RESOLVER = CredentialResolver(env={"AUDITOR_PASSWORD": PASSWORD}, interactive=False)


class Canned(Collector):
    """A collector that answers at once with a saved `show version` (no device)."""

    name = "canned"

    def collect(
        self, device: Device, platform: Platform, credentials: Credentials, timeouts: Timeouts
    ) -> list[Collection]:
        return [make_collection("show version", XE_SHOW_VERSION)]


class Stuck(Collector):
    """A blocking library call that never returns (until the test lets it go)."""

    name = "stuck"

    def __init__(self) -> None:
        self.release = threading.Event()

    def collect(
        self, device: Device, platform: Platform, credentials: Credentials, timeouts: Timeouts
    ) -> list[Collection]:
        self.release.wait()
        raise CollectError("released", Cause.DISCONNECTED.value)


class ResetThenHang(AsyncCollector):
    """A session reset at once, then a retry that never answers."""

    name = "reset-then-hang"

    def __init__(self) -> None:
        self.calls = 0

    async def collect(
        self, device: Device, platform: Platform, credentials: Credentials, timeouts: Timeouts
    ) -> list[Collection]:
        self.calls += 1
        if self.calls == 1:
            raise CollectError("connection lost: reset by peer", Cause.DISCONNECTED.value)
        await asyncio.Event().wait()  # never set: only the device deadline ends this
        raise AssertionError("unreachable")


class Undrivable(AsyncCollector):
    """An async engine that meets a CLI it cannot drive."""

    name = "undrivable"

    async def collect(
        self, device: Device, platform: Platform, credentials: Credentials, timeouts: Timeouts
    ) -> list[Collection]:
        raise CollectError("prompt not recognised", Cause.PROTOCOL.value)


def _device(name: str, port: int = 22, driver: str = "netmiko") -> Device:
    return Device(
        name=name, host="127.0.0.1", port=port, platform="cisco_xe", username="audit", driver=driver
    )


def _run(devices: list[Device], collector_for, **options) -> AuditRun:  # type: ignore[no-untyped-def]
    async_collector = options.pop("async_collector", None)
    opts = AuditOptions(as_of=date(2026, 6, 1), **options)
    auditor = Auditor(
        load_catalogue(CATALOGUE), RESOLVER, opts, collector_for, async_collector=async_collector
    )
    return auditor.run(devices, inventory_source="test", inventory_sha256="0" * 64)


@pytest.fixture(scope="module")
def fleet() -> Iterator[MockFleet]:
    faults = {
        "refused": ["refuse_connection"],
        "badpass": ["wrong_password"],
        "mute": ["hang_after_login"],
    }
    specs = [
        DeviceSpec(
            name=name,
            platform="cisco_xe",
            hostname=name,
            version="17.12.4",
            model="C9300-48P",
            serial="FOC0001X0AB",
            username="audit",
            password=PASSWORD,
            faults=tuple(fault),
        )
        for name, fault in faults.items()
    ]
    with MockFleet(specs, host="127.0.0.1") as running:
        yield running


def test_a_transient_failure_is_retried_a_refused_password_never(fleet: MockFleet) -> None:
    devices = [
        _device("refused", fleet.ports["refused"]),
        _device("badpass", fleet.ports["badpass"]),
    ]
    timeouts = Timeouts(connect=2.0, command=2.0, device=20.0)
    run = _run(devices, lambda _d: Canned(), engine="asyncssh", retries=2, timeouts=timeouts)
    refused, badpass = run.results
    assert (refused.cause, refused.attempts) == (Cause.UNREACHABLE, 3)
    assert (badpass.cause, badpass.attempts) == (Cause.AUTH, 1)
    assert "authentication failed" in (badpass.error or "")


def test_no_retries_means_one_attempt(fleet: MockFleet) -> None:
    run = _run([_device("refused", fleet.ports["refused"])], lambda _d: Canned(), retries=0)
    assert (run.results[0].cause, run.results[0].attempts) == (Cause.UNREACHABLE, 1)


def test_the_device_deadline_ends_a_silent_cli(fleet: MockFleet) -> None:
    timeouts = Timeouts(connect=2.0, command=30.0, device=1.5)
    run = _run([_device("mute", fleet.ports["mute"])], lambda _d: Canned(), timeouts=timeouts)
    (mute,) = run.results
    assert mute.cause is Cause.TIMEOUT
    # a read never waits past what the device deadline leaves (here 1 s, not the 30 s command
    # timeout), so the result says what the device did rather than only that time ran out
    assert mute.error == "logged in, but the device showed no prompt within 1 s"
    assert mute.duration_s <= timeouts.device + 0.5


def test_a_cli_that_hangs_after_login_says_so_on_the_default_engine(fleet: MockFleet) -> None:
    """Default engine (auto) and retries (1), real collectors: what the first attempt learnt
    is reported, whether the retry ran or the deadline left no room for it."""
    timeouts = Timeouts(connect=2.0, command=1.0, device=6.0)
    run = _run([_device("mute", fleet.ports["mute"])], get_collector, timeouts=timeouts)
    (mute,) = run.results
    assert mute.cause is Cause.TIMEOUT
    assert mute.error == "logged in, but the device showed no prompt within 1 s"


def test_a_retry_cut_by_the_device_deadline_keeps_the_first_cause() -> None:
    flaky = ResetThenHang()
    timeouts = Timeouts(connect=1.0, command=1.0, device=3.0)  # backoff is 0.5-1.5 s
    run = _run([_device("flaky")], lambda _d: Canned(), timeouts=timeouts, async_collector=flaky)
    (result,) = run.results
    assert flaky.calls == 2  # the retry did start, and the deadline ended it
    assert (result.cause, result.attempts) == (Cause.DISCONNECTED, 2)
    assert result.error == "connection lost: reset by peer"


def test_the_whole_run_deadline_answers_for_every_device(fleet: MockFleet) -> None:
    devices = [_device(f"mute-{i}", fleet.ports["mute"]) for i in range(3)]
    timeouts = Timeouts(connect=2.0, command=30.0, device=30.0)
    run = _run(devices, lambda _d: Canned(), workers=1, run_timeout=1.0, timeouts=timeouts)
    assert [r.device.name for r in run.results] == ["mute-0", "mute-1", "mute-2"]
    # the run ran out of time, not the devices: `interrupted`, which --resume audits again
    assert all(r.cause is Cause.INTERRUPTED for r in run.results)
    assert (run.results[0].error or "").startswith("the whole-run deadline (1 s) was reached")
    assert run.results[0].started_at is not None
    assert all("not started: the whole-run deadline" in (r.error or "") for r in run.results[1:])
    assert not run.interrupted  # the run itself ended when it was told to


def test_a_hung_library_call_is_abandoned_and_the_run_goes_on() -> None:
    stuck = Stuck()
    try:
        run = _run(
            [_device("hung"), _device("fine", driver="napalm")],
            lambda driver: stuck if driver == "netmiko" else Canned(),
            engine="netmiko",
            timeouts=Timeouts(connect=1.0, command=1.0, device=1.0),
        )
        hung, fine = run.results
        assert hung.cause is Cause.TIMEOUT and "device deadline" in (hung.error or "")
        assert fine.ok and fine.facts is not None and fine.facts.version == "17.9.5"
        alive = [t.name for t in threading.enumerate()]
        assert "audit-hung" in alive  # abandoned, not waited for
    finally:
        stuck.release.set()


def test_auto_gives_netmiko_the_cli_asyncssh_could_not_drive() -> None:
    run = _run([_device("odd")], lambda _d: Canned(), engine="auto", async_collector=Undrivable())
    (odd,) = run.results
    assert odd.ok and odd.status is not Status.FAILED
    assert odd.attempts == 2


def test_asyncssh_alone_reports_the_cli_it_could_not_drive() -> None:
    run = _run(
        [_device("odd")], lambda _d: Canned(), engine="asyncssh", async_collector=Undrivable()
    )
    (odd,) = run.results
    assert (odd.cause, odd.attempts) == (Cause.PROTOCOL, 1)  # protocol is not transient


def test_napalm_devices_always_use_napalm() -> None:
    asked: list[str] = []

    def collector_for(driver: str) -> Collector:
        asked.append(driver)
        return Canned()

    run = _run([_device("napalm-box", driver="napalm")], collector_for, engine="asyncssh")
    assert run.results[0].ok
    assert asked == ["napalm"]


def test_workers_defaults_follow_the_engine() -> None:
    today = date(2026, 6, 1)
    assert AuditOptions(as_of=today).session_limits() == (250, 16)
    assert AuditOptions(as_of=today, engine="netmiko").session_limits() == (16, 16)
    assert AuditOptions(as_of=today, workers=6).session_limits() == (6, 6)


def test_the_cli_offers_every_engine_and_refuses_bad_counts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert CLI_ENGINES == ENGINES
    for bad in (["--retries", "-1"], ["--workers", "0"], ["--engine", "telnet"]):
        with pytest.raises(SystemExit) as exit_info:
            main(["audit", "--inventory", "x.yaml", *bad])
        assert exit_info.value.code == 2
        assert bad[0] in capsys.readouterr().err
