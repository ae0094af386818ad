"""How long does the compliance pack take for a large estate? Prints, never asserts.

Run: `python benchmarks/compliance_pdf.py [--devices 2000] [--profile out.prof]`. Issue 9:
the PDF of 2,000 devices took 83 to 86 s of CPU; operators of 10,000+ devices need it in
reasonable time (`--no-pdf` is the escape hatch). Now 47 s (docs/compliance.md, Performance).

The run is built in memory the way a real audit builds it, without SSH: a fleet from
`mock_devices.generate` (the realistic platform mix, versions spread over trains, ~3 % of
devices faulty), each device's allow-listed commands answered by the mock device's own CLI
engine, parsed and evaluated by `auditor.audit.evaluate_collections` against the shipped
catalogue. Roles and tags place devices in every domain of the shipped UK policy (access
switches in full-fibre access, Huawei NE40Es and some PEs in the core, some aggregation in
5G), and a faulty device ends as the failure its fault causes. Collection times are fixed, so
the same --devices and --seed give the same HTML bytes from one run to the next.

Prints the time to build the pack, render the HTML, lay out the PDF (WeasyPrint's `render`)
and write it, wall and CPU (the machine is shared: CPU is the steadier figure), the pages, the
HTML and PDF sizes and the peak RSS. `--profile FILE` also writes a cProfile of the layout.
"""

from __future__ import annotations

import argparse
import cProfile
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TypeVar

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.audit import AuditOptions, evaluate_collections, finished_run  # noqa: E402
from auditor.catalogue import Catalogue, load_catalogue  # noqa: E402
from auditor.collect.base import make_collection  # noqa: E402
from auditor.models import AuditRun, Cause, Device, DeviceResult, Status  # noqa: E402
from auditor.platforms import get_platform  # noqa: E402
from auditor.report.compliance import Scope, load_policy, pack_from_run, render_html  # noqa: E402
from auditor.report.compliance.output import pdf_bytes, pdf_document  # noqa: E402
from mock_devices.cmdlog import CommandLog  # noqa: E402
from mock_devices.engine import CliEngine  # noqa: E402
from mock_devices.fleet import DeviceSpec, specs_from_entries  # noqa: E402
from mock_devices.generate import DEFAULT_MIX, generate_fleet  # noqa: E402
from mock_devices.profile import load_profile  # noqa: E402
from mock_devices.server import DeviceRuntime  # noqa: E402

AS_OF = date(2026, 6, 1)
STARTED = datetime(2026, 6, 1, 8, 0, tzinfo=timezone.utc)
POLICY = ROOT / "catalogue" / "policy" / "uk-default.yaml"
#: generate_fleet's name prefix (its pool's role) -> inventory role
ROLES = {"acc": "access", "dist": "aggregation", "dc": "datacentre", "pe": "edge",
         "leaf": "datacentre", "fw": "firewall", "edge": "edge", "agg": "aggregation",
         "metro": "aggregation", "bsc": "bsc", "gnb": "gnodeb", "ne": "core"}  # fmt: skip
#: what a fault does to the audit of that device (others are handled and the audit succeeds)
FAILS = {"wrong_password": (Cause.AUTH, "authentication failed"),
         "hang_after_accept": (Cause.TIMEOUT, "no SSH banner within 10 s"),
         "hang_after_login": (Cause.TIMEOUT, "no prompt within 20 s"),
         "disconnect_mid_output": (Cause.DISCONNECTED, "connection closed mid-output")}  # fmt: skip


def placed(spec: DeviceSpec, index: int) -> Device:
    """The inventory entry of a generated device: site from its name, role from its pool;
    tags that put it in the policy's domains (full-fibre access, 5G, national security)."""
    site, prefix = spec.name.split("-")[:2]
    role = ROLES.get(prefix, prefix)
    if spec.platform == "huawei" and not spec.model.startswith("NE40E"):
        role = "access"  # Huawei S-series switches: access, the full-fibre cap
    elif prefix == "pe" and index % 3 == 0:
        role = "core"
    tags: list[str] = []
    if role == "access":
        tags.append("full-fibre")
    if role in ("aggregation", "edge") and index % 4 == 0:
        tags.append("5g")
    if site == "lon" and index % 10 == 0:
        tags.append("national-security-site")
    return Device(spec.name, "127.0.0.1", spec.platform, 20000 + index, site, role, tuple(tags))


