"""Every registered platform, audited end to end over real SSH against its mock device.

One mock device per platform in the registry (walked, not listed, so a new platform without a
mock or a row here fails loudly), one `auditor audit` run per engine (the default `auto`, i.e.
asyncssh with netmiko as fallback, and `--engine netmiko`, the netmiko library itself), then
for each device and engine: the facts a user sees in `report.json`, boards and cards
where the output lists them, a version the platform's scheme can order, and the proof from the
mock's command log that the device received nothing outside `commands` + `session_commands`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from auditor.cli import main
from auditor.collect.base import allowed
from auditor.errors import CommandNotAllowedError
from auditor.platforms import Platform, all_platforms
from mock_devices import DeviceSpec, MockFleet

DATA = Path(__file__).parents[1] / "data" / "catalogue"
PASSWORD = "every-Family-pw"
PLATFORMS = all_platforms()


@dataclass(frozen=True)
class Case:
    """A mock device and what its version output shows (the rest must then be absent)."""

    version: str
    model: str
    hostname: str
    serial: str
    model_shown: bool = True
    hostname_shown: bool = True
    serial_shown: bool = True
    modules: int | None = None
    """Boards, cards, stack members or packages the output lists (None: not checked here)."""
    variables: dict[str, str] = field(default_factory=dict)


#: Host names that only a CLI prompt carries (IOS XR, VRP, Comware, ZXROS, IPOS) are shown: the
#: collectors keep the prompt and the audit reads the name from it. Serials that no allow-listed
#: command prints are not.
CASES: dict[str, Case] = {
    "arista_eos": Case("4.30.1M", "DCS-7050SX3-48YC8", "leaf-eos-01", "JPE20110001"),
    "cisco_asa": Case("9.16(4)48", "ASA5516", "fw-asa-01", "JAD20110002"),
    "cisco_ios": Case("15.2(7)E10", "WS-C2960X-48FPD-L", "acc-ios-01", "FOC20110003"),
    "cisco_nxos": Case("10.4(3)", "N9K-C93180YC-FX", "dc-nxos-01", "FDO20110004"),
    "cisco_xe": Case("17.9.3", "C9300-48P", "core-xe-01", "FOC20110005"),
    "cisco_xr": Case("7.9.2", "NCS-5501-SE", "pe-xr-01", "FOC20110006"),
    "ericsson_ipos": Case("21.1.2.44.101", "Router 6675", "agg-ipos-01", "A2011007",
                          model_shown=False, serial_shown=False),
    # AXE MML: the IOEXP exchange identity names the node; APT/APZ/APG levels are modules
    # with their own versions (checked by the parser fixtures, not by the board test here).
    "ericsson_bsc": Case("G16B", "Evo Controller 8200/BSC", "BSC_WEST_1", "ER2011019",
                         serial_shown=False),
    "ericsson_ran": Case("23.Q4", "RadioNode", "GNB-ST-0412", "E2011008",
                         serial_shown=False, modules=1),
    "fortinet": Case("7.4.8", "FortiGate-60F", "fw-fgt-01", "FGT60F2011009"),
    "hp_comware": Case("3507P18", "JG937A", "acc-cmw-01", "CN20110010",
                       modules=2, variables={"members": "2"}),
    "huawei": Case("V800R021C10SPC600", "NE40E-X8A", "pe-vrp-01", "2102351931P0B2011011"),
    # The MML `+++ <NE name>` header names the controller.
    "huawei_bsc": Case("BSC6910V100R023C10SPC500", "BSC6910", "BSC6910_NORTH", "HW2011012",
                       serial_shown=False, modules=4),
    "juniper_junos": Case("23.4R2-S3", "MX204", "pe-junos-01", "JN2011013"),
    "mikrotik_routeros": Case("7.15.2", "CCR2004-1G-12S+2XS", "edge-ros-01", "HFB2011014"),
    "nokia_bsc": Case("S16_2_1_0", "BSC3i", "BSC_NORTH_2", "NK2011015",
                      serial_shown=False, modules=2),
    "nokia_sros": Case("22.10.R4", "7750 SR-1", "pe-sros-01", "NS2011016"),
    "paloalto_panos": Case("10.2.10-h9", "PA-3220", "fw-pan-01", "0120110017"),
    "zte_zxros": Case("V5.10.00.50", "ZXCTN 9000-8EA", "metro-zte-01", "ZT2011018",
                      serial_shown=False, modules=3,
                      variables={"line_cards": "2"}),
}  # fmt: skip


@pytest.fixture(scope="module")
def fleet() -> Iterator[MockFleet]:
    specs = [
        DeviceSpec(
            name=p.device_type,
            platform=p.device_type,
            hostname=CASES[p.device_type].hostname,
            version=CASES[p.device_type].version,
            model=CASES[p.device_type].model,
            serial=CASES[p.device_type].serial,
            username="audit",
            password=PASSWORD,
            variables=CASES[p.device_type].variables,
        )
        for p in PLATFORMS
        if p.device_type in CASES
    ]
    with MockFleet(specs, host="127.0.0.1") as running:
        yield running


@pytest.fixture(scope="module", params=["auto", "netmiko"])
def report(
    fleet: MockFleet, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> dict[str, Any]:
    engine = str(request.param)
    tmp = tmp_path_factory.mktemp(f"every-family-{engine}")
    lines = ["defaults:", "  username: audit", "hosts:"]
    for name, port in fleet.ports.items():
        lines += [f"  {name}:", "    host: 127.0.0.1", f"    port: {port}", f"    platform: {name}"]
    inventory = tmp / "inventory.yaml"
    inventory.write_text("\n".join(lines) + "\n")
    out = tmp / "reports"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AUDITOR_PASSWORD", PASSWORD)
        code = main(
            [
                "audit", "--inventory", str(inventory), "--catalogue", str(DATA),
                "--out", str(out), "--as-of", "2026-06-01", "--connect-timeout", "3",
                "--device-timeout", "20", "--workers", "6", "--quiet", "--engine", engine,
            ]
        )  # fmt: skip
    assert code in (0, 1), f"audit exit code {code}"
    data: dict[str, Any] = json.loads((out / "report.json").read_text())
    return {d["name"]: d for d in data["devices"]}


def test_every_registered_platform_has_a_mock_device() -> None:
    assert sorted(CASES) == sorted(p.device_type for p in PLATFORMS)


@pytest.mark.parametrize("platform", PLATFORMS, ids=lambda p: p.device_type)
def test_facts_come_from_the_device(report: dict[str, Any], platform: Platform) -> None:
    case = CASES[platform.device_type]
    device = report[platform.device_type]
    assert device["status"] != "failed", device["error"]
    facts = device["facts"]
    assert (facts["vendor"], facts["os"]) == (platform.vendor, platform.os)
    assert facts["version"] == case.version
    for key, shown in (
        ("model", case.model_shown),
        ("hostname", case.hostname_shown),
        ("serial", case.serial_shown),
    ):
        wanted = getattr(case, key)
        if shown:
            assert facts[key] == wanted, key
        else:  # not in the output: absent, or (once a parser learns more) the right value
            assert facts[key] in (None, wanted), key


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c.modules is not None], ids=str)
def test_boards_cards_and_packages_are_listed(report: dict[str, Any], name: str) -> None:
    case = CASES[name]
    modules = report[name]["facts"]["modules"]
    assert len(modules) == case.modules, modules
    if name == "hp_comware":  # each IRF member with its own serial (display device manuinfo)
        assert [m["serial"] for m in modules] == [case.serial, f"{case.serial}2"]
    if name == "ericsson_ran":
        assert modules[0]["version"] == "CXP9024418/21-R48A117"
    elif name == "nokia_bsc":
        assert [m["version"] for m in modules] == [case.version, "S16_1_3_2"]
    else:  # controllers' boards, line cards and IRF members run the device's release
        assert all(m["version"] == case.version for m in modules), modules
        assert all(m["model"] for m in modules), modules


@pytest.mark.parametrize("platform", PLATFORMS, ids=lambda p: p.device_type)
def test_version_is_understood(report: dict[str, Any], platform: Platform) -> None:
    """The platform's scheme reads what the device runs: no 'Version not understood'."""
    findings = report[platform.device_type]["findings"]
    assert not [f for f in findings if f["title"] == "Version not understood"], findings


@pytest.mark.parametrize("platform", PLATFORMS, ids=lambda p: p.device_type)
def test_device_received_only_allow_listed_lines(
    report: dict[str, Any], fleet: MockFleet, platform: Platform
) -> None:
    log = fleet.command_log(platform.device_type)
    allow_list = set(platform.commands) | set(platform.session_commands)
    assert set(log) <= allow_list, sorted(set(log) - allow_list)
    assert platform.version_command in log


@pytest.mark.parametrize("platform", PLATFORMS, ids=lambda p: p.device_type)
def test_allowed_covers_session_setup_and_nothing_else(platform: Platform) -> None:
    for line in (*platform.commands, *platform.session_commands):
        assert allowed(platform, line) == line
    with pytest.raises(CommandNotAllowedError):
        allowed(platform, "reload")
