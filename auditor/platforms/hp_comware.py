"""HPE / H3C / 3Com Comware (`hp_comware`): `display version` -> Facts.

Own parser (no ntc-templates template). Conventions: Comware 5/7 print `Comware Software,
Version 7.1.070, Release 3507P18`: the `Release` number is the firmware that advisories and
image files name (`...-r3507p18.bin`), `7.1.070` is the platform version of the same image.
Comware 3/5 under the 3Com brand print `Software Version 3Com OS V5.02.00s56p12`: the `V...`
token. The model is the HPE product number (`JG937A`) from `BOARD TYPE`, else the words
between `Switch` and `Software Version` (3Com), else the `<...> uptime is` line. The host name
comes from the `<host>` prompt. Asynchronous syslog lines (`%Mar 11 ... SHELL/5/LOGIN`) glued
in front of the echo are ignored by the line-anchored patterns.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from auditor.models import Facts
from auditor.parse.common import Draft, guarded, read_inputs
from auditor.parse.text import first_match, prompt_hostname
from auditor.platforms.base import Platform

COMMANDS = ("display version",)

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


@guarded("comware")
def parse(outputs: Mapping[str, str]) -> Facts:
    inputs = read_inputs(outputs, COMMANDS)
    text = inputs.main
    draft = Draft(vendor="HPE", os="comware", warnings=inputs.warnings)
    draft.fill(
        version=first_match(_VERSION, text),
        model=first_match(_PRODUCT_NUMBER, text) or first_match(_MODEL, text),
        hostname=prompt_hostname(text),
    )
    return draft.finish("'Comware Software, Version N, Release X' or 'Software Version ... VX'")


PLATFORM = Platform(
    device_type="hp_comware",
    vendor="HPE",
    os="comware",
    scheme="generic",
    commands=COMMANDS,
    parse=parse,
    napalm_driver=None,
    description="HPE FlexNetwork / H3C / 3Com switches and routers (Comware 3, 5, 7)",
)
