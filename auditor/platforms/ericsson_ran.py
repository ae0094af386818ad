"""Ericsson RAN nodes (`ericsson_ran`: Baseband RadioNode, also other COM/ECIM-based nodes).

Assumption, stated because no real capture is public: the node is read over its COM CLI (the
SSH command line of ECIM-modelled nodes), where `show <MO>` prints `attribute=value` lines
(strings quoted) under the MO name. Publicly documented ECIM attributes used:

- `ManagedElement=1`: `release` (the RAN software release, `23.Q4` - the form the
  `ericsson-ran` scheme orders), `managedElementType` (`RadioNode`, ...: the model), and
  `networkManagedElementId` (the node name);
- `ManagedElement=1,SystemFunctions=1,SwInventory=1`: `active` lists the running `SwVersion`
  (an upgrade-package identity such as `CXP9024418/15-R69C29`), kept as a module.

When no `YY.Qn` release is printed the version falls back to the active package identity,
with a warning: it identifies the software but the `ericsson-ran` scheme cannot order it, so
the evaluation says "undetermined" rather than guessing. AMOS/moshell and Ericsson BSC (APG,
AXE MML) outputs are not read by this module.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from auditor.models import Facts, Module
from auditor.parse.common import Draft, guarded, read_inputs
from auditor.parse.text import first_match
from auditor.platforms.base import Platform

COMMANDS = ("show ManagedElement=1", "show ManagedElement=1,SystemFunctions=1,SwInventory=1")


def _attr(name: str) -> re.Pattern[str]:
    return re.compile(rf'^\s*{name}\s*[=:]\s*"?([^"\n]{{1,120}}?)"?\s*$', re.MULTILINE)


_RELEASE = _attr("release")
_RELEASE_FORM = re.compile(r"^\d{2}\.Q[1-4]\b")
_TYPE = _attr("managedElementType")
_NAME = [_attr("networkManagedElementId"), _attr("userLabel")]
_SW_VERSION = re.compile(r"SwVersion=([A-Z]{3}\s?\d{3}\s?\d{3,4}(?:/\d+)?[-_ ]R\w+)")
_PRODUCT = re.compile(
    r'productNumber\s*[=:]\s*"?([A-Z]{3}\s?\d{3}\s?\d{3,4}(?:/\d+)?)"?\s*\n'
    r'(?:[^\n]*\n){0,3}?\s*productRevision\s*[=:]\s*"?(R\w+)"?',
)


@guarded("ericsson-ran")
def parse(outputs: Mapping[str, str]) -> Facts:
    inputs = read_inputs(outputs, COMMANDS)
    text = inputs.main
    inventory = inputs.get(COMMANDS[1])
    draft = Draft(vendor="Ericsson", os="ericsson-ran", warnings=inputs.warnings)
    release = first_match(_RELEASE, text)
    if release and not _RELEASE_FORM.match(release):
        draft.warnings.append(f"release {release!r} is not of the YY.Qn form")
    package = first_match(_SW_VERSION, inventory) or first_match(_SW_VERSION, text)
    if package is None and (product := _PRODUCT.search(inventory or text)):
        package = f"{product.group(1)}-{product.group(2)}"
    if release is None and package:
        draft.warnings.append("no 'release' attribute; version is the active upgrade package")
    draft.fill(
        version=release or package,
        model=first_match(_TYPE, text),
        hostname=first_match(_NAME, text),
    )
    if package:
        draft.modules.append(Module(name="active upgrade package", version=package))
    return draft.finish("ManagedElement 'release=\"YY.Qn\"' or an active SwVersion identity")


PLATFORM = Platform(
    device_type="ericsson_ran",
    vendor="Ericsson",
    os="ericsson-ran",
    scheme="ericsson-ran",
    commands=COMMANDS,
    parse=parse,
    napalm_driver=None,
    netmiko_device_type="generic",
    description="Ericsson Baseband RadioNode (COM CLI; built from public MOM docs)",
)
