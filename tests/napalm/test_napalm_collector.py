"""The NAPALM collector on its own: ports per transport, causes, and the version cross-check."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest
from napalm_support import DEVICES, PASSWORD, spec

from auditor.collect.base import Timeouts
from auditor.collect.napalm_facts import (
    GET_FACTS,
    NapalmCollector,
    classify,
    cross_check,
    optional_args,
    version_disagreement,
)
from auditor.errors import CollectError
from auditor.inventory.credentials import Credentials
from auditor.models import Collection, Device, Facts
from auditor.platforms import get_platform
from mock_devices import MockFleet

NAMES = ["ne40e", "eos", "junos-hang", "junos-badpass", "xe"]
TIMEOUTS = Timeouts(connect=3, command=10, device=30)


@pytest.fixture(scope="module")
def fleet() -> Iterator[MockFleet]:
    with MockFleet([spec(name) for name in NAMES], host="127.0.0.1") as running:
        yield running


def device(fleet: MockFleet, name: str, **data: int) -> Device:
    return Device(
        name=name,
        host="127.0.0.1",
        platform=DEVICES[name][0],
        port=fleet.ports[name],
        driver="napalm",
        data=tuple((k, str(v)) for k, v in data.items()),
    )


def collect(dev: Device) -> list[Collection]:
    creds = Credentials("audit", PASSWORD)
    return NapalmCollector().collect(dev, get_platform(dev.platform), creds, TIMEOUTS)


def test_a_driver_that_cannot_read_the_version_is_a_warning_not_a_failure(
    fleet: MockFleet,
) -> None:
    # napalm-huawei-vrp only reads S-series `display version` lines; the NE40E's is not one
    collections = collect(device(fleet, "ne40e"))
    platform = get_platform("huawei")
    facts = cross_check(platform.parse({c.command: c.output for c in collections}), collections)
    assert facts.version == "V800R021C10SPC600"
    assert any("NAPALM get_facts found no os_version" in w for w in facts.warnings)


def test_get_facts_evidence_is_canonical_json(fleet: MockFleet) -> None:
    collections = collect(device(fleet, "eos", napalm_port=fleet.eapi_ports["eos"]))
    evidence = next(c for c in collections if c.command == GET_FACTS)
    assert evidence.output.startswith('{"fqdn":"lon-leaf-01","hostname":"lon-leaf-01"')
    assert '"os_version":"4.33.2F-' in evidence.output
    assert (
        cross_check(
            get_platform("arista_eos").parse({"show version": collections[0].output}), collections
        ).warnings
        == ()
    )


def test_eos_uses_the_eapi_port_not_the_ssh_port(fleet: MockFleet) -> None:
    eos = get_platform("arista_eos")
    creds = Credentials("audit", PASSWORD)
    assert optional_args(device(fleet, "eos"), eos, creds, TIMEOUTS)["port"] == 443
    # pointed at the SSH port, eAPI meets an SSH banner instead of TLS
    with pytest.raises(CollectError) as caught:
        collect(device(fleet, "eos", napalm_port=fleet.ports["eos"]))
    assert caught.value.cause == "protocol"


def test_junos_netconf_port_defaults_to_the_ssh_port(fleet: MockFleet) -> None:
    dev = device(fleet, "junos-badpass")
    args = optional_args(dev, get_platform("juniper_junos"), Credentials("a", "b"), TIMEOUTS)
    assert args["port"] == dev.port
    args = optional_args(
        device(fleet, "junos-badpass", napalm_port=830),
        get_platform("juniper_junos"),
        Credentials("a", "b"),
        TIMEOUTS,
    )
    assert args["port"] == 830


@pytest.mark.parametrize(("name", "cause"), [("junos-hang", "timeout"), ("junos-badpass", "auth")])
def test_netconf_failures(fleet: MockFleet, name: str, cause: str) -> None:
    with pytest.raises(CollectError) as caught:
        collect(device(fleet, name))
    assert caught.value.cause == cause
    assert PASSWORD not in caught.value.message


def test_a_platform_without_a_napalm_driver_is_refused_clearly(fleet: MockFleet) -> None:
    dev = Device(name="fw", host="127.0.0.1", platform="cisco_asa", port=fleet.ports["xe"])
    with pytest.raises(CollectError) as caught:
        NapalmCollector().collect(
            dev, get_platform("cisco_asa"), Credentials("audit", PASSWORD), TIMEOUTS
        )
    assert "no NAPALM driver" in caught.value.message
    assert fleet.command_log("xe") == []  # refused before connecting


def test_targets_outside_the_allowed_networks_are_not_contacted(fleet: MockFleet) -> None:
    assert os.environ["AUDITOR_ALLOWED_NETWORKS"].startswith("127.")
    dev = Device(name="far", host="192.0.2.1", platform="cisco_xe", driver="napalm")
    with pytest.raises(CollectError) as caught:
        collect(dev)
    assert caught.value.cause == "unreachable"


# -- version cross-check -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("version", "os_version", "agrees"),
    [
        ("15.2(4)E10", "C3750E Software (C3750E-UNIVERSALK9-M), Version 15.2(4)E10, RELEASE", True),
        ("15.2(4)E1", "C3750E Software (C3750E-UNIVERSALK9-M), Version 15.2(4)E10, RELEASE", False),
        ("4.33.2F", "4.33.2F-40365411.4332F", True),
        ("4.33.2", "4.33.2F-40365411.4332F", False),
        ("10.4(3)", "10.4(3)", True),
        ("10.4", "10.4(3)", False),
        ("23.4R2-S3", "23.4R2-S3", True),
        ("23.4R2", "23.4R2-S3", True),  # Junos service release of the same R2: same train
        ("V200R019C10SPC500", "V200R019C10SPC500", True),
    ],
)
def test_version_agreement_is_a_whole_token_match(
    version: str, os_version: str, agrees: bool
) -> None:
    note = version_disagreement(version, f'{{"os_version": "{os_version}"}}')
    assert (note is None) == agrees


def test_disagreement_and_failure_become_warnings() -> None:
    facts = Facts(vendor="Cisco", os="ios", version="15.2(4)E1", warnings=("model not found",))
    at = datetime.now(timezone.utc)
    evidence = Collection(GET_FACTS, '{"os_version": "Version 15.2(4)E10\\u001b[31m"}', at, "0")
    warnings = cross_check(facts, [evidence]).warnings
    assert warnings[0] == "model not found"
    assert "does not contain the parsed version '15.2(4)E1'" in warnings[1]
    assert "\x1b" not in warnings[1]  # device text is cleaned before it joins a warning
    failed = Collection(GET_FACTS, '{"error": "KeyError: interfaces"}', at, "0")
    assert "get_facts failed" in cross_check(facts, [failed]).warnings[-1]
    assert cross_check(facts, []) is facts


# -- causes ------------------------------------------------------------------------------------
def _napalm_style_refusal() -> None:
    """What NAPALM's netmiko-based drivers do: re-raise a netmiko error as their own."""
    from napalm.base.exceptions import ConnectionException
    from netmiko.exceptions import NetmikoTimeoutException

    try:
        raise NetmikoTimeoutException("TCP connection to device failed: Connection refused")
    except NetmikoTimeoutException:
        raise ConnectionException("Cannot connect to 127.0.0.1")  # noqa: B904 - as napalm does


def test_wrapped_transport_errors_keep_their_cause() -> None:
    from pyeapi.eapilib import ConnectionError as EapiConnectionError

    with pytest.raises(Exception) as caught:
        _napalm_style_refusal()
    assert classify(caught.value)[1] == "unreachable"
    denied = EapiConnectionError("https", f"Unauthorized. bad password {PASSWORD}")
    assert classify(denied, (PASSWORD,)) == (
        "authentication failed (username or password refused)",
        "auth",
    )
    reset = EapiConnectionError("https", f"connection reset by peer {PASSWORD}")
    message, cause = classify(reset, (PASSWORD,))
    assert cause == "disconnected"
    assert PASSWORD not in message
