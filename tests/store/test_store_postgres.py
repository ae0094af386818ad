"""The PostgreSQL backend behaves like the SQLite one, on a real server started on loopback.

Both are opened through `open_store` by what `--store` says: a URL or a path. The same
migrations build both schemas; the same round trip, replace, finish and delivery rules hold.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest
from store_support import begin, catalogue, evaluated, failed, make_run, store_run

from auditor.cli import main
from auditor.models import Cause
from auditor.report.view import build_view
from auditor.store import StoreError, default_store_path, open_store
from auditor.store.postgres import PostgresStore, masked
from auditor.store.schema import LATEST
from auditor.store.sqlite import SQLiteStore


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test below runs once per backend, selected by the text of `--store`."""
    if request.param == "sqlite":
        return f"sqlite://{tmp_path / 'h.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


def test_the_store_is_chosen_by_url_or_path(postgres_url: str, tmp_path: Path) -> None:
    with open_store(postgres_url) as pg, open_store(tmp_path / "h.db") as lite:
        assert isinstance(pg, PostgresStore) and isinstance(lite, SQLiteStore)
    with open_store(f"sqlite://{tmp_path / 'other.db'}") as lite:
        assert isinstance(lite, SQLiteStore) and lite.location == str(tmp_path / "other.db")
    assert default_store_path({"AUDITOR_STORE": postgres_url}) == postgres_url


def test_a_loaded_run_equals_the_original_on_both_backends(location: str) -> None:
    cat = catalogue()
    results = [
        evaluated("core-1", "17.9.3", cat=cat, offset_s=1.123456789),
        evaluated("acc-1", "15.2(7)E4", "cisco_ios", cat, offset_s=2),
        evaluated("old-1", "16.9.4", cat=cat, offset_s=3),
        failed("auth-1", Cause.AUTH),
        failed("late-1", Cause.TIMEOUT, started=False),
    ]
    run = make_run(results)
    with open_store(location) as store:
        stored = store_run(store, run)
    with open_store(location, create=False) as store:
        loaded = store.load_run(run.run_id)
        summary = store.runs()[0]
    assert stored == run and loaded == run  # durations, time zones, order: exact
    assert build_view(loaded) == build_view(run)
    assert summary.devices == 5 and summary.state == "finished"


def test_recording_again_replaces_and_finishing_makes_the_final_run(location: str) -> None:
    first = [evaluated("a", "17.9.3"), evaluated("b", "17.9.5"), evaluated("c", "16.9.4")]
    run = make_run(first)
    final = replace(run, results=(evaluated("c", "17.12.4"), first[0]), interrupted=True)
    with open_store(location) as store:
        begin(store, run)
        for r in first:
            store.record(run.run_id, r)
        store.record(run.run_id, first[1])
        assert sorted(store.recorded_results(run.run_id)) == ["a", "b", "c"]
        store.finish_run(run.run_id, final)
        assert store.load_run(run.run_id) == final
        assert store.runs()[0].state == "interrupted"


def test_a_delivery_is_counted_until_the_device_has_an_answer(location: str) -> None:
    """What makes a distributed task idempotent: a redelivery after the answer does nothing."""
    run = make_run([evaluated("a", "17.9.3")])
    with open_store(location) as store:
        begin(store, run)
        assert store.take_delivery(run.run_id, "a", "dc1", "dc1@w1") == 1
        assert store.take_delivery(run.run_id, "a", "dc1", "dc1@w2") == 2  # w1 died with it
        assert store.answered_devices(run.run_id) == set()
        store.record(run.run_id, run.results[0])
        assert store.take_delivery(run.run_id, "a", "dc1", "dc1@w3") is None
        assert store.answered_devices(run.run_id) == {"a"}
        assert store.results_for(run.run_id, ["a", "nope"]) == {"a": run.results[0]}
        assert store.results_for(run.run_id, []) == {}
        taken = store.deliveries(run.run_id)["a"]
        assert (taken.deliveries, taken.worker, taken.zone) == (2, "dc1@w2", "dc1")


def test_writers_on_many_connections_leave_one_row_per_device(postgres_url: str) -> None:
    """Workers record the same run at once; a device recorded twice still has one row."""
    cat = catalogue()
    results = [evaluated(f"d{i}", "17.9.3", cat=cat) for i in range(12)]
    run = make_run(results)
    with open_store(postgres_url) as store:
        begin(store, run)
    errors: list[BaseException] = []

    def write(part: list) -> None:  # type: ignore[type-arg]
        try:
            with open_store(postgres_url) as mine:
                for r in part:
                    mine.record(run.run_id, r)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(results + results[:4],)) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with psycopg.connect(postgres_url) as db:
        rows = db.execute(
            "SELECT device_name, COUNT(*) FROM device_results GROUP BY device_name"
        ).fetchall()
    assert sorted(rows) == sorted((f"d{i}", 1) for i in range(12))


def test_migrations_run_once_and_a_newer_schema_is_refused(postgres_url: str) -> None:
    open_store(postgres_url).close()
    open_store(postgres_url).close()  # reopening migrates nothing
    with psycopg.connect(postgres_url, autocommit=True) as db:
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(LATEST,)]
        tables = {
            r[0]
            for r in db.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            )
        }
        db.execute("UPDATE schema_version SET version = %s", (LATEST + 1,))
    assert {"runs", "device_results", "collections", "deliveries"} <= tables
    with pytest.raises(StoreError, match="newer auditor"):
        open_store(postgres_url)


def test_bad_urls_are_input_errors_that_never_show_the_password(
    postgres_server: object, capsys: pytest.CaptureFixture[str]
) -> None:
    port = postgres_server.port  # type: ignore[attr-defined]
    secret = "S3cret-in-url-99"
    url = f"postgresql://nobody:{secret}@127.0.0.1:{port}/no_such_db"
    assert masked(url) == f"postgresql://nobody:***@127.0.0.1:{port}/no_such_db"
    with pytest.raises(StoreError, match="cannot connect") as exc:
        open_store(url)
    assert exc.value.exit_code == 2 and secret not in exc.value.message
    assert main(["history", "--store", url]) == 2
    err = capsys.readouterr().err
    assert "cannot connect" in err and secret not in err and "Traceback" not in err


def test_reading_commands_do_not_create_a_history(postgres_url: str) -> None:
    with pytest.raises(StoreError, match="no history store in this database"):
        open_store(postgres_url, create=False)


def test_history_and_diff_read_a_postgresql_store(
    postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_store(postgres_url) as store:
        a = store_run(store, make_run([evaluated("a", "17.9.3")]))
        b = store_run(
            store,
            make_run([evaluated("a", "17.12.4")], started=a.started_at.replace(hour=3)),
        )
    assert main(["history", "--store", postgres_url]) == 0
    listing = capsys.readouterr().out
    assert a.run_id in listing and b.run_id in listing
    assert main(["diff", a.run_id, b.run_id, "--store", postgres_url, "--format", "json"]) == 0
    assert '"a"' in capsys.readouterr().out
