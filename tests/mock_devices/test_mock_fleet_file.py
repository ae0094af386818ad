"""Fleet files, the demo fleet, the generator, log files and the serve CLI."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mock_devices import DeviceSpec, FleetError, MockFleet, load_fleet
from mock_devices.cmdlog import safe_filename
from mock_devices.generate import DEFAULT_MIX, generate_fleet

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "mock_devices" / "demo_fleet.yaml"


def test_demo_fleet_covers_the_estate() -> None:
    specs = load_fleet(DEMO)
    assert len(specs) >= 12
    platforms = {s.platform for s in specs}
    assert {
        "cisco_ios",
        "cisco_xe",
        "cisco_nxos",
        "juniper_junos",
        "arista_eos",
        "huawei",
    } <= platforms
    assert all(s.username == "audit" and s.password == "demo-password" for s in specs)
    assert {f.name for s in specs for f in s.faults} >= {"wrong_password", "hang_after_accept"}
    assert len({s.version for s in specs if s.platform == "cisco_xe"}) >= 3  # trains spread


def test_errors_name_file_line_and_device(tmp_path: Path) -> None:
    bad = tmp_path / "fleet.yaml"
    bad.write_text(
        "devices:\n"
        "  - {name: a, platform: cisco_ios, version: '15.2(7)E10', username: u, password: p}\n"
        "  - name: b\n    platform: cisco_iso\n    version: '1'\n    username: u\n    password: p\n"
        "  - {name: a, platform: cisco_ios, version: '1', username: u, password: p, faults: [frob]}\n"
        "  - {name: c, platform: cisco_ios, username: u, password: p, uptime: soon}\n"
    )
    with pytest.raises(FleetError) as err:
        load_fleet(bad)
    text = str(err.value)
    assert f"{bad}:3: devices[1] (b): unknown platform 'cisco_iso'" in text
    assert f"{bad}:8: devices[2] (a): unknown fault 'frob'" in text
    assert "devices[3] (c): missing required key(s): version" in text


def test_not_a_fleet(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("- 1\n")
    with pytest.raises(FleetError, match="'devices:' list"):
        load_fleet(tmp_path / "x.yaml")
    with pytest.raises(FleetError, match="cannot read"):
        load_fleet(tmp_path / "missing.yaml")


def test_generate_is_deterministic_and_loadable(tmp_path: Path) -> None:
    text = generate_fleet(200, DEFAULT_MIX, seed=7)
    assert text == generate_fleet(200, DEFAULT_MIX, seed=7)
    (tmp_path / "g.yaml").write_text(text)
    specs = load_fleet(tmp_path / "g.yaml")
    assert len(specs) == 200 and len({s.platform for s in specs}) == len(DEFAULT_MIX)
    assert any(s.faults for s in specs)


def test_safe_filename() -> None:
    assert safe_filename("lon-core-01") == "lon-core-01"
    for evil in ("../x", "a/b", ".hidden", "", "a\x00b"):
        name = safe_filename(evil)
        assert "/" not in name and not name.startswith(".") and name
    assert safe_filename("a/b") != safe_filename("a_b")


def test_only_loopback() -> None:
    with pytest.raises(ValueError, match="loopback"):
        MockFleet([], host="0.0.0.0")
    with pytest.raises(ValueError, match="loopback"):
        MockFleet([], host="localhost")


def test_log_dir_gets_one_file_per_device(tmp_path: Path) -> None:
    spec = DeviceSpec(
        "../evil", "arista_eos", "leaf", "4.33.4M", "DCS-7050SX3-48YC8", "JPE1", "audit", "pw"
    )
    with MockFleet([spec], log_dir=tmp_path) as fleet:
        import asyncio

        import asyncssh

        async def run() -> None:
            async with asyncssh.connect(
                "127.0.0.1",
                fleet.ports["../evil"],
                username="audit",
                password="pw",
                known_hosts=None,
            ) as conn:
                await conn.run("show version")

        asyncio.run(run())
        assert fleet.command_log("../evil") == ["show version"]
    (log,) = tmp_path.iterdir()
    assert log.parent == tmp_path and log.read_text() == "show version\n"


def test_serve_cli_writes_ready_file_and_stops_on_sigterm(tmp_path: Path) -> None:
    ready = tmp_path / "ready.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mock_devices", "serve", str(DEMO), "--ready-file", str(ready), "--log-dir", str(tmp_path / "logs")],
        env=env, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        ports = json.loads(ready.read_text())
        assert set(ports) == {s.name for s in load_fleet(DEMO)}
        socket.create_connection(("127.0.0.1", ports["lon-core-01"]), timeout=2).close()
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0


def test_serve_cli_rejects_bad_input(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "mock_devices", "serve", str(tmp_path / "nope.yaml")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2 and "cannot read fleet file" in run.stderr
    run = subprocess.run(
        [sys.executable, "-m", "mock_devices", "serve", str(DEMO), "--host", "10.0.0.1"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2 and "loopback" in run.stderr


def test_generate_cli_serves_an_estate_the_auditor_reads(tmp_path: Path) -> None:
    """`python -m mock_devices generate --mix` with every platform: a file a person can read
    (no YAML anchors), which `serve` accepts and every device of which the auditor reads."""
    from auditor.cli import main as auditor_main
    from mock_devices.profile import known_platforms

    mix = ",".join(f"{p}=1" for p in known_platforms())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "mock_devices", "generate", "--count", "40", "--mix", mix, "--seed", "5", "--fault-rate", "0.1"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "&id" not in run.stdout and "*id" not in run.stdout
    (tmp_path / "fleet.yaml").write_text(run.stdout)
    specs = load_fleet(tmp_path / "fleet.yaml")
    assert len(specs) == 40 and len({s.platform for s in specs}) >= 12  # a real mix
    healthy = [s for s in specs if not s.faults]
    assert healthy and len(healthy) < len(specs)  # "some faults"
    with MockFleet(healthy) as fleet:
        inventory = tmp_path / "inventory.yaml"
        lines = ["defaults: {username: audit}", "hosts:"]
        lines += [f"  {s.name}: {{host: 127.0.0.1, port: {fleet.ports[s.name]}, platform: {s.platform}}}" for s in healthy]  # fmt: skip
        inventory.write_text("\n".join(lines) + "\n")
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("AUDITOR_PASSWORD", "demo-password")
            code = auditor_main(
                ["audit", "--inventory", str(inventory), "--catalogue", str(ROOT / "catalogue"), "--out", str(tmp_path / "out"),
                 "--no-store", "--quiet", "--connect-timeout", "3", "--device-timeout", "20", "--as-of", "2026-11-28"]
            )  # fmt: skip
    assert code == 0
    report = {
        d["name"]: d for d in json.loads((tmp_path / "out" / "report.json").read_text())["devices"]
    }
    for spec in healthy:
        facts = report[spec.name]["facts"]
        assert facts is not None, (spec.name, spec.platform, report[spec.name]["error"])
        assert facts["version"] == spec.version, (spec.name, spec.platform)
