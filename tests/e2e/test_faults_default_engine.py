"""Every mock-device fault through `auditor audit` as a user runs it: default engine and retries.

tests/e2e/test_faults.py holds the netmiko collector to each fault and tests/engine holds the
asyncssh engine to them, each driven through the Auditor API with one attempt per device; all
three audit the fleet of tests/fault_fleet.py. This file is what an operator meets: the command
line with its defaults (`--engine auto`, whose asyncssh sessions hand a device they cannot drive
to netmiko, one retry after a transient failure, the default number of workers, `accept-new`
with the known_hosts file given), only the timeouts shortened. Per faulty device the report
must name the cause; the healthy devices must come out as if nothing else happened; every
device must finish within its deadline, retries included; and the command logs must show that
nothing outside the allow-list reached any device.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fault_fleet import (
    ALL,
    AS_OF,
    CATALOGUE,
    NEW_DEVICE,
    PASSWORD,
    TIMEOUTS,
    box,
    check_changed_key_never_logged_in,
    check_new_device_learnt,
    check_outcome,
    faults_covered,
    overran,
    sent_outside_allow_list,
    serve,
    write_known_hosts,
)

from auditor.cli import main
from mock_devices import MockFleet
from mock_devices.fleet import FAULTS

ENGINE = "auto"  # the command line's default


def test_every_fault_the_mock_knows_is_covered() -> None:
    assert faults_covered() == set(FAULTS)


@pytest.fixture(scope="module")
def fleet() -> Iterator[MockFleet]:
    yield from serve()


@pytest.fixture(scope="module")
def known_hosts(fleet: MockFleet, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_known_hosts(fleet, tmp_path_factory.mktemp("hostkeys") / "known_hosts")


@pytest.fixture(scope="module")
def report(
    fleet: MockFleet, known_hosts: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("faults-default")
    lines = ["defaults:", "  username: audit", "hosts:"]
    for name in ALL:
        lines += [f"  {name}:", "    host: 127.0.0.1", f"    port: {fleet.ports[name]}"]
        lines.append(f"    platform: {box(name).platform}")
    (tmp / "inventory.yaml").write_text("\n".join(lines) + "\n")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AUDITOR_PASSWORD", PASSWORD)
        code = main(
            [
                "audit", "--inventory", str(tmp / "inventory.yaml"), "--catalogue",
                str(CATALOGUE), "--out", str(tmp / "out"), "--as-of", AS_OF.isoformat(),
                "--known-hosts", str(known_hosts), "--no-store", "--quiet",
                "--connect-timeout", str(TIMEOUTS.connect),
                "--command-timeout", str(TIMEOUTS.command),
                "--device-timeout", str(TIMEOUTS.device),
            ]
        )  # fmt: skip
    assert code == 0, code  # findings do not fail a run without --fail-on; failures need --strict
    data: dict[str, Any] = json.loads((tmp / "out" / "report.json").read_text())
    return {d["name"]: d for d in data["devices"]}


@pytest.mark.parametrize("name", ALL)
def test_each_device_ends_as_its_fault_says(report: dict[str, Any], name: str) -> None:
    got = report[name]
    facts = (got["facts"]["version"], got["facts"]["model"]) if got["facts"] else None
    check_outcome(name, ENGINE, got["status"], got["cause"], got["error"], facts)


def test_refusals_are_not_retried_and_transient_failures_are(report: dict[str, Any]) -> None:
    assert report["wrong-password"]["attempts"] == 1
    assert report["new-host-key"]["attempts"] == 1
    assert report["refused"]["attempts"] == 2  # unreachable is transient: one retry (default)


def test_every_device_finishes_within_its_deadline(report: dict[str, Any]) -> None:
    assert sorted(report) == sorted(ALL)
    assert not overran({n: d["duration_s"] for n, d in report.items()})


def test_no_password_is_sent_to_a_device_whose_key_changed(
    report: dict[str, Any], fleet: MockFleet
) -> None:
    assert report["new-host-key"]["cause"] == "host-key"
    check_changed_key_never_logged_in(fleet)


def test_accept_new_learns_a_new_device_and_keeps_the_old_lines(
    report: dict[str, Any], fleet: MockFleet, known_hosts: Path
) -> None:
    assert report[NEW_DEVICE]["status"] == "current"
    check_new_device_learnt(fleet, known_hosts)


def test_only_allow_listed_lines_reach_any_device(report: dict[str, Any], fleet: MockFleet) -> None:
    leaked = {name: sent for name in ALL if (sent := sent_outside_allow_list(fleet, name))}
    assert not leaked, {n: (report[n]["status"], sent) for n, sent in leaked.items()}
