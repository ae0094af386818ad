"""Nokia SR OS (`nokia_sros`): `show version`, `show system information`, `show chassis`.

Own parser (no ntc-templates template exists). Reads three renderings, because collectors and
saved captures produce all of them:

- classic or MD-CLI text: `TiMOS-B-22.10.R1 both/x86_64 Nokia 7750 SR Copyright ...` and
  `System Version : C-8.0.R3` / `System Type : 7750 SR-7` / `System Name : ...`;
- MD-CLI wrapped in a NETCONF `<md-cli-output-block>` reply;
- a NETCONF `<get>` of `/state/system` (`<version-number>`, `<platform>`, `<oper-name>`,
  `<serial-number>`), as napalm-sros fetches it.

XML is read with bounded regular expressions, never an XML parser: we only need four leaf
values, and a regex cannot be made to expand entities or recurse. Convention: the numeric
release without the image-type prefix (`TiMOS-B-19.10.R4` / `B-19.10.R4` -> `19.10.R4`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from auditor.models import Facts
from auditor.parse.common import Draft, guarded, read_inputs
from auditor.parse.text import first_match, key_values, pick, prompt_hostname
from auditor.platforms.base import Platform

COMMANDS = ("show version", "show system information", "show chassis")

#: netmiko's NokiaSrosSSH: classic CLI `//environment more false` + `environment no more`;
#: MD-CLI (prompt with `@`) `environment command-completion space false`, `environment console
#: width 512`, `environment more false`, `//environment no more`; `logout` at the end. All are
#: session settings.
SESSION = (
    "//environment more false",
    "environment no more",
    "environment command-completion space false",
    "environment console width 512",
    "environment more false",
    "//environment no more",
    "logout",
)

_RELEASE = r"(\d{1,2}\.\d{1,2}\.[A-Z]\d+(?:-\d+)?)"
_PREFIX = re.compile(r"^(?:TiMOS-)?[A-Z]-")
_TIMOS = re.compile(
    r"TiMOS-[A-Z]-" + _RELEASE + r"\s+\S+\s+(?:Nokia|ALCATEL-LUCENT|Alcatel-Lucent|ALCATEL)"
    r"\s+([^\n]{1,40}?)\s+Copyright",
)
_XML = {
    "version": re.compile(r"<version-number>\s*([^<\s]{1,64})\s*</version-number>"),
    "model": re.compile(r"<platform>\s*([^<\n]{1,64}?)\s*</platform>"),
    "hostname": re.compile(r"<oper-name>\s*([^<\s]{1,64})\s*</oper-name>"),
    "serial": re.compile(r"<serial-number>\s*([^<\s]{1,64})\s*</serial-number>"),
}
_MD_CLI_BLOCK = re.compile(r"<md-cli-output-block>(.{0,200000}?)</md-cli-output-block>", re.DOTALL)


def _release(text: str | None) -> str | None:
    if not text:
        return None
    match = re.search(_RELEASE, _PREFIX.sub("", text.strip()))
    return match.group(1) if match else None


def _from_xml(text: str, draft: Draft) -> str:
    """Fill from NETCONF state leaves; returns the text with MD-CLI blocks unwrapped."""
    if "<" not in text:
        return text
    found = {key: first_match(pattern, text) for key, pattern in _XML.items()}
    if found["version"]:
        draft.fill(
            version=_release(found["version"]),
            model=found["model"],
            hostname=found["hostname"],
            serial=found["serial"],
        )
    blocks = [html.unescape(m.group(1)) for m in _MD_CLI_BLOCK.finditer(text)]
    return "\n".join(blocks) if blocks else text


@guarded("sros")
def parse(outputs: Mapping[str, str]) -> Facts:
    inputs = read_inputs(outputs, COMMANDS)
    draft = Draft(vendor="Nokia", os="sros", warnings=inputs.warnings)
    text = _from_xml(inputs.main, draft)
    system = key_values(text + "\n" + inputs.get(COMMANDS[1]))
    chassis = key_values(inputs.get(COMMANDS[2]))
    timos = _TIMOS.search(text) or _TIMOS.search(inputs.get(COMMANDS[1]))
    draft.fill(
        version=timos.group(1) if timos else _release(pick(system, "system version")),
        model=pick(system, "system type") or (timos.group(2) if timos else None),
        hostname=pick(system, "system name") or prompt_hostname(text),
        serial=pick(chassis, "serial number"),
    )
    return draft.finish("'TiMOS-X-<release>' banner, 'System Version : X' or <version-number>")


PLATFORM = Platform(
    device_type="nokia_sros",
    vendor="Nokia",
    os="sros",
    scheme="nokia-sros",
    commands=COMMANDS,
    parse=parse,
    napalm_driver=None,
    session_commands=SESSION,
    cli_setup=("environment no more",),
    aliases=("alcatel_sros",),
    description="Nokia (Alcatel-Lucent) 7750/7450/7950/7250 SR OS, classic CLI and MD-CLI",
)
