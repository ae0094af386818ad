"""`audit --engine celery` on a real broker and store: two zones, a worker each, real SSH.

Redis and PostgreSQL run on loopback (tests/live_servers.py); each zone's mock devices and
`auditor worker` run in the zone's own network namespace when the machine allows it (see
zones_support.py), else on loopback ports. The dispatcher (this process) never has a password:
only the workers' environments hold it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from zones_support import (
    DEVICE_TIMEOUT,
    PASSWORD,
    Zone,
    inventory,
    make_zones,
    namespaces_work,
)

from auditor.cli import main
from auditor.platforms import get_platform
from auditor.store import open_store

AS_OF = "2026-06-01"
FLEETS = {
    "north": """defaults: {username: audit, password: %s}
devices:
  - {name: n-xe-vuln, platform: cisco_xe, version: 17.9.3, model: C9300-24T, serial: FOC0001N}
  - {name: n-slow, platform: cisco_xe, version: 17.12.4, model: C9300-48P, serial: FOC0002N,
     faults: [slow_output: 0.015]}
  - {name: n-refused, platform: cisco_ios, version: 15.2(7)E10, model: WS-C2960X-24TS-L,
     serial: FOC0003N, faults: [refuse_connection]}
""",
    "south": """defaults: {username: audit, password: %s}
devices:
  - {name: s-ios-old, platform: cisco_ios, version: 15.2(7)E10, model: WS-C2960X-48FPD-L,
     serial: FOC0001S}
  - {name: s-badpass, platform: cisco_ios, version: 15.2(7)E10, model: WS-C2960X-24TS-L,
     serial: FOC0002S, faults: [wrong_password]}
  - {name: s-xe-ok, platform: cisco_xe, version: 17.12.4, model: C9300-48P, serial: FOC0003S}
""",
}
PLATFORMS = {
    "n-xe-vuln": "cisco_xe",
    "n-slow": "cisco_xe",
    "n-refused": "cisco_ios",
    "s-ios-old": "cisco_ios",
    "s-badpass": "cisco_ios",
    "s-xe-ok": "cisco_xe",
}
COMMON = ["--as-of", AS_OF, "--connect-timeout", "3", "--device-timeout", DEVICE_TIMEOUT]


@dataclass
class Cluster:
    zones: dict[str, Zone]
    isolated: bool
    broker: str
    """The dispatcher's broker URL (TCP on loopback)."""
    worker_broker: str
    store: str
    """The dispatcher's store URL."""
    worker_store: str
    inventory: Path
    root: Path


