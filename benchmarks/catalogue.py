"""Load a 10,000-advisory catalogue and evaluate 10,000 devices against it. Prints, never asserts.

Run: `python benchmarks/catalogue.py [--advisories N] [--devices N]`. Target (issue 5): load +
evaluate under 5 s on the project machine. Everything is generated in a temporary folder:
advisories spread over 8 OSes and their version schemes (`vers:` ranges across branches, OSV
events, per-branch fix lists), lifecycle trains, baselines, and one facts file for the fleet.
Device versions are drawn from every version the generator knows (thousands of distinct
versions: a harsher spread than a real fleet's few hundred), so the per-version memo is not
what makes the figure.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from os import environ
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import yaml  # noqa: E402

from auditor.catalogue import load_catalogue  # noqa: E402
from auditor.catalogue.scoring import score_vector  # noqa: E402
from auditor.evaluate import evaluate  # noqa: E402
from auditor.models import Device, Facts, Status  # noqa: E402
from auditor.versions import SCHEME_FOR_OS, get_scheme  # noqa: E402

AS_OF = date(2026, 6, 1)
VENDOR_OF = {"ios-xe": "cisco", "ios": "cisco", "nx-os": "cisco", "junos": "juniper",
             "eos": "arista", "pan-os": "paloaltonetworks", "fortios": "fortinet",
             "routeros": "mikrotik"}  # fmt: skip
POOLS: dict[str, Callable[[], list[str]]] = {
    "ios-xe": lambda: [f"{a}.{b}.{c}{x}" for a in (16, 17) for b in range(1, 19)
                       for c in range(1, 10) for x in ("", "a")],
    "ios": lambda: [f"15.{m}({n})M{r}" for m in range(1, 10) for n in range(1, 8)
                    for r in range(1, 13)],
    "nx-os": lambda: [f"{a}.{b}({n})" for a in (9, 10) for b in range(1, 7) for n in range(1, 17)],
    "junos": lambda: [f"{a}.{b}R{r}-S{s}" for a in range(19, 25) for b in (1, 2, 3, 4)
                      for r in (1, 2, 3) for s in range(1, 9)],
    "eos": lambda: [f"4.{m}.{p}M" for m in range(24, 36) for p in range(0, 12)],
    "pan-os": lambda: [f"{a}.{b}.{c}-h{h}" for a in (9, 10, 11) for b in (0, 1, 2)
                       for c in range(0, 12) for h in range(1, 5)],
    "fortios": lambda: [f"{a}.{b}.{c}" for a in (6, 7) for b in (0, 2, 4, 6) for c in range(0, 16)],
    "routeros": lambda: [f"7.{b}.{c}" for b in range(1, 21) for c in range(1, 8)],
}  # fmt: skip
VECTORS = [
    f"CVSS:3.1/AV:{av}/AC:L/PR:{pr}/UI:N/S:{s}/C:{c}/I:{c}/A:H"
    for av in ("N", "A") for pr in ("N", "L", "H") for s in ("U", "C") for c in ("H", "L")
]  # fmt: skip


def pools() -> dict[str, dict[str, list[str]]]:
    """OS → branch → versions, ascending (only versions the OS's scheme reads)."""
    out: dict[str, dict[str, list[str]]] = {}
    for os, make in POOLS.items():
        scheme = get_scheme(SCHEME_FOR_OS[os])
        parsed = sorted((scheme.parse(t) for t in make()), key=lambda v: (v.branch, v.key))
        branches: dict[str, list[str]] = {}
        for v in parsed:
            branches.setdefault(v.branch, []).append(v.raw)
        out[os] = branches
    return out


def advisory(i: int, os: str, branches: dict[str, list[str]], rng: random.Random) -> dict:
    scheme = SCHEME_FOR_OS[os]
    picked = rng.sample(sorted(branches), k=min(len(branches), rng.choice((1, 1, 2, 3))))
    ranges, events, fixed = [], [], []
    for branch in picked:
        versions = branches[branch]
        lo = rng.randrange(0, len(versions) - 1)
        hi = rng.randrange(lo + 1, len(versions))
        fixed.append(versions[hi])
        ranges.append(f">={versions[lo]}|<{versions[hi]}")
        events += [{"introduced": versions[lo]}, {"fixed": versions[hi]}]
    vector = rng.choice(VECTORS)
    entry: dict = {
        "id": f"BENCH-{os.upper()}-{i:05d}",
        "title": f"Generated flaw {i}",
        "vendor": VENDOR_OF[os],
        "published": (AS_OF - timedelta(days=rng.randrange(2000))).isoformat(),
        "cves": [f"CVE-2099-{10000 + i}"],
        "cvss": {"vector": vector, "score": score_vector(vector).base},
        "source": f"https://example.invalid/bench/{i}",
        "retrieved": AS_OF.isoformat(),
    }
    kind = rng.random()
    if kind < 0.6:  # vers: range(s) plus per-branch fixes
        affected = {"os": os, "ranges": [f"vers:{scheme}/" + "|".join(ranges)], "fixed": fixed}
    elif kind < 0.8:  # OSV events
        affected = {"os": os, "events": events}
    else:  # a per-branch fix list alone ("fixed in X, Y")
        affected = {"os": os, "fixed": fixed}
    entry["affected"] = [affected]
    return entry


def generate(root: Path, n_advisories: int, n_devices: int) -> Path:
    rng = random.Random(5)
    versions = pools()
    oses = sorted(versions)
    (root / "catalogue.yaml").write_text("catalogue: {name: benchmark, version: '1'}\n")
    vendors = sorted(set(VENDOR_OF.values()))
    (root / "vendors.yaml").write_text(
        yaml.dump({"vendors": [{"id": v, "name": v.title()} for v in vendors]})
    )
    software = []
    for os in oses:
        for branch, in_branch in versions[os].items():
            released = AS_OF - timedelta(days=rng.randrange(300, 3000))
            software.append(
                {
                    "vendor": VENDOR_OF[os],
                    "os": os,
                    "train": branch,
                    "release_date": released.isoformat(),
                    "end_of_sw_maintenance": (released + timedelta(days=900)).isoformat(),
                    "end_of_security_support": (released + timedelta(days=1500)).isoformat(),
                    "latest": in_branch[-1],
                    "source": "https://example.invalid/lifecycle",
                    "retrieved": AS_OF.isoformat(),
                }  # fmt: skip
            )
    dump(root / "software.yaml", {"software": software})
    baselines = [
        {"os": os, "minimum": versions[os][sorted(versions[os])[-2]][0], "source": "bench policy"}
        for os in oses
    ]
    dump(root / "baselines.yaml", {"baselines": baselines})
    per_vendor: dict[str, list[dict]] = {}
    for i in range(n_advisories):
        os = oses[i % len(oses)]
        per_vendor.setdefault(VENDOR_OF[os], []).append(advisory(i, os, versions[os], rng))
    (root / "advisories").mkdir()
    for vendor, entries in per_vendor.items():
        dump(root / "advisories" / f"bench-{vendor}.yaml", {"advisories": entries})
    every = [(os, v) for os in oses for b in versions[os].values() for v in b]
    fleet = []
    for i in range(n_devices):
        os, version = rng.choice(every)
        fleet.append({"name": f"dev{i:05d}", "vendor": VENDOR_OF[os], "os": os,
                      "version": version})  # fmt: skip
    facts = root.parent / "facts.json"
    facts.write_text(json.dumps(fleet))
    return facts


def dump(path: Path, data: dict) -> None:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.write_text(yaml.dump(data, Dumper=dumper, sort_keys=False, default_flow_style=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--advisories", type=int, default=10_000)
    parser.add_argument("--devices", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="auditor-bench-") as tmp:
        root = Path(tmp) / "catalogue"
        root.mkdir()
        start = time.perf_counter()
        facts_file = generate(root, args.advisories, args.devices)
        size = sum(p.stat().st_size for p in root.rglob("*.yaml"))
        lines = sum(p.read_text().count("\n") for p in root.rglob("*.yaml"))
        print(f"python {sys.version.split()[0]}; generated in {time.perf_counter() - start:.1f} s: "
              f"{size / 1e6:.1f} MB of YAML, {lines:,} lines")  # fmt: skip

        # A private parse cache (auditor.catalogue.yamlcache): the first load parses the YAML
        # and fills it, the second is what every later audit of an unchanged catalogue pays.
        environ["AUDITOR_CACHE_DIR"] = str(Path(tmp) / "cache")
        start = time.perf_counter()
        load_catalogue(root)
        cold_s = time.perf_counter() - start
        start = time.perf_counter()
        catalogue = load_catalogue(root)
        load_s = time.perf_counter() - start
        print(f"load + validate: {cold_s:.2f} s parsing the YAML, {load_s:.2f} s with the parse "
              f"cache ({len(catalogue.advisories):,} advisories, {len(catalogue.software):,} "
              f"trains, sha256 {catalogue.sha256[:12]})")  # fmt: skip

        fleet = json.loads(facts_file.read_text())
        devices = [
            (Device(name=d["name"], host="127.0.0.1", platform="bench"),
             Facts(vendor=d["vendor"], os=d["os"], version=d["version"]))
            for d in fleet
        ]  # fmt: skip
        distinct = len({(f.os, f.version) for _, f in devices})
        start = time.perf_counter()
        verdicts = [evaluate(d, f, catalogue, AS_OF) for d, f in devices]
        eval_s = time.perf_counter() - start
        findings = sum(len(v.findings) for v in verdicts)
        statuses = {s.value: sum(v.status is s for v in verdicts) for s in Status}
        print(f"evaluate: {eval_s:.2f} s  ({len(devices):,} devices, {distinct:,} distinct "
              f"versions, {findings:,} findings, {len(devices) / eval_s:,.0f} devices/s)")  # fmt: skip
        print("  statuses: " + ", ".join(f"{k} {n}" for k, n in statuses.items() if n))
        start = time.perf_counter()
        for d, f in devices:
            evaluate(d, f, catalogue, AS_OF)
        print(f"evaluate again (memos warm): {time.perf_counter() - start:.2f} s")
        print(f"TOTAL load + evaluate: {load_s + eval_s:.2f} s with the parse cache, "
              f"{cold_s + eval_s:.2f} s without (target < 5 s)")  # fmt: skip


if __name__ == "__main__":
    main()
