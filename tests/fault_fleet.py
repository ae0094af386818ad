"""The mock fault fleet the three fault suites audit: one device per fault, a few healthy ones.

tests/e2e/test_faults.py (netmiko engine), tests/engine/test_asyncssh_faults.py (asyncssh
engine) and tests/e2e/test_faults_default_engine.py (`auditor audit` as a user runs it) hold
each engine to the same faults. Which device has which fault, what it must end as, the
deadlines and the checks every engine must pass live here once, so a fault added to
`mock_devices` is added to all three suites by one edit (each suite's coverage test fails until
it is). A uniquely named module at the top of tests/, importable from every test folder.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from auditor.audit import AuditOptions, Auditor
from auditor.catalogue import load_catalogue
from auditor.collect import Timeouts
from auditor.collect.hostkeys import HostKeyPolicy, fingerprint
from auditor.collect.netmiko_cli import NetmikoCollector
from auditor.inventory.credentials import CredentialResolver
from auditor.models import AuditRun, Cause, Device, DeviceResult, Status
from auditor.platforms import get_platform
from mock_devices import DeviceSpec, MockFleet
from mock_devices.fleet import Fault, default_uptime
from mock_devices.server import shared_host_key

CATALOGUE = Path(__file__).parent / "data" / "catalogue"
PASSWORD = "Fault-Fleet-pw-7"
AS_OF = date(2026, 6, 1)
TIMEOUTS = Timeouts(connect=1.5, command=2.5, device=8.0)
"""Small deadlines in the defaults' proportions: a command's timeout fits three times in the
device deadline."""
SLACK_S = 1.0
"""Seconds a result may be recorded after its deadline (scheduling, not waiting)."""
ENGINES = ("netmiko", "asyncssh", "auto")


class Box(NamedTuple):
    """What a device runs, and the status the test catalogue gives that on AS_OF."""

    platform: str
    version: str
    model: str
    status: Status


XE = Box("cisco_xe", "17.12.4", "C9300-48P", Status.CURRENT)
VRP = Box("huawei", "V800R021C10SPC600", "NE40E-X8A", Status.UNSUPPORTABLE)
JUNOS = Box("juniper_junos", "23.4R2-S2", "MX304", Status.VULNERABLE)

NEW_DEVICE = "learnt-xe"
"""Left out of the known_hosts file: `accept-new` must learn its key."""
HEADER = "# recorded by an earlier audit"
"""The first line of that file, which `accept-new` must keep."""
#: name: what it runs -- nothing wrong with these
HEALTHY: dict[str, Box] = {"core-xe": XE, "pe-junos": JUNOS, "pe-vrp": VRP, NEW_DEVICE: XE}


class Faulty(NamedTuple):
    """A device with one fault, and how the netmiko engine must end it."""

    fault: str | dict[str, Any]
    """As in a fleet file: a fault name, or {name: its one parameter}."""
    box: Box
    cause: Cause | None
    """The cause the netmiko engine names; None: the device is audited all the same."""
    words: str
    """Words the error must hold (empty where the device is audited)."""


FAULTY: dict[str, Faulty] = {
    "wrong-password": Faulty("wrong_password", XE, Cause.AUTH, "authentication failed"),
    "no-banner": Faulty("hang_after_accept", XE, Cause.TIMEOUT, "no SSH handshake"),
    "hang-after-login": Faulty("hang_after_login", XE, Cause.TIMEOUT, "showed no prompt"),
    "hang-mid-output": Faulty(
        {"hang_mid_output": 20}, XE, Cause.TIMEOUT, "no complete answer to 'show version'"
    ),
    "drop-mid-output": Faulty(
        {"disconnect_mid_output": 20},
        XE,
        Cause.DISCONNECTED,
        "closed the connection during the answer to 'show version'",
    ),
    "slow-output": Faulty({"slow_output": 0.005}, XE, None, ""),
    "sticky-paging": Faulty("ignore_paging_disable", XE, None, ""),
    "sticky-paging-vrp": Faulty("ignore_paging_disable", VRP, None, ""),
    "garbage": Faulty("garbage_output", XE, Cause.UNPARSEABLE, "no ios-xe version found"),
    "huge-answer": Faulty("huge_output", XE, None, ""),
    "odd-prompt": Faulty("unexpected_prompt", XE, Cause.PROTOCOL, "prompt was not recognised"),
    "new-host-key": Faulty("changed_host_key", XE, Cause.HOSTKEY, "has CHANGED"),
    "refused": Faulty("refuse_connection", XE, Cause.UNREACHABLE, "connection refused"),
}

AUDITED_BY_ASYNCSSH = frozenset({"odd-prompt"})
"""On purpose: a prompt netmiko does not recognise is found by the asyncssh engine (alone or
under `--engine auto`), which audits that device. Every other error reads the same whichever
engine ran."""

TWINS = {"sticky-paging": "core-xe", "sticky-paging-vrp": "pe-vrp"}
"""Devices that print exactly what another one does, but through a pager that stays on."""

ALL = [*HEALTHY, *FAULTY]


def faults_covered() -> set[str]:
    """The mock's fault names this fleet has a device for."""
    return {f if isinstance(f, str) else next(iter(f)) for f, *_ in FAULTY.values()}


