"""How fast is a whole-estate audit? The auditor against a Nornir + netmiko baseline.

Starts N mock devices (a realistic platform mix, ~500 ms login and ~300 ms per command, as
over a WAN) in a separate process (`python -m mock_devices serve`), then audits all of them
twice, each time in a fresh child process so the figures are that client's alone:

1. the auditor as `auditor audit` runs it by default: `Auditor.run` with the default engine
   (`auto`: asyncssh, netmiko for what asyncssh cannot drive) and the default number of
   sessions (login, setup, every allow-listed command, parse, evaluate against the shipped
   catalogue), each result committed to a history store (SQLite in a temporary folder) as
   it arrives; only the report files are not written;
2. the baseline: Nornir's threaded runner with nornir_netmiko's `netmiko_send_command` for the
   same commands, then the same parser (no evaluation, no history: the baseline does less).

Prints devices/s, per-device p50/p95, peak RSS, client CPU per device and the server's CPU per
device, then the speed-up. Asserts nothing. Issue 7's targets: 2,000 devices in under 20 s,
at least 3x the baseline. `--workers N` measures another number of sessions than the default.

    python benchmarks/fleet.py [--count 2000] [--workers N] [--baseline-workers 100]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mock_devices.generate import DEFAULT_MIX, generate_fleet  # noqa: E402

PASSWORD = "demo-password"
USERNAME = "audit"


def raise_open_files(wanted: int) -> int:
    """Lift the soft open-file limit toward `wanted` (children inherit it); return it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return max(soft, target)


def proc_cpu(pid: int) -> float:
    """User+system CPU seconds of a process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _own_usage() -> tuple[float, float]:
    """(CPU seconds of this process, all threads; peak RSS in MB)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _figures(
    wall: float, cpu: float, durations: list[float], ok: int, causes: Counter[str]
) -> dict[str, Any]:
    cuts = statistics.quantiles(durations, n=20) if len(durations) > 1 else durations * 19
    return {
        "wall": wall,
        "cpu": cpu,
        "devices": len(durations),
        "ok": ok,
        "causes": dict(causes),
        "p50": statistics.median(durations),
        "p95": cuts[18],
        "rss": _own_usage()[1],
    }


# -- the two clients, each run in its own child process ------------------------------------
def run_auditor(targets: list[dict[str, Any]], workers: int) -> dict[str, Any]:
    """`workers` 0: the CLI's default number of sessions."""
    from datetime import date

    from auditor.audit import AuditOptions, Auditor
    from auditor.catalogue import load_catalogue
    from auditor.cli.common import DEFAULT_CATALOGUE
    from auditor.collect import Timeouts, get_collector
    from auditor.inventory.credentials import PASSWORD_ENV, CredentialResolver
    from auditor.models import Device
    from auditor.store import open_store
    from auditor.store.session import RunSession

    devices = [
        Device(
            name=t["name"],
            host="127.0.0.1",
            port=t["port"],
            platform=t["platform"],
            username=USERNAME,
        )
        for t in targets
    ]
    options = AuditOptions(
        as_of=date.today(),
        workers=workers or None,  # None: the default, as `auditor audit` without --workers
        timeouts=Timeouts(connect=30.0, command=30.0, device=120.0),
    )
    resolver = CredentialResolver(env={PASSWORD_ENV: PASSWORD}, interactive=False)
    catalogue = load_catalogue(DEFAULT_CATALOGUE)
    auditor = Auditor(catalogue, resolver, options, get_collector)
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "history.sqlite3") as store:
        cpu_before, _ = _own_usage()
        started = time.perf_counter()
        session = RunSession.start(
            store,
            devices=devices,
            catalogue=catalogue,
            options=options,
            inventory_source="benchmark",
            inventory_sha256="0" * 64,
        )
        run = auditor.run(
            devices,
            inventory_source="benchmark",
            inventory_sha256="0" * 64,
            progress=session.observer(),
        )
        run = session.finish(run)
        wall = time.perf_counter() - started
        cpu = _own_usage()[0] - cpu_before
    causes = Counter(r.cause.value for r in run.results if r.cause)
    ok = sum(1 for r in run.results if r.ok)
    figures = _figures(wall, cpu, [r.duration_s for r in run.results], ok, causes)
    figures["workers"] = options.session_limits()[0]
    return figures


