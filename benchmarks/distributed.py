"""What does distribution cost? `auditor audit --engine celery` against a local audit.

Starts Redis and PostgreSQL on loopback (tests/live_servers.py) and N mock devices (the
realistic mix and WAN latency of benchmarks/fleet.py) split over two inventory zones, one mock
server process per zone, all on 127.0.0.1. Then audits the same fleet three times, each audit
a fresh `python -m auditor audit` process so its figures are its own:

1. local, default engine, history in SQLite;
2. local, default engine, history in PostgreSQL;
3. `--engine celery`: the dispatcher sends one task per device to `collect.<zone>`, where
   W `auditor worker --zone Z --concurrency C` per zone (started and ready before the clock
   starts; the device password in their environment only) audit and write to PostgreSQL.

The local runs hold as many SSH sessions at once as all the workers together (2 x W x C;
`--local-workers` changes it), so the difference is the cost of distribution, not of another
concurrency. PostgreSQL gets max_connections above the worker threads (each holds its own
connection; at initdb's 100, 2 x 64 threads are refused and Celery retries with backoff).

Prints wall time (split into the run as the store records it and the process's start-up and
wrap-up: imports, catalogue, preflight, reports), devices/s, the celery/local ratio and the
per-device overhead ((celery wall - local wall) / N); the CPU of the dispatcher, the workers,
Redis, PostgreSQL and the mock devices, each counted on its own so other load on the machine
does not count. Checks each run recorded N results and says so if not. Asserts nothing.
Everything it started is stopped on exit, Ctrl-C included.

On a small machine the workers, the mock devices, Redis and PostgreSQL share the same cores:
expect distribution to be slower here; it pays when zones are on their own hosts.

    python benchmarks/distributed.py [--count 400] [--workers-per-zone 1] [--concurrency 64]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fleet import proc_cpu, raise_open_files, serve_fleet, wait_ready  # noqa: E402
from live_servers import (  # noqa: E402
    Postgres,
    Redis,
    ServerMissing,
    running_postgres,
    running_redis,
)

from mock_devices.generate import DEFAULT_MIX, generate_fleet  # noqa: E402

PASSWORD = "demo-password"
USERNAME = "audit"
ZONES = ("north", "south")
TIMEOUTS = ["--connect-timeout", "30", "--command-timeout", "30", "--device-timeout", "120"]
"""As benchmarks/fleet.py: generous, so a loaded machine slows devices rather than fails them."""


@dataclass
class Measured:
    label: str
    wall: float
    cpu: float
    """The audit process's own CPU seconds (user + system)."""
    exit_code: int
    devices: int
    counts: dict[str, int]
    in_run: float | None
    """Seconds between the run's start and finish as the store records them (no start-up)."""
    others: dict[str, float] = field(default_factory=dict)
    """CPU seconds of the other processes during the run: mock servers, Redis, PostgreSQL,
    workers (each measured on its own, so other load on the machine does not count)."""
    notes: list[str] = field(default_factory=list)


# -- CPU accounting -------------------------------------------------------------------------
def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cpu_of(processes: list[subprocess.Popen[bytes]]) -> float:
    return sum(proc_cpu(p.pid) for p in processes if p.poll() is None)


