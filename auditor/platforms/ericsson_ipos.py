"""Ericsson IPOS (`ericsson_ipos`, also Redback SmartEdge SEOS): `show version` -> Facts.

Own parser: ntc-templates' `ericsson_ipos_show_version` reads IPOS but not the SmartEdge form
that the same netmiko driver reaches. Convention: the number between the `IPOS-v` / `SEOS-`
prefix and `-Release` (`IPOS-v20.3.1.803.142-Release` -> `20.3.1.803.142`). The many other
`... version is ...` lines (kernel, bootstrap, SBI, FPGA product numbers) are firmware. The
output names neither chassis nor host; the host name comes from a `[context]host#` prompt.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from auditor.models import Facts
from auditor.parse.common import Draft, guarded, read_inputs
from auditor.parse.text import first_match, prompt_hostname
from auditor.platforms.base import Platform

COMMANDS = ("show version",)

_VERSION = [
    re.compile(r"\bVersion\s+(?:IPOS|SEOS)-v?(\d+(?:\.\d+)+)(?:-[A-Za-z]+)?", re.MULTILINE),
    re.compile(
        r"^\s*(?:Ericsson IPOS|[\w ]*SmartEdge OS) Version\s+v?(\d+(?:\.\d+)+)", re.MULTILINE
    ),
]


@guarded("ipos")
def parse(outputs: Mapping[str, str]) -> Facts:
    inputs = read_inputs(outputs, COMMANDS)
    text = inputs.main
    draft = Draft(vendor="Ericsson", os="ipos", warnings=inputs.warnings)
    draft.fill(version=first_match(_VERSION, text), hostname=prompt_hostname(text))
    return draft.finish("'Ericsson IPOS Version IPOS-vX-Release' or 'SEOS-X-Release'")


PLATFORM = Platform(
    device_type="ericsson_ipos",
    vendor="Ericsson",
    os="ipos",
    scheme="generic",
    commands=COMMANDS,
    parse=parse,
    napalm_driver=None,
    # netmiko's EricssonIposSSH: width and paging for the session; it sends nothing at logout.
    session_commands=("terminal width 512", "terminal length 0"),
    description="Ericsson Router 6000/SSR (IPOS) and Redback SmartEdge (SEOS)",
)
