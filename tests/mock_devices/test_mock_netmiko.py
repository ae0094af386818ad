"""Unmodified netmiko against every priority-1 profile: the mock must pass as the real thing."""

from __future__ import annotations

from typing import Any

import pytest
from mock_fleet_support import DEVICES, PASSWORD, SECRET, raw_shell
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


def test_hang_after_accept_is_a_timeout_not_an_auth_failure(fleet: MockFleet) -> None:
    with pytest.raises(NetmikoTimeoutException):
        connect(fleet, "silent", conn_timeout=2, banner_timeout=2, auth_timeout=2)
    assert fleet.password_attempts("silent") == 0


def test_login_banner_before_authentication_and_motd_after(fleet: MockFleet) -> None:
    """IOS shows its `banner login` during SSH authentication (an SSH auth banner, outside the
    shell); VRP prints its VTY notice in the session, before the first prompt."""
    conn = connect(fleet, "ios")
    try:
        banner = conn.remote_conn_pre.get_transport().get_banner() or b""
        assert b"Authorised access only" in banner
    finally:
        conn.disconnect()
    conn = connect(fleet, "vrp")
    try:
        assert conn.remote_conn_pre.get_transport().get_banner() in (None, b"")
    finally:
        conn.disconnect()
    assert "Info: The max number of VTY users is 10" in _first_screen(fleet, "vrp")


def _first_screen(fleet: MockFleet, name: str) -> str:
    """What a terminal shows after login, up to the first prompt, before anything is typed."""
    (screen,) = raw_shell(fleet.ports[name], [("", b">")])
    return screen.decode()


#: name: [(what is typed, the exact end of the screen after it)], from login to config and back.
PROMPTS: dict[str, list[tuple[str, bytes]]] = {
    "junos": [  # operational `>` and configuration `#`, each WITH a trailing space
        ("", b"\r\naudit@lon-pe-01> "),
        ("configure\r", b"\r\n[edit]\r\naudit@lon-pe-01# "),
        ("exit\r", b"\r\naudit@lon-pe-01> "),
    ],
    "vrp": [  # user view <host>, system view [host]
        ("", b"\r\n<lon-ne-01>"),
        ("system-view\r", b"\r\n[lon-ne-01]"),
        ("return\r", b"\r\n<lon-ne-01>"),
    ],
    "ios": [  # user > (a secret is set), privileged #, configuration (config)#
        ("", b"lon-acc-01>"),
        ("enable\r", b"Password: "),
        (f"{SECRET}\r", b"\r\nlon-acc-01#"),
        ("configure terminal\r", b"\r\nlon-acc-01(config)#"),
        ("end\r", b"\r\nlon-acc-01#"),
    ],
}


@pytest.mark.parametrize("name", list(PROMPTS))
def test_prompt_of_each_mode_byte_for_byte(fleet: MockFleet, name: str) -> None:
    steps = PROMPTS[name]
    screens = raw_shell(fleet.ports[name], steps, timeout=5)
    assert len(screens) == len(steps)
    for (typed, prompt), screen in zip(steps, screens, strict=True):
        assert screen.endswith(prompt), (typed, screen[-80:])
