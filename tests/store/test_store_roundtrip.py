"""The store gives back exactly what it was given, in WAL mode, in a private file."""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from store_support import T0, catalogue, device, evaluated, failed, make_run, store_run

from auditor.models import Cause, DeviceResult, Status
from auditor.report.view import build_view
from auditor.store import StoreError, default_store_path, open_store
from auditor.store.schema import LATEST


@pytest.fixture()
def results() -> list[DeviceResult]:
    cat = catalogue()
    special = replace(
        evaluated("core-<b>1</b>", "17.9.3", cat=cat, offset_s=1),
        device=device(
            "core-<b>1</b>",
            tags=("core", "pci"),
            groups=("london",),
            data=(("password_env", "CORE_PW"), ("zone", "dmz")),
            role="core",
            port=2222,
        ),
    )
    return [
        special,
        evaluated("acc-1", "15.2(7)E4", "cisco_ios", cat, offset_s=2),
        evaluated("old-1", "16.9.4", cat=cat, offset_s=3),
        evaluated("new-1", "17.12.4", cat=cat, offset_s=4),
        failed("auth-1", Cause.AUTH),
        failed("late-1", Cause.TIMEOUT, started=False),
    ]


def test_a_loaded_run_equals_the_original_and_gives_the_same_report(
    tmp_path: Path, results: list[DeviceResult]
) -> None:
    run = make_run(results)
    with open_store(tmp_path / "h.sqlite3") as store:
        stored = store_run(store, run)
    with open_store(tmp_path / "h.sqlite3", create=False) as store:
        loaded = store.load_run(run.run_id)
    assert stored == run
    assert loaded == run  # every field, order of results included, tz-aware datetimes
    assert build_view(loaded) == build_view(run)
    statuses = [r.status for r in loaded.results]
    assert Status.VULNERABLE in statuses and Status.UNSUPPORTABLE in statuses
    assert loaded.results[0].collections[0].output == results[0].collections[0].output


def test_recording_a_device_again_replaces_it(tmp_path: Path) -> None:
    run = make_run([evaluated("a", "17.9.3"), evaluated("b", "17.9.5")])
    with open_store(tmp_path / "h.sqlite3") as store:
        store_run(store, run)
        better = evaluated("a", "17.12.4")
        store.record(run.run_id, better)
        got = store.recorded_results(run.run_id)
        assert sorted(got) == ["a", "b"]
        assert got["a"] == better


def test_finishing_makes_the_stored_run_exactly_the_final_run(tmp_path: Path) -> None:
    first = [evaluated("a", "17.9.3"), evaluated("b", "17.9.5"), evaluated("c", "16.9.4")]
    run = make_run(first)
    final = replace(run, results=(evaluated("c", "17.12.4"), first[0]), interrupted=True)
    with open_store(tmp_path / "h.sqlite3") as store:
        from store_support import begin

        begin(store, run)
        for r in first:
            store.record(run.run_id, r)
        store.finish_run(run.run_id, final)
        assert store.load_run(run.run_id) == final


def test_store_is_wal_private_and_versioned(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "h.sqlite3"
    with open_store(path) as store:
        store_run(store, make_run([evaluated("a", "17.9.5")]))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT version FROM schema_version").fetchall() == [(LATEST,)]
    db.close()
    with open_store(path) as again:  # reopening migrates nothing and keeps the data
        assert len(again.runs()) == 1


def test_a_newer_schema_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    open_store(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE schema_version SET version = ?", (LATEST + 1,))
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer auditor"):
        open_store(path)


def test_not_a_database_and_missing_store_are_input_errors(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable history store") as exc:
        open_store(junk)
    assert exc.value.exit_code == 2
    with pytest.raises(StoreError, match="no history store here"):
        open_store(tmp_path / "absent.sqlite3", create=False)
    assert not (tmp_path / "absent.sqlite3").exists()


def test_unknown_run_and_run_id_prefixes(tmp_path: Path) -> None:
    with open_store(tmp_path / "h.sqlite3") as store:
        with pytest.raises(StoreError, match="no runs recorded yet"):
            store.resolve_run_id("latest")
        a = store_run(store, make_run([evaluated("a", "17.9.5")]))
        b = store_run(store, make_run([evaluated("a", "17.9.5")], started=T0.replace(hour=3)))
        assert store.resolve_run_id("latest") == b.run_id
        assert store.resolve_run_id(a.run_id[:20]) == a.run_id
        with pytest.raises(StoreError, match="ambiguous"):
            store.resolve_run_id("20260601T")
        with pytest.raises(StoreError, match="no run 'nope'"):
            store.load_run("nope")


def test_default_path_follows_env_and_xdg(monkeypatch: pytest.MonkeyPatch) -> None:
    assert default_store_path({"AUDITOR_STORE": "/srv/h.db"}) == Path("/srv/h.db")
    assert default_store_path({"XDG_DATA_HOME": "/data"}) == Path("/data/auditor/history.sqlite3")
    home = Path(os.path.expanduser("~"))
    relative = default_store_path({"XDG_DATA_HOME": "relative/dir"})  # ignored, per the spec
    assert relative == home / ".local/share/auditor/history.sqlite3"
