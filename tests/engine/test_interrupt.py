"""Ctrl-C, SIGTERM or the whole-run deadline in the middle of `auditor audit`: partial
results kept, every device accounted for, and `--resume` audits exactly what was cut.

`auditor audit` runs as a real subprocess against a small mock fleet whose devices answer
slowly (mock latency). The signal is sent once the first device's result line is printed.
What a person must then find: exit code 130, reports and a history store that list every
device of the inventory, the audited ones with their facts and the others `interrupted`, a
run shown as interrupted, and a resume that goes back to the interrupted devices only.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from auditor.models import Cause
from auditor.store import open_store
from mock_devices import DeviceSpec, Latency, MockFleet

REPO = Path(__file__).parents[2]
CATALOGUE = REPO / "tests" / "data" / "catalogue"
PASSWORD = "Interrupt-Test-pw-5"
ENV = {**os.environ, "AUDITOR_PASSWORD": PASSWORD, "AUDITOR_ALLOWED_NETWORKS": "127.0.0.0/8"}
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


def _inventory(fleet: MockFleet, folder: Path, names: Iterable[str] = FLEET) -> Path:
    lines = ["defaults:", "  username: audit", "  platform: cisco_xe", "hosts:"]
    for name in names:
        lines += [f"  {name}:", "    host: 127.0.0.1", f"    port: {fleet.ports[name]}"]
    path = folder / "inventory.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def _audit_command(inventory: Path, folder: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "auditor", "audit",
        "--inventory", str(inventory),
        "--catalogue", str(CATALOGUE),
        "--out", str(folder / "reports"),
        "--store", str(folder / "history.sqlite3"),
        "--as-of", "2026-06-01",
        "--engine", "asyncssh",
        "--workers", "2",
        "--device-timeout", "60",
        *extra,
    ]  # fmt: skip


def _audit(command: list[str]) -> tuple[int, str]:
    """Run `auditor audit` to its end; (exit code, stderr)."""
    done = subprocess.run(
        command, cwd=REPO, env=ENV, capture_output=True, text=True, timeout=120, check=False
    )
    return done.returncode, done.stderr


def _audit_then_signal(fleet: MockFleet, folder: Path, sig: signal.Signals) -> tuple[int, str]:
    """Start `auditor audit`, send `sig` after the first result line; (exit code, stderr)."""
    # --run-timeout is a safety net: the signal should come long before
    command = _audit_command(_inventory(fleet, folder), folder, "--run-timeout", "45")
    proc = subprocess.Popen(
        command, cwd=REPO, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
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

    # the history has the same run: interrupted, every device, resumable
    with open_store(tmp_path / "history.sqlite3", create=False) as store:
        (summary,) = store.runs()
        assert (summary.run_id, summary.state) == (report["run"]["id"], "interrupted")
        stored = store.load_run(summary.run_id)
        assert {r.device.name: r.status.value for r in stored.results} == {
            n: d["status"] for n, d in by_name.items()
        }
        assert sorted(store.unfinished_devices(summary.run_id, list(FLEET))) == sorted(interrupted)

    # a resume goes back to the interrupted devices only (cut again here: they are slow)
    resume = ("--resume", "latest", "--run-timeout", "2", "--log-format", "json")
    code, stderr = _audit(_audit_command(_inventory(fleet, tmp_path), tmp_path, *resume))
    assert code == 0, stderr
    assert sorted(_devices_audited(stderr)) == sorted(interrupted)


def _devices_audited(json_log: str) -> list[str]:
    records = [json.loads(line) for line in json_log.splitlines()]
    return [r["device"] for r in records if r["event"] == "device"]


def test_the_run_deadline_marks_what_it_cut_and_resume_audits_it(
    fleet: MockFleet, tmp_path: Path
) -> None:
    """--run-timeout cuts a device mid-session (slow-1 starts first) and leaves others
    unstarted: all of them `interrupted`, the run itself not, and --resume takes them up."""
    order = ["slow-1", "quick-1", "quick-2", "slow-2", "slow-3", "slow-4"]
    inventory = _inventory(fleet, tmp_path, order)
    deadline = ("--run-timeout", "5", "--strict", "--log-format", "json")
    code, stderr = _audit(_audit_command(inventory, tmp_path, *deadline))
    assert code == 3, stderr  # not interrupted (no 130), but incomplete: --strict says so
    assert "Traceback" not in stderr
    with open_store(tmp_path / "history.sqlite3", create=False) as store:
        (summary,) = store.runs()
        assert summary.state == "finished"
        run = store.load_run(summary.run_id)
        unfinished = store.unfinished_devices(summary.run_id, order)
    by_name = {r.device.name: r for r in run.results}
    assert [r.device.name for r in run.results] == order
    slow = [n for n in order if n.startswith("slow")]
    for name in slow:  # 30 s per command: none can have finished in 5 s
        assert by_name[name].cause is Cause.INTERRUPTED, (name, by_name[name].error)
        assert "whole-run deadline (5 s)" in (by_name[name].error or "")
    cut = by_name["slow-1"]
    assert cut.started_at is not None and "before the device answered" in (cut.error or "")
    assert not run.interrupted
    assert unfinished == [n for n in order if by_name[n].cause is Cause.INTERRUPTED]
    assert set(slow) <= set(unfinished)

    resume = ("--resume", summary.run_id, "--run-timeout", "2", "--log-format", "json")
    code, stderr = _audit(_audit_command(inventory, tmp_path, *resume))
    assert code == 0, stderr
    assert sorted(_devices_audited(stderr)) == sorted(unfinished)
