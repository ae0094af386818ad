"""`auditor history`: what a NOC engineer sees when asking which runs there were."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from store_support import T0, begin, evaluated, failed, make_run, store_run

from auditor.cli import main
from auditor.models import Cause
from auditor.store import open_store


@pytest.fixture()
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "h.sqlite3"
    with open_store(path) as store:
        store_run(store, make_run([evaluated("a", "17.9.3"), evaluated("b", "17.9.5")]))
        store_run(
            store,
            make_run(
                [evaluated("a", "17.12.4"), failed("b", Cause.INTERRUPTED)],
                started=T0 + timedelta(days=1),
                interrupted=True,
            ),
        )
        killed = make_run([evaluated("a", "16.9.4")], started=T0 + timedelta(days=2))
        begin(store, killed)
        store.record(killed.run_id, killed.results[0])
    return path


def test_history_lists_runs_newest_first_with_counts_and_state(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history", "--store", str(store_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["RUN", "STARTED", "(UTC)", "AS-OF"]
    rows = [line.split() for line in lines[1:]]
    assert [r[-1] for r in rows] == ["unfinished", "interrupted", "finished"]
    # columns: run, date, time, as-of, devices, unsupportable, vulnerable, outdated, unknown,
    # failed, current, state
    assert rows[0][1:3] == ["2026-06-03", "02:00:00"]
    assert rows[0][4:11] == ["1", "1", "0", "0", "0", "0", "0"]
    assert rows[1][4:11] == ["2", "0", "0", "0", "0", "1", "1"]
    assert rows[2][4:11] == ["2", "0", "1", "0", "0", "0", "1"]


def test_history_json_and_limit(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "--store", str(store_path), "--limit", "2", "--format", "json"]) == 0
    runs = json.loads(capsys.readouterr().out)
    assert [r["state"] for r in runs] == ["unfinished", "interrupted"]
    assert runs[1]["by_status"]["failed"] == 1
    assert runs[1]["devices"] == 2


def test_history_store_from_the_environment(
    store_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUDITOR_STORE", str(store_path))
    assert main(["history"]) == 0
    assert "interrupted" in capsys.readouterr().out


def test_history_of_a_missing_store_is_a_clear_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.sqlite3"
    assert main(["history", "--store", str(missing)]) == 2
    err = capsys.readouterr().err
    assert f"error: {missing}: no history store here" in err
    assert "Traceback" not in err
    assert not missing.exists()  # reading never creates an empty history
