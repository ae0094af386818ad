"""`auditor audit --from-dir`: captures a backup tool already holds give the live audit's answer.

The captures are taken from mock devices over real SSH with plain netmiko (as Oxidized or RANCID
would), then audited offline; the offline report must agree with a live audit of the same
devices, device by device, with no connection made.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from netmiko import ConnectHandler

from auditor.cli import main
from auditor.platforms import get_platform
from mock_devices import DeviceSpec, MockFleet

DATA = Path(__file__).parents[1] / "data" / "catalogue"
PASSWORD = "offline-Test-pw"

# name: (platform, version, model)
FLEET = {
    "xe-vulnerable": ("cisco_xe", "17.9.3", "C9300-24T"),
    "junos-dead": ("juniper_junos", "20.4R3-S2", "MX204"),
    "eos-outdated": ("arista_eos", "4.30.1M", "DCS-7050SX3-48YC8"),
}
COMMON = ["--catalogue", str(DATA), "--as-of", "2026-06-01", "--quiet"]


@pytest.fixture(scope="module")
def fleet() -> Iterator[MockFleet]:
    specs = [
        DeviceSpec(name, platform, name, version, model, f"SER{i}", "audit", PASSWORD)
        for i, (name, (platform, version, model)) in enumerate(FLEET.items())
    ]
    with MockFleet(specs, host="127.0.0.1") as running:
        yield running


def _capture(fleet: MockFleet, name: str, command: str | None = None) -> str:
    """What a config-backup tool stores: the version command's output, taken with netmiko."""
    platform = get_platform(FLEET[name][0])
    command = command or platform.version_command
    conn = ConnectHandler(
        device_type=platform.device_type,
        host="127.0.0.1",
        port=fleet.ports[name],
        username="audit",
        password=PASSWORD,
    )
    try:
        return str(conn.send_command(command))
    finally:
        conn.disconnect()


@pytest.fixture(scope="module")
def reports(fleet: MockFleet, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict, Path]:  # type: ignore[type-arg]
    tmp = tmp_path_factory.mktemp("offline")
    inventory = tmp / "inventory.yaml"
    lines = ["defaults:", "  username: audit", "hosts:"]
    for name, (platform, *_rest) in FLEET.items():
        lines += [f"  {name}:", "    host: 127.0.0.1", f"    port: {fleet.ports[name]}"]
        lines += [f"    platform: {platform}", "    site: lab"]
    inventory.write_text("\n".join(lines) + "\n")
    captures = tmp / "captures"
    captures.mkdir()
    for name in FLEET:
        (captures / f"{name}.txt").write_text(_capture(fleet, name))
    (captures / "junos-dead.meta.yaml").write_text("platform: juniper_junos\nsite: lab\n")
    os.environ["AUDITOR_PASSWORD"] = PASSWORD
    try:
        assert (
            main(["audit", "--inventory", str(inventory), "--out", str(tmp / "live"), *COMMON]) == 0
        )
    finally:
        del os.environ["AUDITOR_PASSWORD"]
    for name in FLEET:
        fleet.clear_command_log(name)
    # offline: the inventory names the platforms of two captures, a sidecar the third
    code = main(
        ["audit", "--from-dir", str(captures), "--inventory", str(inventory), "--out", str(tmp / "off"), *COMMON]
    )  # fmt: skip
    assert code == 0
    live = json.loads((tmp / "live" / "report.json").read_text())
    offline = json.loads((tmp / "off" / "report.json").read_text())
    return live, offline, captures


