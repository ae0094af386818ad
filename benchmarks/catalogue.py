"""Load a 10,000-advisory catalogue and evaluate 10,000 devices against it. Prints, never asserts.

Run: `python benchmarks/catalogue.py [--advisories N] [--devices N]`. Target (issue 5): load +
evaluate under 5 s on the project machine. Everything is generated in a temporary folder, written
the way people write catalogues (unquoted dates, titles, workarounds, ~17 lines an advisory):
advisories spread over 8 OSes and their version schemes (`vers:` ranges across branches, OSV
events, per-branch fix lists; some narrowed to models), lifecycle trains, baselines, and one
facts file for the fleet (models included, some unknown). Device versions are drawn from every
version the generator knows (thousands of distinct versions: a harsher spread than a real
fleet's few hundred), so the per-version memo is not what makes the figure.

Two rounds in one process: the first is cold (nothing parsed or memoised yet), the second
loads the catalogue again into a new Catalogue (memos empty again; only the OS file cache and
Python's allocator are warm). Evaluation runs in bulk with the cycle collector held off
(`auditor.yamlsrc.gc_paused`), as re-evaluating a stored run should; every figure includes the
full collection that pause puts off. Then the same with each device's `show version`
collection passed in, as an audit evaluates (the verdict records the output it judged once per
device; findings cite only their catalogue entry, so devices on one version share the same
Finding objects, whose count is printed), and one device at a time with the collector running
(the live Auditor, whose evaluations are spread between SSH answers).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from functools import partial
from hashlib import sha256
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import yaml  # noqa: E402

from auditor.catalogue import Catalogue, load_catalogue  # noqa: E402
from auditor.catalogue.scoring import score_vector  # noqa: E402
from auditor.evaluate import evaluate  # noqa: E402
from auditor.models import Collection, Device, Facts, Status  # noqa: E402
from auditor.versions import SCHEME_FOR_OS, get_scheme  # noqa: E402
from auditor.yamlsrc import gc_paused  # noqa: E402

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
MODELS = {"ios-xe": ["C9300-48P", "C9200L-24T", "ASR1001-X", "ISR4331"],
          "ios": ["C2960X-48TS", "ISR4321", "C3850-24T"], "nx-os": ["N9K-C93180YC-FX3", "N9K-C9336C-FX2"],
          "junos": ["MX204", "MX304", "EX4300-48T", "SRX345", "QFX5120-48Y"],
          "eos": ["DCS-7050SX3-48YC8", "DCS-7280SR-48C6"], "pan-os": ["PA-3220", "PA-5250"],
          "fortios": ["FG-100F", "FG-600E"], "routeros": ["CCR2004-16G-2S+", "RB5009UG+S+"]}  # fmt: skip
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
        "title": f"{os} web UI: crafted request {i} lets an unauthenticated attacker run commands",
        "vendor": VENDOR_OF[os],
        "published": AS_OF - timedelta(days=rng.randrange(2000)),
        "cves": [f"CVE-2099-{10000 + i}"],
        "cvss": {"vector": vector, "score": score_vector(vector).base},
        "known_exploited": rng.random() < 0.05,
        "source": f"https://example.invalid/bench/{i}",
        "retrieved": AS_OF,
    }
    if rng.random() < 0.5:
        entry["workarounds"] = "Disable the web UI, or allow it only from a management network."
    kind = rng.random()
    if kind < 0.6:  # vers: range(s) plus per-branch fixes
        affected: dict[str, object] = {
            "os": os,
            "ranges": [f"vers:{scheme}/" + "|".join(ranges)],
            "fixed": fixed,
        }
    elif kind < 0.8:  # OSV events
        affected = {"os": os, "events": events}
    else:  # a per-branch fix list alone ("fixed in X, Y")
        affected = {"os": os, "fixed": fixed}
    if rng.random() < 0.1:  # "SRX Series and EX Series only"
        models = sorted({m.split("-")[0][:3] + "*" for m in rng.sample(MODELS[os], k=2)})
        affected = {"os": os, "models": models, **{k: v for k, v in affected.items() if k != "os"}}
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
                    "release_date": released,
                    "end_of_sw_maintenance": released + timedelta(days=900),
                    "end_of_security_support": released + timedelta(days=1500),
                    "latest": in_branch[-1],
                    "source": "https://example.invalid/lifecycle",
                    "retrieved": AS_OF,
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
        model = rng.choice([*MODELS[os], None])  # some devices do not say what they are
        fleet.append({"name": f"dev{i:05d}", "vendor": VENDOR_OF[os], "os": os,
                      "version": version, "model": model})  # fmt: skip
    facts = root.parent / "facts.json"
    facts.write_text(json.dumps(fleet))
    return facts


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes what a person would: no `&id001` anchors for values that happen to repeat."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def dump(path: Path, data: dict) -> None:
    path.write_text(yaml.dump(data, Dumper=_Dumper, sort_keys=False, default_flow_style=False))


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

        fleet = json.loads(facts_file.read_text())
        collected = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)
        devices = [
            (Device(name=d["name"], host="127.0.0.1", platform="bench"),
             Facts(vendor=d["vendor"], os=d["os"], version=d["version"], model=d["model"]),
             Collection("show version", "", collected, sha256(d["name"].encode()).hexdigest()))
            for d in fleet
        ]  # fmt: skip
        distinct = len({(f.os, f.version) for _, f, _ in devices})
        totals = []
        kept: list[tuple[Catalogue, list]] = []
        for label in ("cold", "warm"):
            kept.clear()  # the last round's catalogue and results are gone before this one
            gc.collect()
            load_s, fresh = timed(lambda: load_catalogue(root))
            eval_s, results = timed(partial(evaluate_in_bulk, fresh, devices, collected=False))
            kept.append((fresh, results))
            del fresh, results
            totals.append(load_s + eval_s)
            print(f"{label}: load + validate {load_s:.2f} s, evaluate {eval_s:.2f} s "
                  f"({len(devices) / eval_s:,.0f} devices/s), total {load_s + eval_s:.2f} s")  # fmt: skip
        ((catalogue, verdicts),) = kept
        findings = sum(len(v.findings) for v in verdicts)
        statuses = {s.value: sum(v.status is s for v in verdicts) for s in Status}
        print(f"  {len(catalogue.advisories):,} advisories, {len(catalogue.software):,} trains, "
              f"sha256 {catalogue.sha256[:12]}; {len(devices):,} devices, {distinct:,} distinct "
              f"versions, {findings:,} findings")  # fmt: skip
        print("  statuses: " + ", ".join(f"{k} {n}" for k, n in statuses.items() if n))
        again_s, _ = timed(lambda: evaluate_in_bulk(catalogue, devices, collected=False))
        print(f"evaluate again (memos warm): {again_s:.2f} s")
        del verdicts, catalogue, kept
        gc.collect()

        load_s, catalogue = timed(lambda: load_catalogue(root))
        cited_s, cited = timed(lambda: evaluate_in_bulk(catalogue, devices, collected=True))
        objects = len({id(f) for v in cited for f in v.findings})
        print(f"with each device's show version collection, as an audit evaluates (judged output "
              f"once per device; {findings:,} findings are {objects:,} shared objects): evaluate "
              f"{cited_s:.2f} s, load + evaluate {load_s + cited_s:.2f} s")  # fmt: skip
        del catalogue, cited
        gc.collect()
        catalogue = load_catalogue(root)
        live_s, _ = timed(lambda: [evaluate(d, f, catalogue, AS_OF, collection=c)
                                   for d, f, c in devices])  # fmt: skip
        print(f"the same one device at a time, collector running (the live Auditor, between "
              f"SSH answers): {live_s:.2f} s")  # fmt: skip
        print(
            f"TOTAL load + evaluate: cold {totals[0]:.2f} s, warm {totals[1]:.2f} s "
            "(target < 5 s; each includes the collection the pauses put off)"
        )


T = TypeVar("T")


def timed(work: Callable[[], T]) -> tuple[float, T]:
    """Seconds for `work()`, including a full collection afterwards: `gc_paused` defers the
    collector's walk over everything built, it does not make it free."""
    start = time.perf_counter()
    result = work()
    gc.collect()
    return time.perf_counter() - start, result


def evaluate_in_bulk(
    catalogue: Catalogue, devices: list[tuple[Device, Facts, Collection]], collected: bool
) -> list:
    """A whole fleet at once (as re-evaluating a stored run does): no collector runs meanwhile.

    `collected`: pass each device's `show version` collection, as `auditor.audit` does, so
    each verdict records the output it judged (command, time, SHA-256)."""
    with gc_paused():
        return [evaluate(d, f, catalogue, AS_OF, collection=c if collected else None)
                for d, f, c in devices]  # fmt: skip


if __name__ == "__main__":
    main()
