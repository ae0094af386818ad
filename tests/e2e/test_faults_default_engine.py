"""Every mock-device fault through `auditor audit` as a user runs it: default engine and retries.

tests/e2e/test_faults.py holds the netmiko collector to each fault and tests/engine holds the
asyncssh engine to them, each driven through the Auditor API with one attempt per device. This
file is what an operator meets: the command line with its defaults (`--engine auto`, whose
asyncssh sessions hand a device they cannot drive to netmiko, one retry after a transient
failure, the default number of workers), only the timeouts shortened (keeping the defaults'
proportions: a command's timeout fits three times in the device deadline) and a known_hosts
file given. Per faulty device the report must name the cause; the healthy devices must come out as
if nothing else happened; every device must finish within its deadline, retries included; and
the command logs must show that nothing outside the allow-list reached any device.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from auditor.cli import main
from auditor.platforms import get_platform
from mock_devices import DeviceSpec, MockFleet
from mock_devices.fleet import FAULTS

CATALOGUE = Path(__file__).parents[1] / "data" / "catalogue"
PASSWORD = "Default-Engine-pw-3"
CONNECT_S, COMMAND_S, DEVICE_S = 1.5, 2.5, 8.0
SLACK_S = 1.0  # a result may be recorded this long after its deadline (scheduling)
XE = ("cisco_xe", "17.12.4", "C9300-48P")
VRP = ("huawei", "V800R021C10SPC600", "NE40E-X8A")

#: name: (fault or None, platform triple, expected (status, cause), words the error must hold)
DEVICES: dict[str, tuple[Any, tuple[str, str, str], tuple[str, str | None], str]] = {
    "core-xe": (None, XE, ("current", None), ""),
    "pe-vrp": (None, VRP, ("unsupportable", None), ""),
    "wrong-password": ("wrong_password", XE, ("failed", "auth"), "authentication failed"),
    "no-banner": ("hang_after_accept", XE, ("failed", "timeout"), "no SSH handshake"),
    "hang-after-login": ("hang_after_login", XE, ("failed", "timeout"), "showed no prompt"),
    "hang-mid-output": (
        {"hang_mid_output": 20},
        XE,
        ("failed", "timeout"),
        "no complete answer to 'show version'",
    ),
    "drop-mid-output": (
        {"disconnect_mid_output": 20},
        XE,
        ("failed", "disconnected"),
        "closed the connection during the answer to 'show version'",
    ),
    "slow-output": ({"slow_output": 0.005}, XE, ("current", None), ""),
    "sticky-paging": ("ignore_paging_disable", XE, ("current", None), ""),
    "sticky-paging-vrp": ("ignore_paging_disable", VRP, ("unsupportable", None), ""),
    "garbage": ("garbage_output", XE, ("failed", "unparseable"), "no ios-xe version found"),
    "huge-answer": ("huge_output", XE, ("current", None), ""),
    "odd-prompt": ("unexpected_prompt", XE, ("current", None), ""),
    "new-host-key": ("changed_host_key", XE, ("failed", "host-key"), "has CHANGED"),
    "refused": ("refuse_connection", XE, ("failed", "unreachable"), "connection refused"),
}


def _fault_name(fault: Any) -> str | None:
    return fault if fault is None or isinstance(fault, str) else next(iter(fault))


def test_every_fault_the_mock_knows_is_covered() -> None:
    assert {_fault_name(f) for f, *_ in DEVICES.values()} - {None} == set(FAULTS)


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
        for name, (fault, (platform, version, model), *_rest) in DEVICES.items()
    ]
    with MockFleet(specs, host="127.0.0.1") as running:
        yield running


@pytest.fixture(scope="module")
def report(fleet: MockFleet, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("faults-default")
    known_hosts = tmp / "known_hosts"  # as an earlier audit left it: the fleet's one key
    known_hosts.write_text("".join(f"{line}\n" for line in fleet.known_hosts()))
    lines = ["defaults:", "  username: audit", "hosts:"]
    for name, (_fault, (platform, *_rest), *_more) in DEVICES.items():
        lines += [f"  {name}:", "    host: 127.0.0.1", f"    port: {fleet.ports[name]}"]
        lines.append(f"    platform: {platform}")
    (tmp / "inventory.yaml").write_text("\n".join(lines) + "\n")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AUDITOR_PASSWORD", PASSWORD)
        code = main(
            [
                "audit", "--inventory", str(tmp / "inventory.yaml"), "--catalogue",
                str(CATALOGUE), "--out", str(tmp / "out"), "--as-of", "2026-06-01",
                "--known-hosts", str(known_hosts), "--no-store", "--quiet",
                "--connect-timeout", str(CONNECT_S), "--command-timeout", str(COMMAND_S),
                "--device-timeout", str(DEVICE_S),
            ]
        )  # fmt: skip
    assert code == 0, code  # findings do not fail a run without --fail-on; failures need --strict
    data: dict[str, Any] = json.loads((tmp / "out" / "report.json").read_text())
    return {d["name"]: d for d in data["devices"]}


@pytest.mark.parametrize("name", list(DEVICES))
def test_each_device_ends_as_its_fault_says(report: dict[str, Any], name: str) -> None:
    _fault, (_platform, version, model), (status, cause), words = DEVICES[name]
    got = report[name]
    assert (got["status"], got["cause"]) == (status, cause), got["error"]
    if cause is None:
        assert (got["facts"]["version"], got["facts"]["model"]) == (version, model)
        return
    error = got["error"] or ""
    assert words in error
    assert PASSWORD not in error
    assert not [c for c in error if ord(c) < 32 or ord(c) == 127], repr(error)  # one line
    assert "deadline" not in error  # the engine named the fault, not the stopwatch


def test_refusals_are_not_retried_and_transient_failures_are(report: dict[str, Any]) -> None:
    assert report["wrong-password"]["attempts"] == 1
    assert report["new-host-key"]["attempts"] == 1
    assert report["refused"]["attempts"] == 2  # unreachable is transient: one retry (default)


def test_every_device_finishes_within_its_deadline(report: dict[str, Any]) -> None:
    assert len(report) == len(DEVICES)
    late = {n: d["duration_s"] for n, d in report.items() if d["duration_s"] > DEVICE_S + SLACK_S}
    assert not late, late


def test_no_password_is_sent_to_a_device_whose_key_changed(fleet: MockFleet) -> None:
    assert fleet.password_attempts("new-host-key") == 0
    assert fleet.command_log("new-host-key") == []


def test_only_allow_listed_lines_reach_any_device(report: dict[str, Any], fleet: MockFleet) -> None:
    for name, (_fault, (platform_name, *_rest), *_more) in DEVICES.items():
        platform = get_platform(platform_name)
        allowed = {*platform.commands, *platform.session_commands}
        sent = set(fleet.command_log(name))
        assert sent <= allowed, (name, report[name]["status"], sorted(sent - allowed))
