"""Which host name a result shows, when the version output does not print one.

A NOC engineer spots an inventory entry that points at the wrong box by its host name, but
IOS XR (64-bit), VRP, Comware, ZXROS and IPOS print it in no allow-listed output. In order:

1. the parser's reading of the output (what the device printed) always wins;
2. else the CLI prompt the version command's answer ended at (`Collection.prompt`), read by the
   platform (`RP/0/RSP0/CPU0:pe1#` -> `pe1`);
3. else, on the NAPALM path (no prompt kept), the `hostname` of NAPALM's `get_facts` evidence,
   so that `driver: napalm` and `driver: netmiko` name the same box alike.

Every source is device text: what is taken must look like a host name (`looks_like_hostname`).
All of it is stored, so a run judged again from the history names every device as it did live.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from auditor.collect.napalm_facts import get_facts_hostname
from auditor.models import Collection, Facts
from auditor.platforms import Platform


def with_hostname(facts: Facts, platform: Platform, collections: Sequence[Collection]) -> Facts:
    """`facts`, with the host name from the prompt or NAPALM when the parser found none."""
    if facts.hostname:
        return facts
    primary = next((c for c in collections if c.command == platform.version_command), None)
    name = platform.hostname_from_prompt(primary.prompt) if primary and primary.prompt else None
    name = name or get_facts_hostname(collections)
    return replace(facts, hostname=name) if name else facts
