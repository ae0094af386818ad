"""Every mock-device fault, audited by the asyncssh engine: each ends named, none overruns.

The same faults as tests/e2e/test_faults.py (which holds the netmiko engine to them), here
through the asyncssh engine, with a known_hosts file under `accept-new`. The words of each
error are the netmiko engine's, so a report reads the same whichever engine ran. One
difference is on purpose: a prompt netmiko does not recognise (`unexpected_prompt`) is found
by the asyncssh engine, which audits that device.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from auditor.audit import AuditOptions, Auditor
from auditor.catalogue import load_catalogue
from auditor.collect import Timeouts
from auditor.collect.asyncssh_cli import AsyncsshCollector
from auditor.collect.asyncssh_shell import READ_LIMIT
from auditor.collect.hostkeys import HostKeyPolicy, fingerprint
from auditor.collect.netmiko_cli import NetmikoCollector
from auditor.inventory.credentials import CredentialResolver
from auditor.models import AuditRun, Cause, Device, DeviceResult
from mock_devices import DeviceSpec, MockFleet
from mock_devices.fleet import FAULTS
from mock_devices.server import shared_host_key

CATALOGUE = Path(__file__).parents[1] / "data" / "catalogue"
PASSWORD = "Async-Fault-pw-2"
TIMEOUTS = Timeouts(connect=1.5, command=2.5, device=8.0)
XE = ("cisco_xe", "17.12.4", "C9300-48P")
VRP = ("huawei", "V800R021C10SPC600", "NE40E-X8A")

# name: (fault, platform triple, cause or None if audited, words the error must hold)
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
    "odd-prompt": ("unexpected_prompt", XE, None, ""),
    "new-host-key": ("changed_host_key", XE, Cause.HOSTKEY, "has CHANGED"),
    "refused": ("refuse_connection", XE, Cause.UNREACHABLE, "connection refused"),
}
NEW_DEVICE = "learnt-xe"  # not in known_hosts: accept-new learns its key


def _fault_name(fault: Any) -> str:
    return fault if isinstance(fault, str) else next(iter(fault))


def test_every_fault_the_mock_knows_is_covered() -> None:
    assert {_fault_name(f) for f, *_ in FAULTY.values()} == set(FAULTS)


@pytest.fixture(scope="module")
def fleet() -> Iterator[MockFleet]:
    specs = [
        DeviceSpec(
            name=name,
            platform=platform,
            hostname=name,
            version=version,
            model=model,
            serial="FOC0042X0AB",
            username="audit",
            password=PASSWORD,
            faults=(fault,) if fault else (),
        )
        for name, (fault, (platform, version, model), *_rest) in {
            **FAULTY,
            NEW_DEVICE: (None, XE, None, ""),
        }.items()
    ]
    with MockFleet(specs, host="127.0.0.1") as running:
        yield running


@pytest.fixture(scope="module")
def known_hosts(fleet: MockFleet, tmp_path_factory: pytest.TempPathFactory) -> Path:
    skip = f"[127.0.0.1]:{fleet.ports[NEW_DEVICE]} "
    path = tmp_path_factory.mktemp("hostkeys") / "known_hosts"
    path.write_text(
        "".join(f"{line}\n" for line in fleet.known_hosts() if not line.startswith(skip))
    )
    return path


@pytest.fixture(scope="module")
def run(fleet: MockFleet, known_hosts: Path) -> AuditRun:
    names = [*FAULTY, NEW_DEVICE]
    platform = {n: (FAULTY[n][1] if n in FAULTY else XE)[0] for n in names}
    devices = [
        Device(
            name=n, host="127.0.0.1", port=fleet.ports[n], platform=platform[n], username="audit"
        )
        for n in names
    ]
    policy = HostKeyPolicy("accept-new", known_hosts)
    options = AuditOptions(
        as_of=date(2026, 6, 1),
        workers=len(devices),
        timeouts=TIMEOUTS,
        engine="asyncssh",
        retries=0,
    )
    auditor = Auditor(
        load_catalogue(CATALOGUE),
        CredentialResolver(env={"AUDITOR_PASSWORD": PASSWORD}, interactive=False),
        options,
        lambda _driver: NetmikoCollector(policy),  # asyncssh borrows its host-key policy
    )
    return auditor.run(devices, inventory_source="faults", inventory_sha256="0" * 64)


def result(run: AuditRun, name: str) -> DeviceResult:
    return next(r for r in run.results if r.device.name == name)


@pytest.mark.parametrize("name", [n for n, spec in FAULTY.items() if spec[2] is not None])
def test_a_failing_device_gets_its_cause_named(run: AuditRun, name: str) -> None:
    _fault, _platform, cause, words = FAULTY[name]
    got = result(run, name)
    assert got.cause is cause, got.error
    assert got.error is not None and words in got.error
    assert PASSWORD not in got.error
    assert set(got.error) <= set(string.printable) - set("\r\n\t\x0b\x0c"), repr(got.error)
    assert "device deadline" not in got.error  # the engine named it, not the stopwatch


@pytest.mark.parametrize("name", [n for n, spec in FAULTY.items() if spec[2] is None])
def test_a_difficult_device_is_audited(run: AuditRun, name: str) -> None:
    _fault, (_platform, version, model), *_ = FAULTY[name]
    got = result(run, name)
    assert got.cause is None, got.error
    assert got.facts is not None and (got.facts.version, got.facts.model) == (version, model)


def test_a_huge_answer_is_cut_short(run: AuditRun) -> None:
    (answer,) = result(run, "huge-answer").collections
    assert answer.truncated and len(answer.output) <= READ_LIMIT


def test_nobody_overruns_the_device_deadline(run: AuditRun) -> None:
    assert len(run.results) == len(FAULTY) + 1
    assert all(r.duration_s <= TIMEOUTS.device + 1.0 for r in run.results)


def test_a_changed_key_is_refused_before_login_and_a_new_one_learnt(
    run: AuditRun, fleet: MockFleet, known_hosts: Path
) -> None:
    error = result(run, "new-host-key").error or ""
    recorded = fingerprint(shared_host_key().public_data)
    assert recorded in error and "SHA256:" in error.replace(recorded, "")
    assert fleet.command_log("new-host-key") == []  # never logged in
    assert result(run, NEW_DEVICE).cause is None
    learnt = f"[127.0.0.1]:{fleet.ports[NEW_DEVICE]} "
    assert sum(line.startswith(learnt) for line in known_hosts.read_text().splitlines()) == 1


def test_strict_refuses_an_unknown_device_without_connecting(
    fleet: MockFleet, tmp_path: Path
) -> None:
    empty = tmp_path / "known_hosts"
    empty.write_text("")
    collector = AsyncsshCollector(HostKeyPolicy("strict", empty))
    options = AuditOptions(as_of=date(2026, 6, 1), timeouts=TIMEOUTS, engine="asyncssh")
    device = Device(
        name="stranger", host="127.0.0.1", port=fleet.ports[NEW_DEVICE], platform="cisco_xe"
    )
    fleet.clear_command_log(NEW_DEVICE)
    auditor = Auditor(
        load_catalogue(CATALOGUE),
        CredentialResolver(
            env={"AUDITOR_PASSWORD": PASSWORD, "AUDITOR_USERNAME": "audit"}, interactive=False
        ),
        options,
        lambda _driver: NetmikoCollector(),
        async_collector=collector,
    )
    (got,) = auditor.run([device], inventory_source="strict", inventory_sha256="0" * 64).results
    assert got.cause is Cause.HOSTKEY and "strict" in (got.error or "")
    assert got.attempts == 1  # a host-key refusal is never retried
    assert fleet.command_log(NEW_DEVICE) == []
