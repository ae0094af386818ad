"""``python -m mock_devices serve|generate``: run a fleet from a file, or write one.

``serve`` is for humans and for other processes (the demo, CI jobs in another language):
it writes ``{name: port}`` to ``--ready-file`` once every device listens, so a caller can
wait for the file instead of sleeping.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from pathlib import Path

from mock_devices.fleet import FleetError, load_fleet
from mock_devices.generate import DEFAULT_MIX, generate_fleet, parse_mix
from mock_devices.profile import ProfileError
from mock_devices.server import MockFleet, check_loopback


def _write_atomic(path: Path, text: str) -> None:
    """Readers polling for the file never see it half-written."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def serve(args: argparse.Namespace) -> int:
    specs = load_fleet(args.fleet)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    fleet = MockFleet(specs, host=args.host, log_dir=args.log_dir)
    fleet.start()
    try:
        if args.known_hosts:
            _write_atomic(Path(args.known_hosts), "\n".join(fleet.known_hosts()) + "\n")
        if args.ready_file:
            _write_atomic(Path(args.ready_file), json.dumps(fleet.ports, indent=1) + "\n")
        print(f"serving {len(specs)} mock devices on {args.host} (Ctrl-C to stop)", file=sys.stderr)
        for name, port in fleet.ports.items():
            eapi = fleet.eapi_ports.get(name)
            extra = f"  (eAPI https {eapi})" if eapi else ""
            print(f"  {name:<24} {port}{extra}", file=sys.stderr)
        while not stop.wait(0.5):
            pass
    finally:
        fleet.stop()
    return 0


def generate(args: argparse.Namespace) -> int:
    mix = parse_mix(args.mix) if args.mix else DEFAULT_MIX
    sys.stdout.write(generate_fleet(args.count, mix, seed=args.seed, fault_rate=args.fault_rate))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m mock_devices", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("serve", help="serve a fleet file until SIGINT/SIGTERM")
    p.add_argument("fleet", type=Path, help="fleet YAML file")
    p.add_argument("--host", default="127.0.0.1", type=check_loopback, help="loopback address")
    p.add_argument("--ready-file", type=Path, help="write {name: port} JSON here when listening")
    p.add_argument("--log-dir", type=Path, help="write <name>.log command logs here")
    p.add_argument("--known-hosts", type=Path, help="write known_hosts lines (shared key) here")
    p.set_defaults(func=serve)
    g = sub.add_parser("generate", help="print a realistic fleet file to stdout")
    g.add_argument("--count", type=int, default=100, help="number of devices (default 100)")
    g.add_argument("--mix", help="platform weights, e.g. cisco_xe=40,juniper_junos=20,huawei=10")
    g.add_argument("--seed", type=int, default=1, help="random seed (same seed, same fleet)")
    g.add_argument("--fault-rate", type=float, default=0.03, help="share of faulty devices")
    g.set_defaults(func=generate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (FleetError, ProfileError, ValueError) as exc:
        print(f"mock_devices: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
