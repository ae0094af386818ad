"""`platform: autodetect` over real SSH: netmiko's SSHDetect against mock devices.

Each mock answers the probes as its real counterpart does (a Cisco answers `show version`, a
Huawei or Comware box refuses it and answers `display version`, a FortiGate refuses both and
answers `get system status`...), so a detection here is the same reasoning a real network
would get. The mocks' command logs prove that only `AUTODETECT_PROBES` were typed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.collect.autodetect import AUTODETECT, AUTODETECT_PROBES, detect_platform
from auditor.collect.base import Timeouts
from auditor.collect.hostkeys import HostKeyPolicy
from auditor.errors import CollectError
from auditor.inventory import load_inventory
from auditor.inventory.credentials import Credentials
from auditor.models import Device
from auditor.platforms import get_platform
from mock_devices import DeviceSpec, MockFleet

DATA = Path(__file__).parents[1] / "data" / "catalogue"
PASSWORD = "auto-Detect-pw"
TIMEOUTS = Timeouts(connect=3, command=5, device=20)
FAULTS = {"wrongpw": ("wrong_password",), "rekeyed": ("changed_host_key",)}

# name: (platform, version, model)
DETECTABLE = {
    "xe": ("cisco_xe", "17.9.3", "C9300-48P"),
    "vrp": ("huawei", "V800R021C10SPC600", "NE40E-X8A"),
    "cmw": ("hp_comware", "3507P18", "JG937A"),
    "fgt": ("fortinet", "7.4.8", "FortiGate-60F"),
    "pan": ("paloalto_panos", "10.2.10-h9", "PA-3220"),
    "sros": ("nokia_sros", "22.10.R4", "7750 SR-1"),
}
#: netmiko has no rule that recognises these (no RouterOS/ZTE probe; MML has no prompt).
UNDETECTABLE = {
    "ros": ("mikrotik_routeros", "7.15.2", "CCR2004-1G-12S+2XS"),
    "bsc": ("huawei_bsc", "BSC6910V100R023C10SPC500", "BSC6910"),
}


@pytest.fixture(scope="module")
def fleet() -> Iterator[MockFleet]:
    devices = {
        **DETECTABLE,
        **UNDETECTABLE,
        "wrongpw": DETECTABLE["xe"],
        "rekeyed": DETECTABLE["xe"],
        "newbox": DETECTABLE["fgt"],
    }
    specs = [
        DeviceSpec(
            name=name,
            platform=platform,
            hostname=f"lab-{name}",
            version=version,
            model=model,
            serial=f"SN{i:04d}",
            username="audit",
            password=PASSWORD,
            faults=FAULTS.get(name, ()),
        )
        for i, (name, (platform, version, model)) in enumerate(devices.items())
    ]
    with MockFleet(specs, host="127.0.0.1") as running:
        yield running


def _detect(fleet: MockFleet, name: str, host_keys: HostKeyPolicy | None = None) -> str:
    device = Device(name=name, host="127.0.0.1", platform=AUTODETECT, port=fleet.ports[name])
    return detect_platform(device, Credentials("audit", PASSWORD), TIMEOUTS, host_keys)


@pytest.mark.parametrize("name", list(DETECTABLE))
def test_platform_is_detected(fleet: MockFleet, name: str) -> None:
    fleet.clear_command_log(name)
    assert _detect(fleet, name) == DETECTABLE[name][0]
    log = fleet.command_log(name)
    assert log and set(log) <= set(AUTODETECT_PROBES), log


def test_probes_stop_at_the_first_sure_answer(fleet: MockFleet) -> None:
    fleet.clear_command_log("vrp")
    assert _detect(fleet, "vrp") == "huawei"
    assert fleet.command_log("vrp") == ["show version", "display version"]


@pytest.mark.parametrize("name", list(UNDETECTABLE))
def test_unrecognised_device_is_a_protocol_error(fleet: MockFleet, name: str) -> None:
    fleet.clear_command_log(name)
    with pytest.raises(CollectError) as caught:
        _detect(fleet, name)
    assert caught.value.cause == "protocol"
    assert "set `platform:`" in caught.value.message
    assert set(fleet.command_log(name)) <= set(AUTODETECT_PROBES)


def test_login_failure_keeps_its_cause(fleet: MockFleet) -> None:
    with pytest.raises(CollectError) as caught:
        _detect(fleet, "wrongpw")
    assert caught.value.cause == "auth"
    assert PASSWORD not in caught.value.message


@pytest.fixture
def known_hosts(fleet: MockFleet, tmp_path: Path) -> Path:
    """Every device recorded with the fleet's key, except `newbox` (never seen before)."""
    skip = f"[127.0.0.1]:{fleet.ports['newbox']} "
    path = tmp_path / "known_hosts"
    path.write_text("".join(f"{x}\n" for x in fleet.known_hosts() if not x.startswith(skip)))
    return path


