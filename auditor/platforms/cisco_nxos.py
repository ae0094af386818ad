"""Cisco NX-OS (`cisco_nxos`): `show version` -> Facts.

Own regular expressions: ntc-templates' `cisco_nxos_show_version` keeps the bracketed build
(`10.4(5) [Maintenance Release]`, `7.3(1)D1(1) [build 7.3(1)D1(0.10)]`) and drops the chassis
model for `Nexus 3048`-style lines. Convention: the `NXOS: version` (NX-OS 7+) or
`system: version` (older kickstart/system split) value without the bracket; never the
`System version:` line under *Last reset*, which is the version *before* the last upgrade.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from auditor.models import Facts
from auditor.parse.common import Draft, guarded, read_inputs
from auditor.parse.text import first_match, prompt_hostname
from auditor.platforms.base import CISCO_LIKE_SESSION, Platform

COMMANDS = ("show version",)

_VERSION = [
    re.compile(r"^\s*NXOS:\s+version\s+([^\s\[]+)", re.MULTILINE),
    re.compile(r"^\s*system:\s+version\s+([^\s\[]+)", re.MULTILINE),
    re.compile(r"^\s*kickstart:\s+version\s+([^\s\[]+)", re.MULTILINE),
    re.compile(r"^\s*Host NXOS:\s+version\s+([^\s\[]+)", re.MULTILINE),
]
_CHASSIS = re.compile(r"^\s*cisco\s+([^\n]+?)\s+(?:\([^\n]*?\)\s+)?[Cc]hassis\b", re.MULTILINE)
_ACI_HARDWARE = re.compile(r"^\s*cisco\s+(\S+)\s+\(\"", re.MULTILINE)
_SERIAL = re.compile(r"^\s*Processor [Bb]oard ID\s+(\S+)", re.MULTILINE)
_HOSTNAME = re.compile(r"^\s*Device name:\s*(\S+)", re.MULTILINE)


def _model(text: str) -> str | None:
    """`cisco Nexus9000 C9396PX Chassis` -> `C9396PX`; `cisco Nexus 3048 Chassis` -> `Nexus 3048`."""
    chassis = first_match(_CHASSIS, text)
    if chassis:
        family = re.fullmatch(r"Nexus\d+\s+(\S+)", chassis)
        return family.group(1) if family else chassis
    return first_match(_ACI_HARDWARE, text)


@guarded("nx-os")
def parse(outputs: Mapping[str, str]) -> Facts:
    inputs = read_inputs(outputs, COMMANDS)
    text = inputs.main
    draft = Draft(vendor="Cisco", os="nx-os", warnings=inputs.warnings)
    draft.fill(
        version=first_match(_VERSION, text),
        model=_model(text),
        serial=first_match(_SERIAL, text),
        hostname=first_match(_HOSTNAME, text) or prompt_hostname(text),
    )
    return draft.finish("'NXOS: version X' or 'system: version X' (Software section)")


PLATFORM = Platform(
    device_type="cisco_nxos",
    vendor="Cisco",
    os="nx-os",
    scheme="cisco-nx-os",
    commands=COMMANDS,
    parse=parse,
    session_commands=CISCO_LIKE_SESSION,
    napalm_driver="nxos_ssh",
    # napalm nxos_ssh get_facts; `show inventory` is its fallback when `| json` is refused.
    napalm_commands=(
        "show hosts",
        "show interface status",
        "show hostname",
        "show inventory | json",
        "show inventory",
    ),
    description="Cisco Nexus switches (NX-OS, incl. ACI-mode leaf show version)",
)
