"""What the auditor knows about one OS family, as one immutable record.

Everything vendor-specific hangs off a `Platform`: the read-only commands the collector may
send (the allow-list, enforced by the collectors), the parser that turns their output into
`Facts`, the version scheme that orders what it finds, and the NAPALM driver where one exists.
Adding an OS family is adding one module in this package that defines `PLATFORM`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from auditor.models import Facts

#: What netmiko's Cisco-like drivers (IOS, IOS-XE, NX-OS, EOS) send around the audit: terminal
#: setup at login and `exit` at logout. They change only the session, never the device.
CISCO_LIKE_SESSION = ("terminal width 511", "terminal length 0", "exit")

#: A parser receives the outputs it was given, keyed by the exact allow-listed command.
#: The first command of a platform is its version command; parsers must work from that one
#: output alone (offline `auditor parse` hands over just that), and use the others to enrich.
Parser = Callable[[Mapping[str, str]], Facts]


@dataclass(frozen=True)
class Platform:
    device_type: str
    """netmiko device_type; the key users write in inventories as `platform`."""
    vendor: str
    os: str
    """Short OS id (`ios`, `ios-xe`, `junos`, `vrp`...), as in Facts.os and the catalogue."""
    scheme: str
    """Version scheme id in `auditor.versions` (`cisco-ios`, `junos`...)."""
    commands: tuple[str, ...]
    """Allow-list: the only commands ever sent after login, in order; [0] is the version command."""
    parse: Parser
    napalm_driver: str | None = None
    session_commands: tuple[str, ...] = ()
    """Terminal-setup commands the SSH driver sends at login (`terminal length 0`...): part of
    the allow-list, read-only (they change only the session), and proven by the mock logs."""
    napalm_commands: tuple[str, ...] = ()
    """What the NAPALM driver sends for `get_facts` beyond `commands` (it picks its own): listed
    here so the read-only proof from the mock logs covers the NAPALM path too."""
    end_of_answer: str | None = None
    """Regex that ends one answer on consoles with no CLI prompt (MML: `---    END`); the
    collector reads until it instead of waiting for a prompt that never comes."""
    aliases: tuple[str, ...] = ()
    """Other device_type spellings that mean this platform (`huawei_vrp` for `huawei`)."""
    netmiko_device_type: str | None = None
    """device_type to hand netmiko when it differs from `device_type` (e.g. MML controllers)."""
    description: str = ""

    @property
    def version_command(self) -> str:
        return self.commands[0]

    @property
    def connect_as(self) -> str:
        return self.netmiko_device_type or self.device_type
