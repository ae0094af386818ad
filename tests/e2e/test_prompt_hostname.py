"""The host name a device shows only in its CLI prompt reaches the facts, on both SSH engines.

IOS XR, VRP, Comware, ZXROS and IPOS print their host name in no allow-listed output; only the
prompt carries it (`RP/0/RP0/CPU0:pe-xr-01#`, `<pe-vrp-01>`, `[local]agg-ipos-01#`). Mock devices
of each, audited over real SSH by the real Auditor with `engine="asyncssh"` and with
`engine="netmiko"` (the library itself), must come back with the host name they were given,
recorded with a history store the way `auditor audit` does. Then:

* the parser's own host name wins over the prompt's (an IOS device whose prompt says another);
* hostile prompts (escape codes, 300 characters, an admin-plane VM name) are kept cleaned and
  bounded, and give no host name rather than a wrong one;
* the stored run, read back and judged again, gives the same host names: the prompt is kept.
"""

from __future__ import annotations

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
from auditor.parse.prompt import MAX_PROMPT_CHARS
from auditor.platforms import get_platform
from auditor.store import open_store
from auditor.store.reevaluate import reevaluate
from auditor.store.session import RunSession
from mock_devices import DeviceSpec, MockFleet

CATALOGUE = Path(__file__).parents[1] / "data" / "catalogue"
PASSWORD = "Prompt-Host-pw-5"
AS_OF = date(2026, 6, 1)
ENGINES = ("asyncssh", "netmiko")
TIMEOUTS = Timeouts(connect=5.0, command=10.0, device=30.0)

#: name: (platform, host name, version, the prompt the collectors keep)
ONLY_IN_PROMPT = {
    "xr": ("cisco_xr", "pe-xr-01", "7.9.2", "RP/0/RP0/CPU0:pe-xr-01#"),
    "vrp": ("huawei", "pe-vrp-01", "V800R021C10SPC600", "<pe-vrp-01>"),
    "comware": ("hp_comware", "acc-cmw-01", "3507P18", "<acc-cmw-01>"),
    "zte": ("zte_zxros", "metro-zte-01", "V5.10.00.50", "metro-zte-01#"),
    "ipos": ("ericsson_ipos", "agg-ipos-01", "21.1.2.44.101", "[local]agg-ipos-01#"),
}
#: An IOS device whose `show version` says `acc-ios-01 uptime is ...` and whose prompt says
#: another name: the output is what the parser reads, and it wins.
DECOY = "decoy-rtr#"
HOSTILE = "\x1b[1;31m" + "x" * 300 + "\x07#\x1b[0m"
#: name: (prompt the XR mock shows, prompt kept, host name read from it)
ODD_PROMPTS: dict[str, tuple[str, str | None, str | None]] = {
    "xr-long": (HOSTILE, "x" * MAX_PROMPT_CHARS, None),
    "xr-admin": ("sysadmin-vm:0_RP0#", "sysadmin-vm:0_RP0#", None),
    "xr-ansi": ("\x1b[1mxr-ansi-7\x1b[0m#", "xr-ansi-7#", "xr-ansi-7"),
}


def _spec(name: str, platform: str, hostname: str, version: str, prompt: str | None) -> DeviceSpec:
    return DeviceSpec(
        name=name,
        platform=platform,
        hostname=hostname,
        version=version,
        model="MODEL-1",
        serial="SER0001",
        username="audit",
        password=PASSWORD,
        faults=({"unexpected_prompt": prompt},) if prompt else (),
    )


def _specs() -> list[DeviceSpec]:
    specs = []
    for engine in ENGINES:
        for name, (platform, host, version, _) in ONLY_IN_PROMPT.items():
            specs.append(_spec(f"{name}@{engine}", platform, host, version, None))
        specs.append(_spec(f"ios@{engine}", "cisco_ios", "acc-ios-01", "15.2(7)E10", DECOY))
        for name, (shown, _, _) in ODD_PROMPTS.items():
            specs.append(_spec(f"{name}@{engine}", "cisco_xr", "pe-xr-09", "7.9.2", shown))
    return specs


@pytest.fixture(scope="module")
def fleet() -> Iterator[MockFleet]:
    with MockFleet(_specs(), host="127.0.0.1") as running:
        yield running


def _options(engine: str) -> AuditOptions:
    return AuditOptions(as_of=AS_OF, workers=6, timeouts=TIMEOUTS, engine=engine, retries=0)


