"""The same device gives the same facts, whichever SSH engine audits it.

One mock device per registered platform (each with a mock profile), audited by the real Auditor
over real SSH twice: once with `engine="netmiko"` (the netmiko library, unmodified), once with
`engine="asyncssh"`. The parsed facts, the status and the text the parser saw must be the same.
Then the asyncssh engine alone on twins whose pager cannot be switched off: paging through
`--More--` must give the text of a session without pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from auditor.audit import AuditOptions, Auditor
from auditor.catalogue import load_catalogue
from auditor.collect import Timeouts
from auditor.collect.netmiko_cli import NetmikoCollector
from auditor.inventory.credentials import CredentialResolver
from auditor.models import AuditRun, Device, DeviceResult
from auditor.platforms import all_platforms, get_platform
from mock_devices import DeviceSpec, MockFleet
from mock_devices.profile import known_platforms, load_profile

CATALOGUE = Path(__file__).parents[1] / "data" / "catalogue"
PASSWORD = "Parity-Test-pw-3"
SECRET = "Parity-en-4"
TIMEOUTS = Timeouts(connect=5.0, command=10.0, device=30.0)
ENGINES = ("netmiko", "asyncssh")

#: A version each mock renders and each parser reads (the parsers' own fixtures' releases).
VERSIONS = {
    "arista_eos": "4.33.2F",
    "cisco_asa": "9.18(3)",
    "cisco_ios": "15.2(7)E10",
    "cisco_nxos": "10.4(3)",
    "cisco_xe": "17.9.3",
    "cisco_xr": "7.9.2",
    "ericsson_ipos": "21.1.2.44.101",
    "ericsson_ran": "23.Q4",
    "ericsson_bsc": "G16B",
    "fortinet": "7.2.8",
    "hp_comware": "2612P12",
    "huawei": "V800R021C10SPC600",
    "huawei_bsc": "V900R023C10SPC200",
    "juniper_junos": "23.4R2-S3",
    "mikrotik_routeros": "7.15.3",
    "nokia_bsc": "S16_2_1_0",
    "nokia_sros": "22.10.R1",
    "paloalto_panos": "10.2.4-h4",
    "zte_zxros": "V5.00.10.30",
}
PLATFORMS = [p.device_type for p in all_platforms()]
#: Platforms whose mock has an enable mode: audited again with an enable secret.
WITH_ENABLE = [p for p in PLATFORMS if p in known_platforms() and load_profile(p).enable]
#: A clock in the output (IOS XR `show version`, FortiOS `System time`) moves between sessions.
CLOCK = re.compile(r"\d\d:\d\d:\d\d(?:\.\d+)?")


def _spec(
    name: str, platform: str, secret: str | None = None, faults: tuple[str, ...] = ()
) -> DeviceSpec:
    return DeviceSpec(
        name=name,
        platform=platform,
        hostname=f"lab-{platform.replace('_', '-')}-1",
        version=VERSIONS.get(platform, "1.0"),
        model="MODEL-1",
        serial="SER0001",
        uptime=86400 * 42,
        username="audit",
        password=PASSWORD,
        enable_secret=secret,
        faults=faults,
    )


def _twins() -> list[DeviceSpec]:
    """Per platform and engine: a plain device, one whose pager stays on, and one with an
    enable secret. Each engine has its own devices, so their command logs stay apart."""
    specs = []
    for engine in ENGINES:
        for platform in PLATFORMS:
            if platform not in known_platforms():
                continue
            specs.append(_spec(f"{platform}@{engine}", platform))
            paged = ("ignore_paging_disable",)
            specs.append(_spec(f"{platform}-paged@{engine}", platform, faults=paged))
            if platform in WITH_ENABLE:
                specs.append(_spec(f"{platform}-enable@{engine}", platform, secret=SECRET))
    return specs


@pytest.fixture(scope="module")
def fleet() -> Iterator[MockFleet]:
    with MockFleet(_twins(), host="127.0.0.1") as running:
        yield running


def _audit(fleet: MockFleet, engine: str, only: set[str] | None = None) -> AuditRun:
    devices = [
        Device(
            name=s.name.removesuffix(f"@{engine}"),
            host="127.0.0.1",
            port=fleet.ports[s.name],
            platform=s.platform,
            username="audit",
        )
        for s in fleet.specs
        if s.name.endswith(f"@{engine}") and (only is None or s.name in only)
    ]
    env = {"AUDITOR_PASSWORD": PASSWORD}
    resolver = CredentialResolver(env=env, interactive=False)
    secret_resolver = CredentialResolver(
        env={**env, "AUDITOR_ENABLE_SECRET": SECRET}, interactive=False
    )

    class BySpec(CredentialResolver):
        """The enable secret only for the devices that have one."""

        def for_device(self, device: Device):  # type: ignore[no-untyped-def]
            chosen = secret_resolver if device.name.endswith("-enable") else resolver
            return chosen.for_device(device)

    options = AuditOptions(
        as_of=date(2026, 6, 1), workers=8, timeouts=TIMEOUTS, engine=engine, retries=0
    )
    auditor = Auditor(
        load_catalogue(CATALOGUE),
        BySpec(env=env, interactive=False),
        options,
        lambda _driver: NetmikoCollector(),
    )
    return auditor.run(devices, inventory_source="parity", inventory_sha256="0" * 64)


@pytest.fixture(scope="module")
def runs(fleet: MockFleet) -> dict[str, dict[str, DeviceResult]]:
    by_engine: dict[str, dict[str, Any]] = {}
    for engine in ENGINES:
        results = {r.device.name: r for r in _audit(fleet, engine).results}
        for _ in range(3):
            raced = {
                f"{n}@{engine}" for n, r in results.items() if engine == "netmiko" and _raced(r)
            }
            if not raced:
                break
            results.update({r.device.name: r for r in _audit(fleet, engine, raced).results})
        by_engine[engine] = results
        by_engine[f"{engine}-log"] = {n: fleet.command_log(f"{n}@{engine}") for n in results}
    return by_engine


def _raced(result: DeviceResult) -> bool:
    """A netmiko reference that lost a race with the device, so it cannot be the reference.

    Under load, netmiko's echo read sometimes keeps the `<prompt> <command>` line at the top of
    an answer (seen on SR OS, where it then loses the serial); a second session does not.
    """
    return any(
        re.match(rf"\n?[^\n]*[>#$%\]] ?{re.escape(c.command)}\n", c.output)
        for c in result.collections
    )


def _texts(result: DeviceResult) -> dict[str, str]:
    return {c.command: CLOCK.sub("hh:mm:ss", c.output) for c in result.collections}


def _same(result: DeviceResult, reference: DeviceResult) -> None:
    name = result.device.name
    assert result.cause is None, (name, result.error)
    assert result.facts == reference.facts, name
    assert result.status == reference.status, name
    assert _texts(result) == _texts(reference), name
    assert [c.prompt for c in result.collections] == [c.prompt for c in reference.collections]


def test_every_registered_platform_has_a_mock_to_compare_on() -> None:
    assert set(PLATFORMS) <= set(known_platforms())
    assert set(PLATFORMS) <= set(VERSIONS)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_both_engines_see_the_same_device(runs, platform: str) -> None:  # type: ignore[no-untyped-def]
    if platform not in known_platforms():
        pytest.skip(f"no mock profile for {platform}")
    netmiko, asyncssh = runs["netmiko"][platform], runs["asyncssh"][platform]
    assert netmiko.cause is None, netmiko.error
    assert netmiko.facts is not None and netmiko.facts.version == VERSIONS[platform]
    _same(asyncssh, netmiko)


@pytest.mark.parametrize("platform", WITH_ENABLE)
def test_both_engines_agree_with_an_enable_secret(runs, platform: str) -> None:  # type: ignore[no-untyped-def]
    name = f"{platform}-enable"
    netmiko = runs["netmiko"][name]
    assert netmiko.cause is None, netmiko.error
    _same(runs["asyncssh"][name], netmiko)
    assert SECRET not in " ".join(runs["asyncssh-log"][name])


@pytest.mark.parametrize("platform", PLATFORMS)
def test_paging_through_gives_the_text_of_paging_off(runs, platform: str) -> None:  # type: ignore[no-untyped-def]
    if platform not in known_platforms():
        pytest.skip(f"no mock profile for {platform}")
    _same(runs["asyncssh"][f"{platform}-paged"], runs["netmiko"][platform])


@pytest.mark.parametrize("platform", PLATFORMS)
def test_asyncssh_sends_only_allow_listed_lines(runs, platform: str) -> None:  # type: ignore[no-untyped-def]
    if platform not in known_platforms():
        pytest.skip(f"no mock profile for {platform}")
    entry = get_platform(platform)
    allowed = set(entry.commands) | set(entry.session_commands)
    for name in (platform, f"{platform}-paged", f"{platform}-enable"):
        if name in runs["asyncssh"]:
            sent = runs["asyncssh-log"][name]
            assert set(sent) <= allowed, (name, sorted(set(sent) - allowed))
            assert entry.version_command in sent
