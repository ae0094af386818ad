"""Unmodified netmiko against the priority-2 profiles, and the MML console over plain SSH."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from mock_fleet_support import PASSWORD, SECRET, raw_shell
from netmiko import ConnectHandler

from mock_devices import DeviceSpec, MockFleet

# name: (platform, version, model, secret, commands, expected texts, bad command, error, setup)
CASES: dict[str, tuple[str, str, str, str | None, list[str], list[str], str, str, list[str]]] = {
    "xr": ("cisco_xr", "7.9.2", "NCS-5501-SE", None, ["show version"],
           ["Cisco IOS XR Software, Version 7.9.2\n", "cisco NCS-5501-SE () processor"],
           "show foo", "% Invalid input detected at '^' marker.", ["terminal width 511", "terminal length 0"]),
    "asa": ("cisco_asa", "9.16(4)48", "ASA5516", SECRET, ["show version"],
            ["Cisco Adaptive Security Appliance Software Version 9.16(4)48", "Hardware:   ASA5516,"],
            "show foo", "ERROR: % Invalid input detected at '^' marker.",
            ["show curpriv", "enable", "terminal pager 0", "configure terminal", "terminal width 511", "end"]),
    "asa-nosecret": ("cisco_asa", "9.20(3)7", "ASA5525", None, ["show version"],
                     ["Software Version 9.20(3)7"], "show foo", "ERROR: % Invalid input",
                     ["show curpriv", "login", "terminal pager 0", "configure terminal", "terminal width 511", "end"]),
    "sros": ("nokia_sros", "22.10.R4", "7750 SR-1", None,
             ["show version", "show system information", "show chassis"],
             ["TiMOS-B-22.10.R4 both/x86_64 Nokia 7750 SR-1", "System Version         : B-22.10.R4", "Serial number"],
             "show foo", "Error: Bad command.", ["//environment more false", "environment no more"]),
    "fgt": ("fortinet", "7.4.8", "FortiGate-60F", None, ["get system status"],
            ["Version: FortiGate-60F v7.4.8,build", "Serial-Number: FOC"],
            "get foo", "command parse error before 'foo'",
            ["get system status | grep Virtual", "get system status | grep Version", "get system console",
             "config system console", "set output standard", "end"]),
    "pan": ("paloalto_panos", "10.2.10-h9", "PA-3220", None, ["show system info"],
            ["sw-version: 10.2.10-h9\n", "model: PA-3220\n"], "show foo", "Invalid syntax.",
            ["set cli scripting-mode on", "set cli terminal width 500", "set cli pager off", "show system info"]),
    "mt": ("mikrotik_routeros", "7.15.2", "CCR2004-1G-12S+2XS", None,
           ["/system resource print", "/system routerboard print"],
           ["version: 7.15.2 (stable)", "board-name: CCR2004-1G-12S+2XS", "current-firmware: 7.15.2"],
           "/foo", "bad command name /foo", []),
}  # fmt: skip


@pytest.fixture(scope="module")
def p2() -> Iterator[MockFleet]:
    specs = [
        DeviceSpec(
            name=name, platform=c[0], hostname=f"lon-{name}-01", version=c[1], model=c[2],
            serial=f"FOC{i:04d}X0AB", username="audit", password=PASSWORD, enable_secret=c[3],
        )
        for i, (name, c) in enumerate(CASES.items())
    ]  # fmt: skip
    specs.append(
        DeviceSpec(
            "bsc",
            "huawei_bsc",
            "BSC6910_North",
            "BSC6910V100R023C10SPC500",
            "BSC6910",
            "X",
            "audit",
            PASSWORD,
        )
    )
    with MockFleet(specs) as fleet:
        yield fleet


@pytest.mark.parametrize("name", list(CASES))
def test_netmiko_p2(p2: MockFleet, name: str) -> None:
    platform, _, _, secret, commands, expected, bad, error, setup = CASES[name]
    p2.clear_command_log(name)
    params: dict[str, Any] = dict(
        device_type=platform, host="127.0.0.1", port=p2.ports[name], username="audit",
        password=PASSWORD, secret=secret or "", conn_timeout=5,
    )  # fmt: skip
    conn = ConnectHandler(**params)
    try:
        output = "".join(str(conn.send_command(c)) for c in commands)
        for text in expected:
            assert text in output
        assert error in str(conn.send_command(bad))
    finally:
        conn.disconnect()
    log = p2.command_log(name)
    assert log[: len(setup)] == setup
    assert [c for c in log[len(setup) :] if c in commands] == commands


def test_xr_prompt(p2: MockFleet) -> None:
    (out,) = raw_shell(p2.ports["xr"], [("", b"#")])
    assert out.endswith(b"RP/0/RP0/CPU0:lon-xr-01#")


def test_mml_framed_response(p2: MockFleet) -> None:
    _, ver, bad = raw_shell(
        p2.ports["bsc"],
        [("", b""), ("LST VER:;\n", b"---    END\r\n"), ("LST FOO:;\n", b"---    END\r\n")],
    )
    text = ver.decode()
    assert "LST VER" not in text.split("%%")[0]  # MML does not echo
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    assert lines[0].startswith("+++    BSC6910_North")
    assert lines[1].startswith("O&M    #")
    assert lines[2] == "%%LST VER:;%%"
    assert lines[3] == "RETCODE = 0  Operation succeeded"
    assert "Current Software Version  =  BSC6910V100R023C10SPC500" in lines
    assert lines[-1] == "---    END"
    assert "RETCODE = 1" in bad.decode()
    assert p2.command_log("bsc") == ["LST VER:;", "LST FOO:;"]
