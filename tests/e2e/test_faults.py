"""Every mock-device fault, audited by the real Auditor over real SSH, in one run.

One fleet: a few healthy devices and one device per fault (`mock_devices.fleet.FAULTS`). The
Auditor runs once over all of them with the netmiko collector and a known_hosts file, under
small deadlines. Each faulty device must end as a result whose cause names what went wrong,
with a message a person can act on (and no password in it); the healthy devices must be
audited as if nothing else happened; nobody may overrun the device deadline.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
import string
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import asyncssh
import pytest

from auditor.audit import AuditOptions, Auditor
from auditor.catalogue import load_catalogue
from auditor.collect import Timeouts
from auditor.collect.hostkeys import HostKeyPolicy
from auditor.collect.netmiko_cli import READ_LIMIT, NetmikoCollector
from auditor.inventory.credentials import CredentialResolver
from auditor.models import AuditRun, Cause, Device, DeviceResult, Status
from auditor.platforms import get_platform
from mock_devices import DeviceSpec, MockFleet
from mock_devices.fleet import FAULTS, default_uptime

CATALOGUE = Path(__file__).parents[1] / "data" / "catalogue"
PASSWORD = "Fault-Test-pw-7"
TIMEOUTS = Timeouts(connect=1.5, command=2.5, device=8.0)
SLACK = 1.0  # seconds a result may be recorded after its deadline (scheduling, not waiting)

XE = ("cisco_xe", "17.12.4", "C9300-48P")
VRP = ("huawei", "V800R021C10SPC600", "NE40E-X8A")

# name: (platform, version, model, expected status) -- nothing wrong with these
HEALTHY: dict[str, tuple[str, str, str, Status]] = {
    "core-xe": (*XE, Status.CURRENT),
    "pe-junos": ("juniper_junos", "23.4R2-S2", "MX304", Status.VULNERABLE),
    "pe-vrp": (*VRP, Status.UNSUPPORTABLE),
    "learnt-xe": (*XE, Status.CURRENT),  # left out of known_hosts: accept-new must learn it
}

# name: (fault as in a fleet file, platform triple, cause or None, words the error must hold)
FAULTY: dict[str, tuple[Any, tuple[str, str, str], Cause | None, str]] = {
    "wrong-password": ("wrong_password", XE, Cause.AUTH, "authentication failed"),
    "no-banner": ("hang_after_accept", XE, Cause.TIMEOUT, "no SSH handshake"),
    "hang-after-login": ("hang_after_login", XE, Cause.TIMEOUT, "showed no prompt"),
    "hang-mid-output": (
        {"hang_mid_output": 20},
        XE,
        Cause.TIMEOUT,
        "no complete answer to 'show version'",
    ),
    "drop-mid-output": (
        {"disconnect_mid_output": 20},
        XE,
        Cause.DISCONNECTED,
        "closed the connection during the answer to 'show version'",
    ),
    "slow-output": ({"slow_output": 0.005}, XE, None, ""),
    "sticky-paging": ("ignore_paging_disable", XE, None, ""),
    "sticky-paging-vrp": ("ignore_paging_disable", VRP, None, ""),
    "garbage": ("garbage_output", XE, Cause.UNPARSEABLE, "no ios-xe version found"),
    "huge-answer": ("huge_output", XE, None, ""),
    "odd-prompt": ("unexpected_prompt", XE, Cause.PROTOCOL, "prompt was not recognised"),
    "new-host-key": ("changed_host_key", XE, Cause.HOSTKEY, "has CHANGED"),
    "refused": ("refuse_connection", XE, Cause.UNREACHABLE, "connection refused"),
}


def _fault_name(fault: Any) -> str:
    return fault if isinstance(fault, str) else next(iter(fault))


def test_every_fault_the_mock_knows_is_covered() -> None:
    assert {_fault_name(f) for f, *_ in FAULTY.values()} == set(FAULTS)


#: Devices that print exactly what another one does, but through a pager that stays on.
TWINS = {"sticky-paging": "core-xe", "sticky-paging-vrp": "pe-vrp"}


def _spec(name: str, platform: tuple[str, str, str], faults: tuple[Any, ...]) -> DeviceSpec:
    identity = TWINS.get(name, name)  # same hostname, serial and uptime: same output
    return DeviceSpec(
        name=name,
        platform=platform[0],
        hostname=identity,
        version=platform[1],
        model=platform[2],
        serial=f"FOC{sum(map(ord, identity)):04d}X0AB",
        username="audit",
        password=PASSWORD,
        faults=faults,
        uptime=default_uptime(identity),
    )


@pytest.fixture(scope="module")
def fleet() -> Iterator[MockFleet]:
    specs = [_spec(n, (p, v, m), ()) for n, (p, v, m, _) in HEALTHY.items()]
    specs += [_spec(n, platform, (fault,)) for n, (fault, platform, *_) in FAULTY.items()]
    with MockFleet(specs, host="127.0.0.1") as running:
        yield running


@pytest.fixture(scope="module")
def known_hosts(fleet: MockFleet, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The file a previous audit left: every device with the key it had then."""
    learnt = f"[127.0.0.1]:{fleet.ports['learnt-xe']} "
    path = tmp_path_factory.mktemp("hostkeys") / "known_hosts"
    path.write_text(
        "# recorded by an earlier audit\n"
        + "".join(line + "\n" for line in fleet.known_hosts() if not line.startswith(learnt))
    )
    return path


