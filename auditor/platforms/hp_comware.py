"""HPE / H3C / 3Com Comware (`hp_comware`): `display version` (+ serial) -> Facts.

Own parser (no ntc-templates template). Conventions: Comware 5/7 print `Comware Software,
Version 7.1.070, Release 3507P18`: the `Release` number is the firmware that advisories and
image files name (`...-r3507p18.bin`), `7.1.070` is the platform version of the same image.
Comware 3/5 under the 3Com brand print `Software Version 3Com OS V5.02.00s56p12`: the `V...`
token. The model is the HPE product number (`JG937A`) from `BOARD TYPE`, else the words
between `Switch` and `Software Version` (3Com), else the `<...> uptime is` line. The host name
comes from the `<host>` prompt. Asynchronous syslog lines (`%Mar 11 ... SHELL/5/LOGIN`) glued
in front of the echo are ignored by the line-anchored patterns. Each `Slot N:` block (an IRF
member or a chassis card) becomes a module: its `BOARD TYPE` and the release at the end of its
`Release Version` line (`...JG937A-3507P18` -> `3507P18`). `display version` prints no
serial: it is `DEVICE_SERIAL_NUMBER` in `display device manuinfo` (read-only; the chassis, else
the first slot: `auditor.parse.inventory`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from auditor.models import Facts, Module
from auditor.parse.common import Draft, guarded, read_inputs
from auditor.parse.inventory import comware_serials
from auditor.parse.text import first_match, prompt_hostname
from auditor.platforms.base import Platform

COMMANDS = ("display version", "display device manuinfo")

_VERSION = [
    re.compile(
        r"^[^\n]*\bSoftware, Version\s+[\d.]+,\s*(?:ESS|Release|Feature)\s+(\w+)", re.MULTILINE
    ),
    re.compile(r"^[^\n]*\bSoftware Version\s+(?:3Com OS\s+)?(V\d[\w.]*)", re.MULTILINE),
    re.compile(r"^[^\n]*\bSoftware, Version\s+([\d.]+\w*)", re.MULTILINE),
]
_PRODUCT_NUMBER = re.compile(r"^\s*BOARD TYPE:\s*[^\n]*?\b([A-Z]{2}\d{3}[A-Z])\s*$", re.MULTILINE)
_MODEL = [
    re.compile(r"^\s*(?:3Com )?Switch\s+([^\n]+?)\s+Software Version\b", re.MULTILINE),
    re.compile(r"^\s*BOARD TYPE:\s*([^\n]+?)\s*$", re.MULTILINE),
    re.compile(r"^\s*(?:HPE|HP|H3C|3Com)\s+([^\n]+?)\s+uptime is\b", re.MULTILINE),
]


_SLOT = re.compile(r"^\s*Slot (\d+)((?: CPU \d+)?):\s*$", re.MULTILINE)
_BOARD_TYPE = re.compile(r"^\s*BOARD TYPE:\s*([^\n]{1,120}?)\s*$", re.MULTILINE)
_SLOT_RELEASE = re.compile(
    r"^\s*Release Version:[^\n]*?[-\s]([REF]?\d{4}(?:P\d{2,4})?(?:H\d{2,3})?)\s*$", re.MULTILINE
)


def _slots(text: str) -> list[Module]:
    """One module per `Slot N:` block (IRF members, chassis cards)."""
    heads = list(_SLOT.finditer(text))[:256]
    slots = []
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        block = text[head.end() : end]
        slots.append(
            Module(
                name=f"slot {head.group(1)}{head.group(2).lower()}",
                model=first_match(_BOARD_TYPE, block),
                version=first_match(_SLOT_RELEASE, block),
            )
        )
    return slots


@guarded("comware")
def parse(outputs: Mapping[str, str]) -> Facts:
    inputs = read_inputs(outputs, COMMANDS)
    text = inputs.main
    draft = Draft(vendor="HPE", os="comware", warnings=inputs.warnings)
    serials = comware_serials(inputs.get(COMMANDS[1]))
    draft.fill(
        version=first_match(_VERSION, text),
        model=first_match(_PRODUCT_NUMBER, text) or first_match(_MODEL, text),
        hostname=prompt_hostname(text),
        serial=serials.get("chassis") or next(iter(serials.values()), None),
    )
    draft.modules.extend(replace(m, serial=serials.get(m.name)) for m in _slots(text))
    return draft.finish("'Comware Software, Version N, Release X' or 'Software Version ... VX'")


PLATFORM = Platform(
    device_type="hp_comware",
    vendor="HPE",
    os="comware",
    scheme="comware",
    commands=COMMANDS,
    parse=parse,
    napalm_driver=None,
    # netmiko's HPComwareSSH: `screen-length disable` (this session only), `quit` at logout.
    session_commands=("screen-length disable", "quit"),
    aliases=("h3c_comware",),
    description="HPE FlexNetwork / H3C / 3Com switches and routers (Comware 3, 5, 7)",
)
