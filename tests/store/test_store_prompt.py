"""The prompt each answer ended at is kept in the history (schema migration 4), so a stored run
re-evaluates to the host name the live one found; a history written before still opens.

On IOS XR, VRP, Comware, ZXROS and IPOS the prompt is the only place the host name shows
(tests/e2e/test_prompt_hostname.py audits them live). Here: the column on both backends, a
changed prompt on a re-recorded result, old rows, and secrets a device put in its prompt.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from store_support import T0, begin, catalogue, device, evaluated, make_run, store_run

from auditor.audit import AuditOptions, evaluate_collections
from auditor.collect.base import make_collection
from auditor.models import AuditRun, DeviceResult
from auditor.report.view import build_view
from auditor.store import open_store
from auditor.store.reevaluate import reevaluate
from auditor.store.schema import LATEST
from auditor.store.session import RunSession

VRP = Path(__file__).resolve().parents[1] / "platforms" / "huawei"
AS_OF = date(2026, 6, 1)
SECRET = "Prompt-Secret-77"


def vrp(name: str, prompt: str | None) -> DeviceResult:
    """An AR6120 whose `display version` names no host: only the prompt can."""
    outputs = {
        "display version": (VRP / "ar6120_esn.txt").read_text("utf-8"),
        "display esn": (VRP / "ar6120_esn.esn.txt").read_text("utf-8"),
    }
    collections = [make_collection(c, text, prompt) for c, text in outputs.items()]
    result = evaluate_collections(
        device(name, "huawei"), collections, catalogue(), AuditOptions(as_of=AS_OF)
    )
    return replace(result, started_at=T0, duration_s=2.5)


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite://{tmp_path / 'h.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


def test_the_prompt_makes_the_host_name_and_survives_the_store(location: str) -> None:
    with_prompt = vrp("br-9", "<ar-branch-9>")
    assert with_prompt.facts is not None and with_prompt.facts.hostname == "ar-branch-9"
    without = vrp("br-10", None)
    assert without.facts is not None and without.facts.hostname is None
    run = make_run([with_prompt, without, evaluated("core-1", "17.9.3")])
    with open_store(location) as store:
        store_run(store, run)
    with open_store(location, create=False) as store:
        loaded = store.load_run(run.run_id)
    assert loaded == run
    assert [c.prompt for c in loaded.results[0].collections] == ["<ar-branch-9>"] * 2
    again = reevaluate(loaded, catalogue(), AuditOptions(as_of=AS_OF))
    assert [r.facts for r in again.results] == [r.facts for r in run.results]


def test_a_result_recorded_again_with_another_prompt_is_rewritten(location: str) -> None:
    """finish_run keeps a recorded result as is only when its outputs *and* prompts match."""
    first = vrp("br-9", "<ar-branch-9>")
    renamed = vrp("br-9", "<ar-branch-9b>")
    run = make_run([first])
    with open_store(location) as store:
        begin(store, run)
        store.record(run.run_id, first)
        store.finish_run(run.run_id, replace(run, results=(renamed,)))
        (loaded,) = store.load_run(run.run_id).results
    assert loaded == renamed
    assert loaded.facts is not None and loaded.facts.hostname == "ar-branch-9b"


def _as_written_before_migration_4(path: Path) -> None:
    """The store the previous auditor left: schema 3, no `prompt` column on collections."""
    db = sqlite3.connect(path)
    db.execute("ALTER TABLE collections DROP COLUMN prompt")
    db.execute("UPDATE schema_version SET version = 3")
    db.commit()
    db.close()


def test_a_store_from_before_the_prompt_column_opens_and_reports_identically(
    tmp_path: Path,
) -> None:
    # What the previous auditor stored: no prompt kept, so no host name from it either.
    old = make_run([vrp("br-9", None), evaluated("core-1", "17.9.3")])
    path = tmp_path / "h.sqlite3"
    with open_store(path) as store:
        store_run(store, old)
    _as_written_before_migration_4(path)
    db = sqlite3.connect(path)
    columns = [row[1] for row in db.execute("PRAGMA table_info(collections)")]
    db.close()
    assert "prompt" not in columns

    with open_store(path, create=False) as store:  # opening migrates it
        loaded = store.load_run(old.run_id)
    assert loaded == old
    assert all(c.prompt is None for r in loaded.results for c in r.collections)
    assert build_view(loaded) == build_view(old)
    again = reevaluate(loaded, catalogue(), AuditOptions(as_of=AS_OF))
    assert [r.facts for r in again.results] == [r.facts for r in old.results]

    new = make_run([vrp("br-9", "<ar-branch-9>")])  # the same store records prompts from now on
    with open_store(path) as store:
        store_run(store, new)
        assert store.load_run(new.run_id) == new
        assert store.load_run(old.run_id) == old
    db = sqlite3.connect(path)
    assert db.execute("SELECT version FROM schema_version").fetchall() == [(LATEST,)]
    db.close()


def test_a_secret_in_a_prompt_never_reaches_the_history(tmp_path: Path) -> None:
    echoed = vrp("br-9", f"<{SECRET}>")
    path = tmp_path / "h.sqlite3"
    with open_store(path) as store:
        session = RunSession.start(
            store,
            devices=[echoed.device],
            catalogue=catalogue(),
            options=AuditOptions(as_of=AS_OF),
            inventory_source="inventory.yaml",
            inventory_sha256="cd" * 32,
            secrets=lambda: [SECRET],
        )
        session.observer()(echoed, 1, 1)
        run: AuditRun = session.finish(make_run([echoed]))
    assert echoed.facts is not None and echoed.facts.hostname == SECRET  # read from the prompt
    (result,) = run.results
    assert result.facts is not None and result.facts.hostname == "***"
    stored = result.collections
    assert [c.prompt for c in stored] == ["<***>", "<***>"]
    assert [c.sha256 for c in stored] == [c.sha256 for c in echoed.collections]
    with open_store(path, create=False) as store:
        assert [c.prompt for c in store.load_run(run.run_id).results[0].collections] == [
            "<***>",
            "<***>",
        ]
    assert SECRET.encode() not in b"".join(p.read_bytes() for p in tmp_path.glob("h.sqlite3*"))
