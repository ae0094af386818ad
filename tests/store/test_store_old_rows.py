"""A history written before schema migration 3 still loads and reports exactly as it did.

Until then each stored finding carried the device's judged output (command, collection time,
SHA-256) beside its catalogue entry; now a finding cites only its entry and the judged output
is stored once per device (`device_results.judged`). Stores in the field hold the old rows.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from store_support import catalogue, evaluated, failed, make_run, store_run

from auditor.models import AuditRun, Cause, DeviceResult
from auditor.report.view import build_view
from auditor.store import open_store
from auditor.store.schema import LATEST


def _old_findings(result: DeviceResult) -> str:
    """The `findings` column as the auditor wrote it before migration 3: every finding with
    the full evidence (the device's output, then the catalogue entry)."""
    judged = result.judged
    rows: list[dict[str, Any]] = []
    for f in result.findings:
        rows.append(
            {
                "kind": f.kind,
                "status": f.status.value if f.status else None,
                "title": f.title,
                "detail": f.detail,
                "severity": f.severity.value,
                "advisory_id": f.advisory_id,
                "cves": list(f.cves),
                "fixed_in": list(f.fixed_in),
                "due": f.due.isoformat() if f.due else None,
                "evidence": {
                    "command": judged.command if judged else None,
                    "collected_at": judged.collected_at.isoformat() if judged else None,
                    "output_sha256": judged.output_sha256 if judged else None,
                    "catalogue_entry": f.citation.catalogue_entry,
                    "source_url": f.citation.source_url,
                },
            }
        )
    return json.dumps(rows, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _as_written_before_migration_3(path: Path, run: AuditRun) -> None:
    """Turn a current store back into the one the previous auditor left: schema 2, no
    `judged` column (nor migration 4's `collections.prompt`), the judged output copied into
    every stored finding."""
    db = sqlite3.connect(path)
    for r in run.results:
        db.execute(
            "UPDATE device_results SET findings = ? WHERE run_id = ? AND device_name = ?",
            (_old_findings(r), run.run_id, r.device.name),
        )
    db.execute("ALTER TABLE device_results DROP COLUMN judged")
    db.execute("ALTER TABLE collections DROP COLUMN prompt")
    db.execute("UPDATE schema_version SET version = 2")
    db.commit()
    db.close()


def test_a_run_stored_in_the_old_shape_loads_and_reports_identically(tmp_path: Path) -> None:
    cat = catalogue()
    results = [
        evaluated("core-1", "17.9.3", cat=cat, offset_s=1),
        evaluated("acc-1", "15.2(7)E4", "cisco_ios", cat, offset_s=2),
        evaluated("old-1", "16.9.4", cat=cat, offset_s=3),
        evaluated("new-1", "17.12.4", cat=cat, offset_s=4),  # current: no findings
        failed("auth-1", Cause.AUTH),
    ]
    run = make_run(results, cat=cat)
    path = tmp_path / "h.sqlite3"
    with open_store(path) as store:
        store_run(store, run)
    _as_written_before_migration_3(path, run)
    old = sqlite3.connect(path)
    (text,) = old.execute(
        "SELECT findings FROM device_results WHERE device_name = 'old-1'"
    ).fetchone()
    stored = json.loads(text)
    assert set(stored[0]["evidence"]) >= {"command", "collected_at", "output_sha256"}
    old.close()

    with open_store(path, create=False) as store:  # opening migrates it to the current schema
        loaded = store.load_run(run.run_id)
    assert build_view(loaded) == build_view(run)  # the report, data_sha256 included
    assert build_view(loaded, cat) == build_view(run, cat)
    with_findings = [r for r in run.results if r.findings]
    assert len(with_findings) >= 3
    by_name = {r.device.name: r for r in loaded.results}
    for original in with_findings:
        again = by_name[original.device.name]
        assert again.judged is not None and again.judged == original.judged
        assert again.findings == original.findings
    first = build_view(loaded)["devices"][0]["findings"][0]["evidence"]
    assert first["command"] == "show version" and first["output_sha256"]
    # A device without findings had nowhere to keep its judged output in the old shape (its
    # collections are still there, and re-evaluating the run judges them again).
    assert by_name["new-1"].judged is None and not by_name["new-1"].findings

    db = sqlite3.connect(path)
    assert db.execute("SELECT version FROM schema_version").fetchall() == [(LATEST,)]
    db.close()


def test_the_judged_output_is_stored_once_per_device_not_per_finding(tmp_path: Path) -> None:
    result = evaluated("acc-1", "15.2(7)E4", "cisco_ios")
    assert result.judged is not None and len(result.findings) >= 2
    run = make_run([result])
    with open_store(tmp_path / "h.sqlite3") as store:
        store_run(store, run)
        assert store.load_run(run.run_id) == run
    db = sqlite3.connect(tmp_path / "h.sqlite3")
    judged, findings = db.execute("SELECT judged, findings FROM device_results").fetchone()
    db.close()
    assert json.loads(judged) == {
        "command": result.judged.command,
        "collected_at": result.judged.collected_at.isoformat(),
        "output_sha256": result.judged.output_sha256,
    }
    assert all(set(f["citation"]) == {"catalogue_entry", "source_url"}
               for f in json.loads(findings))  # fmt: skip
    assert result.judged.output_sha256 not in findings