def run_nornir(targets: list[dict[str, Any]], workers: int) -> dict[str, Any]:
    import threading

    from nornir import InitNornir
    from nornir.core.task import Result, Task
    from nornir_netmiko.tasks import netmiko_send_command

    from auditor.platforms import get_platform

    durations: dict[str, float] = {}
    lock = threading.Lock()

    def audit(task: Task) -> Result:
        """One device: every allow-listed command over netmiko, then our parser."""
        began = time.monotonic()
        platform = get_platform(str(task.host.data["auditor_platform"]))
        outputs = {}
        try:
            for command in platform.commands:
                answer = task.run(task=netmiko_send_command, command_string=command)
                outputs[command] = str(answer.result)
        finally:
            if "netmiko" in task.host.connections:
                task.host.close_connection("netmiko")
        facts = platform.parse(outputs)
        with lock:
            durations[task.host.name] = time.monotonic() - began
        return Result(host=task.host, result=facts.version)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        hosts = {
            t["name"]: {
                "hostname": "127.0.0.1",
                "port": t["port"],
                "platform": t["netmiko"],
                "data": {"auditor_platform": t["platform"]},
            }
            for t in targets
        }
        extras = {"fast_cli": True, "conn_timeout": 30, "auth_timeout": 30, "banner_timeout": 30}
        defaults = {"username": USERNAME, "connection_options": {"netmiko": {"extras": extras}}}
        (folder / "hosts.yaml").write_text(yaml.safe_dump(hosts))
        (folder / "groups.yaml").write_text("{}\n")
        (folder / "defaults.yaml").write_text(yaml.safe_dump(defaults))
        nr = InitNornir(
            runner={"plugin": "threaded", "options": {"num_workers": workers}},
            inventory={
                "plugin": "SimpleInventory",
                "options": {
                    "host_file": str(folder / "hosts.yaml"),
                    "group_file": str(folder / "groups.yaml"),
                    "defaults_file": str(folder / "defaults.yaml"),
                },
            },
            logging={"enabled": False},
        )
    nr.inventory.defaults.password = PASSWORD  # never written to a file
    cpu_before, _ = _own_usage()
    started = time.perf_counter()
    result = nr.run(task=audit)
    wall = time.perf_counter() - started
    cpu = _own_usage()[0] - cpu_before
    failed = set(result.failed_hosts)
    causes = Counter(_root_cause(result[h]) for h in failed)
    timed = [durations.get(t["name"], wall) for t in targets]
    return _figures(wall, cpu, timed, len(targets) - len(failed), causes)


def _root_cause(results: Any) -> str:
    """The innermost failure of a host's MultiResult (Nornir wraps it in NornirSubTaskError)."""
    errors = [r.exception for r in results if r.failed and r.exception is not None]
    error = errors[-1] if errors else None
    first = (str(error).strip().splitlines() or [""])[0][:80] if error else ""
    return f"{type(error).__name__}: {first}" if error else "?"


# -- the parent: fleet, server, children, table ---------------------------------------------
def serve_fleet(fleet_file: Path, ready: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "mock_devices",
        "serve",
        str(fleet_file),
        "--ready-file",
        str(ready),
    ]
    return subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)


def wait_ready(server: subprocess.Popen[bytes], ready: Path, limit: float = 300.0) -> float:
    started = time.perf_counter()
    while not ready.exists():
        if server.poll() is not None:
            raise SystemExit(f"mock server exited with {server.returncode}")
        if time.perf_counter() - started > limit:
            raise SystemExit(f"mock server not ready after {limit:g} s")
        time.sleep(0.05)
    return time.perf_counter() - started


