"""Cisco IOS-XE (`cisco_xe`): `show version` -> Facts.

netmiko drives IOS-XE with its IOS class and NAPALM with the `ios` driver; the registry keeps a
separate entry because the OS id and version scheme differ (`ios-xe`, `cisco-ios-xe`): the
catalogue's IOS-XE trains (`17.9.4a`, `03.16.10.S`) do not order like classic IOS releases.
"""

from __future__ import annotations

from collections.abc import Mapping

from auditor.models import Facts
from auditor.parse.common import Draft, guarded, read_inputs
from auditor.parse.ios import parse_ios
from auditor.platforms.base import CISCO_LIKE_SESSION, Platform
from auditor.platforms.cisco_ios import NAPALM_IOS_FACTS

COMMANDS = ("show version",)


@guarded("ios-xe")
def parse(outputs: Mapping[str, str]) -> Facts:
    inputs = read_inputs(outputs, COMMANDS)
    draft = Draft(vendor="Cisco", os="ios-xe", warnings=inputs.warnings)
    parse_ios(inputs.main, draft)
    return draft.finish(
        "'Cisco IOS Software, ... Version X', 'Cisco IOS XE Software, Version X' "
        "or 'IOS XE Version: X'"
    )


PLATFORM = Platform(
    device_type="cisco_xe",
    vendor="Cisco",
    os="ios-xe",
    scheme="cisco-ios-xe",
    commands=COMMANDS,
    parse=parse,
    session_commands=CISCO_LIKE_SESSION,
    napalm_driver="ios",
    napalm_commands=NAPALM_IOS_FACTS,
    description="Cisco IOS-XE (Catalyst 9000/3850, ASR1000/920, ISR4000, CSR1000v, C9800)",
)
