"""`auditor diff`: what drifted between two runs, as a person and a script read it."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from store_support import T0, evaluated, failed, make_run, store_run

from auditor.cli import main
from auditor.models import Cause
from auditor.store import open_store


@pytest.fixture()
def runs(tmp_path: Path) -> tuple[Path, str, str]:
    before = make_run(
        [
            evaluated("core-1", "17.9.3"),  # vulnerable → upgraded to 17.12.4: fixed
            evaluated("core-2", "17.9.5"),  # current → downgraded to 17.9.3: newly vulnerable
            evaluated("core-3", "16.9.4"),  # unsupportable, unchanged
            evaluated("core-4", "17.12.4"),  # current → timeout
            evaluated("acc-1", "15.2(7)E4", "cisco_ios"),  # → 15.4(3)M9: another train
            # current a year ago; same release now, past its end of maintenance: newly outdated
            evaluated("acc-2", "15.2(7)E11", "cisco_ios", as_of=date(2025, 6, 1)),
            evaluated("core-5", "17.12.4"),  # current → downgraded to 16.9: newly unsupportable
            evaluated("gone-1", "17.12.4"),  # removed
        ]
    )
    after = make_run(
        [
            evaluated("core-1", "17.12.4"),
            evaluated("core-2", "17.9.3"),
            evaluated("core-3", "16.9.4"),
            failed("core-4", Cause.TIMEOUT),
            evaluated("acc-1", "15.4(3)M9", "cisco_ios"),
            evaluated("acc-2", "15.2(7)E11", "cisco_ios"),
            evaluated("core-5", "16.9.4"),
            evaluated("new-1", "16.9.4"),  # added
        ],
        started=T0 + timedelta(days=1),
    )
    path = tmp_path / "h.sqlite3"
    with open_store(path) as store:
        store_run(store, before)
        store_run(store, after)
    return path, before.run_id, after.run_id


def test_diff_json_names_every_kind_of_change(
    runs: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, a, b = runs
    assert main(["diff", a, b, "--store", str(path), "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert (d["run_a"], d["run_b"]) == (a, b)
    assert d["added"] == [{"device": "new-1", "status": "unsupportable"}]
    assert d["removed"] == [{"device": "gone-1", "status": "current"}]
    versions = {v["device"]: (v["before"], v["after"], v["direction"]) for v in d["versions"]}
    assert versions == {
        "core-1": ("17.9.3", "17.12.4", "upgraded"),
        "core-2": ("17.9.5", "17.9.3", "downgraded"),
        "acc-1": ("15.2(7)E4", "15.4(3)M9", "changed"),
        "core-5": ("17.12.4", "16.9.4", "downgraded"),
    }
    assert d["newly"] == {
        "unsupportable": ["core-5"],
        "vulnerable": ["core-2"],
        "outdated": ["acc-2"],
    }
    assert d["fixed"] == ["core-1"]
    kinds = {s["device"]: (s["before"], s["after"], s["kind"], s["cause"]) for s in d["statuses"]}
    assert kinds["core-4"] == ("current", "failed", "failing", "timeout")
    assert kinds["acc-1"] == ("outdated", "unknown", "changed", None)  # no data is no fix
    findings = {(f["device"], f["change"], f["advisory_id"]) for f in d["findings"]}
    assert ("core-1", "removed", "TEST-SA-XE-1") in findings
    assert ("core-2", "added", "TEST-SA-XE-1") in findings
    assert not any(f[0] == "core-4" for f in findings)  # a timeout is not a fix
    assert d["unchanged"] == 1  # core-3


def test_diff_text_defaults_to_the_two_latest_complete_runs(
    runs: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, a, b = runs
    with open_store(path) as store:  # a newer, interrupted run is not a default
        store_run(
            store,
            make_run([evaluated("x", "17.9.5")], started=T0 + timedelta(days=2), interrupted=True),
        )
    assert main(["diff", "--store", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"diff {a} -> {b}\n")
    assert "devices added (1):\n  new-1 (unsupportable)\n" in out
    assert "devices removed (1):\n  gone-1 (was current)\n" in out
    assert "upgraded (1):\n  core-1: 17.9.3 -> 17.12.4\n" in out
    assert "downgraded (2):\n  core-2: 17.9.5 -> 17.9.3\n  core-5: 17.12.4 -> 16.9.4\n" in out
    assert "version changed (not comparable) (1):\n  acc-1: 15.2(7)E4 -> 15.4(3)M9\n" in out
    assert "newly unsupportable (1):\n  core-5 (was current)\n" in out
    assert "newly vulnerable (1):\n  core-2 (was current)\n" in out
    assert "newly outdated (1):\n  acc-2 (was current)\n" in out
    assert "fixed (1):\n  core-1: vulnerable -> current\n" in out
    assert "could not be audited now (1):\n  core-4: current -> failed (timeout)\n" in out
    assert "other status changes (1):\n  acc-1: outdated -> unknown\n" in out
    assert "  core-1: advisory TEST-SA-XE-1: Test web UI flaw\n" in out  # the id said once
    assert "unchanged: 1 devices" in out


def test_diff_of_identical_runs_says_no_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "h.sqlite3"
    with open_store(path) as store:
        a = store_run(store, make_run([evaluated("a", "17.9.3")]))
        b = store_run(store, make_run([evaluated("a", "17.9.3")], started=T0 + timedelta(1)))
    assert main(["diff", a.run_id, b.run_id, "--store", str(path)]) == 0
    assert "no changes (1 devices compared)" in capsys.readouterr().out


def test_diff_needs_two_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "h.sqlite3"
    with open_store(path) as store:
        store_run(store, make_run([evaluated("a", "17.9.3")]))
    assert main(["diff", "--store", str(path)]) == 2
    err = capsys.readouterr().err
    assert "need two complete runs to compare, found 1" in err
    assert main(["diff", "nope", "--store", str(path)]) == 2
    assert "no run 'nope'" in capsys.readouterr().err
