"""Every mock-device fault, audited by the real Auditor over real SSH, in one run.

One fleet (tests/fault_fleet.py): a few healthy devices and one device per fault
(`mock_devices.fleet.FAULTS`). The Auditor runs once over all of them with the netmiko engine,
one attempt per device and a known_hosts file, under small deadlines. Each faulty device must
end as a result whose cause names what went wrong, with a message a person can act on (and no
password in it); the healthy devices must be audited as if nothing else happened; nobody may
overrun the device deadline. tests/engine/test_asyncssh_faults.py holds the asyncssh engine to
the same fleet.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import asyncssh
import pytest
from fault_fleet import (
    ALL,
    HEALTHY,
    NEW_DEVICE,
    TWINS,
    audit_fleet,
    check_changed_key_never_logged_in,
    check_new_device_learnt,
    check_pages_turned,
    check_result,
    coping,
    failing,
    faults_covered,
    known_fingerprint,
    overran,
    result,
    sent_outside_allow_list,
    serve,
    write_known_hosts,
)

from auditor.collect.netmiko_cli import READ_LIMIT
from auditor.models import AuditRun, Cause, Status
from mock_devices import MockFleet
from mock_devices.fleet import FAULTS

ENGINE = "netmiko"


def test_every_fault_the_mock_knows_is_covered() -> None:
    assert faults_covered() == set(FAULTS)


@pytest.fixture(scope="module")
def fleet() -> Iterator[MockFleet]:
    yield from serve()


@pytest.fixture(scope="module")
def known_hosts(fleet: MockFleet, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_known_hosts(fleet, tmp_path_factory.mktemp("hostkeys") / "known_hosts")


@pytest.fixture(scope="module")
def run(fleet: MockFleet, known_hosts: Path) -> AuditRun:
    return audit_fleet(fleet, known_hosts, ENGINE)


@pytest.mark.parametrize("name", failing(ENGINE))
def test_a_failing_device_gets_its_cause_named(run: AuditRun, name: str) -> None:
    check_result(run, name, ENGINE)


@pytest.mark.parametrize("name", coping(ENGINE))
def test_the_auditor_copes_with_a_difficult_device(run: AuditRun, name: str) -> None:
    check_result(run, name, ENGINE)


@pytest.mark.parametrize("name", list(TWINS))
def test_pages_are_read_to_the_end_and_the_pager_removed(run: AuditRun, name: str) -> None:
    check_pages_turned(run, name)


def test_a_huge_answer_is_cut_at_the_read_limit(run: AuditRun) -> None:
    got = result(run, "huge-answer")
    (version_output,) = got.collections
    assert version_output.truncated
    assert len(version_output.output) == READ_LIMIT  # of 50 MB sent


def test_healthy_devices_are_audited_as_if_nothing_else_happened(run: AuditRun) -> None:
    for name in HEALTHY:
        check_result(run, name, ENGINE)


def test_nobody_overruns_the_device_deadline(run: AuditRun) -> None:
    assert not run.interrupted
    assert sorted(r.device.name for r in run.results) == sorted(ALL)
    assert not overran({r.device.name: r.duration_s for r in run.results})


def test_a_changed_host_key_names_both_fingerprints(run: AuditRun, fleet: MockFleet) -> None:
    error = result(run, "new-host-key").error or ""
    known = _fingerprint(fleet.ports["core-xe"])  # every other device serves the fleet's key
    presented = _fingerprint(fleet.ports["new-host-key"])
    assert known == known_fingerprint() != presented
    assert known in error and presented in error
    assert f"[127.0.0.1]:{fleet.ports['new-host-key']}" in error


def test_no_password_is_sent_to_a_device_whose_key_changed(run: AuditRun, fleet: MockFleet) -> None:
    assert result(run, "new-host-key").cause is Cause.HOSTKEY
    check_changed_key_never_logged_in(fleet)


def test_accept_new_learns_a_new_device_and_keeps_the_old_lines(
    run: AuditRun, fleet: MockFleet, known_hosts: Path
) -> None:
    assert result(run, NEW_DEVICE).status is Status.CURRENT
    check_new_device_learnt(fleet, known_hosts)


def test_only_allow_listed_commands_reach_any_device(run: AuditRun, fleet: MockFleet) -> None:
    assert run.results
    leaked = {name: sent for name in ALL if (sent := sent_outside_allow_list(fleet, name))}
    assert not leaked, leaked


def _fingerprint(port: int) -> str:
    """The key a device serves, fetched independently of the auditor (asyncssh, no login)."""

    async def fetch() -> str:
        key = await asyncssh.get_server_host_key("127.0.0.1", port)
        assert key is not None
        return str(key.get_fingerprint("sha256"))

    return asyncio.run(fetch())