def audited(spec: DeviceSpec, device: Device, catalogue: Catalogue, index: int) -> DeviceResult:
    """What `auditor audit` records for the device: its commands' answers, parsed, evaluated."""
    at = STARTED + timedelta(milliseconds=50 * index)
    for fault in spec.faults:
        if fault.name in FAILS:
            cause, error = FAILS[fault.name]
            return DeviceResult(device, Status.FAILED, cause=cause, error=error, started_at=at)
    runtime = DeviceRuntime(spec, load_profile(spec.platform), CommandLog())
    engine = CliEngine(runtime.profile, spec, runtime.variables, runtime.cache)
    platform = get_platform(spec.platform)
    for command in platform.setup_commands:
        engine.execute(command)
    collections = []
    for i, command in enumerate(platform.commands):  # fixed times: the same HTML every run
        answer = make_collection(command, engine.execute(command).text, engine.prompt())
        collections.append(replace(answer, collected_at=at + timedelta(seconds=i)))
    result = evaluate_collections(device, collections, catalogue, AuditOptions(as_of=AS_OF))
    return replace(result, started_at=at)


def audit_run(count: int, seed: int, catalogue: Catalogue) -> AuditRun:
    doc = yaml.safe_load(generate_fleet(count, DEFAULT_MIX, seed=seed))
    specs = specs_from_entries(doc["devices"], doc["defaults"])
    results = [audited(s, placed(s, i), catalogue, i) for i, s in enumerate(specs)]
    run = finished_run(
        f"20260601T080000Z-bench{seed}",
        STARTED,
        results,
        catalogue,
        AuditOptions(as_of=AS_OF),
        inventory_source=f"generated: {count} devices, seed {seed}",
        inventory_sha256="0" * 64,
        interrupted=False,
    )
    return replace(run, finished_at=STARTED + timedelta(minutes=5))


T = TypeVar("T")


def timed(label: str, work: Callable[[], T]) -> T:
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"  {label:<44} {wall:7.2f} s wall {cpu:7.2f} s CPU")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", type=Path, help="write a cProfile of the layout here (slower)")
    parser.add_argument("--keep", type=Path, help="write compliance.html and .pdf into this folder")
    args = parser.parse_args()

    print(f"python {sys.version.split()[0]}; {args.devices:,} devices, seed {args.seed}")
    catalogue = timed("load catalogue", lambda: load_catalogue(ROOT / "catalogue"))
    run = timed(
        "audit in memory (mock CLI, parse, evaluate)",
        lambda: audit_run(args.devices, args.seed, catalogue),
    )
    statuses = Counter(r.status.value for r in run.results)
    print("  statuses: " + ", ".join(f"{k} {n}" for k, n in sorted(statuses.items())))
    policy = load_policy(POLICY)
    scope = Scope("Benchmark Telecom Ltd", ("fixed access", "mobile"))
    pack = timed("build pack", lambda: pack_from_run(run, catalogue, policy, None, scope))
    html = timed("render HTML", lambda: render_html(pack))

    profiler = cProfile.Profile() if args.profile else None
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    document = timed("PDF layout (WeasyPrint render)", lambda: pdf_document(html))
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
    pdf = timed("PDF write", lambda: pdf_bytes(document))
    wall, cpu = time.perf_counter() - start_wall, time.process_time() - start_cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        (args.keep / "compliance.html").write_text(html, encoding="utf-8")
        (args.keep / "compliance.pdf").write_bytes(pdf)
    print(
        f"PDF total {wall:.2f} s wall, {cpu:.2f} s CPU ({args.devices / cpu:,.0f} devices per "
        f"CPU second); {len(document.pages)} pages; HTML {len(html.encode()) / 1e6:.2f} MB, "
        f"PDF {len(pdf) / 1e6:.2f} MB; peak RSS {peak:,.0f} MB"
    )


if __name__ == "__main__":
    main()