@pytest.fixture(scope="module")
def run(fleet: MockFleet, known_hosts: Path) -> AuditRun:
    names = [*HEALTHY, *FAULTY]
    devices = [
        Device(
            name=name,
            host="127.0.0.1",
            port=fleet.ports[name],
            platform=fleet_platform(name),
            username="audit",
            site="lab",
        )
        for name in names
    ]
    collector = NetmikoCollector(HostKeyPolicy("accept-new", known_hosts))
    auditor = Auditor(
        load_catalogue(CATALOGUE),
        CredentialResolver(env={"AUDITOR_PASSWORD": PASSWORD}, interactive=False),
        _options(workers=len(devices)),
        lambda driver: collector,
    )
    return auditor.run(devices, inventory_source="test_faults", inventory_sha256="0" * 64)


def _options(workers: int) -> AuditOptions:
    """Small deadlines; the netmiko engine, one attempt per device.

    This file is about how the netmiko collector names each fault, so a retry (which would
    show the same fault again, later) and the asyncssh engine are left out where the Auditor
    offers them.
    """
    extra = {"engine": "netmiko", "retries": 0}
    offered = {f.name for f in dataclasses.fields(AuditOptions)}
    return AuditOptions(
        as_of=date(2026, 6, 1),
        workers=workers,
        timeouts=TIMEOUTS,
        run_timeout=TIMEOUTS.device * 3,
        **{k: v for k, v in extra.items() if k in offered},  # type: ignore[arg-type]
    )


def fleet_platform(name: str) -> str:
    return HEALTHY[name][0] if name in HEALTHY else FAULTY[name][1][0]


def result(run: AuditRun, name: str) -> DeviceResult:
    return next(r for r in run.results if r.device.name == name)


@pytest.mark.parametrize("name", [n for n, spec in FAULTY.items() if spec[2] is not None])
def test_a_failing_device_gets_its_cause_named(run: AuditRun, name: str) -> None:
    _fault, _platform, cause, words = FAULTY[name]
    got = result(run, name)
    assert (got.status, got.cause) == (Status.FAILED, cause), got.error
    assert got.error is not None and words in got.error
    assert PASSWORD not in got.error
    assert set(got.error) <= set(string.printable) - set("\r\n\t\x0b\x0c"), repr(got.error)
    assert "device deadline" not in got.error  # the collector named it, not the stopwatch


@pytest.mark.parametrize("name", [n for n, spec in FAULTY.items() if spec[2] is None])
def test_the_auditor_copes_with_a_difficult_device(run: AuditRun, name: str) -> None:
    _fault, (_platform, version, model), *_ = FAULTY[name]
    got = result(run, name)
    assert got.cause is None, got.error
    assert got.facts is not None
    assert (got.facts.version, got.facts.model) == (version, model)