def test_a_changed_host_key_is_refused_before_any_probe(
    fleet: MockFleet, known_hosts: Path
) -> None:
    fleet.clear_command_log("rekeyed")
    with pytest.raises(CollectError) as caught:
        _detect(fleet, "rekeyed", HostKeyPolicy("accept-new", known_hosts))
    assert caught.value.cause == "host-key"
    assert "has CHANGED" in caught.value.message
    assert fleet.password_attempts("rekeyed") == 0  # refused before the password was sent
    assert fleet.command_log("rekeyed") == []


def test_host_key_policy_during_detection(fleet: MockFleet, known_hosts: Path) -> None:
    assert _detect(fleet, "xe", HostKeyPolicy("strict", known_hosts)) == "cisco_xe"
    tried = fleet.password_attempts("newbox")
    with pytest.raises(CollectError) as caught:  # strict: a device never seen is not touched
        _detect(fleet, "newbox", HostKeyPolicy("strict", known_hosts))
    assert caught.value.cause == "host-key"
    assert fleet.password_attempts("newbox") == tried
    assert _detect(fleet, "newbox", HostKeyPolicy("accept-new", known_hosts)) == "fortinet"
    assert f"[127.0.0.1]:{fleet.ports['newbox']} " in known_hosts.read_text()  # learnt


def test_probes_are_read_only() -> None:
    assert all(p.split()[0] in ("show", "display", "get") for p in AUTODETECT_PROBES)


def test_inventory_accepts_autodetect(tmp_path: Path) -> None:
    path = tmp_path / "inventory.yaml"
    path.write_text(
        "hosts:\n"
        "  edge-01: {host: 127.0.0.1, platform: autodetect}\n"
        "  core-01: {host: 127.0.0.2, platform: cisco_xe}\n"
    )
    devices, _ = load_inventory(path)
    assert [(d.name, d.platform) for d in devices] == [
        ("edge-01", "autodetect"),
        ("core-01", "cisco_xe"),
    ]


def test_audit_records_the_platform_it_found(fleet: MockFleet, tmp_path: Path) -> None:
    """`auditor audit` with `platform: autodetect`: detected, then audited as that platform."""
    names = ("vrp", "cmw", "ros")
    lines = ["defaults: {username: audit, platform: autodetect}", "hosts:"]
    lines += [f"  {n}: {{host: 127.0.0.1, port: {fleet.ports[n]}}}" for n in names]
    (tmp_path / "inventory.yaml").write_text("\n".join(lines) + "\n")
    for name in names:
        fleet.clear_command_log(name)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AUDITOR_PASSWORD", PASSWORD)
        main(
            [
                "audit", "--inventory", str(tmp_path / "inventory.yaml"), "--catalogue",
                str(DATA), "--out", str(tmp_path / "out"), "--engine", "netmiko",
                "--connect-timeout", "3", "--device-timeout", "20", "--quiet",
            ]
        )  # fmt: skip
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    got = {d["name"]: d for d in report["devices"]}
    for name in ("vrp", "cmw"):
        platform_name, version, _ = DETECTABLE[name]
        assert got[name]["platform"] == platform_name
        assert got[name]["facts"]["version"] == version
        platform = get_platform(platform_name)
        allow_list = (
            set(AUTODETECT_PROBES) | set(platform.commands) | set(platform.session_commands)
        )
        assert set(fleet.command_log(name)) <= allow_list
    assert (got["ros"]["status"], got["ros"]["cause"]) == ("failed", "protocol")
    assert got["ros"]["platform"] == AUTODETECT