def _by_name(report: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {d["name"]: d for d in report["devices"]}


def test_offline_audit_agrees_with_live(reports) -> None:  # type: ignore[no-untyped-def]
    live, offline, _ = reports
    live_devices, offline_devices = _by_name(live), _by_name(offline)
    assert sorted(offline_devices) == sorted(FLEET)
    for name in FLEET:
        a, b = live_devices[name], offline_devices[name]
        assert b["status"] == a["status"], name
        assert b["facts"]["version"] == a["facts"]["version"] == FLEET[name][1]
        assert b["target_version"] == a["target_version"], name
        assert [f["title"] for f in b["findings"]] == [f["title"] for f in a["findings"]], name
        assert b["evidence"][0]["sha256"] == a["evidence"][0]["sha256"], name


def test_offline_audit_connects_nowhere(reports, fleet: MockFleet) -> None:  # type: ignore[no-untyped-def]
    for name in FLEET:
        assert fleet.command_log(name) == []


def test_scope_names_the_capture_folder(reports) -> None:  # type: ignore[no-untyped-def]
    _, offline, captures = reports
    assert str(captures) in offline["run"]["inventory"]["source"]
    assert len(offline["run"]["inventory"]["sha256"]) == 64


def test_capture_time_is_the_files_time(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "caps"
    folder.mkdir()
    capture = folder / "r1.txt"
    capture.write_text("Cisco IOS XE Software, Version 17.09.03\ncisco C9300-24T (X86) processor\n")
    os.utime(capture, (1_700_000_000, 1_700_000_000))  # 2023-11-14T22:13:20Z
    code = main(["audit", "--from-dir", str(folder), "--platform", "cisco_xe", "--out", str(tmp_path / "o"), *COMMON])  # fmt: skip
    assert code == 0
    report = json.loads((tmp_path / "o" / "report.json").read_text())
    assert report["devices"][0]["evidence"][0]["collected_at"].startswith("2023-11-14T22:13:20")


def test_every_capture_without_a_platform_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "caps"
    folder.mkdir()
    (folder / "a.txt").write_text("x")
    (folder / "b").write_text("y")
    (folder / "c.txt").write_text("z")
    (folder / "c.meta.yaml").write_text("platform: cisco_ios\nbogus: 1\n")
    code = main(["audit", "--from-dir", str(folder), "--out", str(tmp_path / "o"), *COMMON])
    err = capsys.readouterr().err
    assert code == 2
    assert "a.txt: no platform" in err
    assert "b: no platform" in err
    assert "c.meta.yaml:2: unknown key 'bogus'" in err
    assert "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_garbage_capture_is_a_failed_device_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "caps"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "Cisco IOS XE Software, Version 17.09.03\ncisco C9300-24T (X86) processor\n"
    )
    (folder / "junk.txt").write_bytes(b"\x00\xff" * 1000)
    code = main(["audit", "--from-dir", str(folder), "--platform", "cisco_xe", "--out", str(tmp_path / "o"), *COMMON])  # fmt: skip
    assert code == 0
    devices = _by_name(json.loads((tmp_path / "o" / "report.json").read_text()))
    assert devices["junk"]["status"] == "failed"
    assert devices["junk"]["cause"] == "unparseable"
    assert devices["good"]["facts"]["version"] == "17.9.3"


def _oxidized(platform: str, output: str, name: str) -> str:
    """A capture as Oxidized's model for the platform stores it: the version output as comments
    (`ios.rb`: a digest of `show version`; `junos.rb`: `# ` lines; EOS: `! ` lines without the
    ever-changing uptime), then the configuration."""
    lines = output.splitlines()
    if platform == "cisco_xe":
        digest = [lines[0]]
        for i, line in enumerate(lines):
            image = re.match(r"^(?:Cisco )?IOS .* Software,? \(([\w-]*)\), .*Version\s+(.*)$", line)
            if image:
                digest.append(f"Image: Software: {image[1]}, {image[2]}")
            chassis = re.search(r"(\S+)\s+\((\S+)\)\s+processor.*\s+with (\S+[kK]) bytes", line)
            if chassis:
                digest.append(f"Chassis type: {chassis[1]}")
                board = re.search(r"processor board id (\S+)", lines[i + 1], re.I)
                if board:
                    digest.append(f"Processor ID: {board[1]}")
        return "".join(f"! {x}\n" for x in digest) + f"!\nversion 17.9\nhostname {name}\n!\nend\n"
    if platform == "juniper_junos":
        return "".join(f"# {x}\n" for x in lines) + f"system {{\n    host-name {name};\n}}\n"
    kept = [x for x in lines if not re.search(r"Uptime|memory", x)]
    return "".join(f"! {x}\n" for x in kept) + f"!\nhostname {name}\n!\nend\n"


def test_oxidized_backups_audit_like_live(reports, fleet: MockFleet, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A folder as Oxidized keeps it (one file per node, no suffix, outputs as comments)."""
    live, _, captures = reports
    backups = tmp_path / "oxidized"
    backups.mkdir()
    for name, (platform, *_rest) in FLEET.items():
        output = (captures / f"{name}.txt").read_text()
        if platform == "juniper_junos":  # junos.rb keeps `show chassis hardware` too
            output += "\n" + _capture(fleet, name, "show chassis hardware")
            fleet.clear_command_log(name)  # that was the backup tool, not the offline audit
        (backups / name).write_text(_oxidized(platform, output, name))
        (backups / f"{name}.meta.yaml").write_text(f"platform: {platform}\n")
    code = main(["audit", "--from-dir", str(backups), "--out", str(tmp_path / "o"), *COMMON])
    assert code == 0
    offline = _by_name(json.loads((tmp_path / "o" / "report.json").read_text()))
    for name, want in _by_name(live).items():
        got = offline[name]
        assert got["status"] == want["status"], (name, got["error"])
        for key in ("version", "model", "serial"):
            assert got["facts"][key] == want["facts"][key], (name, key)