def box(name: str) -> Box:
    return HEALTHY[name] if name in HEALTHY else FAULTY[name].box


def expected_cause(name: str, engine: str) -> Cause | None:
    """The cause device `name` must end with under `engine` (one of ENGINES); None: audited."""
    assert engine in ENGINES, engine
    if name in HEALTHY or (engine != "netmiko" and name in AUDITED_BY_ASYNCSSH):
        return None
    return FAULTY[name].cause


def expected_status(name: str, engine: str) -> Status:
    return box(name).status if expected_cause(name, engine) is None else Status.FAILED


def failing(engine: str) -> list[str]:
    """The faulty devices `engine` must refuse with a named cause."""
    return [n for n in FAULTY if expected_cause(n, engine) is not None]


def coping(engine: str) -> list[str]:
    """The faulty devices `engine` must audit all the same."""
    return [n for n in FAULTY if expected_cause(n, engine) is None]


def _spec(name: str) -> DeviceSpec:
    identity = TWINS.get(name, name)  # same hostname, serial and uptime: same output
    platform, version, model, _status = box(name)
    fault = FAULTY[name].fault if name in FAULTY else None
    return DeviceSpec(
        name=name,
        platform=platform,
        hostname=identity,
        version=version,
        model=model,
        serial=f"FOC{sum(map(ord, identity)):04d}X0AB",
        username="audit",
        password=PASSWORD,
        faults=(Fault.parse(fault),) if fault else (),
        uptime=default_uptime(identity),
    )


def serve() -> Iterator[MockFleet]:
    """Every device of the fleet on 127.0.0.1, for a module-scoped fixture to yield from."""
    with MockFleet([_spec(name) for name in ALL], host="127.0.0.1") as running:
        yield running


def write_known_hosts(fleet: MockFleet, path: Path) -> Path:
    """The file a previous audit left: every device but NEW_DEVICE, with the fleet's key."""
    learnt = f"[127.0.0.1]:{fleet.ports[NEW_DEVICE]} "
    lines = [HEADER, *(line for line in fleet.known_hosts() if not line.startswith(learnt))]
    path.write_text("".join(f"{line}\n" for line in lines))
    return path


def audit_fleet(fleet: MockFleet, known_hosts: Path, engine: str) -> AuditRun:
    """One Auditor run over the whole fleet: `engine`, `accept-new`, one attempt per device.

    A retry would only show the same fault again, later; the command line's retries are held
    to in tests/e2e/test_faults_default_engine.py.
    """
    devices = [
        Device(
            name=name,
            host="127.0.0.1",
            port=fleet.ports[name],
            platform=box(name).platform,
            username="audit",
            site="lab",
        )
        for name in ALL
    ]
    options = AuditOptions(
        as_of=AS_OF,
        workers=len(devices),
        timeouts=TIMEOUTS,
        run_timeout=TIMEOUTS.device * 3,
        engine=engine,
        retries=0,
    )
    policy = HostKeyPolicy("accept-new", known_hosts)
    auditor = Auditor(
        load_catalogue(CATALOGUE),
        CredentialResolver(env={"AUDITOR_PASSWORD": PASSWORD}, interactive=False),
        options,
        lambda _driver: NetmikoCollector(policy),  # asyncssh borrows its host-key policy
    )
    return auditor.run(devices, inventory_source=f"faults-{engine}", inventory_sha256="0" * 64)


