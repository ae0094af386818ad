"""What the auditor knows about one OS family, as one immutable record.

Everything vendor-specific hangs off a `Platform`: the read-only commands the collector may
send (the allow-list, enforced by the collectors), the parser that turns their output into
`Facts`, the version scheme that orders what it finds, and the NAPALM driver where one exists.
Adding an OS family is adding one module in this package that defines `PLATFORM`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from auditor.models import Facts
from auditor.parse.prompt import hostname_from_prompt

#: What netmiko's Cisco-like drivers (IOS, IOS-XE, NX-OS, EOS) send around the audit: terminal
#: setup at login and `exit` at logout. They change only the session, never the device.
CISCO_LIKE_SESSION = ("terminal width 511", "terminal length 0", "exit")

#: A last `session_commands` entry that ends the session instead of setting it up (compared
#: case-insensitively): `exit` (Cisco-like, Junos), `quit` (VRP), `logout` (SR OS), `LGO:;` (MML).
LOGOUT_COMMANDS = frozenset({"exit", "quit", "logout", "lgo", "lgo:;"})

#: What a session-setup command looks like when it only changes the CLI session (paging, width,
#: completion): the asyncssh engine's default setup keeps only these from `session_commands`,
#: which also lists netmiko's mode changes (`enable`, `configure terminal`) and, on FortiOS,
#: configuration it restores at logout. Those are never guessed: a platform that needs more
#: says so in `cli_setup`.
SESSION_SETTING = re.compile(
    r"^(?:terminal|screen-length|screen-width|set cli|/{0,2}environment)\b", re.I
)

#: `terminal width N` repeats what the engine's PTY already asks for (511 columns): one round
#: trip per device saved, which at a few hundred ms of CLI latency is a fifth of a session.
PTY_WIDTH_SETTING = re.compile(r"^terminal width\b", re.I)

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
    netmiko_changes_config: bool = False
    """True where netmiko's own session setup writes configuration (FortiOS `config system
    console`, ASA `terminal width` in configuration mode). The auditor is read-only, so such a
    platform is always driven by the asyncssh engine, whatever `--engine` says."""
    cli_setup: tuple[str, ...] | None = None
    """What the asyncssh engine sends after login, in order (each must be in
    `session_commands`). None: the session settings among `session_commands` (see
    `SESSION_SETTING`); `()`: nothing, the engine pages through `--More--` itself."""

    @property
    def version_command(self) -> str:
        return self.commands[0]

    def hostname_from_prompt(self, prompt: str) -> str | None:
        """The host name in this family's CLI prompt, or None if the prompt shows none.

        The shared reading (`auditor.parse.prompt`) knows every prompt shape of the registry:
        `host#`, `<host>`, `[host]`, IOS XR's node prefix, IPOS' context, SR OS' CPM,
        `user@host>`; the MML consoles have no prompt. A family whose prompt it misreads would
        subclass Platform and override this; none does (tests/platforms/test_prompt_hostname.py).
        """
        return hostname_from_prompt(prompt)

    @property
    def connect_as(self) -> str:
        return self.netmiko_device_type or self.device_type

    @property
    def logout_command(self) -> str | None:
        """The trailing exit/quit/logout/LGO of `session_commands`, if it has one."""
        last = self.session_commands[-1] if self.session_commands else None
        return last if last is not None and last.strip().lower() in LOGOUT_COMMANDS else None

    @property
    def setup_commands(self) -> tuple[str, ...]:
        """What an SSH engine of our own sends right after login: `cli_setup`, or else the
        session settings of `session_commands` (never its logout, mode changes or config)."""
        if self.cli_setup is not None:
            return self.cli_setup
        return tuple(
            c
            for c in self.session_commands
            if SESSION_SETTING.match(c.strip()) and not PTY_WIDTH_SETTING.match(c.strip())
        )
