"""A password a device echoed back never reaches the history, the log line or the report."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from store_support import catalogue, device, evaluated, make_run

from auditor.audit import AuditOptions
from auditor.models import DeviceResult
from auditor.store import open_store
from auditor.store.session import RunSession

SECRET = "hunter2-Echoed"


def test_an_echoed_password_is_scrubbed_everywhere_the_result_goes(tmp_path: Path) -> None:
    clean = evaluated("a", "17.9.3")
    echoed = replace(
        clean,
        error=f"odd banner {SECRET}",
        collections=tuple(
            replace(c, output=c.output + f"\n% Unknown command: {SECRET}\n")
            for c in clean.collections
        ),
    )
    path = tmp_path / "h.sqlite3"
    shown: list[DeviceResult] = []
    with open_store(path) as store:
        session = RunSession.start(
            store,
            devices=[device("a")],
            catalogue=catalogue(),
            options=AuditOptions(as_of=date(2026, 6, 1)),
            inventory_source="inventory.yaml",
            inventory_sha256="cd" * 32,
            secrets=lambda: ["", "ab", SECRET],  # empty and too short ones are ignored
        )
        session.observer(lambda r, done, total: shown.append(r))(echoed, 1, 1)
        run = session.finish(make_run([echoed]))
    assert SECRET.encode() not in b"".join(p.read_bytes() for p in tmp_path.glob("h.sqlite3*"))
    (stored,) = run.results
    assert stored.error == "odd banner ***"
    assert "% Unknown command: ***" in stored.collections[0].output
    assert stored.collections[0].sha256 == echoed.collections[0].sha256  # evidence unchanged
    assert shown == [stored]  # the log line saw the scrubbed result too
    assert session.scrub(clean) is clean  # nothing to hide: untouched
