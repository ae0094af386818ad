"""Unmodified NAPALM drivers against the mock devices, the way a user would call them.

`ios`, `nxos_ssh` and `huawei_vrp` log in over SSH (netmiko underneath), `junos` opens the
NETCONF subsystem (PyEZ/ncclient, both framings), `eos` posts to eAPI over HTTPS. Each must
open, answer `get_facts()` and `cli()` with the device's identity, and close.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from napalm import get_network_driver
from napalm_support import DEVICES, DRIVER, PASSWORD, SECRET, spec

from auditor.platforms import get_platform
from mock_devices import MockFleet

NAMES = ["ios", "xe", "nxos", "vrp", "junos", "junos11", "eos"]

#: What each driver reports as the model for these mock boxes (NAPALM's own spelling).
MODEL = {
    "ios": "WS-C3750X-48P",
    "xe": "C9300-48P",
    "nxos": "Nexus9000 C93180YC-FX Chassis",
    "vrp": "S5720-28X-SI-AC",
    "junos": "MX204",
    "junos11": "MX480",
    "eos": "DCS-7050SX3-48YC8",
}


@pytest.fixture(scope="module")
def fleet() -> Iterator[MockFleet]:
    with MockFleet([spec(name) for name in NAMES], host="127.0.0.1") as running:
        yield running


def open_driver(fleet: MockFleet, name: str) -> Any:
    platform = DEVICES[name][0]
    if platform == "arista_eos":
        args: dict[str, Any] = {"port": fleet.eapi_ports[name], "transport": "https"}
        args["enable_password"] = SECRET
    else:
        args = {"port": fleet.ports[name]}
        if DEVICES[name][4]:
            args["secret"] = SECRET
    driver = get_network_driver(DRIVER[platform])(
        "127.0.0.1", "audit", PASSWORD, timeout=20, optional_args=args
    )
    driver.open()
    return driver


@pytest.mark.parametrize("name", NAMES)
def test_get_facts_and_cli(fleet: MockFleet, name: str) -> None:
    platform_name, hostname, version, _model, *_ = DEVICES[name]
    serial = spec(name).serial
    driver = open_driver(fleet, name)
    try:
        facts = driver.get_facts()
        command = get_platform(platform_name).version_command
        output = driver.cli([command])
    finally:
        driver.close()
    assert facts["hostname"] == hostname
    assert facts["model"] == MODEL[name]
    assert re.search(r"(?<![\w.])" + re.escape(version) + r"(?![\w(])", facts["os_version"])
    # napalm-huawei-vrp lists one serial per stack member
    assert facts["serial_number"] == ([serial] if platform_name == "huawei" else serial)
    assert len(facts["interface_list"]) >= 4
    assert facts["uptime"] > 86400
    assert version in output[command]


def test_junos_fqdn_comes_from_the_configured_domain(fleet: MockFleet) -> None:
    driver = open_driver(fleet, "junos")
    try:
        assert driver.get_facts()["fqdn"] == "lon-pe-01.net.example"
    finally:
        driver.close()


def test_eos_cli_speaks_text_and_json_like_eapi(fleet: MockFleet) -> None:
    driver = open_driver(fleet, "eos")
    try:
        text = driver.cli(["show version", "show interfaces status"])
        data = driver.cli(["show version"], encoding="json")
    finally:
        driver.close()
    assert "Software image version: 4.33.2F" in text["show version"]
    assert text["show interfaces status"].splitlines()[0].startswith("Port")
    assert data["show version"]["version"] == "4.33.2F"
    assert data["show version"]["serialNumber"] == spec("eos").serial