def _postgres_cpu(postgres: Postgres) -> float:
    """The postmaster, the backends it has reaped (cutime/cstime) and those still running.

    The postmaster's PID is the first line of its socket lock file."""
    lock = postgres.socket_dir / f".s.PGSQL.{postgres.port}.lock"
    postmaster = int(lock.read_text().split()[0])
    fields = Path(f"/proc/{postmaster}/stat").read_text().rsplit(")", 1)[1].split()
    total = sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            child = stat.read_text().rsplit(")", 1)[1].split()
            if int(child[1]) == postmaster:
                total += (int(child[11]) + int(child[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _redis_cpu(redis: Redis) -> float:
    """Redis's own account of its CPU (INFO cpu: main process, all threads)."""
    import redis as client

    with client.Redis.from_url(redis.url) as connection:
        info = connection.info("cpu")
    return float(info["used_cpu_sys"]) + float(info["used_cpu_user"])


# -- processes ------------------------------------------------------------------------------
def _stop(process: subprocess.Popen[bytes], grace: float = 15.0) -> None:
    """SIGTERM (a worker finishes what it holds), then SIGKILL."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_text(path: Path, text: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while text not in (path.read_text(errors="replace") if path.exists() else ""):
        if process.poll() is not None or time.monotonic() > deadline:
            tail = path.read_text(errors="replace")[-2000:] if path.exists() else ""
            raise SystemExit(f"worker did not start (exit {process.poll()}):\n{tail}")
        time.sleep(0.1)


def _environment(password: bool) -> dict[str, str]:
    """The children's environment: loopback only, no stray store/broker, password if asked."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("AUDITOR_PASSWORD", "AUDITOR_STORE", "AUDITOR_BROKER")
    }
    env.update(AUDITOR_ALLOWED_NETWORKS="127.0.0.0/8,::1/128", PYTHONUNBUFFERED="1")
    if password:
        env["AUDITOR_PASSWORD"] = PASSWORD
    return env


@contextlib.contextmanager
def stop_cleanly_on_signals() -> Iterator[None]:
    """Ctrl-C or SIGTERM: raise KeyboardInterrupt once, so every `finally` and context manager
    stops what it started; a second Ctrl-C during that clean-up is ignored, not half-done."""

    def interrupt(signum: int, frame: object) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise KeyboardInterrupt

    previous = {s: signal.signal(s, interrupt) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


# -- one timed audit ------------------------------------------------------------------------
def measure(
    label: str,
    command: list[str],
    env: dict[str, str],
    store: str,
    expected: int,
    log: Path,
    watched: dict[str, Callable[[], float]],
) -> Measured:
    """Run one `auditor audit` to the end; its wall time, CPU, and what the store recorded."""
    from auditor.store import open_store

    print(f"... {label}", file=sys.stderr, flush=True)
    before = {name: cpu_now() for name, cpu_now in watched.items()}
    own = _children_cpu()
    started = time.perf_counter()
    with log.open("wb") as output:
        done = subprocess.run(command, env=env, cwd=ROOT, stdout=output, stderr=output, check=False)
    wall = time.perf_counter() - started
    cpu = _children_cpu() - own
    time.sleep(0.5)  # the audit's PostgreSQL backend ends and is reaped: its CPU is counted
    others = {name: cpu_now() - before[name] for name, cpu_now in watched.items()}
    notes = []
    if done.returncode not in (0, 1):
        tail = log.read_text(errors="replace")[-1500:]
        notes.append(f"{label}: exit code {done.returncode}; last output:\n{tail}")
    with open_store(store, create=False) as history:
        runs = history.runs(limit=1)
    if not runs:
        return Measured(label, wall, cpu, done.returncode, 0, {}, None, others, notes)
    run = runs[0]
    in_run = (run.finished_at - run.started_at).total_seconds() if run.finished_at else None
    if run.devices != expected or run.state != "finished":
        notes.append(f"{label}: the store holds {run.devices} of {expected} results ({run.state})")
    counts = {status: n for status, n in run.counts.items() if n}
    return Measured(label, wall, cpu, done.returncode, run.devices, counts, in_run, others, notes)


def _spread(store: str) -> str:
    """How the latest run's devices were shared among workers, and any redelivery."""
    from auditor.store import open_store

    with open_store(store, create=False) as history:
        run_id = history.runs(limit=1)[0].run_id
        deliveries = history.deliveries(run_id)
    by_worker = Counter(d.worker for d in deliveries.values())
    again = sum(1 for d in deliveries.values() if d.deliveries > 1)
    shares = ", ".join(f"{w} {n}" for w, n in sorted(by_worker.items()))
    return f"{shares}; redelivered {again}"


def _store_retries(logs: list[Path]) -> str:
    """Tasks Celery had to retry because the store refused a write (their backoff costs time)."""
    retries = [
        line
        for log in logs
        for line in log.read_text(errors="replace").splitlines()
        if " retry: " in line
    ]
    if not retries:
        return "none"
    return f"{len(retries)}, e.g. {retries[0].split(' retry: ', 1)[1][:160]}"


# -- the fleet ------------------------------------------------------------------------------
def _zoned_fleets(
    count: int, seed: int, latency: dict[str, float]
) -> tuple[dict[str, dict[str, Any]], Counter[str]]:
    """One fleet document per zone (devices dealt alternately), and the platform mix."""
    doc = yaml.safe_load(generate_fleet(count, DEFAULT_MIX, seed=seed, fault_rate=0))
    doc["defaults"].update(username=USERNAME, password=PASSWORD, latency=latency)
    devices = doc["devices"]
    fleets = {
        zone: {"defaults": doc["defaults"], "devices": devices[i :: len(ZONES)]}
        for i, zone in enumerate(ZONES)
    }
    return fleets, Counter(d["platform"] for d in devices)


def _inventory(
    fleets: dict[str, dict[str, Any]], ports: dict[str, dict[str, int]], path: Path
) -> None:
    hosts = {
        d["name"]: {
            "host": "127.0.0.1",
            "port": ports[zone][d["name"]],
            "platform": d["platform"],
            "zone": zone,
        }
        for zone, fleet in fleets.items()
        for d in fleet["devices"]
    }
    path.write_text(yaml.safe_dump({"defaults": {"username": USERNAME}, "hosts": hosts}))


def _start_fleet(
    stack: contextlib.ExitStack, folder: Path, fleets: dict[str, dict[str, Any]]
) -> tuple[list[subprocess.Popen[bytes]], dict[str, dict[str, int]]]:
    """One `python -m mock_devices serve` per zone; zone -> {device: port} once all listen."""
    servers = {}
    for zone, fleet in fleets.items():
        (folder / f"{zone}.yaml").write_text(yaml.safe_dump(fleet, sort_keys=False))
        servers[zone] = serve_fleet(folder / f"{zone}.yaml", folder / f"{zone}.json")
        stack.callback(_stop, servers[zone])
    ports = {}
    for zone, server in servers.items():
        wait_ready(server, folder / f"{zone}.json")
        ports[zone] = json.loads((folder / f"{zone}.json").read_text())
    return list(servers.values()), ports


def _start_workers(
    stack: contextlib.ExitStack, folder: Path, args: argparse.Namespace, broker: str, store: str
) -> list[tuple[subprocess.Popen[bytes], Path]]:
    """W `auditor worker`s per zone, the password in their environment; back once all ready."""
    print("... starting the workers", file=sys.stderr, flush=True)
    workers = []
    for zone in ZONES:
        for i in range(args.workers_per_zone):
            log = folder / f"worker-{zone}-{i}.log"
            worker = subprocess.Popen(
                [sys.executable, "-m", "auditor", "worker", "--zone", zone]
                + ["--broker", broker, "--store", store]
                + ["--concurrency", str(args.concurrency), "--name", f"{zone}.{i}@bench"],
                env=_environment(password=True),
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=stack.enter_context(log.open("wb")),
            )
            stack.callback(_stop, worker)
            workers.append((worker, log))
    for worker, log in workers:
        _wait_for_text(log, "ready.", worker)
    return workers


# -- the run --------------------------------------------------------------------------------
def benchmark(args: argparse.Namespace) -> tuple[list[Measured], dict[str, Any]]:
    from auditor.store import open_store

    sessions = len(ZONES) * args.workers_per_zone * args.concurrency
    local_workers = args.local_workers or sessions
    raise_open_files(2 * args.count + 2 * sessions + 1024)
    latency = {"login": args.login_latency, "command": args.command_latency}
    fleets, mix = _zoned_fleets(args.count, args.seed, latency)
    info: dict[str, Any] = {"mix": mix, "sessions": sessions, "local_workers": local_workers}
    info["max_connections"] = args.max_connections or sessions + 50
    info["load"] = os.getloadavg()
    results: list[Measured] = []
    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="auditor-bench-")))
        print("... starting Redis, PostgreSQL and the mock devices", file=sys.stderr, flush=True)
        redis = stack.enter_context(running_redis())
        # every worker thread holds its own connection: initdb's 100 would refuse some
        postgres = stack.enter_context(running_postgres(max_connections=info["max_connections"]))
        began = time.perf_counter()
        servers, ports = _start_fleet(stack, folder, fleets)
        info["servers_ready"] = time.perf_counter() - began
        inventory = folder / "inventory.yaml"
        _inventory(fleets, ports, inventory)

        stores = {
            "sqlite": str(folder / "history.sqlite3"),
            "local-pg": postgres.url(postgres.new_database()),
            "celery-pg": postgres.url(postgres.new_database()),
        }
        for location in stores.values():  # schema created before any clock starts
            open_store(location).close()
        audit = [sys.executable, "-m", "auditor", "audit", "--inventory", str(inventory)]
        audit += ["--quiet", *TIMEOUTS]
        watched: dict[str, Callable[[], float]] = {
            "mock": lambda: _cpu_of(servers),
            "redis": lambda: _redis_cpu(redis),
            "postgres": lambda: _postgres_cpu(postgres),
        }

        def timed(label: str, key: str, extra: list[str], password: bool) -> Measured:
            command = [*audit, *extra, "--out", str(folder / key), "--store", stores[key]]
            env = _environment(password)
            log = folder / f"{key}.log"
            return measure(label, command, env, stores[key], args.count, log, watched)

        local = ["--workers", str(local_workers)]
        results.append(timed("local SQLite", "sqlite", local, password=True))
        results.append(timed("local PostgreSQL", "local-pg", local, password=True))
        workers = _start_workers(stack, folder, args, redis.url, stores["celery-pg"])
        watched["workers"] = lambda: _cpu_of([w for w, _ in workers])
        celery = ["--engine", "celery", "--broker", redis.url]
        # the dispatcher never holds a device password: only the workers' environments do
        results.append(timed("celery", "celery-pg", celery, password=False))
        if results[-1].devices:
            info["spread"] = _spread(stores["celery-pg"])
        info["retries"] = _store_retries([log for _, log in workers])
    return results, info


