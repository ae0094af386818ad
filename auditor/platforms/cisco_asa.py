"""Cisco ASA (`cisco_asa`): `show version` -> Facts.

Own parser: ntc-templates' `cisco_asa_show_version` raises on older layouts and on an echoed
command. Convention: the `Cisco Adaptive Security Appliance Software Version` value (a trailing
`<context>` marker dropped); `Device Manager Version` (ASDM), `Firepower Extensible Operating
System Version` (FXOS) and `SSP Operating System Version` are other components. The model is
the first field of `Hardware:`; the host name is on the `<host> up <n> days` line (never the
`failover cluster up ...` line). No serial is printed in multi-context mode.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from auditor.models import Facts
from auditor.parse.common import Draft, guarded, read_inputs
from auditor.parse.text import first_match, prompt_hostname
from auditor.platforms.base import Platform

COMMANDS = ("show version",)

#: netmiko's ASA driver enters `configure terminal` to set `terminal width 511`, a global
#: configuration command on the ASA: so the ASA is never driven through netmiko
#: (`netmiko_changes_config`). The asyncssh engine enters enable mode when a secret is given,
#: turns the pager off for this session only (`terminal pager 0` in exec mode) and exits.
SESSION = ("enable", "terminal pager 0", "exit")

_VERSION = re.compile(
    r"^\s*Cisco Adaptive Security Appliance Software Version\s+(\S+)", re.MULTILINE
)
_MODEL = re.compile(r"^\s*Hardware:\s+([^,\s]+)", re.MULTILINE)
_UP = re.compile(
    r"^(?!failover\b)(\S+) up (?:\d+ (?:years?|days?|hours?|mins?|secs?)\b)", re.MULTILINE
)
_SERIAL = re.compile(r"^\s*Serial Number:\s*(\S+)", re.MULTILINE)


@guarded("asa")
def parse(outputs: Mapping[str, str]) -> Facts:
    inputs = read_inputs(outputs, COMMANDS)
    text = inputs.main
    draft = Draft(vendor="Cisco", os="asa", warnings=inputs.warnings)
    draft.fill(
        version=first_match(_VERSION, text),
        model=first_match(_MODEL, text),
        hostname=first_match(_UP, text) or prompt_hostname(text),
        serial=first_match(_SERIAL, text),
    )
    return draft.finish("'Cisco Adaptive Security Appliance Software Version X'")


PLATFORM = Platform(
    device_type="cisco_asa",
    vendor="Cisco",
    os="asa",
    scheme="cisco-asa",
    commands=COMMANDS,
    parse=parse,
    napalm_driver=None,
    session_commands=SESSION,
    netmiko_changes_config=True,
    cli_setup=("terminal pager 0",),
    description="Cisco ASA firewalls (ASA 5500/5500-X, ASAv, ISA 3000, ASA on Firepower)",
)
