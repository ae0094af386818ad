"""Serial numbers from the inventory commands of CLIs whose version command prints none.

Two layouts, both stable for many releases:

* Cisco `show inventory` (IOS, IOS-XE, IOS XR): entries of two lines,
  `NAME: "<name>", DESCR: "<text>"` then `PID: <pid> , VID: <vid>, SN: <serial>`. The chassis
  is the entry named `Rack 0` (64-bit XR), `chassis ...` (32-bit XR) or `Chassis`, or whose
  description says `Chassis`; failing that, the first entry (a fixed-configuration box lists
  itself first). Power supplies, fans and optics have serials of their own and are never used.
* Comware `display device manuinfo`: blocks headed `Chassis self:` / `Slot 1 CPU 0:` with
  `DEVICE_SERIAL_NUMBER : <serial>` lines; the chassis (else the first slot) is the device.

>>> cisco_chassis_serial('NAME: "0/PM0", DESCR: "AC Power"\\nPID: PWR , VID: V01, SN: POG1\\n'
...                      'NAME: "Rack 0", DESCR: "NCS 5501"\\nPID: NCS-5501 , VID: V01, SN: FOC2')
'FOC2'
>>> comware_serial("Slot 1 CPU 0:\\nDEVICE_NAME : 5130 JG937A\\nDEVICE_SERIAL_NUMBER : CN71G9\\n")
'CN71G9'
"""

from __future__ import annotations

import re

from auditor.parse.common import value

_CISCO_ENTRY = re.compile(
    r'^\s*NAME:\s*"(?P<name>[^"\n]{0,120})"\s*,\s*DESCR:\s*"(?P<descr>[^"\n]{0,200})"[^\n]*\n'
    r"\s*PID:[^\n]*?\bSN:\s*(?P<sn>\S*)",
    re.MULTILINE,
)
_CHASSIS_NAME = re.compile(r"^(?:Rack \d+|chassis\b.*|Chassis)$", re.IGNORECASE)
_COMWARE_BLOCK = re.compile(
    r"^\s*(Chassis self|Slot \d+(?: CPU \d+)?|(?:Power|Fan) \d+):\s*$", re.MULTILINE
)
_COMWARE_SERIAL = re.compile(r"^\s*DEVICE_SERIAL_NUMBER\s*:\s*(\S+)", re.MULTILINE)


def cisco_chassis_serial(text: str) -> str | None:
    """The chassis serial in a Cisco `show inventory`, or None."""
    entries = [m.groupdict() for m in _CISCO_ENTRY.finditer(text[:500_000])]
    chassis = [e for e in entries if _CHASSIS_NAME.match(e["name"].strip())]
    chassis += [e for e in entries if "chassis" in e["descr"].lower()]
    for entry in (*chassis, *entries[:1]):
        serial = value(entry["sn"].strip(", "))
        if serial:
            return serial
    return None


def comware_serials(text: str) -> dict[str, str]:
    """{`chassis` or `slot N`: serial} from a Comware `display device manuinfo` (power supplies
    and fans, which have serials of their own, left out)."""
    heads = list(_COMWARE_BLOCK.finditer(text[:500_000]))[:512]
    found: dict[str, str] = {}
    for i, head in enumerate(heads):
        name = head.group(1)
        if name.startswith(("Power", "Fan")):
            continue
        block = text[head.end() : heads[i + 1].start() if i + 1 < len(heads) else None]
        match = _COMWARE_SERIAL.search(block)
        serial = value(match.group(1)) if match else None
        key = "chassis" if name == "Chassis self" else name.split(" CPU")[0].lower()
        if serial and key not in found:
            found[key] = serial
    return found


def comware_serial(text: str) -> str | None:
    """The device serial in a Comware `display device manuinfo` (chassis, else first slot)."""
    serials = comware_serials(text)
    return serials.get("chassis") or next(iter(serials.values()), None)
