"""How heavy is a mock fleet? Start time, memory, and server CPU per audited session.

Runs ``python -m mock_devices serve`` in a child process (so the figures are the server's
alone), waits for its ready file, then drives short SSH sessions the way an audit does
(login, ``terminal length 0``, version command, ``exit``) with asyncssh clients and divides
the child's CPU time by the number of sessions. Prints figures; asserts nothing.

    python benchmarks/mock_fleet.py [--count 1000] [--sessions 100] [--concurrency 10]

Targets (issue 6): 1,000 devices start under 5 s, under 300 MB RSS, under 10 ms CPU/session.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asyncssh

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fleet import proc_cpu  # noqa: E402  (a sibling script: benchmarks/ is on sys.path when run)

from mock_devices.generate import DEFAULT_MIX, generate_fleet  # noqa: E402

HOST = "127.0.0.1"
PROMPT = re.compile(r"[>#\]]\s?$")
SETUP = {"juniper_junos": "set cli screen-length 0", "huawei": "screen-length 0 temporary"}
VERSION = {"huawei": "display version"}


def _proc_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _read_prompt(proc: asyncssh.SSHClientProcess[str]) -> str:
    buf = ""
    while not PROMPT.search(buf):
        chunk = await proc.stdout.read(65536)
        if not chunk:
            raise ConnectionError("session closed before prompt")
        buf += chunk
    return buf


async def one_session(port: int, platform: str, password: str) -> None:
    async with asyncssh.connect(
        HOST, port, username="audit", password=password, known_hosts=None, preferred_auth="password"
    ) as conn:
        proc = await conn.create_process(term_type="vt100", term_size=(511, 1000))
        await _read_prompt(proc)
        for command in (
            SETUP.get(platform, "terminal length 0"),
            VERSION.get(platform, "show version"),
        ):
            proc.stdin.write(command + "\n")
            await _read_prompt(proc)
        proc.stdin.write("exit\n")
        proc.stdin.write_eof()
        await proc.wait_closed()


async def run_sessions(targets: list[tuple[int, str]], concurrency: int, password: str) -> float:
    sem = asyncio.Semaphore(concurrency)

    async def bounded(port: int, platform: str) -> None:
        async with sem:
            await one_session(port, platform, password)

    started = time.perf_counter()
    await asyncio.gather(*(bounded(p, pl) for p, pl in targets))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1000, help="devices to serve (default 1000)")
    parser.add_argument("--sessions", type=int, default=100, help="sessions to time (default 100)")
    parser.add_argument(
        "--concurrency", type=int, default=10, help="parallel sessions (default 10)"
    )
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        fleet_file = Path(tmp) / "fleet.yaml"
        ready = Path(tmp) / "ready.json"
        fleet_file.write_text(generate_fleet(args.count, DEFAULT_MIX, seed=args.seed, fault_rate=0))
        platforms = {
            d["name"]: d["platform"]
            for d in __import__("yaml").safe_load(fleet_file.read_text())["devices"]
        }
        started = time.perf_counter()
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mock_devices",
                "serve",
                str(fleet_file),
                "--ready-file",
                str(ready),
            ],
            cwd=ROOT,
            stderr=subprocess.DEVNULL,
        )
        try:
            while not ready.exists():
                if child.poll() is not None:
                    raise SystemExit(f"server exited with {child.returncode}")
                if time.perf_counter() - started > 120:
                    raise SystemExit("server not ready after 120 s")
                time.sleep(0.02)
            start_s = time.perf_counter() - started
            ports: dict[str, int] = json.loads(ready.read_text())
            rss_idle = _proc_rss_mb(child.pid)
            rng = random.Random(args.seed)
            names = rng.sample(sorted(ports), min(args.sessions, len(ports)))
            while len(names) < args.sessions:
                names.append(rng.choice(sorted(ports)))
            targets = [(ports[n], platforms[n]) for n in names]
            cpu_before = proc_cpu(child.pid)
            wall = asyncio.run(run_sessions(targets, args.concurrency, "demo-password"))
            cpu = proc_cpu(child.pid) - cpu_before
            rss_busy = _proc_rss_mb(child.pid)
        finally:
            child.terminate()
            child.wait(10)

    print(f"devices                      {args.count}")
    print(f"start (spawn -> all listen)  {start_s:.2f} s   (target < 5 s for 1,000)")
    print(f"server RSS idle / after      {rss_idle:.0f} MB / {rss_busy:.0f} MB   (target < 300 MB)")
    print(
        f"sessions                     {args.sessions} ({args.concurrency} in parallel), {wall:.2f} s wall"
    )
    print(f"server CPU per session       {1000 * cpu / args.sessions:.1f} ms   (target < 10 ms)")


if __name__ == "__main__":
    main()
