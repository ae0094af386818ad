"""Two zones on one machine: mock devices and `auditor worker`s, each zone on its own network.

As root with `ip netns` available, each zone is a network namespace: its mock devices listen
on the namespace's own 127.0.0.1 and its worker runs inside it, so a zone's devices are
reachable from its worker only (the host, the other zone and the dispatcher cannot connect).
Workers reach Redis and PostgreSQL through their Unix sockets, which the file system shares
across namespaces. Elsewhere the zones fall back to loopback ports on the host (`isolated`
is False), and the tests say so in their skip/print output.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

PASSWORD = "Pw-z0ne-Secret-41"
VISIBILITY_S = 12.0
"""Workers hand out a dead worker's task again after this long (above DEVICE_TIMEOUT)."""
DEVICE_TIMEOUT = "10"


def namespaces_work() -> bool:
    """Root and `ip netns` (AUDITOR_TEST_NO_NETNS=1 forces the loopback fallback)."""
    if os.environ.get("AUDITOR_TEST_NO_NETNS") or os.geteuid() != 0 or not shutil.which("ip"):
        return False
    probe = f"auditor-probe-{os.getpid()}"
    made = subprocess.run(["ip", "netns", "add", probe], capture_output=True).returncode == 0
    if made:
        subprocess.run(["ip", "netns", "del", probe], capture_output=True)
    return made


@dataclass
class Zone:
    name: str
    folder: Path
    netns: str | None
    fleet: subprocess.Popen[bytes] | None = None
    ports: dict[str, int] = field(default_factory=dict)
    extra: list[subprocess.Popen[bytes]] = field(default_factory=list)
    workers: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def prefix(self) -> list[str]:
        """How to run a command inside the zone (nothing without namespaces)."""
        return ["ip", "netns", "exec", self.netns] if self.netns else []

    def create(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.netns:
            subprocess.run(["ip", "netns", "add", self.netns], check=True)
            subprocess.run([*self.prefix, "ip", "link", "set", "lo", "up"], check=True)

    def serve(self, fleet_yaml: str, label: str = "fleet") -> dict[str, int]:
        """Serve mock devices inside the zone; the zone's main fleet, or `label`led extras."""
        fleet_file, ready = self.folder / f"{label}.yaml", self.folder / f"{label}.json"
        fleet_file.write_text(fleet_yaml)
        process = subprocess.Popen(
            [*self.prefix, sys.executable, "-m", "mock_devices", "serve", str(fleet_file)]
            + ["--ready-file", str(ready), "--log-dir", str(self.folder / f"{label}-commands")],
            stdout=subprocess.DEVNULL,
            stderr=(self.folder / f"{label}.log").open("wb"),
        )
        ports: dict[str, int] = json.loads(_wait_for_file(ready, process).read_text())
        if label == "fleet":
            self.fleet, self.ports = process, ports
        else:
            self.extra.append(process)
        return ports

    def commands(self, device: str) -> list[str]:
        """Every line the zone's mock device received (its command log)."""
        path = self.folder / "fleet-commands" / f"{device}.log"
        return path.read_text().splitlines() if path.exists() else []

    def start_worker(self, broker: str, store: str, label: str) -> subprocess.Popen[bytes]:
        """An `auditor worker` for this zone, with the zone's password in its environment."""
        env = dict(os.environ, AUDITOR_PASSWORD=PASSWORD, PYTHONUNBUFFERED="1")
        log = self.folder / f"worker-{label}.log"
        process = subprocess.Popen(
            [*self.prefix, sys.executable, "-m", "auditor", "worker", "--zone", self.name]
            + ["--broker", broker, "--store", store, "--concurrency", "4"]
            + ["--name", f"{self.name}.{label}@test", "--visibility-timeout", str(VISIBILITY_S)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log.open("wb"),
        )
        self.workers[label] = process
        _wait_for_text(log, "ready.", process)
        return process

    def stop(self) -> None:
        for process in [*self.workers.values(), self.fleet, *self.extra]:
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait(10)
        if self.netns:
            subprocess.run(["ip", "netns", "del", self.netns], capture_output=True)


def make_zones(names: Sequence[str], root: Path, isolated: bool) -> list[Zone]:
    tag = uuid.uuid4().hex[:6]
    return [Zone(n, root / n, f"auditor-{n}-{tag}" if isolated else None) for n in names]


def inventory(
    zones: Sequence[Zone],
    platforms: dict[str, str],
    path: Path,
    extra: dict[str, dict[str, int]] | None = None,
) -> Path:
    """Every zone's devices (and `extra`: zone name → {device: port}) with their zone."""
    lines = ["defaults:", "  username: audit", "hosts:"]
    for zone in zones:
        for name, port in {**zone.ports, **(extra or {}).get(zone.name, {})}.items():
            lines += [
                f"  {name}:",
                "    host: 127.0.0.1",
                f"    port: {port}",
                f"    platform: {platforms[name]}",
                "    site: lab",
                f"    zone: {zone.name}",
            ]
    path.write_text("\n".join(lines) + "\n")
    return path


def _wait_for_file(path: Path, process: subprocess.Popen[bytes], limit: float = 30) -> Path:
    deadline = time.monotonic() + limit
    while not path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{path} never appeared (process exit {process.poll()})")
        time.sleep(0.05)
    return path


def _wait_for_text(path: Path, text: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while text not in (path.read_text(errors="replace") if path.exists() else ""):
        if process.poll() is not None or time.monotonic() > deadline:
            tail = path.read_text(errors="replace")[-2000:] if path.exists() else ""
            raise RuntimeError(f"worker did not start (exit {process.poll()}):\n{tail}")
        time.sleep(0.1)
