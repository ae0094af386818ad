"""The mock eAPI endpoint as pyeapi meets an Arista box: TLS, auth, formats and EOS errors."""

from __future__ import annotations

import http.client
import ssl
from collections.abc import Iterator
from typing import Any

import pyeapi
import pytest
from napalm_support import PASSWORD, spec
from pyeapi.eapilib import CommandError
from pyeapi.eapilib import ConnectionError as EapiConnectionError

from mock_devices import MockFleet


@pytest.fixture(scope="module")
def fleet() -> Iterator[MockFleet]:
    with MockFleet([spec("eos"), spec("eos-badpass"), spec("xe")], host="127.0.0.1") as running:
        yield running


def node(fleet: MockFleet, name: str = "eos", **kwargs: Any) -> pyeapi.client.Node:
    return pyeapi.client.connect(
        transport="https",
        host="127.0.0.1",
        port=fleet.eapi_ports[name],
        username="audit",
        password=PASSWORD,
        timeout=10,
        return_node=True,
        **kwargs,
    )


def test_only_eapi_platforms_get_an_eapi_port(fleet: MockFleet) -> None:
    assert set(fleet.eapi_ports) == {"eos", "eos-badpass"}
    assert fleet.eapi_ports["eos"] != fleet.ports["eos"]


def test_certificate_verifies_against_the_fleet_certificate(fleet: MockFleet) -> None:
    trusting = ssl.create_default_context(cadata=fleet.eapi_certificate)
    result = node(fleet, context=trusting).run_commands(["show version"], send_enable=False)
    assert result[0]["version"] == "4.33.2F"
    strict = ssl.create_default_context()  # the system trust store knows no mock device
    with pytest.raises(EapiConnectionError, match="CERTIFICATE_VERIFY_FAILED"):
        node(fleet, context=strict).run_commands(["show version"], send_enable=False)


def test_json_and_text_formats_and_abbreviations(fleet: MockFleet) -> None:
    fleet.clear_command_log("eos")
    eos = node(fleet)
    data = eos.run_commands(["sh ver", "show hostname"], send_enable=False)
    text = eos.run_commands(["show version"], encoding="text", send_enable=False)
    assert data[0]["serialNumber"] == spec("eos").serial
    assert data[1] == {"hostname": "lon-leaf-01", "fqdn": "lon-leaf-01"}
    assert "Software image version: 4.33.2F" in text[0]["output"]
    assert fleet.command_log("eos") == ["sh ver", "show hostname", "show version"]


def test_enable_with_its_password_like_eos(fleet: MockFleet) -> None:
    eos = node(fleet)
    eos.enable_authentication("napalm-En-secret")
    assert eos.run_commands(["show version"])[0]["modelName"] == "DCS-7050SX3-48YC8"
    eos.enable_authentication("wrong")
    with pytest.raises(CommandError):
        eos.run_commands(["show version"])


def test_invalid_command_fails_the_request_with_results_so_far(fleet: MockFleet) -> None:
    with pytest.raises(CommandError) as caught:
        node(fleet).run_commands(["show version", "show frobnicator"], send_enable=False)
    error = caught.value
    assert error.error_code == 1002
    assert "CLI command 2 of 2 'show frobnicator' failed: invalid command" in error.error_text
    assert "Invalid input" in str(error.command_error)
    assert error.output[0]["version"] == "4.33.2F"


def test_a_command_without_json_form_asks_for_text(fleet: MockFleet) -> None:
    with pytest.raises(CommandError) as caught:
        node(fleet).run_commands(["show interfaces status"], send_enable=False)
    assert caught.value.error_code == 1003
    text = node(fleet).run_commands(["show interfaces status"], encoding="text", send_enable=False)
    assert text[0]["output"].startswith("Port")


def test_wrong_password_is_http_401(fleet: MockFleet) -> None:
    with pytest.raises(EapiConnectionError, match="Unauthorized"):
        node(fleet, "eos-badpass").run_commands(["show version"], send_enable=False)


def test_only_post_command_api_is_served(fleet: MockFleet) -> None:
    context = ssl.create_default_context(cadata=fleet.eapi_certificate)
    conn = http.client.HTTPSConnection(
        "127.0.0.1", fleet.eapi_ports["eos"], context=context, timeout=10
    )
    try:
        conn.request("GET", "/explorer.html")
        assert conn.getresponse().status == 404
    finally:
        conn.close()
