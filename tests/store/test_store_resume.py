"""`--resume`: which devices a resumed run audits again, and how the run becomes whole."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from store_support import DATA, T0, begin, catalogue, device, evaluated, failed, make_run

from auditor.audit import AuditOptions
from auditor.errors import InputError
from auditor.models import Cause
from auditor.store import devices_to_resume, is_finished, merge_resumed, open_store
from auditor.store.session import RunSession

NAMES = ["a", "b", "c", "d", "e"]


def killed_run(path: Path) -> str:
    """A run that recorded a (answered), b (interrupted), c (wrong password), d (never started
    before the whole-run deadline), then died before e."""
    run = make_run(
        [
            evaluated("a", "17.9.3"),
            failed("b", Cause.INTERRUPTED),
            failed("c", Cause.AUTH),
            failed("d", Cause.TIMEOUT, started=False),
        ],
        interrupted=True,
    )
    with open_store(path) as store:
        begin(store, run)
        for r in run.results:
            store.record(run.run_id, r)
    return run.run_id


def test_what_counts_as_finished() -> None:
    assert is_finished(evaluated("a", "17.9.3"))
    assert is_finished(failed("c", Cause.AUTH))  # never retried: no lock-outs
    assert is_finished(failed("t", Cause.TIMEOUT))  # its own deadline: it had its chance
    assert not is_finished(failed("b", Cause.INTERRUPTED))
    assert not is_finished(failed("d", Cause.TIMEOUT, started=False))


def test_resume_selects_unfinished_devices_in_inventory_order(tmp_path: Path) -> None:
    run_id = killed_run(tmp_path / "h.sqlite3")
    inventory = [device(n) for n in reversed(NAMES)]
    with open_store(tmp_path / "h.sqlite3") as store:
        todo = devices_to_resume(store, run_id, inventory)
        assert [d.name for d in todo] == ["e", "d", "b"]
        assert store.unfinished_devices(run_id, NAMES) == ["b", "d", "e"]


def test_a_resumed_session_finishes_the_same_run_whole(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    run_id = killed_run(path)
    inventory = [device(n) for n in NAMES]
    cat = catalogue()
    with open_store(path) as store:
        session = RunSession.start(
            store,
            devices=inventory,
            catalogue=cat,
            options=AuditOptions(as_of=date(2030, 1, 1), horizon_days=30),
            inventory_source="inventory.yaml",
            inventory_sha256="cd" * 32,
            resume=run_id[:20],
        )
        assert session.run_id == run_id
        assert [d.name for d in session.todo] == ["b", "d", "e"]
        assert session.options.as_of == date(2026, 6, 1)  # one run, one as-of date
        assert session.options.horizon_days == 180
        # what the Auditor would return for the three devices, under an id of its own
        fresh = replace(
            make_run(
                [evaluated(n, "17.12.4") for n in ("b", "d", "e")],
                started=T0 + timedelta(hours=1),
            ),
            inventory_sha256="cd" * 32,
        )
        record = session.observer()
        for i, r in enumerate(fresh.results, 1):
            record(r, i, 3)
        run = session.finish(fresh)
        assert session.problem is None
        assert run.run_id == run_id
        assert run.started_at == T0  # the original start
        assert not run.interrupted
        assert [r.device.name for r in run.results] == NAMES
        assert [r.status.value for r in run.results] == [
            "vulnerable",
            "current",
            "failed",
            "current",
            "current",
        ]
        assert store.load_run(run_id) == run
        (summary,) = store.runs()
        assert summary.state == "finished" and summary.devices == 5


def test_merge_drops_devices_no_longer_in_the_inventory() -> None:
    previous = make_run([evaluated("a", "17.9.3"), evaluated("old", "17.9.3")], interrupted=True)
    fresh = make_run([evaluated("b", "17.9.5")])
    merged = merge_resumed(previous, fresh, [device("b"), device("a")])
    assert [r.device.name for r in merged.results] == ["b", "a"]
    assert merged.run_id == previous.run_id and not merged.interrupted


def test_resume_with_another_catalogue_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    run_id = killed_run(path)
    other = tmp_path / "cat"
    shutil.copytree(DATA, other)
    (other / "catalogue.yaml").write_text(
        (other / "catalogue.yaml").read_text().replace("test-1", "test-2")
    )
    with open_store(path) as store, pytest.raises(InputError, match="not the one given now"):
        RunSession.start(
            store,
            devices=[device(n) for n in NAMES],
            catalogue=catalogue(other),
            options=AuditOptions(as_of=date(2026, 6, 1)),
            inventory_source="inventory.yaml",
            inventory_sha256="cd" * 32,
            resume=run_id,
        )


def test_a_new_session_begins_a_run_and_resume_needs_a_store(tmp_path: Path) -> None:
    with open_store(tmp_path / "h.sqlite3") as store:
        session = RunSession.start(
            store,
            devices=[device("a")],
            catalogue=catalogue(),
            options=AuditOptions(as_of=date(2026, 6, 1), workers=7),
            inventory_source="inventory.yaml",
            inventory_sha256="cd" * 32,
        )
        (summary,) = store.runs()
        assert summary.run_id == session.run_id and summary.state == "unfinished"
    with pytest.raises(InputError, match="--resume needs the history store"):
        RunSession.start(
            None,
            devices=[device("a")],
            catalogue=catalogue(),
            options=AuditOptions(as_of=date(2026, 6, 1)),
            inventory_source="inventory.yaml",
            inventory_sha256="cd" * 32,
            resume="latest",
        )
