"""The one view model every report format renders (and the JSON report *is*).

Plain dicts and lists, so templates stay dumb and JSON needs no custom encoder. Every string a
device provided is bounded here; escaping is each format's job (autoescape for HTML, filters
for Markdown and CSV). The JSON shape is versioned by `schema`; docs/report-json.md describes it.
New keys are only ever added (the compliance pack and users' own templates read this shape).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from auditor.models import AuditRun, DeviceResult, Finding, Judged, Status

if TYPE_CHECKING:
    from auditor.catalogue.model import Catalogue, Milestones

SCHEMA = "auditor-report/1"
MAX_FIELD = 200
TIMELINE_MONTHS = 24
LIFECYCLE_KINDS = ("end-of-support", "end-of-maintenance", "support-ending")


def bound(value: Any, limit: int = MAX_FIELD) -> Any:
    """Cut device-provided text to a sane length; non-strings pass through."""
    if isinstance(value, str) and len(value) > limit:
        return value[: limit - 1] + "…"
    return value


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def finding_view(f: Finding, judged: Judged | None = None) -> dict[str, Any]:
    """One finding of a device. Its `evidence` joins the output the device was judged on
    (`DeviceResult.judged`: the same for all its findings, so the model keeps it once) with
    the catalogue entry the finding itself cites: the report's shape is what it always was."""
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
            "command": judged.command if judged else None,
            "collected_at": _iso(judged.collected_at) if judged else None,
            "output_sha256": judged.output_sha256 if judged else None,
            "catalogue_entry": f.citation.catalogue_entry,
            "source_url": f.citation.source_url,
        },
    }


def _vendor(r: DeviceResult) -> str | None:
    """The registry's vendor name, so a device that could not be audited still has one."""
    from auditor.errors import UnknownPlatformError
    from auditor.platforms import get_platform

    try:
        return get_platform(r.device.platform).vendor
    except UnknownPlatformError:
        return r.facts.vendor if r.facts else None


def _milestones(entry: str, m: Milestones, url: str | None) -> dict[str, Any]:
    return {
        "entry": entry,
        "end_of_sw_maintenance": _iso(m.end_of_sw_maintenance),
        "end_of_support": _iso(m.end_of_support),
        "source_url": url,
    }


def _lifecycle_from_catalogue(r: DeviceResult, catalogue: Catalogue) -> dict[str, Any]:
    """Every dated milestone the catalogue holds for what the device runs, however far off
    (findings carry only dates already past or inside the horizon)."""
    from auditor.errors import InputError
    from auditor.versions import SCHEME_FOR_OS, get_scheme

    software = hardware = None
    facts = r.facts
    if facts is not None:
        try:
            version = get_scheme(SCHEME_FOR_OS.get(facts.os, "generic")).parse(facts.version)
        except InputError:
            version = None
        train = catalogue.train_for(facts.os, version) if version else None
        if train is not None:
            software = _milestones(train.ref, train.milestones, train.source.url)
        hw = catalogue.hardware_for(facts.model)
        if hw is not None:
            hardware = _milestones(hw.ref, hw.milestones, hw.source.url)
    return {"basis": "catalogue", "software": software, "hardware": hardware}


def _lifecycle_from_findings(r: DeviceResult) -> dict[str, Any]:
    """Without the catalogue, the lifecycle findings' `due` dates are all there is: dates
    already past or inside the run's horizon. `basis` says so, so nobody reads "no date" as
    "supported for ever"."""
    parts: dict[str, dict[str, Any]] = {}
    for f in r.findings:
        entry = f.citation.catalogue_entry or ""
        part = entry.split(" ", 1)[0]
        if f.kind not in LIFECYCLE_KINDS or part not in ("software", "hardware") or not f.due:
            continue
        slot = parts.setdefault(
            part,
            {
                "entry": entry,
                "end_of_sw_maintenance": None,
                "end_of_support": None,
                "source_url": f.citation.source_url,
            },
        )
        key = "end_of_sw_maintenance" if f.kind == "end-of-maintenance" else "end_of_support"
        slot[key] = f.due.isoformat()
    return {
        "basis": "findings",
        "software": parts.get("software"),
        "hardware": parts.get("hardware"),
    }


def lifecycle_view(r: DeviceResult, catalogue: Catalogue | None = None) -> dict[str, Any]:
    """Software and hardware support milestones of one device, and the date its support ends
    (the earlier of the two: a supported release on unsupported hardware is still stranded)."""
    life = _lifecycle_from_catalogue(r, catalogue) if catalogue else _lifecycle_from_findings(r)
    ends = [p["end_of_support"] for p in (life["software"], life["hardware"]) if p]
    life["end_of_support"] = min((e for e in ends if e), default=None)
    return life


