"""Real audits of mock devices over SSH on 127.0.0.1, recorded in the history store.

The first test drives the Auditor with a `RunSession` the way `auditor audit` does; the others
go through the CLI (`--store`, `--metrics`, `--log-format json`, `--fail-on`, `--resume`).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from store_support import DATA

from auditor.audit import AuditOptions, Auditor
from auditor.catalogue import load_catalogue
from auditor.cli import main
from auditor.cli.progress import AuditProgress
from auditor.collect import Timeouts, get_collector
from auditor.inventory import load_inventory
from auditor.inventory.credentials import CredentialResolver
from auditor.report.view import build_view
from auditor.store import open_store
from auditor.store.session import RunSession
from mock_devices import DeviceSpec, Fault, MockFleet

PASSWORD = "Pw-st0re-Secret-77"
ENABLE = "En-st0re-Secret-88"
# name: (platform, version, model, enable secret, faults) → expected status
FLEET = {
    "xe-vuln": ("cisco_xe", "17.9.3", "C9300-24T", None, [], "vulnerable"),
    "ios-old": ("cisco_ios", "15.2(7)E10", "WS-C2960X-48FPD-L", ENABLE, [], "outdated"),
    "xe-ok": ("cisco_xe", "17.12.4", "C9300-48P", None, [], "current"),
    "ios-badpass": (
        "cisco_ios",
        "15.2(7)E10",
        "WS-C2960X-24TS-L",
        None,
        ["wrong_password"],
        "failed",
    ),
}
TIMEOUTS = ["--connect-timeout", "3", "--device-timeout", "12", "--workers", "4"]


@pytest.fixture(scope="module")
def fleet() -> Iterator[MockFleet]:
    specs = [
        DeviceSpec(
            name=name,
            platform=platform,
            hostname=name,
            version=version,
            model=model,
            serial=f"FOC{i:04d}X0ST",
            username="audit",
            password=PASSWORD,
            enable_secret=secret,
            faults=tuple(Fault.parse(f) for f in faults),
        )
        for i, (name, (platform, version, model, secret, faults, _)) in enumerate(FLEET.items())
    ]
    with MockFleet(specs, host="127.0.0.1") as running:
        yield running


@pytest.fixture()
def inventory(fleet: MockFleet, tmp_path: Path) -> Path:
    lines = ["defaults:", "  username: audit", "hosts:"]
    for name, (platform, *_rest) in FLEET.items():
        lines += [
            f"  {name}:",
            "    host: 127.0.0.1",
            f"    port: {fleet.ports[name]}",
            f"    platform: {platform}",
            "    site: lab",
        ]
    path = tmp_path / "inventory.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture()
def secrets_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = {"AUDITOR_PASSWORD": PASSWORD, "AUDITOR_ENABLE_SECRET": ENABLE}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


def _store_bytes(path: Path) -> bytes:
    """The database and its WAL and shared-memory files, as they are on disk right now."""
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def _audit_with_session(
    inventory: Path, store_path: Path, env: dict[str, str], only: set[str] | None = None
) -> tuple[RunSession, list[str]]:
    """What `auditor audit --store` does, minus the CLI; returns the session and the log."""
    devices, sha = load_inventory(inventory)
    catalogue = load_catalogue(DATA)
    options = AuditOptions(as_of=date(2026, 6, 1), workers=4, timeouts=Timeouts(3, 10, 12))
    resolver = CredentialResolver(env=env, interactive=False)
    log = io.StringIO()
    store = open_store(store_path)
    session = RunSession.start(
        store,
        devices=devices,
        catalogue=catalogue,
        options=options,
        inventory_source=str(inventory),
        inventory_sha256=sha,
    )
    todo = [d for d in session.todo if only is None or d.name in only]
    show = AuditProgress(len(todo), log_format="json", stream=log, tty=False)
    with show:
        run = Auditor(catalogue, resolver, session.options, get_collector).run(
            todo,
            inventory_source=str(inventory),
            inventory_sha256=sha,
            progress=session.observer(show),
        )
    if only is None:
        session.finish(run)
    store.close()
    return session, log.getvalue().splitlines()


def test_no_password_or_secret_reaches_the_store_or_the_log(
    inventory: Path, tmp_path: Path, secrets_env: dict[str, str]
) -> None:
    store_path = tmp_path / "h.sqlite3"
    session, log = _audit_with_session(inventory, store_path, secrets_env)
    with open_store(store_path) as store:
        run = store.load_run(session.run_id)
        on_disk = _store_bytes(store_path)
    assert {r.device.name: r.status.value for r in run.results} == {
        n: spec[-1] for n, spec in FLEET.items()
    }
    assert b"C9300-24T" in on_disk and b"audit" in on_disk  # the grep does see stored text
    for secret in (PASSWORD, ENABLE):
        assert secret.encode() not in on_disk
        assert secret not in "\n".join(log)
    devices = [json.loads(line)["device"] for line in log[1:]]  # every line is JSON
    assert sorted(devices) == sorted(FLEET)


def test_cli_audit_stores_the_run_writes_metrics_and_json_logs(
    inventory: Path,
    tmp_path: Path,
    secrets_env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    store_path, metrics, out = tmp_path / "h.sqlite3", tmp_path / "auditor.prom", tmp_path / "r"
    code = main(
        [
            "audit", "--inventory", str(inventory), "--catalogue", str(DATA),
            "--as-of", "2026-06-01", "--out", str(out), "--store", str(store_path),
            "--metrics", str(metrics), "--log-format", "json", "--fail-on", "vulnerable",
            *TIMEOUTS,
        ]
    )  # fmt: skip
    assert code == 1  # a vulnerable device, and --fail-on vulnerable
    records = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    by_device = {r["device"]: r for r in records if r["event"] == "device"}
    assert {n: r["status"] for n, r in by_device.items()} == {
        n: spec[-1] for n, spec in FLEET.items()
    }
    assert by_device["ios-badpass"]["cause"] == "auth"
    report = json.loads((out / "report.json").read_text())
    with open_store(store_path, create=False) as store:
        (summary,) = store.runs()
        assert summary.state == "finished" and summary.run_id == report["run"]["id"]
        loaded = store.load_run(summary.run_id)
    # the stored run gives back the very report the audit wrote (with or without the
    # catalogue's lifecycle dates, whichever the audit command passes to the view)
    assert report in (build_view(loaded, load_catalogue(DATA)), build_view(loaded))
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(metrics.read_text())
        for s in family.samples
    }
    assert samples[("auditor_devices", (("status", "vulnerable"),))] == 1
    assert samples[("auditor_devices_failed", (("cause", "auth"),))] == 1
    assert PASSWORD.encode() not in _store_bytes(store_path)


def test_cli_resume_audits_only_what_the_killed_run_did_not_finish(
    inventory: Path,
    tmp_path: Path,
    secrets_env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    store_path = tmp_path / "h.sqlite3"
    # a run that recorded two devices and was then killed (never finished)
    session, _ = _audit_with_session(inventory, store_path, secrets_env, {"xe-vuln", "ios-old"})
    code = main(
        [
            "audit", "--inventory", str(inventory), "--catalogue", str(DATA),
            "--out", str(tmp_path / "r"), "--store", str(store_path), "--log-format", "json",
            "--resume", session.run_id, *TIMEOUTS,
        ]
    )  # fmt: skip
    assert code == 0
    records = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    audited = sorted(r["device"] for r in records if r["event"] == "device")
    assert audited == ["ios-badpass", "xe-ok"]
    with open_store(store_path, create=False) as store:
        (summary,) = store.runs()
        run = store.load_run(session.run_id)
    assert summary.state == "finished"
    assert [r.device.name for r in run.results] == list(FLEET)  # inventory order, one run
    assert {r.device.name: r.status.value for r in run.results} == {
        n: spec[-1] for n, spec in FLEET.items()
    }
    assert run.as_of == date(2026, 6, 1)  # the resumed run's date, though none was given
