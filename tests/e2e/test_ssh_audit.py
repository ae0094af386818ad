"""End to end over real SSH: mock devices on 127.0.0.1, the real netmiko collector, reports.

Each mock device is set up to be something (current, vulnerable, past end of support, wrong
password, silent...) and the JSON report must say exactly that. The mock devices' command logs
prove the auditor only sent allow-listed commands.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.platforms import get_platform
from mock_devices import DeviceSpec, MockFleet

DATA = Path(__file__).parents[1] / "data" / "catalogue"
PASSWORD = "s3cret-Test-pw"
DEVICE_TIMEOUT = 12

# name: (platform, version, model, expected status, expected cause, faults)
FLEET = {
    "xe-current": ("cisco_xe", "17.12.4", "C9300-48P", "current", None, []),
    "xe-vulnerable": ("cisco_xe", "17.9.3", "C9300-24T", "vulnerable", None, []),
    "xe-dead": ("cisco_xe", "16.9.4", "C9500-40X", "unsupportable", None, []),
    "ios-outdated": ("cisco_ios", "15.2(7)E10", "WS-C2960X-48FPD-L", "outdated", None, []),
    "junos-dead": ("juniper_junos", "20.4R3-S2", "MX204", "unsupportable", None, []),
    "junos-vulnerable": ("juniper_junos", "23.4R2-S2", "MX304", "vulnerable", None, []),
    "eos-outdated": ("arista_eos", "4.30.1M", "DCS-7050SX3-48YC8", "outdated", None, []),
    "nxos-unknown": ("cisco_nxos", "9.3(10)", "N9K-C93180YC-FX", "unknown", None, []),
    "vrp-at-risk": ("huawei", "V800R021C10SPC600", "NE40E-X8A", "unsupportable", None, []),
    "ios-badpass": (
        "cisco_ios",
        "15.2(7)E10",
        "WS-C2960X-24TS-L",
        "failed",
        "auth",
        ["wrong_password"],
    ),
    "xe-silent": ("cisco_xe", "17.12.4", "C9300-48P", "failed", "timeout", ["hang_after_accept"]),
}


@pytest.fixture(scope="module")
def fleet() -> Iterator[MockFleet]:
    specs = [
        DeviceSpec(
            name=name,
            platform=platform,
            hostname=name if name != "xe-current" else "<script>alert(1)</script>",
            version=version,
            model=model,
            serial=f"FOC{i:04d}X0AB",
            username="audit",
            password=PASSWORD,
            faults=tuple(faults),
        )
        for i, (name, (platform, version, model, _, _, faults)) in enumerate(FLEET.items())
    ]
    with MockFleet(specs, host="127.0.0.1") as running:
        yield running


@pytest.fixture(scope="module")
def audit(
    fleet: MockFleet, tmp_path_factory: pytest.TempPathFactory
) -> tuple[int, dict, Path, float]:  # type: ignore[type-arg]
    tmp = tmp_path_factory.mktemp("e2e")
    lines = ["defaults:", "  username: audit", "hosts:"]
    for name, (platform, *_rest) in FLEET.items():
        lines += [
            f"  {name}:",
            "    host: 127.0.0.1",
            f"    port: {fleet.ports[name]}",
            f"    platform: {platform}",
            "    site: lab",
        ]
    inventory = tmp / "inventory.yaml"
    inventory.write_text("\n".join(lines) + "\n")
    out = tmp / "reports"
    mp = pytest.MonkeyPatch()
    mp.setenv("AUDITOR_PASSWORD", PASSWORD)
    started = time.monotonic()
    try:
        code = main(
            [
                "audit",
                "--inventory",
                str(inventory),
                "--catalogue",
                str(DATA),
                "--out",
                str(out),
                "--as-of",
                "2026-06-01",
                "--connect-timeout",
                "3",
                "--device-timeout",
                str(DEVICE_TIMEOUT),
                "--workers",
                "6",
                "--quiet",
                "--strict",
            ]
        )
    finally:
        mp.undo()
    elapsed = time.monotonic() - started
    return code, json.loads((out / "report.json").read_text()), out, elapsed


def test_every_device_gets_the_status_it_was_set_up_for(audit) -> None:  # type: ignore[no-untyped-def]
    _, report, _, _ = audit
    got = {d["name"]: (d["status"], d["cause"]) for d in report["devices"]}
    want = {name: (spec[3], spec[4]) for name, spec in FLEET.items()}
    assert got == want


def test_facts_come_from_the_device(audit) -> None:  # type: ignore[no-untyped-def]
    _, report, _, _ = audit
    by_name = {d["name"]: d for d in report["devices"]}
    for name, (_platform, version, model, status, *_rest) in FLEET.items():
        if status == "failed":
            continue
        facts = by_name[name]["facts"]
        assert facts["version"] == version, name
        assert facts["model"] == model, name
        assert by_name[name]["evidence"][0]["sha256"]


def test_failures_are_isolated_and_the_run_keeps_its_deadline(audit) -> None:  # type: ignore[no-untyped-def]
    code, report, _, elapsed = audit
    assert code == 3  # --strict: some devices could not be audited
    by_name = {d["name"]: d for d in report["devices"]}
    assert "authentication" in by_name["ios-badpass"]["error"]
    assert by_name["xe-silent"]["duration_s"] <= DEVICE_TIMEOUT + 1
    assert elapsed < 2 * DEVICE_TIMEOUT + 10


def test_only_allow_listed_commands_were_sent(audit, fleet: MockFleet) -> None:  # type: ignore[no-untyped-def]
    for name, (platform_name, *_rest) in FLEET.items():
        platform = get_platform(platform_name)
        allowed = set(platform.commands) | set(platform.session_commands) | {""}
        log = fleet.command_log(name)
        assert set(log) <= allowed, (name, sorted(set(log) - allowed))
        if FLEET[name][3] != "failed":
            assert platform.version_command in log


def test_device_strings_are_escaped_in_html(audit) -> None:  # type: ignore[no-untyped-def]
    _, _, out, _ = audit
    html = (out / "report.html").read_text()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_secret_never_reaches_a_report(audit) -> None:  # type: ignore[no-untyped-def]
    _, _, out, _ = audit
    for path in out.iterdir():
        assert PASSWORD not in path.read_text(), path.name


def test_all_formats_written(audit) -> None:  # type: ignore[no-untyped-def]
    _, report, out, _ = audit
    assert sorted(p.name for p in out.iterdir()) == [
        "report.csv",
        "report.html",
        "report.json",
        "report.md",
    ]
    assert report["schema"] == "auditor-report/1"
    csv_lines = (out / "report.csv").read_text().splitlines()
    assert csv_lines[0].startswith("device,host,site")
    assert len(csv_lines) == len(FLEET) + 1
