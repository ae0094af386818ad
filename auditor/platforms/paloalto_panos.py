"""Palo Alto Networks PAN-OS (`paloalto_panos`): `show system info` -> Facts.

The one family where the ntc-templates template is used first: `show system info` is a strict
`key: value` list and `paloalto_panos_show_system_info` maps `sw-version`, `model`, `serial`,
`hostname` one-to-one onto our fields. When the template yields nothing (an error state on odd
input, or the package missing) the same keys are read with our own key-value reader. Traps:
`logdb-version`, `app-version`, `global-protect-*-version` are content versions, not PAN-OS;
`serial: unknown` on an unlicensed VM means no serial.
"""

from __future__ import annotations

from collections.abc import Mapping

from auditor.models import Facts
from auditor.parse.common import Draft, guarded, read_inputs
from auditor.parse.text import key_values, pick, prompt_hostname
from auditor.parse.textfsm import run_template
from auditor.platforms.base import Platform

COMMANDS = ("show system info",)

#: netmiko's PaloAltoPanosSSH: CLI session settings (scripting mode, width, pager), then a
#: `show system info` of its own (already on the allow-list) and `exit` at logout.
SESSION = ("set cli scripting-mode on", "set cli terminal width 500", "set cli pager off", "exit")


@guarded("pan-os")
def parse(outputs: Mapping[str, str]) -> Facts:
    inputs = read_inputs(outputs, COMMANDS)
    text = inputs.main
    draft = Draft(vendor="Palo Alto Networks", os="pan-os", warnings=inputs.warnings)
    rows = run_template("paloalto_panos", COMMANDS[0], text, draft.warnings) if text else []
    if rows:
        row = {k: v for k, v in rows[0].items() if isinstance(v, str)}
        draft.fill(
            version=row.get("os"),
            model=row.get("model"),
            serial=row.get("serial"),
            hostname=row.get("hostname"),
        )
    pairs = key_values(text, ":")
    draft.fill(
        version=pick(pairs, "sw-version"),
        model=pick(pairs, "model"),
        serial=pick(pairs, "serial", skip=("unknown",)),
        hostname=pick(pairs, "hostname") or prompt_hostname(text),
    )
    return draft.finish("'sw-version: X'")


PLATFORM = Platform(
    device_type="paloalto_panos",
    vendor="Palo Alto Networks",
    os="pan-os",
    scheme="pan-os",
    commands=COMMANDS,
    parse=parse,
    napalm_driver=None,
    session_commands=SESSION,
    description="Palo Alto Networks firewalls and Panorama (PAN-OS)",
)
