"""`driver: napalm` on Arista: the eAPI (HTTPS) certificate is pinned like an SSH host key.

Real HTTPS to the mock eAPI on 127.0.0.1, unmodified NAPALM and pyeapi. Every mock device
presents the fleet's shared certificate except one with the `changed_host_key` fault, which
presents its own: against a pin of the shared one it looks like a replaced (or intercepted)
box. A refusal must come before the password: the mock counts every request that carries
credentials (`password_attempts`) and logs every command it runs.
"""

from __future__ import annotations

import hashlib
import ssl
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pyeapi
import pytest
from napalm_support import DEVICES, PASSWORD, spec

from auditor.collect import get_collector
from auditor.collect.base import Timeouts
from auditor.collect.hostkeys import HostKeyError, HostKeyMode, HostKeyPolicy
from auditor.collect.napalm_facts import GET_FACTS, NapalmCollector
from auditor.collect.napalm_hostkeys import eapi_context
from auditor.errors import CollectError, InputError
from auditor.inventory.credentials import Credentials
from auditor.models import Cause, Collection, Device
from auditor.platforms import get_platform
from mock_devices import MockFleet

TIMEOUTS = Timeouts(connect=3, command=10, device=30)
RECERTED = "eos-recerted"  # presents its own certificate
NEW = "eos-new"  # never pinned in any test's file


@pytest.fixture(scope="module")
def fleet() -> Iterator[MockFleet]:
    specs = [spec("eos"), spec("eos", name=RECERTED, faults=("changed_host_key",))]
    specs.append(spec("eos", name=NEW))
    with MockFleet(specs, host="127.0.0.1") as running:
        yield running


@pytest.fixture
def known_hosts(tmp_path: Path) -> Path:
    """An (empty) OpenSSH known_hosts file; the pins go beside it, in `known_hosts.tls`."""
    path = tmp_path / "known_hosts"
    path.touch()
    return path


def pins_of(known_hosts: Path) -> Path:
    return known_hosts.with_name("known_hosts.tls")


def device(fleet: MockFleet, name: str, **data: str) -> Device:
    return Device(
        name=name,
        host="127.0.0.1",
        platform="arista_eos",
        port=fleet.ports[name],
        driver="napalm",
        data=(("napalm_port", str(fleet.eapi_ports[name])), *data.items()),
    )


def collect(policy: HostKeyPolicy, dev: Device) -> list[Collection]:
    collector = get_collector("napalm", policy)  # the CLI builds it this way
    assert isinstance(collector, NapalmCollector)
    creds = Credentials("audit", PASSWORD)
    return collector.collect(dev, get_platform(dev.platform), creds, TIMEOUTS)


def served_fingerprint(port: int) -> str:
    """What `openssl s_client ... | openssl x509 -noout -fingerprint -sha256` would print."""
    der = ssl.PEM_cert_to_DER_cert(ssl.get_server_certificate(("127.0.0.1", port)))
    return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())


def pin_lines(path: Path) -> list[str]:
    return [line for line in path.read_text().splitlines() if not line.startswith("#")]


def assert_audited(collections: list[Collection]) -> None:
    platform = get_platform("arista_eos")
    assert [c.command for c in collections] == [*platform.commands, GET_FACTS]
    facts = platform.parse({c.command: c.output for c in collections})
    assert facts.version == DEVICES["eos"][2]


def test_accept_new_pins_the_certificate_and_the_next_audit_passes(
    fleet: MockFleet, known_hosts: Path
) -> None:
    port = fleet.eapi_ports[NEW]
    assert_audited(collect(HostKeyPolicy("accept-new", known_hosts), device(fleet, NEW)))
    pins = pins_of(known_hosts)
    assert pin_lines(pins) == [f"[127.0.0.1]:{port} sha256 {served_fingerprint(port)}"]
    assert known_hosts.read_text() == ""  # OpenSSH's own file gets no foreign line
    learnt = pins.read_text()
    assert_audited(collect(HostKeyPolicy("strict", known_hosts), device(fleet, NEW)))
    assert pins.read_text() == learnt  # a later run (strict, a fresh policy) reads the pin


def test_strict_refuses_an_unpinned_device_before_any_login(
    fleet: MockFleet, known_hosts: Path
) -> None:
    tried = fleet.password_attempts(NEW)
    fleet.clear_command_log(NEW)
    with pytest.raises(CollectError) as caught:
        collect(HostKeyPolicy("strict", known_hosts), device(fleet, NEW))
    error = caught.value
    assert error.cause == Cause.HOSTKEY.value, error.message
    assert f"[127.0.0.1]:{fleet.eapi_ports[NEW]} has no eAPI certificate pinned" in error.message
    assert "strict" in error.message and str(pins_of(known_hosts)) in error.message
    assert fleet.password_attempts(NEW) == tried  # no request with credentials arrived
    assert fleet.command_log(NEW) == []
    assert not pins_of(known_hosts).exists()  # nothing learnt under strict