def _client(role: str, targets_file: Path, workers: int) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--role",
        role,
        "--targets",
        str(targets_file),
        "--workers",
        str(workers),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{role} client failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _row(label: str, a: str, b: str) -> None:
    print(f"{label:<26}{a:<24}{b}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=2000, help="mock devices (default 2000)")
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="auditor sessions at once (default: the CLI's default, as `auditor audit`)",
    )
    parser.add_argument(
        "--baseline-workers", type=int, default=100, help="Nornir threads (default 100)"
    )
    parser.add_argument("--login-latency", type=float, default=0.5, help="seconds (default 0.5)")
    parser.add_argument("--command-latency", type=float, default=0.3, help="seconds (default 0.3)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-baseline", action="store_true", help="audit with the auditor only")
    parser.add_argument("--role", choices=("auditor", "nornir"), help=argparse.SUPPRESS)
    parser.add_argument("--targets", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.role:  # a child: audit the targets, print one JSON line
        raise_open_files(65536)
        targets = json.loads(args.targets.read_text())
        run = run_auditor if args.role == "auditor" else run_nornir
        print(json.dumps(run(targets, args.workers)))
        return

    limit = raise_open_files(2 * args.count + 2 * args.workers + 1024)
    doc = yaml.safe_load(generate_fleet(args.count, DEFAULT_MIX, seed=args.seed, fault_rate=0))
    latency = {"login": args.login_latency, "command": args.command_latency}
    doc["defaults"].update(username=USERNAME, password=PASSWORD, latency=latency)
    mix = Counter(d["platform"] for d in doc["devices"])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        fleet_file, ready, targets_file = (
            folder / "fleet.yaml",
            folder / "ready.json",
            folder / "targets.json",
        )
        fleet_file.write_text(yaml.safe_dump(doc, sort_keys=False))
        server = serve_fleet(fleet_file, ready)
        try:
            start_s = wait_ready(server, ready)
            ports: dict[str, int] = json.loads(ready.read_text())
            from auditor.platforms import get_platform

            targets = [
                {
                    "name": d["name"],
                    "port": ports[d["name"]],
                    "platform": d["platform"],
                    "netmiko": get_platform(d["platform"]).connect_as,
                }
                for d in doc["devices"]
            ]
            targets_file.write_text(json.dumps(targets))
            figures: dict[str, dict[str, Any]] = {}
            for role, workers in (("auditor", args.workers), ("nornir", args.baseline_workers)):
                if role == "nornir" and args.no_baseline:
                    continue
                server_cpu = proc_cpu(server.pid)
                figures[role] = _client(role, targets_file, workers)
                figures[role]["server_cpu"] = proc_cpu(server.pid) - server_cpu
                figures[role].setdefault("workers", workers)
        finally:
            server.terminate()
            server.wait(30)

    shares = ", ".join(f"{p} {100 * n / args.count:.0f}%" for p, n in mix.most_common())
    print(f"fleet     {args.count} mock devices ({shares})")
    print(f"latency   login {args.login_latency:g} s, command {args.command_latency:g} s")
    print(f"server    1 process, all listening after {start_s:.1f} s; open-file limit {limit}")
    print()
    a, b = figures["auditor"], figures.get("nornir")

    def both(label: str, show: Any) -> None:
        _row(label, show(a), show(b) if b else "-")

    _row("", "auditor (auto engine)", "baseline (nornir+netmiko)")
    default = "" if args.workers else " (default)"
    _row("sessions at once", f"{a['workers']}{default}", f"{b['workers']}" if b else "-")
    both("wall time", lambda f: f"{f['wall']:.1f} s")
    both("devices/s", lambda f: f"{f['devices'] / f['wall']:.1f}")
    both("audited / failed", lambda f: f"{f['ok']} / {f['devices'] - f['ok']}")
    both("per device p50 / p95", lambda f: f"{f['p50']:.2f} / {f['p95']:.2f} s")
    both("peak RSS", lambda f: f"{f['rss']:.0f} MB")
    both("client CPU per device", lambda f: f"{1000 * f['cpu'] / f['devices']:.1f} ms")
    both("server CPU per device", lambda f: f"{1000 * f['server_cpu'] / f['devices']:.1f} ms")
    for role, f in figures.items():
        for cause, count in f["causes"].items():
            print(f"{role} failure x{count}: {cause}")
    print()
    target = "met" if a["wall"] < 20 else "NOT met"
    if args.count != 2000:
        target = "applies to --count 2000"
    print(f"auditor: {args.count} devices in {a['wall']:.1f} s (target < 20 s for 2,000: {target})")
    if b:
        ratio = b["wall"] / a["wall"]
        met = "met" if ratio >= 3 else "NOT met"
        print(f"speed-up over the baseline: {ratio:.1f}x (target >= 3x: {met})")


if __name__ == "__main__":
    main()
