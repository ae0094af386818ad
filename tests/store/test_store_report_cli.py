"""`auditor report --run ID`: a stored run judged again, without any device being contacted."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from store_support import DATA, catalogue, evaluated, failed, make_run, store_run

from auditor.cli import main
from auditor.models import Cause
from auditor.report.view import build_view
from auditor.store import open_store


@pytest.fixture()
def stored(tmp_path: Path) -> tuple[Path, str]:
    run = make_run(
        [evaluated("core-1", "17.9.3"), evaluated("core-2", "17.12.4"), failed("acc-9", Cause.AUTH)]
    )
    path = tmp_path / "h.sqlite3"
    with open_store(path) as store:
        store_run(store, run)
    return path, run.run_id


def _report(out: Path) -> dict[str, Any]:
    return json.loads((out / "report.json").read_text())


def _statuses(report: dict[str, Any]) -> dict[str, str]:
    return {d["name"]: d["status"] for d in report["devices"]}


def test_same_catalogue_and_date_reproduce_the_run_report(
    stored: tuple[Path, str], tmp_path: Path
) -> None:
    path, run_id = stored
    out = tmp_path / "out"
    args = ["report", "--run", run_id, "--store", str(path), "--catalogue", str(DATA)]
    assert main([*args, "--as-of", "2026-06-01", "--out", str(out)]) == 0
    with open_store(path) as store:
        original = build_view(store.load_run(run_id), catalogue())
    assert _report(out) == original  # data_sha256 included: the same evidence, the same verdicts
    assert sorted(p.name for p in out.iterdir()) == [
        "report.csv",
        "report.html",
        "report.json",
        "report.md",
    ]


def test_a_new_catalogue_changes_a_status_without_reconnecting(
    stored: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, run_id = stored
    fixed = tmp_path / "catalogue"
    shutil.copytree(DATA, fixed)
    advisories = (fixed / "advisories.yaml").read_text()
    # the vendor says 17.9.3 was never affected: the advisory's range now ends below it
    (fixed / "advisories.yaml").write_text(advisories.replace("<17.9.4a", "<17.9.2"))
    common = ["report", "--run", run_id[:18], "--store", str(path), "--as-of", "2026-06-01"]

    before = tmp_path / "before"
    code = main(
        [*common, "--catalogue", str(DATA), "--out", str(before), "--fail-on", "vulnerable"]
    )
    assert code == 1
    after = tmp_path / "after"
    code = main(
        [*common, "--catalogue", str(fixed), "--out", str(after), "--fail-on", "vulnerable"]
    )
    assert code == 0
    old, new = _report(before), _report(after)
    assert _statuses(old) == {"core-1": "vulnerable", "core-2": "current", "acc-9": "failed"}
    assert _statuses(new) == {"core-1": "current", "core-2": "current", "acc-9": "failed"}
    assert new["run"]["id"] == run_id
    assert new["run"]["catalogue"]["sha256"] != old["run"]["catalogue"]["sha256"]
    assert "reports:" in capsys.readouterr().out


def test_a_later_date_ends_support(stored: tuple[Path, str], tmp_path: Path) -> None:
    path, run_id = stored
    out = tmp_path / "out"
    args = ["report", "--run", "latest", "--store", str(path), "--catalogue", str(DATA)]
    assert main([*args, "--as-of", "2029-02-01", "--out", str(out)]) == 0
    report = _report(out)
    assert report["run"]["as_of"] == "2029-02-01"
    assert _statuses(report)["core-2"] == "unsupportable"  # 17.12 security support ended 2029


def test_report_without_a_run_or_with_an_unknown_one_is_exit_2(
    stored: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = stored
    assert main(["report", "--store", str(path), "--out", str(tmp_path / "o")]) == 2
    assert "give --run ID" in capsys.readouterr().err
    assert main(["report", "--run", "nope", "--store", str(path)]) == 2
    err = capsys.readouterr().err
    assert "no run 'nope'" in err and "Traceback" not in err