def result(run: AuditRun, name: str) -> DeviceResult:
    return next(r for r in run.results if r.device.name == name)


# -- checks every engine must pass (plain asserts: each says what it got) ----------------------


def check_error_names_the_fault(error: str | None, words: str) -> None:
    """The message a person reads: names the fault, one printable line, no password in it."""
    assert error is not None and words in error, (words, error)
    assert PASSWORD not in error, "the password is in the error"
    assert set(error) <= set(string.printable) - set("\r\n\t\x0b\x0c"), repr(error)
    assert "deadline" not in error, error  # the engine named the fault, not the stopwatch


def check_outcome(
    name: str,
    engine: str,
    status: str,
    cause: str | None,
    error: str | None,
    facts: tuple[str, str | None] | None,
) -> None:
    """Device `name` ended as it must under `engine`: refused with its cause named in words a
    person can act on, or audited with the right (version, model) in its facts.

    Takes plain values so that a result from the API and a device from report.json are held to
    the same checks (the enums are strings: Status.CURRENT == "current").
    """
    want = (expected_status(name, engine), expected_cause(name, engine))
    assert (status, cause) == want, (name, engine, status, cause, error)
    if want[1] is not None:
        check_error_names_the_fault(error, FAULTY[name].words)
    else:
        assert facts == (box(name).version, box(name).model), (name, facts, error)


def check_result(run: AuditRun, name: str, engine: str) -> None:
    """check_outcome for one device of an Auditor run."""
    got = result(run, name)
    facts = (got.facts.version, got.facts.model) if got.facts else None
    check_outcome(name, engine, got.status, got.cause, got.error, facts)


def overran(durations: dict[str, float]) -> dict[str, float]:
    """The devices that took longer than the device deadline allows (none may)."""
    return {n: s for n, s in durations.items() if s > TIMEOUTS.device + SLACK_S}


def check_pages_turned(run: AuditRun, name: str) -> None:
    """A device whose pager stays on answers what its twin without a pager does."""
    paged, plain = result(run, name).collections, result(run, TWINS[name]).collections
    assert [c.command for c in paged] == [c.command for c in plain]
    for answer, twin in zip(paged, plain, strict=True):
        assert not re.search(r"-{2,} ?\(?more", answer.output, re.IGNORECASE), answer.command
        # the same lines; indentation right after a page break may differ by a space (Huawei's
        # erase sequence reaches us half-stripped by netmiko)
        assert [line.strip() for line in answer.output.splitlines()] == [
            line.strip() for line in twin.output.splitlines()
        ], answer.command
    assert max(len(c.output.splitlines()) for c in paged) > 24  # there were pages to turn


def check_changed_key_never_logged_in(fleet: MockFleet) -> None:
    """A device whose key changed gets no password and no command; the others did get some."""
    assert fleet.password_attempts("new-host-key") == 0
    assert fleet.command_log("new-host-key") == []
    assert fleet.command_log("core-xe") != []  # the log would show a login had there been one


def check_new_device_learnt(fleet: MockFleet, known_hosts: Path) -> None:
    """`accept-new` added NEW_DEVICE once, with the fleet's key, and kept every old line."""
    lines = known_hosts.read_text().splitlines()
    assert lines[0] == HEADER
    learnt = [line for line in lines if line.startswith(f"[127.0.0.1]:{fleet.ports[NEW_DEVICE]} ")]
    assert len(learnt) == 1, learnt
    assert learnt[0].split()[1:] == fleet.known_hosts()[0].split()[1:]  # the fleet's shared key
    changed = f"[127.0.0.1]:{fleet.ports['new-host-key']} "
    assert sum(line.startswith(changed) for line in lines) == 1  # never "corrected"


def known_fingerprint() -> str:
    """The fingerprint every device but `new-host-key` serves, as known_hosts records it."""
    return fingerprint(shared_host_key().public_data)


def sent_outside_allow_list(fleet: MockFleet, name: str) -> list[str]:
    """Lines device `name` received that its platform does not allow (none, ever)."""
    platform = get_platform(box(name).platform)
    allowed = {*platform.commands, *platform.session_commands}
    return sorted(set(fleet.command_log(name)) - allowed)