@pytest.mark.parametrize("mode", ["strict", "accept-new"])
def test_a_changed_certificate_is_refused_naming_both_fingerprints(
    fleet: MockFleet, known_hosts: Path, mode: str
) -> None:
    """The pin is the shared certificate, as an audit before the box was replaced recorded it."""
    port = fleet.eapi_ports[RECERTED]
    recorded, presented = served_fingerprint(fleet.eapi_ports["eos"]), served_fingerprint(port)
    assert recorded != presented
    pins = pins_of(known_hosts)
    pins.write_text(f"[127.0.0.1]:{port} sha256 {recorded}\n")
    tried = fleet.password_attempts(RECERTED)
    fleet.clear_command_log(RECERTED)
    with pytest.raises(CollectError) as caught:
        collect(HostKeyPolicy(mode, known_hosts), device(fleet, RECERTED))
    error = caught.value
    assert error.cause == Cause.HOSTKEY.value, error.message
    assert f"eAPI certificate of [127.0.0.1]:{port} has CHANGED" in error.message
    assert f"sha256 {recorded}" in error.message and f"sha256 {presented}" in error.message
    assert f"delete [127.0.0.1]:{port}'s line from {pins}" in error.message
    assert len(error.message) < 600  # reports cut errors there; the advice is at the end
    assert PASSWORD not in error.message
    assert fleet.password_attempts(RECERTED) == tried  # refused before the password was sent
    assert fleet.command_log(RECERTED) == []
    assert pins.read_text() == f"[127.0.0.1]:{port} sha256 {recorded}\n"  # not "fixed"


def test_policy_off_audits_without_checking(fleet: MockFleet, known_hosts: Path) -> None:
    """The default without --known-hosts (and a per-device `off`): any certificate, no pin."""
    stale = f"[127.0.0.1]:{fleet.eapi_ports[RECERTED]} sha256 {'00:' * 31}00\n"
    pins_of(known_hosts).write_text(stale)
    assert_audited(collect(HostKeyPolicy("off", known_hosts), device(fleet, RECERTED)))
    lab = device(fleet, RECERTED, host_key_policy="off")
    assert_audited(collect(HostKeyPolicy("strict", known_hosts), lab))
    assert pins_of(known_hosts).read_text() == stale


def test_a_pin_pasted_from_openssl_and_a_spare_pin_are_accepted(
    fleet: MockFleet, known_hosts: Path
) -> None:
    """Hand-written pins: openssl's `sha256 Fingerprint=` form, any case; any listed pin matches
    (so a planned certificate renewal can be pinned ahead)."""
    port = fleet.eapi_ports[NEW]
    pins_of(known_hosts).write_text(
        "# leaf switches, checked with the network team\n"
        f"[127.0.0.1]:{port} sha256 {'AB:' * 31}AB\n"
        f"[127.0.0.1]:{port} sha256 Fingerprint={served_fingerprint(port).lower()}\n"
    )
    assert_audited(collect(HostKeyPolicy("strict", known_hosts), device(fleet, NEW)))


def test_a_malformed_pin_line_is_an_input_error_with_its_line(
    fleet: MockFleet, known_hosts: Path
) -> None:
    pins = pins_of(known_hosts)
    pins.write_text(f"# pins\n[127.0.0.1]:{fleet.eapi_ports[NEW]} sha256 62:FA:2B\n")
    policy = HostKeyPolicy("accept-new", known_hosts)
    with pytest.raises(InputError) as caught:
        policy.validate([device(fleet, NEW)])  # what `auditor audit` does before any login
    assert caught.value.message.startswith(f"{pins}:2: not an eAPI certificate pin")
    assert "openssl x509 -noout -fingerprint -sha256" in caught.value.message
    tried = fleet.password_attempts(NEW)
    with pytest.raises(CollectError) as refused:  # a worker that skipped validate()
        collect(policy, device(fleet, NEW))
    assert refused.value.cause == Cause.HOSTKEY.value
    assert fleet.password_attempts(NEW) == tried


def test_the_pin_is_checked_on_the_connection_that_carries_the_password(
    fleet: MockFleet, known_hosts: Path
) -> None:
    """pyeapi opens a connection per request: a later one reaching another box is refused.

    The context pins `eos` on its first request; the next request of the same client is sent
    to the re-certified box (as an interception mid-session would) and never gets credentials.
    """
    target = replace(device(fleet, "eos"), port=fleet.eapi_ports["eos"])  # as collect() does
    name = f"[127.0.0.1]:{fleet.eapi_ports['eos']}"
    context = eapi_context(HostKeyPolicy("accept-new", known_hosts), target, HostKeyMode.ACCEPT_NEW)
    assert context is not None

    def node(port: int) -> pyeapi.client.Node:
        return pyeapi.client.connect(
            transport="https",
            host="127.0.0.1",
            port=port,
            username="audit",
            password=PASSWORD,
            context=context,
            timeout=10,
            return_node=True,
        )

    assert node(fleet.eapi_ports["eos"]).run_commands(["show version"], send_enable=False)
    tried = fleet.password_attempts(RECERTED)
    with pytest.raises(HostKeyError) as caught:  # through pyeapi unwrapped
        node(fleet.eapi_ports[RECERTED]).run_commands(["show version"], send_enable=False)
    assert context.refusal is not None and caught.value is context.refusal
    assert f"eAPI certificate of {name} has CHANGED" in context.refusal.message
    assert fleet.password_attempts(RECERTED) == tried
