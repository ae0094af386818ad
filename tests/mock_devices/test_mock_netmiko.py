"""Unmodified netmiko against every priority-1 profile: the mock must pass as the real thing."""

from __future__ import annotations

import time
from typing import Any

import pytest
from mock_fleet_support import DEVICES, PASSWORD, SECRET
from netmiko import ConnectHandler
from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException

from mock_devices import MockFleet

# name: (version command, text that must appear, base prompt, bad command, error text,
#        session-setup commands netmiko sends before anything else)
CASES: dict[str, tuple[str, list[str], str, str, str, list[str]]] = {
    "ios": (
        "show version",
        [
            "Cisco IOS Software, C3750E Software (C3750E-UNIVERSALK9-M), Version 15.2(4)E10, RELEASE SOFTWARE (fc2)",
            "lon-acc-01 uptime is ",
            "cisco WS-C3750X-48P (PowerPC405) processor",
            "Processor board ID FOC",
        ],
        "lon-acc-01",
        "show foo",
        "% Invalid input detected at '^' marker.",
        ["terminal width 511", "terminal length 0"],
    ),
    "xe": (
        "show version",
        [
            "Cisco IOS XE Software, Version 17.09.03\n",
            "Cisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.9.3, RELEASE SOFTWARE (fc3)",
            "cisco C9300-48P (X86) processor",
        ],
        "lon-core-01",
        "show foo",
        "% Invalid input detected at '^' marker.",
        ["terminal width 511", "terminal length 0"],
    ),
    "nxos": (
        "show version",
        [
            "NXOS: version 10.4(3) [Maintenance Release]",
            "cisco Nexus9000 C93180YC-FX Chassis",
            "Device name: lon-dc-01",
        ],
        "lon-dc-01",
        "show foo",
        "% Invalid command at '^' marker.",
        ["terminal width 511", "terminal length 0"],
    ),
    "junos": (
        "show version",
        ["Hostname: lon-pe-01\nModel: mx204\nJunos: 23.4R2-S3\n"],
        "audit@lon-pe-01",
        "show foo",
        "syntax error, expecting <command>.",
        ["set cli screen-width 511", "set cli complete-on-space off", "set cli screen-length 0"],
    ),
    "eos": (
        "show version",
        ["Arista DCS-7050SX3-48YC8\n", "Software image version: 4.33.2F\n", "Uptime: "],
        "lon-leaf-01",
        "show foo",
        "% Invalid input (at token 1: 'foo')",
        ["terminal width 511", "terminal length 0"],
    ),
    "vrp": (
        "display version",
        [
            "Huawei Versatile Routing Platform Software\n",
            "VRP (R) software, Version 8.210 (NE40E V800R021C10SPC600)\n",
            "HUAWEI NE40E-X8A uptime is ",
        ],
        "lon-ne-01",
        "display foo",
        "Error: Unrecognized command found at '^' position.",
        ["screen-length 0 temporary"],
    ),
}


def connect(fleet: MockFleet, name: str, **kwargs: Any) -> Any:
    platform, *_rest = DEVICES[name]
    params: dict[str, Any] = dict(
        device_type=platform,
        host="127.0.0.1",
        port=fleet.ports[name],
        username="audit",
        password=PASSWORD,
        secret=DEVICES[name][4] or "",
        fast_cli=True,
        conn_timeout=5,
    )
    params.update(kwargs)
    return ConnectHandler(**params)


@pytest.mark.parametrize("name", list(CASES))
def test_netmiko_session(fleet: MockFleet, name: str) -> None:
    command, expected, prompt, bad, error, setup = CASES[name]
    fleet.clear_command_log(name)
    conn = connect(fleet, name)
    try:
        assert conn.base_prompt == prompt
        if DEVICES[name][4]:
            assert not conn.check_enable_mode()
            conn.enable()
            assert conn.check_enable_mode()
        output = conn.send_command(command)
        for text in expected:
            assert text in output
        assert prompt not in output.splitlines()[-1]  # netmiko stripped the trailing prompt
        assert error in conn.send_command(bad)
    finally:
        conn.disconnect()
    log = fleet.command_log(name)
    sent = setup + (["enable"] if DEVICES[name][4] else []) + [command, bad]
    assert log[: len(sent)] == sent
    assert set(log[len(sent) :]) <= {"exit", "quit"}


def test_output_is_the_rendered_template(fleet: MockFleet) -> None:
    conn = connect(fleet, "xe")
    try:
        first = conn.send_command("show version")
        assert conn.send_command("sh ver") == first  # abbreviations as on the real CLI
        assert first.startswith("Cisco IOS XE Software, Version 17.09.03\n")
        assert "\r" not in first
        assert "Configuration register is 0x102" in first
    finally:
        conn.disconnect()


def test_enable_with_wrong_secret_is_refused(fleet: MockFleet) -> None:
    conn = connect(fleet, "ios", secret="not-it")
    try:
        with pytest.raises(ValueError, match="Failed to enter enable mode"):
            conn.enable()
        assert conn.find_prompt() == "lon-acc-01>"
    finally:
        conn.disconnect()
    assert SECRET not in fleet.command_log("ios")


def test_config_mode_round_trip(fleet: MockFleet) -> None:
    conn = connect(fleet, "junos")
    try:
        conn.config_mode()
        assert conn.check_config_mode()
        conn.exit_config_mode()
        assert not conn.check_config_mode()
    finally:
        conn.disconnect()


def test_wrong_password_raises_authentication_error(fleet: MockFleet) -> None:
    with pytest.raises(NetmikoAuthenticationException):
        connect(fleet, "badpass")
    assert fleet.command_log("badpass") == []


def test_hang_after_accept_times_out_within_the_timeout(fleet: MockFleet) -> None:
    started = time.monotonic()
    with pytest.raises(NetmikoTimeoutException):
        connect(fleet, "silent", conn_timeout=2, banner_timeout=2, auth_timeout=2)
    assert time.monotonic() - started < 5
