"""Cisco IOS XR (`cisco_xr`): `show version` (+ `show inventory` for the serial) -> Facts.

Own parser: ntc-templates' `cisco_xr_show_version` raises on the echoed command, on the
32-bit ASR 9000 layout and on the XR7 "LNT" layout (half the real captures we test against).
Convention: the `Cisco IOS XR Software, Version` value without the `[Default]`/`[00]` label and
without the `LNT` flavour word (`7.9.2 LNT` -> `7.9.2`). The model is the PID on the
`cisco <PID> (<cpu>) processor` line; where that only names a series (`ASR9K Series`) the chassis
line (`ASR 9006 4 Line Card Slot Chassis`) is used, and a route-processor suffix (`12406/PRP`)
is dropped. 64-bit XR prints `System uptime`, i.e. no host name. `show version` prints no
serial either: it is the chassis entry's `SN:` in `show inventory` (a read-only command every
XR release has; `auditor.parse.inventory`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from auditor.models import Facts
from auditor.parse.common import Draft, guarded, read_inputs
from auditor.parse.inventory import cisco_chassis_serial
from auditor.parse.text import first_match, prompt_hostname
from auditor.platforms.base import CISCO_LIKE_SESSION, Platform

COMMANDS = ("show version", "show inventory")

_VERSION = [
    re.compile(r"^\s*Cisco IOS XR Software, Version\s+([^\s\[]+)", re.MULTILINE),
    re.compile(r"^\s*Version\s*:\s*(\d[^\s\[]*)", re.MULTILINE),
]
_PROCESSOR = re.compile(r"^\s*cisco\s+([^\n(]+?)\s+\([^\n]*\)\s+processor\b", re.MULTILINE)
_CHASSIS = re.compile(r"^\s*(?:Cisco\s+)?(\S+ \d+)\s+\d+\s+Line Card Slot Chassis", re.MULTILINE)
_RP_SUFFIX = re.compile(r"/(?:PRP|GRP|RP\d?)$")
_UPTIME = re.compile(r"^(?!(?:System|Kernel)\b)(\S+)\s+uptime is\s", re.MULTILINE)
_SERIAL = re.compile(r"^\s*(?:Chassis )?Serial Number\s*:\s*(\S+)", re.MULTILINE)


def _model(text: str) -> str | None:
    model = first_match(_PROCESSOR, text)
    if model is None or "Series" in model:
        model = first_match(_CHASSIS, text) or model
    return _RP_SUFFIX.sub("", model) if model else None


@guarded("ios-xr")
def parse(outputs: Mapping[str, str]) -> Facts:
    inputs = read_inputs(outputs, COMMANDS)
    text = inputs.main
    draft = Draft(vendor="Cisco", os="ios-xr", warnings=inputs.warnings)
    hostname = first_match(_UPTIME, text)
    if hostname is None:
        prompt = prompt_hostname(text)  # RP/0/RSP0/CPU0:rtr-01#
        hostname = prompt.rsplit(":", 1)[-1] if prompt else None
    draft.fill(
        version=first_match(_VERSION, text),
        model=_model(text),
        hostname=hostname,
        serial=first_match(_SERIAL, text) or cisco_chassis_serial(inputs.get(COMMANDS[1])),
    )
    return draft.finish("'Cisco IOS XR Software, Version X'")


PLATFORM = Platform(
    device_type="cisco_xr",
    vendor="Cisco",
    os="ios-xr",
    scheme="cisco-ios-xr",
    commands=COMMANDS,
    parse=parse,
    napalm_driver="iosxr",
    session_commands=CISCO_LIKE_SESSION,
    description="Cisco IOS XR (ASR 9000, NCS 540/5500, 8000, CRS, GSR 12000)",
)
