"""Cisco IOS (classic, `cisco_ios`): `show version` -> Facts.

The reader is shared with IOS-XE (`auditor.parse.ios`): both print the same `Cisco IOS Software`
banner, so an IOS-XE box registered as `cisco_ios` still yields its (IOS-line) version.
"""

from __future__ import annotations

from collections.abc import Mapping

from auditor.models import Facts
from auditor.parse.common import Draft, guarded, read_inputs
from auditor.parse.ios import parse_ios
from auditor.platforms.base import CISCO_LIKE_SESSION, Platform

COMMANDS = ("show version",)

#: What NAPALM's `ios` driver sends for get_facts besides `show version` (also for IOS-XE).
NAPALM_IOS_FACTS = ("show hosts", "show ip interface brief")


@guarded("ios")
def parse(outputs: Mapping[str, str]) -> Facts:
    inputs = read_inputs(outputs, COMMANDS)
    draft = Draft(vendor="Cisco", os="ios", warnings=inputs.warnings)
    parse_ios(inputs.main, draft)
    return draft.finish("'Cisco IOS Software, ... Version X' or 'IOS (tm) ... Version X'")


PLATFORM = Platform(
    device_type="cisco_ios",
    vendor="Cisco",
    os="ios",
    scheme="cisco-ios",
    commands=COMMANDS,
    parse=parse,
    session_commands=CISCO_LIKE_SESSION,
    napalm_driver="ios",
    napalm_commands=NAPALM_IOS_FACTS,
    description="Cisco IOS (classic) routers and Catalyst switches",
)
