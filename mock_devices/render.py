"""Template rendering for device outputs: one Jinja environment plus vendor helpers.

Profiles keep their output templates as data; what cannot be data (how IOS spells an uptime,
which IOS-XE train a release belongs to, which image a Catalyst model runs) lives here as small
pure functions exposed to templates as filters, so a fleet file only has to say *model* and
*version* and every rendering stays consistent with what the real box would print.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import jinja2

_ENV = jinja2.Environment(
    autoescape=False,
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _split(seconds: int) -> tuple[int, int, int, int, int]:
    """Split seconds into (years, weeks, days, hours, minutes) the way Cisco counts them."""
    minutes, _ = divmod(max(int(seconds), 0), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    years, days = divmod(days, 365)
    weeks, days = divmod(days, 7)
    return years, weeks, days, hours, minutes


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def ios_uptime(seconds: int) -> str:
    """IOS/IOS-XE style, e.g. ``1 year, 22 weeks, 6 days, 9 hours, 38 minutes``.

    >>> ios_uptime(90061)
    '1 day, 1 hour, 1 minute'
    """
    years, weeks, days, hours, minutes = _split(seconds)
    parts = [
        _plural(n, unit)
        for n, unit in ((years, "year"), (weeks, "week"), (days, "day"), (hours, "hour"))
        if n
    ]
    parts.append(_plural(minutes, "minute"))
    return ", ".join(parts)


def eos_uptime(seconds: int) -> str:
    """Arista style: ``3 weeks, 0 days, 20 hours and 45 minutes``.

    >>> eos_uptime(3 * 3600 + 60)
    '3 hours and 1 minutes'
    """
    _, weeks, days, hours, minutes = _split(seconds)
    weeks += (int(seconds) // 86400 // 365) * 52
    head = []
    if weeks:
        head += [f"{weeks} weeks", f"{days} days"]
    elif days:
        head.append(f"{days} days")
    head.append(f"{hours} hours")
    return ", ".join(head) + f" and {minutes} minutes"


def nxos_uptime(seconds: int) -> str:
    """NX-OS kernel uptime: ``60 day(s), 17 hour(s), 26 minute(s), 51 second(s)``."""
    s = max(int(seconds), 0)
    return f"{s // 86400} day(s), {s % 86400 // 3600} hour(s), {s % 3600 // 60} minute(s), {s % 60} second(s)"


def xr_uptime(seconds: int) -> str:
    """IOS XR: ``2 weeks 3 days 23 hours 3 minutes`` (no commas).

    >>> xr_uptime(83000)
    '23 hours 3 minutes'
    """
    return ios_uptime(seconds).replace(",", "")


def vrp_uptime(seconds: int) -> str:
    """Huawei VRP: ``161 days, 0 hour, 20 minutes`` (singular 'hour' for 0 and 1, as VRP does)."""
    s = max(int(seconds), 0)
    days, hours, minutes = s // 86400, s % 86400 // 3600, s % 3600 // 60
    return f"{days} days, {hours} {'hour' if hours < 2 else 'hours'}, {minutes} minutes"


def xe_padded(version: str) -> str:
    """IOS-XE 16/17 zero-padded form printed on the first line: ``17.3.4a`` -> ``17.03.04a``.

    >>> xe_padded("17.3.4a")
    '17.03.04a'
    >>> xe_padded("16.12.10")
    '16.12.10'
    """
    m = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)(\w*)", version)
    if not m:
        return version
    return f"{int(m[1])}.{int(m[2]):02d}.{int(m[3]):02d}{m[4]}"


_XE_TRAINS = [
    ((16, 3), "Denali"),
    ((16, 4), "Everest"),
    ((16, 7), "Fuji"),
    ((16, 10), "Gibraltar"),
    ((17, 1), "Amsterdam"),
    ((17, 4), "Bengaluru"),
    ((17, 7), "Cupertino"),
    ((17, 10), "Dublin"),
    ((17, 13), "IOSXE"),
]


def xe_train(version: str) -> str:
    """Release-train code name shown in brackets on the IOS line.

    >>> xe_train("17.9.3")
    'Cupertino'
    >>> xe_train("17.12.4")
    'Dublin'
    """
    m = re.match(r"(\d+)\.(\d+)", version)
    if not m:
        return "IOSXE"
    key = (int(m[1]), int(m[2]))
    name = "Denali"
    for start, train in _XE_TRAINS:
        if key >= start:
            name = train
    return name


# model prefix -> (family, image, cpu, memory)
_IOS_FAMILIES = [
    ("WS-C3750X", ("C3750E", "C3750E-UNIVERSALK9-M", "PowerPC405", "262144K")),
    ("WS-C3560X", ("C3560E", "C3560E-UNIVERSALK9-M", "PowerPC405", "262144K")),
    ("WS-C3750", ("C3750", "C3750-IPSERVICESK9-M", "PowerPC405", "131072K")),
    ("WS-C3560", ("C3560", "C3560-IPSERVICESK9-M", "PowerPC405", "131072K")),
    ("WS-C2960X", ("C2960X", "C2960X-UNIVERSALK9-M", "APM86XXX", "524288K")),
    ("WS-C2960", ("C2960", "C2960-LANBASEK9-M", "PowerPC405", "65536K")),
    ("CISCO29", ("C2900", "C2900-UNIVERSALK9-M", "", "487424K/36864K")),
    ("CISCO39", ("C3900", "C3900-UNIVERSALK9-M", "", "980992K/67584K")),
]


def ios_family(model: str) -> dict[str, Any]:
    """Software family, image, CPU and memory an IOS box of this model reports."""
    up = model.upper()
    found = next((info for prefix, info in _IOS_FAMILIES if up.startswith(prefix)), None)
    if found is not None:
        family, image, cpu, memory = found
    else:
        family = re.sub(r"^WS-", "", up).split("-")[0]
        image, cpu, memory = f"{family}-UNIVERSALK9-M", "PowerPC", "262144K"
    return {
        "family": family,
        "image": image,
        "cpu": cpu,
        "memory": memory,
        "router": model.upper().startswith("CISCO"),
    }


def xe_platform(model: str) -> dict[str, Any]:
    """What an IOS-XE model prints on the IOS line and hardware line."""
    up = model.upper()
    if up.startswith("C9200"):
        return {
            "software": "Catalyst L3 Switch Software (CAT9K_LITE_IOSXE)",
            "image": "CAT9K_LITE_IOSXE",
            "cpu": "ARM64",
            "switch": True,
        }
    if up.startswith(("C9300", "C9400", "C9500", "C9600", "C9410", "C9407")):
        return {
            "software": "Catalyst L3 Switch Software (CAT9K_IOSXE)",
            "image": "CAT9K_IOSXE",
            "cpu": "X86",
            "switch": True,
        }
    if up.startswith("ISR"):
        sw = "ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M)"
        return {"software": sw, "image": "", "cpu": "1RU", "switch": False}
    if up.startswith("ASR1"):
        sw = "ASR1000 Software (X86_64_LINUX_IOSD-UNIVERSALK9-M)"
        return {"software": sw, "image": "", "cpu": "2RU", "switch": False}
    if up.startswith("C8") and "V" not in up:
        sw = "c8000be Software (X86_64_LINUX_IOSD-UNIVERSALK9-M)"
        return {"software": sw, "image": "", "cpu": "1RU", "switch": False}
    sw = "Virtual XE Software (X86_64_LINUX_IOSD-UNIVERSALK9-M)"
    return {"software": sw, "image": "", "cpu": "VXE", "switch": False}


def vrp_platform(version: str) -> str:
    """The VRP platform version a product version runs on (``V800R011C00SPC200`` -> ``8.180``).

    Real boxes print both; the mapping is approximate beyond the well-known pairs, which is
    fine for a mock: parsers must take the product version from the parentheses anyway.

    >>> vrp_platform("V200R019C10SPC500")
    '5.170'
    """
    m = re.match(r"V(\d)\d\dR(\d{3})", version)
    if not m:
        return "5.170"
    major, release = int(m[1]), int(m[2])
    if major == 8:
        return "8.180" if release <= 11 else "8.210" if release <= 21 else "8.230"
    if major in (2, 3):
        return "5.160" if release <= 5 else "5.170"
    return "5.130"


def ios_file_version(version: str) -> str:
    """Version as spelled in IOS image file names: ``15.2(4)E10`` -> ``152-4.E10``.

    >>> ios_file_version("12.2(55)SE12")
    '122-55.SE12'
    """
    m = re.fullmatch(r"(\d+)\.(\d+)\((\d+)\)(\w*)", version)
    if not m:
        return version
    return f"{m[1]}{m[2]}-{m[3]}.{m[4]}" if m[4] else f"{m[1]}{m[2]}-{m[3]}"


def nxos_image(version: str) -> str:
    """NX-OS image file name: ``10.4(5)`` -> ``nxos64-cs.10.4.5.M.bin``.

    >>> nxos_image("7.0(3)I7(9)")
    'nxos.7.0.3.I7.9.bin'
    """
    dotted = re.sub(r"[()]+", ".", version).strip(".")
    lead = re.match(r"\d+", version)
    major = int(lead[0]) if lead else 0
    return f"nxos64-cs.{dotted}.M.bin" if major >= 10 else f"nxos.{dotted}.bin"


def mml_time(seconds: float) -> str:
    """Timestamp in MML response headers: ``2026-11-28 10:04:55``."""
    import time

    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(seconds))


_ENV.filters.update(
    ios_uptime=ios_uptime,
    eos_uptime=eos_uptime,
    nxos_uptime=nxos_uptime,
    vrp_uptime=vrp_uptime,
    xr_uptime=xr_uptime,
    xe_padded=xe_padded,
    xe_train=xe_train,
    ios_family=ios_family,
    xe_platform=xe_platform,
    vrp_platform=vrp_platform,
    mml_time=mml_time,
    ios_file_version=ios_file_version,
    nxos_image=nxos_image,
)


@lru_cache(maxsize=1024)
def compile_template(source: str) -> jinja2.Template:
    """Compile once per distinct source: profiles are shared by many devices."""
    return _ENV.from_string(source)


def render(source: str, variables: dict[str, Any]) -> str:
    """Render a template string; raises ``jinja2.TemplateError`` on unknown variables."""
    if "{" not in source:
        return source
    return compile_template(source).render(variables)
