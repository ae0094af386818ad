"""Models ⇄ plain JSON-able values, for the store's columns.

Exact both ways: a result read back compares equal to the one written (dates and datetimes
keep their time zone through ISO 8601, tuples come back as tuples). Kept apart from the SQL so
another backend (PostgreSQL) reuses it as is.

Rows written before schema migration 3 still load: there each finding carried the device's
judged output (command, collected_at, output_sha256) beside its catalogue entry; now findings
hold only the entry (`citation`) and the judged output is the result's own `judged` column.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from auditor.models import (
    Cause,
    Citation,
    Collection,
    Device,
    DeviceResult,
    Facts,
    Finding,
    Judged,
    Module,
    Severity,
    Status,
)

RESULT_COLUMNS = (
    *("device_name", "host", "port", "platform", "driver", "username", "site", "role"),
    *("tags", "device_groups", "device_data", "status", "cause", "error", "facts", "findings"),
    *("target_version", "target_note", "started_at", "duration_s", "attempts", "judged"),
)
"""The `device_results` columns that hold a result (besides its run_id and seq)."""


def dumps(value: Any) -> str:
    """Compact, sorted JSON: the same value always gives the same text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def to_datetime(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def to_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def device_columns(d: Device) -> dict[str, Any]:
    """A Device as columns. It holds no secret (see `Device`): `data` names env variables."""
    return {
        "device_name": d.name,
        "host": d.host,
        "port": d.port,
        "platform": d.platform,
        "driver": d.driver,
        "username": d.username,
        "site": d.site,
        "role": d.role,
        "tags": dumps(list(d.tags)),
        "device_groups": dumps(list(d.groups)),
        "device_data": dumps([list(pair) for pair in d.data]),
    }


def device_from(row: Any) -> Device:
    return Device(
        name=row["device_name"],
        host=row["host"],
        platform=row["platform"],
        port=int(row["port"]),
        site=row["site"],
        role=row["role"],
        tags=tuple(json.loads(row["tags"])),
        groups=tuple(json.loads(row["device_groups"])),
        username=row["username"],
        driver=row["driver"],
        data=tuple((str(k), str(v)) for k, v in json.loads(row["device_data"])),
    )


def facts_json(facts: Facts | None) -> str | None:
    return None if facts is None else dumps(facts.as_dict())


def facts_from(text: str | None) -> Facts | None:
    if not text:
        return None
    raw = json.loads(text)
    return Facts(
        vendor=raw["vendor"],
        os=raw["os"],
        version=raw["version"],
        model=raw["model"],
        hostname=raw["hostname"],
        serial=raw["serial"],
        modules=tuple(Module(**m) for m in raw["modules"]),
        warnings=tuple(raw["warnings"]),
    )


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "kind": f.kind,
        "status": f.status.value if f.status else None,
        "title": f.title,
        "detail": f.detail,
        "severity": f.severity.value,
        "advisory_id": f.advisory_id,
        "cves": list(f.cves),
        "fixed_in": list(f.fixed_in),
        "due": iso(f.due),
        "citation": {
            "catalogue_entry": f.citation.catalogue_entry,
            "source_url": f.citation.source_url,
        },
    }


def finding_from(raw: dict[str, Any]) -> Finding:
    cited = raw["citation"] if "citation" in raw else raw["evidence"]  # before migration 3
    return Finding(
        kind=raw["kind"],
        status=Status(raw["status"]) if raw["status"] else None,
        title=raw["title"],
        detail=raw["detail"],
        severity=Severity(raw["severity"]),
        advisory_id=raw["advisory_id"],
        cves=tuple(raw["cves"]),
        fixed_in=tuple(raw["fixed_in"]),
        due=to_date(raw["due"]),
        citation=Citation(cited["catalogue_entry"], cited["source_url"]),
    )


def findings_json(findings: tuple[Finding, ...]) -> str:
    return dumps([finding_dict(f) for f in findings])


def judged_json(judged: Judged | None) -> str | None:
    if judged is None:
        return None
    return dumps(
        {
            "command": judged.command,
            "collected_at": iso(judged.collected_at),
            "output_sha256": judged.output_sha256,
        }
    )


def judged_from(text: str | None, findings: list[dict[str, Any]]) -> Judged | None:
    """The result's `judged` column; for a row written before migration 3 (column NULL), the
    device output its findings each cited (the same for all of them, by construction)."""
    raw = json.loads(text) if text else _judged_in_old_findings(findings)
    if raw is None:
        return None
    at = to_datetime(raw["collected_at"])
    return Judged(raw["command"], at, raw["output_sha256"]) if at else None


def _judged_in_old_findings(findings: list[dict[str, Any]]) -> dict[str, Any] | None:
    for f in findings:
        e = f.get("evidence") or {}
        if e.get("command") and e.get("collected_at") and e.get("output_sha256"):
            return dict(e)
    return None


def cause_from(text: str | None) -> Cause | None:
    return Cause(text) if text else None


COLLECTION_COLUMNS = ("command", "collected_at", "sha256", "truncated", "output", "prompt")
"""The `collections` columns that hold a Collection (besides run_id, device_name and seq)."""


def collection_values(c: Collection) -> tuple[Any, ...]:
    """A Collection as the values of `COLLECTION_COLUMNS`, in that order."""
    return (c.command, c.collected_at.isoformat(), c.sha256, int(c.truncated), c.output, c.prompt)


def collection_from(row: Any) -> Collection:
    """A `collections` row; `prompt` is NULL in rows written before schema migration 4."""
    return Collection(
        command=row["command"],
        output=row["output"],
        collected_at=datetime.fromisoformat(row["collected_at"]),
        sha256=row["sha256"],
        truncated=bool(row["truncated"]),
        prompt=row["prompt"],
    )


def result_columns(r: DeviceResult) -> dict[str, Any]:
    """A DeviceResult as its `device_results` columns (collections go to their own table)."""
    return {
        **device_columns(r.device),
        "status": r.status.value,
        "cause": r.cause.value if r.cause else None,
        "error": r.error,
        "facts": facts_json(r.facts),
        "findings": findings_json(r.findings),
        "target_version": r.target_version,
        "target_note": r.target_note,
        "started_at": iso(r.started_at),
        "duration_s": float(r.duration_s),
        "attempts": r.attempts,
        "judged": judged_json(r.judged),
    }


def result_from(row: Any, collections: tuple[Any, ...]) -> DeviceResult:
    """A `device_results` row (read by column name) and its collections → the DeviceResult."""
    findings = json.loads(row["findings"])
    return DeviceResult(
        device=device_from(row),
        status=Status(row["status"]),
        facts=facts_from(row["facts"]),
        findings=tuple(finding_from(raw) for raw in findings),
        cause=cause_from(row["cause"]),
        error=row["error"],
        collections=collections,
        target_version=row["target_version"],
        target_note=row["target_note"],
        started_at=to_datetime(row["started_at"]),
        duration_s=float(row["duration_s"]),
        attempts=int(row["attempts"]),
        judged=judged_from(row["judged"], findings),
    )
