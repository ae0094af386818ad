"""Nokia (NSN) BSC3i / mcBSC base-station controllers (`nokia_bsc`) over DX200-style MML.

Assumption, stated because no real capture is public: MML answers start with a header line
`<NE type>  <NE name>  <YYYY-MM-DD  HH:MM:SS>` and end with `COMMAND EXECUTED`; the software
package command `ZWQO:CR;` lists the packages with a status column where `BU` marks the
package in use (other states: `FB` fallback, `NW` new, `UT` untested). The version is the name
of the package in use (e.g. `S16_2_1_0`), ordered by the `nokia-bsc` scheme (release, then
package levels; the level layout is assumed). A `RELEASE` / `SW RELEASE` key-value line, if
present, is used first. The parser is tolerant of column order and spacing; anything it cannot
read becomes a warning.

Connection: DX200 MML has no prompt netmiko knows (`<`, which also occurs inside answers such
as `PACKAGE HANDLING COMMAND <WQ_>`), so the platform connects as netmiko's `terminal_server`
(no session setup, nothing sent at logout) and reads each answer up to `COMMAND EXECUTED`, the
abort message or a `/*** ... ***/` refusal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from auditor.errors import ParseError
from auditor.models import Facts, Module
from auditor.parse.common import Draft, guarded, read_inputs
from auditor.parse.text import first_match
from auditor.platforms.base import Platform

COMMANDS = ("ZWQO:CR;",)

_HEADER = re.compile(
    r"^\s*(BSC\w*|MCBSC\w*|FLEXI\w*)\s+(\S+)\s+\d{4}-\d{2}-\d{2}\s+\d{2}:\d{2}:\d{2}\s*$",
    re.MULTILINE | re.IGNORECASE,
)
_RELEASE = re.compile(r"^\s*(?:SW )?RELEASE\s*[:=.]+\s*(\S+)", re.MULTILINE | re.IGNORECASE)
_PACKAGE_ROW = re.compile(r"^\s*(\S+)\s+(BU|FB|NW|UT)\b(.*)$", re.MULTILINE)
_FAILED = re.compile(r"^\s*/\*\*\*\s*(.{1,200}?)\s*\*\*\*/|COMMAND EXECUTION ABORTED", re.MULTILINE)


@guarded("nokia-bsc")
def parse(outputs: Mapping[str, str]) -> Facts:
    inputs = read_inputs(outputs, COMMANDS)
    text = inputs.main
    draft = Draft(vendor="Nokia", os="nokia-bsc", warnings=inputs.warnings)
    header = _HEADER.search(text)
    packages = [(m.group(1), m.group(2)) for m in _PACKAGE_ROW.finditer(text)][:64]
    in_use = next((name for name, status in packages if status == "BU"), None)
    if in_use is None and packages:
        draft.warnings.append("no package in status BU; none taken as running")
    version = first_match(_RELEASE, text) or in_use
    if version is None and (failed := _FAILED.search(text)):
        raise ParseError(f"ZWQO:CR; was refused: {(failed.group(1) or failed.group(0)).strip()}")
    draft.fill(
        version=version,
        model=header.group(1) if header else None,
        hostname=header.group(2) if header else None,
    )
    draft.modules.extend(
        Module(name=f"package {status}", version=name) for name, status in packages
    )
    return draft.finish("a software package in status BU in 'ZWQO:CR;' (or 'RELEASE: X')")


PLATFORM = Platform(
    device_type="nokia_bsc",
    vendor="Nokia",
    os="nokia-bsc",
    scheme="nokia-bsc",
    commands=COMMANDS,
    parse=parse,
    napalm_driver=None,
    netmiko_device_type="terminal_server",
    end_of_answer=r"COMMAND EXECUTED|COMMAND EXECUTION ABORTED|/\*\*\*[^\n]{0,200}\*\*\*/",
    description="Nokia BSC3i / mcBSC (DX200 MML; built from public docs, format assumed)",
)
