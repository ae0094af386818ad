"""Offline audits keep history too, and `--fail-on` / `--strict` give a scheduler its answer.

`audit --from-dir` goes through the same run session as a live audit, so a folder of captures
becomes a stored run like any other (history, diff, report --run). The exit codes are checked
through `auditor report --run`, which judges a stored run without any device: the same
`--fail-on` and `--strict` rules as `auditor audit`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_support import DATA, evaluated, failed, make_run, store_run, xe_output

from auditor.cli import main
from auditor.models import Cause
from auditor.store import open_store

AS_OF = ["--as-of", "2026-06-01"]


def test_an_offline_audit_is_recorded_and_can_be_reported_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    captures = tmp_path / "captures"
    captures.mkdir()
    (captures / "core-1.txt").write_text(xe_output("17.9.3"))
    (captures / "core-2.txt").write_text(xe_output("17.12.4"))
    store_path = tmp_path / "h.sqlite3"
    code = main(
        [
            "audit", "--from-dir", str(captures), "--platform", "cisco_xe",
            "--catalogue", str(DATA), *AS_OF, "--quiet",
            "--store", str(store_path), "--out", str(tmp_path / "live"),
        ]
    )  # fmt: skip
    assert code == 0
    live = json.loads((tmp_path / "live" / "report.json").read_text())
    with open_store(store_path, create=False) as store:
        (summary,) = store.runs()
        run = store.load_run(summary.run_id)
    assert summary.state == "finished" and summary.run_id == live["run"]["id"]
    assert run.inventory_source == f"saved outputs in {captures}"
    assert {r.device.name: r.status.value for r in run.results} == {
        "core-1": "vulnerable",
        "core-2": "current",
    }
    assert all(r.collections for r in run.results)  # the captured text itself is kept

    again = tmp_path / "again"
    report_args = ["report", "--run", "latest", "--store", str(store_path), "--out", str(again)]
    assert main([*report_args, "--catalogue", str(DATA), *AS_OF]) == 0
    assert json.loads((again / "report.json").read_text())["devices"] == live["devices"]


@pytest.fixture()
def stored(tmp_path: Path) -> Path:
    """One outdated, one current and one device that could not be audited."""
    path = tmp_path / "h.sqlite3"
    run = make_run(
        [
            evaluated("acc-1", "15.2(7)E10", "cisco_ios"),  # outdated
            evaluated("core-1", "17.12.4"),  # current
            failed("core-2", Cause.AUTH),
        ]
    )
    with open_store(path) as store:
        store_run(store, run)
    return path


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ([], 0),
        (["--fail-on", "unsupportable"], 0),
        (["--fail-on", "vulnerable"], 0),
        (["--fail-on", "outdated"], 1),  # the threshold itself counts
        (["--fail-on", "unknown"], 1),  # and everything worse than it
        (["--strict"], 3),  # a device could not be audited
        (["--fail-on", "outdated", "--strict"], 1),  # findings first
    ],
)
def test_exit_codes_follow_fail_on_and_strict(
    stored: Path, tmp_path: Path, options: list[str], code: int
) -> None:
    args = ["report", "--run", "latest", "--store", str(stored), "--out", str(tmp_path / "o")]
    assert main([*args, "--catalogue", str(DATA), *AS_OF, *options]) == code


def test_a_failed_device_never_trips_fail_on(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with open_store(path) as store:
        store_run(store, make_run([failed("a", Cause.TIMEOUT), evaluated("b", "17.12.4")]))
    args = ["report", "--run", "latest", "--store", str(path), "--out", str(tmp_path / "o")]
    assert main([*args, "--catalogue", str(DATA), *AS_OF, "--fail-on", "unknown"]) == 0