# -- the table ------------------------------------------------------------------------------
def _auditor_side(m: Measured) -> float:
    """What auditing cost in CPU: dispatcher, workers, Redis, PostgreSQL (not the devices)."""
    return m.cpu + sum(cpu for name, cpu in m.others.items() if name != "mock")


def report(args: argparse.Namespace, results: list[Measured], info: dict[str, Any]) -> None:
    n = args.count
    shares = ", ".join(f"{p} {100 * k / n:.0f}%" for p, k in info["mix"].most_common())
    per_zone = ", ".join(f"{z} {len(range(i, n, len(ZONES)))}" for i, z in enumerate(ZONES))
    load = ", ".join(f"{x:.2f}" for x in info["load"])
    print(f"fleet      {n} mock devices in {len(ZONES)} zones ({per_zone}); {shares}")
    print(f"latency    login {args.login_latency:g} s, command {args.command_latency:g} s")
    print(f"servers    one mock process per zone, listening after {info['servers_ready']:.1f} s")
    print(f"machine    {os.cpu_count()} cores; load average before: {load}")
    print(
        f"sessions   celery: {args.workers_per_zone} worker(s) per zone x {args.concurrency} "
        f"threads = {info['sessions']}; local: --workers {info['local_workers']}"
    )
    print(f"postgres   max_connections {info['max_connections']} (one per worker thread)")
    print()

    def row(label: str, cells: list[str]) -> None:
        print(f"{label:<28}" + "".join(f"{c:<20}" for c in cells))

    def each(label: str, show: Any) -> None:
        row(label, [show(m) for m in results])

    def ms_per_device(seconds: float) -> str:
        return f"{1000 * seconds / n:.1f} ms"

    row("", [m.label for m in results])
    each("wall time (process)", lambda m: f"{m.wall:.1f} s")
    each("  of which the run", lambda m: f"{m.in_run:.1f} s" if m.in_run is not None else "-")
    each("  start-up and wrap-up", lambda m: f"{m.wall - m.in_run:.1f} s" if m.in_run else "-")
    each("devices/s", lambda m: f"{n / m.wall:.1f}")
    each("results recorded", lambda m: f"{m.devices} of {n}")
    each("dispatcher CPU", lambda m: f"{m.cpu:.1f} s")
    each("dispatcher CPU per device", lambda m: ms_per_device(m.cpu))
    each(
        "worker CPU per device",
        lambda m: ms_per_device(m.others["workers"]) if "workers" in m.others else "-",
    )
    each("Redis CPU per device", lambda m: ms_per_device(m.others["redis"]))
    each("PostgreSQL CPU per device", lambda m: ms_per_device(m.others["postgres"]))
    each("auditor-side CPU per device", lambda m: ms_per_device(_auditor_side(m)))
    each("mock servers CPU per device", lambda m: ms_per_device(m.others["mock"]))
    for m in results:
        print(f"{m.label}: " + ", ".join(f"{s} {k}" for s, k in sorted(m.counts.items())))
    if "spread" in info:
        print(f"celery tasks by worker: {info['spread']}")
    print(f"celery tasks retried after a store error: {info.get('retries', '-')}")
    print()
    celery = results[-1]
    for local in results[:-1]:
        ratio = celery.wall / local.wall
        overhead = (celery.wall - local.wall) / n
        line = f"celery / {local.label}: wall x{ratio:.2f}, {1000 * overhead:+.1f} ms per device"
        if celery.in_run is not None and local.in_run is not None:
            fixed = (celery.wall - celery.in_run) - (local.wall - local.in_run)
            in_run = (celery.in_run - local.in_run) / n
            line += f" (fixed {fixed:+.1f} s, in the run {1000 * in_run:+.1f} ms per device)"
        print(line)
    for m in results:
        for note in m.notes:
            print(f"NOTE {note}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=400, help="mock devices (default 400)")
    parser.add_argument("--workers-per-zone", type=int, default=1, help="default 1")
    parser.add_argument(
        "--concurrency", type=int, default=64, help="threads per worker (default 64)"
    )
    parser.add_argument(
        "--local-workers",
        type=int,
        default=0,
        help="sessions of the local runs (default: as many as all workers: 2 x W x C)",
    )
    parser.add_argument("--login-latency", type=float, default=0.5, help="seconds (default 0.5)")
    parser.add_argument("--command-latency", type=float, default=0.3, help="seconds (default 0.3)")
    parser.add_argument(
        "--max-connections",
        type=int,
        default=0,
        help="PostgreSQL max_connections (default: all worker threads + 50)",
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    try:
        with stop_cleanly_on_signals():
            results, info = benchmark(args)
    except ServerMissing as missing:
        raise SystemExit(str(missing)) from None
    except KeyboardInterrupt:
        raise SystemExit("interrupted; everything started was stopped") from None
    report(args, results, info)


if __name__ == "__main__":
    main()