def device_view(r: DeviceResult, catalogue: Catalogue | None = None) -> dict[str, Any]:
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
        "vendor": _vendor(r),
        "site": d.site,
        "role": d.role,
        "tags": list(d.tags),
        "status": r.status.value,
        "cause": r.cause.value if r.cause else None,
        "error": bound(r.error, 600),
        "facts": facts,
        "target_version": r.target_version,
        "target_note": r.target_note,
        "lifecycle": lifecycle_view(r, catalogue),
        "findings": [finding_view(f, r.judged) for f in r.findings],
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
        "attempts": r.attempts,
    }


def build_view(run: AuditRun, catalogue: Catalogue | None = None) -> dict[str, Any]:
    """The report of one run. Pass the catalogue the run used to date every device's end of
    support (the dashboard's 24-month timeline); without it only dates in findings are known."""
    results = sorted(run.results, key=lambda r: (r.status.rank, r.device.name))
    devices = [device_view(r, catalogue) for r in results]
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
            "by_vendor": _breakdown(devices, "vendor"),
            "by_site": _breakdown(devices, "site"),
            "by_role": _breakdown(devices, "role"),
            "end_of_support": _timeline(devices, run.as_of),
        },
        "devices": devices,
        "data_sha256": data_sha,
    }


def _breakdown(devices: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """Devices by status per value of `key` (vendor, site, role); biggest group first.
    A device with no value is counted under `name: null`, never dropped."""
    groups: dict[str | None, Counter[str]] = defaultdict(Counter)
    for d in devices:
        groups[d[key]][d["status"]] += 1
    rows = [
        {
            "name": name,
            "devices": sum(counts.values()),
            "by_status": {s.value: counts.get(s.value, 0) for s in Status},
        }
        for name, counts in groups.items()
    ]
    return sorted(rows, key=lambda g: (-g["devices"], g["name"] is None, g["name"] or ""))


def _month(day: date, offset: int) -> str:
    index = day.year * 12 + day.month - 1 + offset
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _timeline(devices: list[dict[str, Any]], as_of: date) -> dict[str, Any]:
    """Devices whose support ends in each of the next 24 months (from the as-of month)."""
    months = [_month(as_of, i) for i in range(TIMELINE_MONTHS)]
    by_month: dict[str, list[str]] = {m: [] for m in months}
    past: list[str] = []
    later: list[str] = []
    undated: list[str] = []
    for d in devices:
        end = d["lifecycle"]["end_of_support"]
        if end is None:
            undated.append(d["name"])
        elif end < as_of.isoformat():
            past.append(d["name"])
        elif end[:7] in by_month:
            by_month[end[:7]].append(d["name"])
        else:
            later.append(d["name"])
    return {
        "from": months[0],
        "months": TIMELINE_MONTHS,
        "by_month": [
            {"month": m, "count": len(by_month[m]), "devices": sorted(by_month[m])} for m in months
        ],
        "already_past": sorted(past),
        "later": sorted(later),
        "no_date": sorted(undated),
    }


def _advisory_counts(run: AuditRun) -> list[dict[str, Any]]:
    counts: Counter[str] = Counter()
    first: dict[str, Finding] = {}
    for r in run.results:
        for f in r.findings:
            if f.advisory_id:
                counts[f.advisory_id] += 1
                first[f.advisory_id] = f
    return [
        {
            "id": k,
            "title": first[k].title,
            "devices": n,
            "severity": first[k].severity.value,
            "cves": list(first[k].cves),
            "source_url": first[k].citation.source_url,
        }
        for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def sample_view() -> dict[str, Any]:
    """A small made-up report (one device of each kind of answer) to try a user's templates
    on before an audit runs, so a broken `--template` fails in seconds, not after the run."""
    from auditor.models import Cause, Citation, Device, Facts, Severity

    at = datetime(2026, 1, 1)
    sample = Device("sample-router", "127.0.0.1", "cisco_xe", site="site", role="core")
    finding = Finding(
        "advisory",
        Status.VULNERABLE,
        "SAMPLE-1: sample advisory",
        "detail",
        Severity.HIGH,
        advisory_id="SAMPLE-1",
        cves=("CVE-0000-0000",),
        fixed_in=("17.9.6",),
        due=at.date(),
        citation=Citation("advisory SAMPLE-1", "https://example.com/"),
    )
    results = (
        DeviceResult(
            sample,
            Status.VULNERABLE,
            facts=Facts("Cisco", "ios-xe", "17.9.1", "C9300-48P", "sample-router", "FOC0"),
            findings=(finding,),
            target_version="17.9.6",
            judged=Judged("show version", at, "0" * 64),
        ),
        DeviceResult(
            Device("sample-switch", "127.0.0.2", "cisco_ios"),
            Status.FAILED,
            cause=Cause.TIMEOUT,
            error="no answer",
        ),  # fmt: skip
    )
    run = AuditRun("sample", at, at, at.date(), "0", "sample", "0" * 64, "0", "0" * 64, results)
    return build_view(run)
