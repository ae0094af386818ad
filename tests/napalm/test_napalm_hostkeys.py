"""`driver: napalm` checks SSH host keys like the netmiko path: changed keys refused pre-login.

The mock fleet serves one shared key; a device with the `changed_host_key` fault serves its
own, so against the fleet's known_hosts it looks like a replaced (or intercepted) box. For each
SSH-based NAPALM driver (ios, nxos_ssh and huawei_vrp through netmiko, junos through NETCONF)
the auditor must refuse that device with cause `host-key`, name both fingerprints, and never
log in (its command log stays empty); a device whose key is recorded is audited; under
`accept-new` a first-seen device is learnt. eAPI (eos) is HTTPS: its certificate is pinned
instead (test_eapi_certificates), and a recorded SSH key does not vouch for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import asyncssh
import pytest
from napalm_support import DEVICES, PASSWORD, spec

from auditor.collect import get_collector
from auditor.collect.base import Timeouts
from auditor.collect.hostkeys import HostKeyPolicy
from auditor.collect.napalm_facts import GET_FACTS, NapalmCollector
from auditor.errors import CollectError
from auditor.inventory.credentials import Credentials
from auditor.models import Cause, Collection, Device
from auditor.platforms import get_platform
from mock_devices import MockFleet

TIMEOUTS = Timeouts(connect=3, command=10, device=30)
#: device name -> the mock device it copies (same platform and output), keyed by driver.
SSH_DRIVERS = {"ios": "ios", "nxos_ssh": "nxos", "huawei_vrp": "vrp", "junos": "junos"}
CHANGED = {f"{key}-rekeyed": key for key in SSH_DRIVERS.values()}
NEW = "junos-new"  # not in known_hosts


@pytest.fixture(scope="module")
def fleet() -> Iterator[MockFleet]:
    specs = [spec(name) for name in SSH_DRIVERS.values()]
    specs += [spec(key, name=name, faults=("changed_host_key",)) for name, key in CHANGED.items()]
    specs += [spec("junos", name=NEW), spec("eos")]
    with MockFleet(specs, host="127.0.0.1") as running:
        yield running


@pytest.fixture
def known_hosts(fleet: MockFleet, tmp_path: Path) -> Path:
    """What an earlier audit recorded: every device but NEW, each with the fleet's key."""
    skip = f"[127.0.0.1]:{fleet.ports[NEW]} "
    path = tmp_path / "known_hosts"
    path.write_text(
        "".join(f"{line}\n" for line in fleet.known_hosts() if not line.startswith(skip))
    )
    return path


def device(fleet: MockFleet, name: str) -> Device:
    data = (("napalm_port", str(fleet.eapi_ports[name])),) if name in fleet.eapi_ports else ()
    key = CHANGED.get(name, "junos" if name == NEW else name)
    return Device(
        name=name,
        host="127.0.0.1",
        platform=DEVICES[key][0],
        port=fleet.ports[name],
        driver="napalm",
        data=data,
    )


def collect(policy: HostKeyPolicy, dev: Device) -> list[Collection]:
    collector = get_collector("napalm", policy)  # the CLI builds it this way
    assert isinstance(collector, NapalmCollector)
    creds = Credentials("audit", PASSWORD)
    return collector.collect(dev, get_platform(dev.platform), creds, TIMEOUTS)


def served_fingerprint(port: int) -> str:
    async def fetch() -> str:
        key = await asyncssh.get_server_host_key("127.0.0.1", port)
        assert key is not None
        return str(key.get_fingerprint("sha256"))

    return asyncio.run(fetch())


@pytest.mark.parametrize("name", sorted(CHANGED), ids=lambda n: CHANGED[n])
def test_a_changed_key_is_refused_before_login(
    fleet: MockFleet, known_hosts: Path, name: str
) -> None:
    fleet.clear_command_log(name)
    with pytest.raises(CollectError) as caught:
        collect(HostKeyPolicy("accept-new", known_hosts), device(fleet, name))
    error = caught.value
    assert error.cause == Cause.HOSTKEY.value, error.message
    assert "has CHANGED" in error.message
    recorded = served_fingerprint(fleet.ports[CHANGED[name]])  # the fleet's shared key
    assert recorded in error.message
    assert served_fingerprint(fleet.ports[name]) in error.message
    assert PASSWORD not in error.message
    assert fleet.password_attempts(name) == 0  # refused before the password was sent
    assert fleet.command_log(name) == []
    assert known_hosts.read_text().count(f"[127.0.0.1]:{fleet.ports[name]} ") == 1  # not "fixed"


@pytest.mark.parametrize("name", sorted(SSH_DRIVERS.values()))
def test_a_recorded_key_is_audited_under_strict(
    fleet: MockFleet, known_hosts: Path, name: str
) -> None:
    collections = collect(HostKeyPolicy("strict", known_hosts), device(fleet, name))
    platform = get_platform(DEVICES[name][0])
    assert [c.command for c in collections] == [*platform.commands, GET_FACTS]
    facts = platform.parse({c.command: c.output for c in collections})
    assert facts.version == DEVICES[name][2]


def test_strict_refuses_an_unknown_device_without_connecting(
    fleet: MockFleet, known_hosts: Path
) -> None:
    tried = fleet.password_attempts(NEW)
    with pytest.raises(CollectError) as caught:
        collect(HostKeyPolicy("strict", known_hosts), device(fleet, NEW))
    assert caught.value.cause == Cause.HOSTKEY.value
    assert "strict" in caught.value.message
    assert fleet.password_attempts(NEW) == tried


def test_accept_new_learns_a_first_seen_device(fleet: MockFleet, known_hosts: Path) -> None:
    before = known_hosts.read_text()
    collect(HostKeyPolicy("accept-new", known_hosts), device(fleet, NEW))
    added = known_hosts.read_text()[len(before) :].splitlines()
    shared_key = fleet.known_hosts()[0].split()[1:]
    assert [line.split() for line in added] == [[f"[127.0.0.1]:{fleet.ports[NEW]}", *shared_key]]


def test_policy_off_accepts_any_key(fleet: MockFleet, known_hosts: Path) -> None:
    """The historical default (no --known-hosts): a re-keyed device is audited, nothing learnt."""
    before = known_hosts.read_text()
    collections = collect(HostKeyPolicy("off", known_hosts), device(fleet, "ios-rekeyed"))
    assert collections[0].output
    assert known_hosts.read_text() == before


def test_an_ssh_key_does_not_vouch_for_an_eapi_certificate(
    fleet: MockFleet, known_hosts: Path
) -> None:
    """known_hosts lists the eos box's SSH key; its eAPI certificate is not pinned: refused."""
    tried = fleet.password_attempts("eos")
    with pytest.raises(CollectError) as caught:
        collect(HostKeyPolicy("strict", known_hosts), device(fleet, "eos"))
    assert caught.value.cause == Cause.HOSTKEY.value
    assert f"[127.0.0.1]:{fleet.eapi_ports['eos']} has no eAPI certificate" in caught.value.message
    assert fleet.password_attempts("eos") == tried


def test_a_driver_whose_key_cannot_be_checked_is_refused(known_hosts: Path) -> None:
    """NAPALM `iosxr` (XML agent) takes no host-key arguments: refused, not audited unchecked."""
    xr = Device(name="xr", host="127.0.0.1", platform="cisco_xr", port=9, driver="napalm")
    with pytest.raises(CollectError) as caught:
        collect(HostKeyPolicy("accept-new", known_hosts), xr)
    assert caught.value.cause == Cause.HOSTKEY.value
    assert "driver: netmiko" in caught.value.message
