"""Every mock-device fault, audited by the asyncssh engine: each ends named, none overruns.

The same fleet as tests/e2e/test_faults.py (which holds the netmiko engine to it; both in
tests/fault_fleet.py), here through the asyncssh engine, with a known_hosts file under
`accept-new`. The words of each error are the netmiko engine's, so a report reads the same
whichever engine ran. One difference is on purpose: a prompt netmiko does not recognise
(`unexpected_prompt`) is found by the asyncssh engine, which audits that device.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fault_fleet import (
    ALL,
    AS_OF,
    CATALOGUE,
    HEALTHY,
    NEW_DEVICE,
    PASSWORD,
    TIMEOUTS,
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

from auditor.audit import AuditOptions, Auditor
from auditor.catalogue import load_catalogue
from auditor.collect.asyncssh_cli import AsyncsshCollector
from auditor.collect.asyncssh_shell import READ_LIMIT
from auditor.collect.hostkeys import HostKeyPolicy
from auditor.collect.netmiko_cli import NetmikoCollector
from auditor.inventory.credentials import CredentialResolver
from auditor.models import AuditRun, Cause, Device
from mock_devices import MockFleet
from mock_devices.fleet import FAULTS

ENGINE = "asyncssh"


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
def test_a_difficult_device_is_audited(run: AuditRun, name: str) -> None:
    check_result(run, name, ENGINE)


@pytest.mark.parametrize("name", list(TWINS))
def test_pages_are_read_to_the_end_and_the_pager_removed(run: AuditRun, name: str) -> None:
    check_pages_turned(run, name)


def test_a_huge_answer_is_cut_short(run: AuditRun) -> None:
    (answer,) = result(run, "huge-answer").collections
    assert answer.truncated and len(answer.output) <= READ_LIMIT


def test_healthy_devices_are_audited_as_if_nothing_else_happened(run: AuditRun) -> None:
    for name in HEALTHY:
        check_result(run, name, ENGINE)


def test_nobody_overruns_the_device_deadline(run: AuditRun) -> None:
    assert not run.interrupted
    assert sorted(r.device.name for r in run.results) == sorted(ALL)
    assert not overran({r.device.name: r.duration_s for r in run.results})


def test_a_changed_key_is_refused_before_login_and_a_new_one_learnt(
    run: AuditRun, fleet: MockFleet, known_hosts: Path
) -> None:
    error = result(run, "new-host-key").error or ""
    recorded = known_fingerprint()
    assert recorded in error and "SHA256:" in error.replace(recorded, "")
    assert f"[127.0.0.1]:{fleet.ports['new-host-key']}" in error
    check_changed_key_never_logged_in(fleet)
    assert result(run, NEW_DEVICE).cause is None
    check_new_device_learnt(fleet, known_hosts)


def test_only_allow_listed_commands_reach_any_device(run: AuditRun, fleet: MockFleet) -> None:
    assert run.results
    leaked = {name: sent for name in ALL if (sent := sent_outside_allow_list(fleet, name))}
    assert not leaked, leaked


def test_strict_refuses_an_unknown_device_without_connecting(
    fleet: MockFleet, tmp_path: Path
) -> None:
    empty = tmp_path / "known_hosts"
    empty.write_text("")
    collector = AsyncsshCollector(HostKeyPolicy("strict", empty))
    options = AuditOptions(as_of=AS_OF, timeouts=TIMEOUTS, engine="asyncssh")
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