@pytest.fixture(scope="module")
def cluster(
    redis_server: object, postgres_server: object, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("zones")
    isolated = namespaces_work()
    database = postgres_server.new_database()  # type: ignore[attr-defined]
    store = postgres_server.url(database)  # type: ignore[attr-defined]
    worker_store = postgres_server.socket_url(database) if isolated else store  # type: ignore[attr-defined]
    broker = redis_server.url  # type: ignore[attr-defined]
    worker_broker = redis_server.socket_url if isolated else broker  # type: ignore[attr-defined]
    zones = make_zones(["north", "south"], root, isolated)
    try:
        for zone in zones:
            zone.create()
            zone.serve(FLEETS[zone.name] % PASSWORD)
            zone.start_worker(worker_broker, worker_store, "w1")
        print(f"zones isolated in network namespaces: {isolated}", file=sys.stderr)
        yield Cluster(
            {z.name: z for z in zones},
            isolated,
            broker,
            worker_broker,
            store,
            worker_store,
            inventory(zones, PLATFORMS, root / "inventory.yaml"),
            root,
        )
    finally:
        for zone in zones:
            zone.stop()


def audit(cluster: Cluster, out: Path, inventory_file: Path | None = None) -> int:
    return main(
        [
            *("audit", "--inventory", str(inventory_file or cluster.inventory)),
            *("--engine", "celery", "--broker", cluster.broker, "--store", cluster.store),
            *("--out", str(out), "--quiet", *COMMON),
        ]
    )


def rows_per_device(store_url: str, run_id: str) -> dict[str, int]:
    with psycopg.connect(store_url) as db:
        rows = db.execute(
            "SELECT device_name, COUNT(*) FROM device_results WHERE run_id = %s"
            " GROUP BY device_name",
            (run_id,),
        ).fetchall()
    return dict(rows)


def csv_rows(folder: Path) -> list[list[str]]:
    return sorted(list(csv.reader(io.StringIO((folder / "report.csv").read_text())))[1:])


def local_reports(cluster: Cluster, zone: Zone, out: Path) -> list[list[str]]:
    """A plain local audit of one zone's devices, run from inside that zone."""
    names = set(zone.ports)
    lines = cluster.inventory.read_text().splitlines()
    keep, hosts = lines[:3], lines[3:]
    for i in range(0, len(hosts), 6):
        if hosts[i].strip().rstrip(":") in names:
            keep += hosts[i : i + 6]
    out.parent.mkdir(parents=True, exist_ok=True)
    only = out.parent / f"{zone.name}.yaml"
    only.write_text("\n".join(keep) + "\n")
    subprocess.run(
        [*zone.prefix, sys.executable, "-m", "auditor", "audit", "--inventory", str(only)]
        + ["--store", str(out.parent / f"{zone.name}.sqlite3"), "--out", str(out), "--quiet"]
        + COMMON,
        env=dict(os.environ, AUDITOR_PASSWORD=PASSWORD),
        check=True,
        capture_output=True,
    )
    return csv_rows(out)


def test_each_zone_worker_collects_its_own_devices_and_reports_equal_a_local_run(
    cluster: Cluster, tmp_path: Path
) -> None:
    assert "AUDITOR_PASSWORD" not in os.environ  # only the workers know it
    assert audit(cluster, tmp_path / "celery") == 0
    with open_store(cluster.store, create=False) as store:
        run = store.load_run(store.resolve_run_id("latest"))
        taken = store.deliveries(run.run_id)
    by_name = {r.device.name: r for r in run.results}
    assert list(by_name) == list(PLATFORMS)  # inventory order, every device once
    assert rows_per_device(cluster.store, run.run_id) == dict.fromkeys(PLATFORMS, 1)
    for zone in cluster.zones.values():
        for name in zone.ports:
            assert taken[name].zone == zone.name
            assert taken[name].worker.startswith(f"{zone.name}.")
    statuses = {n: (r.status.value, r.cause.value if r.cause else None) for n, r in by_name.items()}
    assert statuses == {
        "n-xe-vuln": ("vulnerable", None),
        "n-slow": ("outdated", None),
        "n-refused": ("failed", "unreachable"),
        "s-ios-old": ("unknown", None),
        "s-badpass": ("failed", "auth"),
        "s-xe-ok": ("outdated", None),
    }
    assert by_name["n-refused"].attempts == 2  # a refused connection is retried (backoff)
    assert by_name["s-badpass"].attempts == 1  # a refused password never is
    local = []
    for zone in cluster.zones.values():
        local += local_reports(cluster, zone, tmp_path / f"local-{zone.name}" / "out")
    assert csv_rows(tmp_path / "celery") == sorted(local)
    written = "".join(p.read_text() for p in (tmp_path / "celery").iterdir() if p.is_file())
    assert PASSWORD not in written


def test_workers_send_only_allow_listed_commands(cluster: Cluster, tmp_path: Path) -> None:
    """Read-only on the distributed path too, proven from the devices' own command logs."""
    assert audit(cluster, tmp_path / "out") == 0
    for zone in cluster.zones.values():
        for name in zone.ports:
            platform = get_platform(PLATFORMS[name])
            allowed = {*platform.commands, *platform.session_commands, ""}
            log = zone.commands(name)
            assert set(log) <= allowed, (name, sorted(set(log) - allowed))
            if name not in ("n-refused", "s-badpass"):
                assert platform.version_command in log, name


def test_zones_cannot_reach_each_others_devices(cluster: Cluster) -> None:
    if not cluster.isolated:
        pytest.skip("no network namespaces here: zones share the host's loopback")
    south, north = cluster.zones["south"], cluster.zones["north"]
    for port in set(north.ports.values()) - set(south.ports.values()):
        probe = subprocess.run(
            [*south.prefix, sys.executable, "-c"]
            + [f"import socket; socket.create_connection(('127.0.0.1', {port}), 2)"],
            capture_output=True,
            text=True,
        )
        assert probe.returncode != 0 and "ConnectionRefusedError" in probe.stderr


def test_a_worker_killed_mid_task_loses_nothing_and_duplicates_nothing(
    cluster: Cluster, tmp_path: Path
) -> None:
    north = cluster.zones["north"]
    with open_store(cluster.store, create=False) as store:
        before = {r.run_id for r in store.runs()}
    codes: list[int] = []
    dispatcher = threading.Thread(target=lambda: codes.append(audit(cluster, tmp_path / "out")))
    dispatcher.start()
    victim = None
    deadline = time.monotonic() + 60
    with psycopg.connect(cluster.store, autocommit=True) as db:
        while victim is None and time.monotonic() < deadline:
            row = db.execute(
                "SELECT d.run_id, d.worker FROM deliveries d"
                " WHERE d.device_name = 'n-slow' AND NOT EXISTS (SELECT 1 FROM device_results r"
                " WHERE r.run_id = d.run_id AND r.device_name = d.device_name)"
                " AND d.run_id <> ALL(%s)",
                (list(before),),
            ).fetchone()
            if row:
                victim = row
            time.sleep(0.05)
    assert victim is not None, "the slow device's task was never taken"
    run_id, worker = victim
    label = worker.split("@")[0].split(".", 1)[1]
    north.workers[label].kill()  # SIGKILL mid-collection: no ack, no result
    north.workers[label].wait(10)
    north.start_worker(cluster.worker_broker, cluster.worker_store, "w2")
    dispatcher.join(120)
    assert codes == [0]
    with open_store(cluster.store, create=False) as store:
        run = store.load_run(run_id)
        taken = store.deliveries(run_id)
    assert rows_per_device(cluster.store, run_id) == dict.fromkeys(PLATFORMS, 1)
    slow = next(r for r in run.results if r.device.name == "n-slow")
    assert slow.status.value == "outdated"
    assert slow.attempts == 2  # one lost with the killed worker, one that answered
    assert (taken["n-slow"].deliveries, taken["n-slow"].worker) == (2, "north.w2@test")
    assert [r.device.name for r in run.results] == list(PLATFORMS)


def test_a_zone_without_a_worker_fails_fast_at_preflight(
    cluster: Cluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = tmp_path / "inventory.yaml"
    extra.write_text(
        cluster.inventory.read_text()
        + "  w-edge:\n    host: 127.0.0.1\n    port: 22\n    platform: cisco_ios\n"
        + "    zone: west\n"
    )
    with open_store(cluster.store, create=False) as store:
        before = [r.run_id for r in store.runs()]
    assert audit(cluster, tmp_path / "out", extra) == 2
    err = capsys.readouterr().err
    assert "no live worker for zone west (queue collect.west)" in err
    assert "north" not in err.split("tip:")[0] and "Traceback" not in err
    with open_store(cluster.store, create=False) as store:
        assert [r.run_id for r in store.runs()] == before  # nothing begun, nothing sent
    assert not (tmp_path / "out").exists()


def test_an_interrupted_distributed_run_keeps_its_answers_and_resume_finishes_it(
    cluster: Cluster, tmp_path: Path
) -> None:
    """Ctrl-C while a device hangs: exit 130, answers kept; `--resume latest` completes it."""
    north = cluster.zones["north"]
    hung = north.serve(
        f"defaults: {{username: audit, password: {PASSWORD}}}\ndevices:\n"
        + "  - {name: n-hung, platform: cisco_ios, version: 15.2(7)E10,"
        + " model: WS-C2960X-24TS-L, serial: FOC0009N, faults: [hang_after_login]}\n",
        label="hung",
    )
    inv = inventory(
        list(cluster.zones.values()),
        {**PLATFORMS, "n-hung": "cisco_ios"},
        tmp_path / "inventory.yaml",
        extra={"north": hung},
    )

    def interrupt_when_only_the_hung_device_is_left() -> None:
        deadline = time.monotonic() + 60
        with psycopg.connect(cluster.store, autocommit=True) as db:
            while time.monotonic() < deadline:
                row = db.execute(
                    "SELECT r.run_id FROM runs r WHERE r.finished_at IS NULL AND"
                    " (SELECT COUNT(*) FROM device_results d WHERE d.run_id = r.run_id) = %s",
                    (len(PLATFORMS),),
                ).fetchone()
                if row:
                    os.kill(os.getpid(), signal.SIGINT)
                    return
                time.sleep(0.05)

    watcher = threading.Thread(target=interrupt_when_only_the_hung_device_is_left)
    watcher.start()
    assert audit(cluster, tmp_path / "first", inv) == 130
    watcher.join()
    with open_store(cluster.store, create=False) as store:
        first = store.load_run(store.resolve_run_id("latest"))
        assert store.runs()[0].state == "interrupted"
    causes = {r.device.name: r.cause.value if r.cause else None for r in first.results}
    assert causes["n-hung"] == "interrupted" and causes["n-xe-vuln"] is None
    code = main(
        [
            *("audit", "--inventory", str(inv), "--resume", "latest", "--quiet"),
            *("--engine", "celery", "--broker", cluster.broker, "--store", cluster.store),
            *("--out", str(tmp_path / "resumed"), *COMMON),
        ]
    )
    assert code == 0
    with open_store(cluster.store, create=False) as store:
        resumed = store.load_run(first.run_id)
        assert store.runs()[0].state == "finished"
    assert rows_per_device(cluster.store, first.run_id) == dict.fromkeys([*PLATFORMS, "n-hung"], 1)
    last = {r.device.name: r for r in resumed.results}
    assert (last["n-hung"].status.value, last["n-hung"].cause.value) == ("failed", "timeout")
    assert last["n-xe-vuln"] == next(r for r in first.results if r.device.name == "n-xe-vuln")


def test_the_task_payload_names_credentials_but_never_carries_them() -> None:
    from datetime import date

    from auditor.audit import AuditOptions
    from auditor.distributed.payload import Task
    from auditor.models import Device

    device = Device(
        name="core-1",
        host="127.0.0.1",
        platform="cisco_xe",
        username="audit",
        data=(("password_env", "CORE_PW"), ("zone", "dc1")),
    )
    task = Task("r1", "dc1", device, AuditOptions(as_of=date(2026, 6, 1)), "ab" * 32, "v1")
    text = json.dumps(task.encode())
    assert "CORE_PW" in text and 'password"' not in text
    assert Task.decode(json.loads(text)) == Task(
        "r1",
        "dc1",
        device,
        AuditOptions(as_of=date(2026, 6, 1), workers=1),
        "ab" * 32,
        "v1",
    )
