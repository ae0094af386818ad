"""`auditor audit` with `driver: napalm` agrees with `driver: netmiko` on the same devices.

Every healthy mock device is listed twice in one inventory, once per driver. The two report
entries must carry the same facts, the NAPALM one must keep `get_facts` as evidence, failures
must name their cause without leaking the password, and the devices' command logs must show
only allow-listed commands, the drivers' session setup, and NAPALM's read-only getters (for
Junos: read RPCs only, never a lock, an edit or a commit).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from napalm_support import DEVICES, HEALTHY, PASSWORD, spec

from auditor.cli import main
from auditor.platforms import get_platform
from mock_devices import MockFleet

DATA = Path(__file__).parents[1] / "data" / "catalogue"
FAILING = {"eos-badpass": "auth", "junos-badpass": "auth", "xe-refused": "unreachable"}
FACT_KEYS = ("vendor", "os", "version", "model", "hostname", "serial")

#: What PyEZ/NAPALM may ask a Junos box for facts: reads only (checked independently of the
#: platform's own `napalm_commands`, so a wrong allow-list entry cannot hide a write).
JUNOS_READ_RPCS = {
    "rpc:get-software-information",
    "rpc:get-route-engine-information",
    "rpc:get-virtual-chassis-information",
    "rpc:get-chassis-inventory",
    "rpc:get-chassis-cluster-status",
    "rpc:get-interface-information",
    "rpc:get-system-uptime-information",
    "rpc:get-configuration",
    "rpc:file-show",
    "rpc:close-session",
}
WRITE_WORDS = ("lock", "edit", "commit", "load", "delete", "copy", "configure", "request")


@pytest.fixture(scope="module")
def fleet() -> Iterator[MockFleet]:
    with MockFleet([spec(name) for name in [*HEALTHY, *FAILING]], host="127.0.0.1") as running:
        yield running


@pytest.fixture(scope="module")
def report(fleet: MockFleet, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("napalm-audit")
    lines = ["defaults:", "  username: audit", "hosts:"]
    entries = [(name, "netmiko") for name in HEALTHY] + [
        (name, "napalm") for name in [*HEALTHY, *FAILING]
    ]
    for name, driver in entries:
        lines += [
            f"  {name}-{driver}:",
            "    host: 127.0.0.1",
            f"    port: {fleet.ports[name]}",
            f"    platform: {DEVICES[name][0]}",
            f"    driver: {driver}",
        ]
        if name in fleet.eapi_ports:
            lines.append(f"    data: {{napalm_port: {fleet.eapi_ports[name]}}}")
    inventory = tmp / "inventory.yaml"
    inventory.write_text("\n".join(lines) + "\n")
    out = tmp / "reports"
    mp = pytest.MonkeyPatch()
    mp.setenv("AUDITOR_PASSWORD", PASSWORD)
    try:
        code = main(
            [
                "audit",
                "--inventory",
                str(inventory),
                "--catalogue",
                str(DATA),
                "--out",
                str(out),
                "--as-of",
                "2026-06-01",
                "--connect-timeout",
                "5",
                "--device-timeout",
                "40",
                "--workers",
                "6",
                "--quiet",
            ]
        )
    finally:
        mp.undo()
    assert code in (0, 1)
    data = json.loads((out / "report.json").read_text())
    data["_files"] = {p.name: p.read_text() for p in out.iterdir()}
    return data


def by_name(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["name"]: d for d in report["devices"]}


@pytest.mark.parametrize("name", HEALTHY)
def test_napalm_and_netmiko_give_the_same_facts(report: dict[str, Any], name: str) -> None:
    devices = by_name(report)
    netmiko, napalm = devices[f"{name}-netmiko"], devices[f"{name}-napalm"]
    assert napalm["cause"] is None, napalm["error"]
    assert netmiko["cause"] is None, netmiko["error"]
    assert {k: napalm["facts"][k] for k in FACT_KEYS} == {k: netmiko["facts"][k] for k in FACT_KEYS}
    assert napalm["facts"]["version"] == DEVICES[name][2]
    assert napalm["status"] == netmiko["status"]


@pytest.mark.parametrize("name", HEALTHY)
def test_napalm_keeps_get_facts_as_evidence(report: dict[str, Any], name: str) -> None:
    evidence = [e["command"] for e in by_name(report)[f"{name}-napalm"]["evidence"]]
    platform = get_platform(DEVICES[name][0])
    assert evidence == [*platform.commands, "napalm:get_facts"]


@pytest.mark.parametrize(("name", "cause"), sorted(FAILING.items()))
def test_failures_name_their_cause(report: dict[str, Any], name: str, cause: str) -> None:
    device = by_name(report)[f"{name}-napalm"]
    assert (device["status"], device["cause"]) == ("failed", cause)
    assert device["error"]


def test_password_never_reaches_a_report(report: dict[str, Any]) -> None:
    for file_name, text in report["_files"].items():
        assert PASSWORD not in text, file_name


@pytest.mark.parametrize("name", HEALTHY)
def test_command_logs_prove_read_only(report: dict[str, Any], fleet: MockFleet, name: str) -> None:
    platform = get_platform(DEVICES[name][0])
    allowed = {*platform.commands, *platform.session_commands, *platform.napalm_commands}
    log = fleet.command_log(name)
    assert set(log) <= allowed, sorted(set(log) - allowed)
    assert "enable" not in log  # versions need no privilege; NAPALM is told not to escalate
    for napalm_only in platform.napalm_commands[:1]:
        assert napalm_only in log  # the NAPALM path really ran on this device


@pytest.mark.parametrize("name", ["junos", "junos11"])
def test_junos_netconf_sent_read_rpcs_only(
    report: dict[str, Any], fleet: MockFleet, name: str
) -> None:
    log = fleet.command_log(name)
    rpcs = {line for line in log if line.startswith("rpc:")}
    assert rpcs, "the NAPALM entry must have used NETCONF"
    assert rpcs <= JUNOS_READ_RPCS, sorted(rpcs - JUNOS_READ_RPCS)
    assert not [line for line in log if any(word in line for word in WRITE_WORDS)]


def test_a_version_napalm_cannot_confirm_is_a_visible_warning(report: dict[str, Any]) -> None:
    # napalm-huawei-vrp reads no os_version from an NE40E: the report must say so
    warnings = by_name(report)["ne40e-napalm"]["facts"]["warnings"]
    assert any("NAPALM get_facts" in warning for warning in warnings)
    assert not any("NAPALM" in w for w in by_name(report)["ne40e-netmiko"]["facts"]["warnings"])
