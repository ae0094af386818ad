"""The one view model every report format renders (and the JSON report *is*).

Plain dicts and lists, so templates stay dumb and JSON needs no custom encoder. Every string a
device provided is bounded here; escaping is each format's job (autoescape for HTML, filters
for Markdown and CSV). The JSON shape is versioned by `schema`; docs/report-json.md describes it.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import date, datetime
from typing import Any

from auditor.models import AuditRun, DeviceResult, Finding, Status

SCHEMA = "auditor-report/1"
MAX_FIELD = 200


def bound(value: Any, limit: int = MAX_FIELD) -> Any:
    """Cut device-provided text to a sane length; non-strings pass through."""
    if isinstance(value, str) and len(value) > limit:
        return value[: limit - 1] + "…"
    return value


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def finding_view(f: Finding) -> dict[str, Any]:
    return {
        "kind": f.kind,
        "status": f.status.value if f.status else None,
        "severity": f.severity.value,
        "title": bound(f.title, 400),
        "detail": bound(f.detail, 1000),
        "advisory_id": f.advisory_id,
        "cves": list(f.cves),
        "fixed_in": list(f.fixed_in),
        "due": _iso(f.due),
        "evidence": {
            "command": f.evidence.command,
            "collected_at": _iso(f.evidence.collected_at),
            "output_sha256": f.evidence.output_sha256,
            "catalogue_entry": f.evidence.catalogue_entry,
            "source_url": f.evidence.source_url,
        },
    }


def device_view(r: DeviceResult) -> dict[str, Any]:
    d = r.device
    facts = None
    if r.facts:
        facts = {
            k: bound(v) for k, v in r.facts.as_dict().items() if k not in ("modules", "warnings")
        }
        facts["modules"] = [
            {k: bound(v) for k, v in m.items()} for m in r.facts.as_dict()["modules"]
        ]
        facts["warnings"] = [bound(w) for w in r.facts.warnings]
    return {
        "name": d.name,
        "host": d.host,
        "port": d.port,
        "platform": d.platform,
        "site": d.site,
        "role": d.role,
        "tags": list(d.tags),
        "status": r.status.value,
        "cause": r.cause.value if r.cause else None,
        "error": bound(r.error, 400),
        "facts": facts,
        "target_version": r.target_version,
        "target_note": r.target_note,
        "findings": [finding_view(f) for f in r.findings],
        "evidence": [
            {
                "command": c.command,
                "collected_at": _iso(c.collected_at),
                "sha256": c.sha256,
                "truncated": c.truncated,
            }
            for c in r.collections
        ],
        "duration_s": r.duration_s,
    }


def build_view(run: AuditRun) -> dict[str, Any]:
    results = sorted(run.results, key=lambda r: (r.status.rank, r.device.name))
    devices = [device_view(r) for r in results]
    by_status = Counter(r.status.value for r in run.results)
    causes = Counter(r.cause.value for r in run.results if r.cause)
    data_sha = hashlib.sha256(
        json.dumps(devices, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()
    return {
        "schema": SCHEMA,
        "run": {
            "id": run.run_id,
            "started_at": _iso(run.started_at),
            "finished_at": _iso(run.finished_at),
            "as_of": _iso(run.as_of),
            "horizon_days": run.horizon_days,
            "tool_version": run.tool_version,
            "interrupted": run.interrupted,
            "inventory": {"source": run.inventory_source, "sha256": run.inventory_sha256},
            "catalogue": {"version": run.catalogue_version, "sha256": run.catalogue_sha256},
        },
        "summary": {
            "devices": len(run.results),
            "by_status": {s.value: by_status.get(s.value, 0) for s in Status},
            "failed_by_cause": dict(sorted(causes.items())),
            "advisories": _advisory_counts(run),
        },
        "devices": devices,
        "data_sha256": data_sha,
    }


def _advisory_counts(run: AuditRun) -> list[dict[str, Any]]:
    counts: Counter[str] = Counter()
    titles: dict[str, str] = {}
    for r in run.results:
        for f in r.findings:
            if f.advisory_id:
                counts[f.advisory_id] += 1
                titles[f.advisory_id] = f.title
    return [
        {"id": k, "title": titles[k], "devices": n}
        for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
