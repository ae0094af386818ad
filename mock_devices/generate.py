"""Generate a realistic estate as a fleet file: a vendor mix, versions spread across trains.

Real estates are not uniform: most boxes sit on a handful of trains, a tail is years behind,
a few are brand new, and a few percent misbehave. The pools below mix current, outdated and
past-end-of-support releases per platform (public release names; lifecycle as of late 2026)
so an audit of a generated fleet produces every kind of finding. Every platform with a mock
profile has a pool. Release names come from real captures (the conformance corpus in
`../shared/corpus/version_outputs/`), the shipped catalogue's advisories, or the vendors' own
numbering; the controllers' (`huawei_bsc`, `ericsson_bsc`, `ericsson_ran`, `nokia_bsc`) follow the documented
formats their platform modules state as assumptions.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

import yaml

from mock_devices.profile import known_platforms

# platform -> (site role prefix, [(models, versions oldest..newest), ...]): a model only ever
# gets versions of a train it really runs.
Family = tuple[tuple[str, ...], tuple[str, ...]]
POOLS: dict[str, tuple[str, list[Family]]] = {
    "cisco_ios": ("acc", [
        (("WS-C2960X-48FPD-L", "WS-C2960X-24TS-L"), ("15.0(2)EX5", "15.2(4)E10", "15.2(7)E8", "15.2(7)E10", "15.2(7)E11")),
        (("WS-C3750G-24TS-1U", "WS-C3560G-48PS-S"), ("12.2(44)SE6", "12.2(55)SE10", "12.2(55)SE12")),
        (("CISCO2911/K9", "CISCO3945/K9"), ("15.4(3)M10", "15.7(3)M5", "15.7(3)M8", "15.9(3)M10")),
    ]),
    "cisco_xe": ("dist", [
        (("C9300-48P", "C9300-24T", "C9500-40X"), ("16.9.4", "16.12.5", "17.3.4a", "17.6.5", "17.9.3", "17.9.5", "17.12.4", "17.15.3")),
        (("C9200L-24P-4G",), ("16.12.4", "17.6.5", "17.9.4a", "17.12.4")),
        (("ISR4331/K9", "ISR4451-X/K9"), ("16.9.5", "17.3.4a", "17.6.5", "17.9.4a", "17.12.4")),
        (("C8300-1N1S-6T", "C8000V"), ("17.6.5", "17.9.5", "17.12.4", "17.15.3")),
    ]),
    "cisco_nxos": ("dc", [
        (("C93180YC-FX", "C93108TC-EX", "C9372PX"), ("7.0(3)I7(9)", "9.3(8)", "9.3(12)")),
        (("C93180YC-FX", "C9336C-FX2", "C93180YC-FX3"), ("10.2(6)", "10.3(5)", "10.4(4)", "10.4(5)")),
    ]),
    "juniper_junos": ("pe", [
        (("mx204", "mx240", "mx480"), ("18.4R3-S10", "20.4R3-S2", "21.4R3-S5", "22.4R3-S2", "23.4R2-S3", "24.2R1-S2")),
        (("ex4300-48p", "qfx5120-48y-8c"), ("20.4R3-S2", "21.4R3-S5", "22.4R3-S2", "23.4R2-S3")),
        (("srx345", "srx1500"), ("18.4R3-S10", "21.4R3-S5", "22.4R3-S2", "23.4R2-S3")),
    ]),
    "arista_eos": ("leaf", [
        (("DCS-7050SX3-48YC8", "DCS-7280SR-48C6", "CCS-720XP-48ZC2"), ("4.22.4M", "4.26.4M", "4.28.9M", "4.30.6M", "4.32.2F", "4.33.4M", "4.34.2F")),
    ]),
    "huawei": ("ne", [
        (("NE40E-X8A", "NE40E-X3A"), ("V800R011C00SPC200", "V800R012C10SPC300", "V800R021C10SPC600")),
        (("S5735-L48T4X-A1", "S6730-H48X6C"), ("V200R019C10SPC500", "V200R021C00SPC100", "V200R022C00SPC500")),
    ]),
    "cisco_xr": ("pe", [
        (("NCS-5501-SE", "NCS-55A1-24H", "ASR-9901"), ("6.6.3", "7.5.2", "7.9.2", "7.11.2")),
    ]),
    "cisco_asa": ("fw", [
        (("ASA5516", "ASA5525", "ASA5545"), ("9.8(4)20", "9.12(4)67", "9.14(1)10", "9.16(3)19")),
    ]),
    "nokia_sros": ("pe", [
        (("7750 SR-1", "7750 SR-1s", "7750 SR-7"), ("19.10.R4", "20.10.R1", "21.10.R1", "22.10.R4", "23.10.R1")),
    ]),
    "fortinet": ("fw", [
        (("FortiGate-60F", "FortiGate-100F", "FortiGate-600E"), ("6.4.15", "7.0.13", "7.0.15", "7.2.7", "7.4.3", "7.4.8")),
    ]),
    "paloalto_panos": ("fw", [
        (("PA-3220", "PA-850", "PA-5220"), ("10.2.4-h16", "10.2.9-h1", "11.0.4-h1", "11.1.2-h3")),
    ]),
    "mikrotik_routeros": ("edge", [
        (("CCR2004-1G-12S+2XS", "RB5009UPr+S+", "L009UiGS"), ("6.48.6", "6.48.7", "7.12.2", "7.15.2", "7.18.2")),
    ]),
    "ericsson_ipos": ("agg", [(("Router 6675", "Router 6471"), ("20.3.1.803.142",))]),
    "zte_zxros": ("metro", [(("ZXCTN 6120H-S", "ZXCTN 9000-8EA"), ("V5.10.00.50",))]),
    "hp_comware": ("acc", [(("JG937A",), ("3507P18",))]),
    "huawei_bsc": ("bsc", [(("BSC6910",), ("BSC6910V100R023C10SPC500",))]),
    "ericsson_ran": ("gnb", [(("RadioNode",), ("22.Q4", "23.Q2", "23.Q4", "24.Q2"))]),
    "nokia_bsc": ("bsc", [(("BSC3i", "mcBSC"), ("S16_2_1_0",))]),
    "ericsson_bsc": ("bsc", [(("Evo Controller 8200/BSC",), ("G15B", "G16B", "G17B"))]),
}  # fmt: skip
DEFAULT_MIX: dict[str, float] = {
    "cisco_xe": 30,
    "cisco_ios": 20,
    "juniper_junos": 15,
    "arista_eos": 12,
    "cisco_nxos": 10,
    "huawei": 8,
}
SITES = ("lon", "par", "fra", "ams", "mad", "nyc", "sin", "syd")
FAULTS = (
    ("wrong_password", 4),
    ("hang_after_accept", 2),
    ("hang_after_login", 1),
    ({"slow_output": 0.02}, 2),
    ("disconnect_mid_output", 1),
    ("ignore_paging_disable", 1),
)


def parse_mix(text: str) -> dict[str, float]:
    """``"cisco_xe=40,huawei=10"`` -> weights; platforms must have a profile."""
    mix: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, weight = part.partition("=")
        if name not in known_platforms():
            raise ValueError(f"--mix: unknown platform {name!r}")
        if name not in POOLS:
            raise ValueError(f"--mix: no version pool for {name!r}; pools: {', '.join(POOLS)}")
        try:
            mix[name] = float(weight or 1)
        except ValueError as exc:
            raise ValueError(f"--mix: weight of {name} must be a number") from exc
    if not mix:
        raise ValueError("--mix: empty")
    return mix


def _version(rng: random.Random, versions: tuple[str, ...]) -> str:
    """Skew toward the newer half of the pool, keeping a long tail of old releases."""
    weights = [1 + i for i in range(len(versions))]
    return rng.choices(versions, weights=weights)[0]


def generate_fleet(
    count: int, mix: Mapping[str, float], seed: int = 1, fault_rate: float = 0.03
) -> str:
    """A fleet YAML document with ``count`` devices (deterministic for a given seed)."""
    if count < 0:
        raise ValueError("--count must be >= 0")
    rng = random.Random(seed)
    platforms = list(mix)
    weights = [mix[p] for p in platforms]
    devices = []
    counters: dict[str, int] = {}
    for _ in range(count):
        platform = rng.choices(platforms, weights=weights)[0]
        role, families = POOLS[platform]
        models, versions = rng.choice(families)
        site = rng.choice(SITES)
        key = f"{site}-{role}"
        counters[key] = counters.get(key, 0) + 1
        name = f"{key}-{counters[key]:02d}"
        entry: dict[str, object] = {
            "name": name,
            "platform": platform,
            "version": _version(rng, versions),
            "model": rng.choice(models),
            "serial": f"FAKE{rng.randrange(16**7):07X}",
            "uptime": rng.randrange(3600, 3 * 365 * 86400),
        }
        if rng.random() < fault_rate:
            fault = rng.choices([f for f, _ in FAULTS], weights=[w for _, w in FAULTS])[0]
            entry["faults"] = [dict(fault) if isinstance(fault, dict) else fault]  # no &anchors
        devices.append(entry)
    doc = {"defaults": {"username": "audit", "password": "demo-password"}, "devices": devices}
    mix_text = ",".join(f"{p}={w:g}" for p, w in mix.items())
    header = (
        f"# generated by: python -m mock_devices generate --count {count} --mix {mix_text} "
        f"--seed {seed} --fault-rate {fault_rate:g}\n"
    )
    return header + yaml.safe_dump(doc, sort_keys=False, width=120)