def _audit(fleet: MockFleet, engine: str, store_path: Path) -> AuditRun:
    """`auditor audit` with a history store: each result recorded as it ends, then the run."""
    devices = [
        Device(
            name=s.name.removesuffix(f"@{engine}"),
            host="127.0.0.1",
            port=fleet.ports[s.name],
            platform=s.platform,
            username="audit",
        )
        for s in fleet.specs
        if s.name.endswith(f"@{engine}")
    ]
    catalogue = load_catalogue(CATALOGUE)
    credentials = CredentialResolver(env={"AUDITOR_PASSWORD": PASSWORD}, interactive=False)
    auditor = Auditor(catalogue, credentials, _options(engine), lambda _: NetmikoCollector())
    with open_store(store_path) as store:
        session = RunSession.start(
            store,
            devices=devices,
            catalogue=catalogue,
            options=_options(engine),
            inventory_source="prompt-hostname",
            inventory_sha256="0" * 64,
            secrets=lambda: [PASSWORD],
        )
        run = auditor.run(
            session.todo,
            inventory_source="prompt-hostname",
            inventory_sha256="0" * 64,
            progress=session.observer(),
        )
        run = session.finish(run)
        assert session.problem is None, session.problem
    return run


@pytest.fixture(scope="module")
def audits(fleet: MockFleet, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """engine -> (the live run, the store it was recorded in)."""
    found: dict[str, Any] = {}
    for engine in ENGINES:
        path = tmp_path_factory.mktemp(f"prompt-{engine}") / "history.sqlite3"
        found[engine] = (_audit(fleet, engine, path), path)
    return found


def _result(audits: dict[str, Any], engine: str, name: str) -> DeviceResult:
    run: AuditRun = audits[engine][0]
    (result,) = [r for r in run.results if r.device.name == name]
    assert result.cause is None, (engine, name, result.error)
    assert result.facts is not None
    return result


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(ONLY_IN_PROMPT))
def test_the_host_name_only_a_prompt_shows_is_in_the_facts(
    audits: dict[str, Any], engine: str, name: str
) -> None:
    platform_name, host, version, prompt = ONLY_IN_PROMPT[name]
    result = _result(audits, engine, name)
    assert result.facts is not None
    assert (result.facts.version, result.facts.hostname) == (version, host)
    assert [c.prompt for c in result.collections] == [prompt] * len(result.collections)
    # ...and it came from the prompt: the outputs the parser read do not carry it
    platform = get_platform(platform_name)
    assert platform.parse({c.command: c.output for c in result.collections}).hostname is None
    assert all(host not in c.output for c in result.collections)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_parser_host_name_wins_over_the_prompt(audits: dict[str, Any], engine: str) -> None:
    result = _result(audits, engine, "ios")
    assert result.facts is not None and result.facts.hostname == "acc-ios-01"
    assert result.collections[0].prompt == DECOY
    assert get_platform("cisco_ios").hostname_from_prompt(DECOY) == "decoy-rtr"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(ODD_PROMPTS))
def test_a_hostile_or_foreign_prompt_is_kept_clean_and_gives_no_wrong_name(
    audits: dict[str, Any], engine: str, name: str
) -> None:
    _, kept, host = ODD_PROMPTS[name]
    result = _result(audits, engine, name)
    assert result.facts is not None and result.facts.version == "7.9.2"
    assert result.facts.hostname == host
    for collection in result.collections:
        assert collection.prompt == kept
        assert collection.prompt is not None and len(collection.prompt) <= MAX_PROMPT_CHARS
        assert collection.prompt.isprintable()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_stored_run_reads_back_and_judges_again_to_the_same_host_names(
    audits: dict[str, Any], engine: str
) -> None:
    live, path = audits[engine]
    with open_store(path, create=False) as store:
        stored = store.load_run(live.run_id)
    assert stored == live  # every collection with its prompt
    again = reevaluate(stored, load_catalogue(CATALOGUE), _options(engine))
    hosts = {r.device.name: r.facts.hostname if r.facts else "-" for r in again.results}
    assert hosts == {r.device.name: r.facts.hostname if r.facts else "-" for r in live.results}
    assert [r.facts for r in again.results] == [r.facts for r in live.results]
    assert {hosts[name] for name in ONLY_IN_PROMPT} == {h for _, h, _, _ in ONLY_IN_PROMPT.values()}