@pytest.mark.parametrize("name", list(TWINS))
def test_pages_are_read_to_the_end_and_the_pager_removed(run: AuditRun, name: str) -> None:
    paged, plain = result(run, name).collections, result(run, TWINS[name]).collections
    assert [c.command for c in paged] == [c.command for c in plain]
    for answer, twin in zip(paged, plain, strict=True):
        assert not re.search(r"-{2,} ?\(?more", answer.output, re.IGNORECASE)
        # the same lines; indentation right after a page break may differ by a space (Huawei's
        # erase sequence reaches us half-stripped by netmiko)
        assert [line.strip() for line in answer.output.splitlines()] == [
            line.strip() for line in twin.output.splitlines()
        ]
    assert max(len(c.output.splitlines()) for c in paged) > 24  # there were pages to turn


def test_a_huge_answer_is_cut_at_the_read_limit(run: AuditRun) -> None:
    got = result(run, "huge-answer")
    (version_output,) = got.collections
    assert version_output.truncated
    assert len(version_output.output) == READ_LIMIT  # of 50 MB sent


def test_healthy_devices_are_audited_as_if_nothing_else_happened(run: AuditRun) -> None:
    for name, (_platform, version, model, status) in HEALTHY.items():
        got = result(run, name)
        assert got.status is status, (name, got.error)
        assert got.facts is not None
        assert (got.facts.version, got.facts.model) == (version, model), name


def test_nobody_overruns_the_device_deadline(run: AuditRun) -> None:
    assert not run.interrupted
    assert len(run.results) == len(HEALTHY) + len(FAULTY)
    for got in run.results:
        assert got.duration_s <= TIMEOUTS.device + SLACK, (got.device.name, got.duration_s)


def test_a_changed_host_key_names_both_fingerprints(run: AuditRun, fleet: MockFleet) -> None:
    error = result(run, "new-host-key").error or ""
    known = _fingerprint(fleet.ports["core-xe"])  # every other device serves the fleet's key
    presented = _fingerprint(fleet.ports["new-host-key"])
    assert known != presented
    assert known in error and presented in error
    assert f"[127.0.0.1]:{fleet.ports['new-host-key']}" in error


def test_no_password_is_sent_to_a_device_whose_key_changed(run: AuditRun, fleet: MockFleet) -> None:
    assert result(run, "new-host-key").cause is Cause.HOSTKEY
    assert fleet.password_attempts("new-host-key") == 0
    assert fleet.command_log("new-host-key") == []
    assert fleet.command_log("core-xe") != []


def test_accept_new_learns_a_new_device_and_keeps_the_old_lines(
    run: AuditRun, fleet: MockFleet, known_hosts: Path
) -> None:
    assert result(run, "learnt-xe").status is Status.CURRENT
    lines = known_hosts.read_text().splitlines()
    assert lines[0] == "# recorded by an earlier audit"
    learnt = [line for line in lines if line.startswith(f"[127.0.0.1]:{fleet.ports['learnt-xe']} ")]
    assert len(learnt) == 1
    assert learnt[0].split()[1:] == _any_known_line(fleet).split()[1:]  # the fleet's shared key
    changed = f"[127.0.0.1]:{fleet.ports['new-host-key']} "
    assert sum(line.startswith(changed) for line in lines) == 1  # never "corrected"


def test_only_allow_listed_commands_reach_any_device(run: AuditRun, fleet: MockFleet) -> None:
    assert run.results
    for name in [*HEALTHY, *FAULTY]:
        platform = get_platform(fleet_platform(name))
        allowed = set(platform.commands) | set(platform.session_commands) | {""}
        sent = set(fleet.command_log(name))
        assert sent <= allowed, (name, sorted(sent - allowed))


def _any_known_line(fleet: MockFleet) -> str:
    return fleet.known_hosts()[0]


def _fingerprint(port: int) -> str:
    """The key a device serves, fetched independently of the auditor (asyncssh, no login)."""

    async def fetch() -> str:
        key = await asyncssh.get_server_host_key("127.0.0.1", port)
        assert key is not None
        return str(key.get_fingerprint("sha256"))

    return asyncio.run(fetch())
