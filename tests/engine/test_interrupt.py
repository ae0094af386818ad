"""Ctrl-C or SIGTERM in the middle of `auditor audit`: partial results kept, exit 130.

`auditor audit` runs as a real subprocess against a small mock fleet whose devices answer
slowly (mock latency). The signal is sent once the first device's result line is printed.
What a person must then find: exit code 130, and reports that list every device of the
inventory, the audited ones with their facts and the others marked interrupted.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mock_devices import DeviceSpec, Latency, MockFleet

REPO = Path(__file__).parents[2]
CATALOGUE = REPO / "tests" / "data" / "catalogue"
PASSWORD = "Interrupt-Test-pw-5"
FIRST_RESULT = re.compile(r"\[1/\d+\]")  # the progress line of the first device done
#: Two quick devices, then slow ones: with two at a time, the first result comes while slow
#: devices are still running or waiting, whatever the machine's speed.
FLEET = {
    "quick-1": 0.05,
    "quick-2": 0.05,
    "slow-1": 30.0,
    "slow-2": 30.0,
    "slow-3": 30.0,
    "slow-4": 30.0,
}


@pytest.fixture(scope="module")
def fleet() -> Iterator[MockFleet]:
    specs = [
        DeviceSpec(
            name=name,
            platform="cisco_xe",
            hostname=name,
            version="17.12.4",
            model="C9300-48P",
            serial="FOC0001X0AB",
            username="audit",
            password=PASSWORD,
            latency=Latency(command=delay),
        )
        for name, delay in FLEET.items()
    ]
    with MockFleet(specs, host="127.0.0.1") as running:
        yield running


def _inventory(fleet: MockFleet, folder: Path) -> Path:
    lines = ["defaults:", "  username: audit", "  platform: cisco_xe", "hosts:"]
    for name in FLEET:
        lines += [f"  {name}:", "    host: 127.0.0.1", f"    port: {fleet.ports[name]}"]
    path = folder / "inventory.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def _audit_then_signal(fleet: MockFleet, folder: Path, sig: signal.Signals) -> tuple[int, str]:
    """Start `auditor audit`, send `sig` after the first result line; (exit code, stderr)."""
    env = {**os.environ, "AUDITOR_PASSWORD": PASSWORD, "AUDITOR_ALLOWED_NETWORKS": "127.0.0.0/8"}
    command = [
        sys.executable, "-m", "auditor", "audit",
        "--inventory", str(_inventory(fleet, folder)),
        "--catalogue", str(CATALOGUE),
        "--out", str(folder / "reports"),
        "--as-of", "2026-06-01",
        "--engine", "asyncssh",
        "--workers", "2",
        "--device-timeout", "60",
        "--run-timeout", "45",  # a safety net: the signal should come long before
    ]  # fmt: skip
    proc = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stderr is not None
    seen = []
    try:
        for line in proc.stderr:
            seen.append(line)
            if FIRST_RESULT.search(line):
                proc.send_signal(sig)
                break
        _out, rest = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, "".join(seen) + rest


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_keeps_what_was_audited_and_exits_130(
    fleet: MockFleet, tmp_path: Path, sig: signal.Signals
) -> None:
    code, stderr = _audit_then_signal(fleet, tmp_path, sig)
    assert code == 130, stderr
    report = json.loads((tmp_path / "reports" / "report.json").read_text())
    assert report["run"]["interrupted"] is True
    by_name = {d["name"]: d for d in report["devices"]}
    assert sorted(by_name) == sorted(FLEET)  # every device of the inventory, once
    audited = [n for n, d in by_name.items() if d["status"] != "failed"]
    interrupted = [n for n, d in by_name.items() if d["cause"] == "interrupted"]
    assert audited and interrupted
    assert sorted(audited + interrupted) == sorted(FLEET)  # nothing else went wrong
    for name in audited:
        assert by_name[name]["facts"]["version"] == "17.12.4"
    not_started = [n for n in interrupted if "not started" in (by_name[n]["error"] or "")]
    assert not_started  # the run stopped starting sessions
    assert "Traceback" not in stderr
