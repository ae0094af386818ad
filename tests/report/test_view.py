"""The view model: the dashboard's figures add up, dates come from the catalogue, keys stay."""

from __future__ import annotations

from typing import Any

from report_fixtures import FLEET, UNREACHABLE, demo_run

from auditor.models import Status
from auditor.report.view import build_view

# Keys other formats, the compliance pack and users' templates read: only ever extended.
STABLE_KEYS = {
    "": {"schema", "run", "summary", "devices", "data_sha256"},
    "run": {
        "id",
        "started_at",
        "finished_at",
        "as_of",
        "horizon_days",
        "tool_version",
        "interrupted",
        "inventory",
        "catalogue",
    },  # fmt: skip
    "summary": {"devices", "by_status", "failed_by_cause", "advisories"},
    "device": {
        "name",
        "host",
        "port",
        "platform",
        "site",
        "role",
        "tags",
        "status",
        "cause",
        "error",
        "facts",
        "target_version",
        "target_note",
        "findings",
        "evidence",
        "duration_s",
    },  # fmt: skip
}


def test_existing_keys_are_kept(view: dict[str, Any]) -> None:
    assert STABLE_KEYS[""] <= set(view)
    assert STABLE_KEYS["run"] <= set(view["run"])
    assert STABLE_KEYS["summary"] <= set(view["summary"])
    for device in view["devices"]:
        assert STABLE_KEYS["device"] <= set(device), device["name"]
    assert view["schema"] == "auditor-report/1"


def test_every_breakdown_counts_every_device_once(view: dict[str, Any]) -> None:
    summary = view["summary"]
    for key in ("by_vendor", "by_site", "by_role"):
        groups = summary[key]
        assert sum(g["devices"] for g in groups) == summary["devices"], key
        for status in Status:
            total = sum(g["by_status"][status.value] for g in groups)
            assert total == summary["by_status"][status.value], (key, status)


def test_groups_come_from_the_inventory_and_the_platform_registry(view: dict[str, Any]) -> None:
    sites = {g["name"]: g["devices"] for g in view["summary"]["by_site"]}
    assert sites == {"london": 8, "manchester": 2, "edinburgh": 3, "glasgow": 2}
    roles = {g["name"]: g["devices"] for g in view["summary"]["by_role"]}
    assert roles[None] == 1  # edi-pe-02 has no role: counted, not dropped
    vendors = {g["name"]: g["by_status"] for g in view["summary"]["by_vendor"]}
    assert vendors["Juniper"]["failed"] == 1  # a device never reached still has a vendor
    assert [g["devices"] for g in view["summary"]["by_site"]] == [8, 3, 2, 2]


def test_statuses_are_what_the_evaluation_said(view: dict[str, Any]) -> None:
    got = {d["name"]: d["status"] for d in view["devices"]}
    assert len(got) == len(FLEET) + len(UNREACHABLE)
    assert got["man-agg-02"] == "unsupportable"
    assert got["lon-core-02"] == "vulnerable"
    assert got["edi-acc-01"] == "outdated"
    assert got["lon-dc-02"] == "unknown"
    assert got["edi-pe-01"] == got["edi-pe-02"] == "failed"
    assert got["lon-core-01"] == "current"


def test_lifecycle_dates_come_from_the_catalogue(view: dict[str, Any]) -> None:
    by_name = {d["name"]: d for d in view["devices"]}
    core = by_name["lon-core-01"]["lifecycle"]
    assert core["basis"] == "catalogue"
    assert core["software"]["entry"] == "software ios-xe 17.12"
    assert core["end_of_support"] == "2028-01-31"  # beyond the horizon: only the catalogue knows
    leaf = by_name["lon-leaf-02"]["lifecycle"]
    assert leaf["hardware"]["end_of_support"] == "2027-09-30"
    assert leaf["end_of_support"] == "2027-03-01"  # the earlier of software and hardware
    assert by_name["lon-dc-02"]["lifecycle"]["end_of_support"] is None  # no data is not "never"


def test_without_the_catalogue_only_dates_from_findings_are_known() -> None:
    view = build_view(demo_run())
    by_name = {d["name"]: d["lifecycle"] for d in view["devices"]}
    assert by_name["man-agg-02"] == {
        "basis": "findings",
        "software": {
            "entry": "software ios-xe 16.12",
            "end_of_sw_maintenance": None,
            "end_of_support": "2025-03-31",
            "source_url": "https://example.invalid/xe1612",
        },
        "hardware": None,
        "end_of_support": "2025-03-31",
    }
    assert by_name["lon-core-01"]["end_of_support"] is None
    assert view["summary"]["end_of_support"]["already_past"] == ["man-agg-02"]


def test_timeline_covers_24_months_from_the_as_of_month(view: dict[str, Any]) -> None:
    timeline = view["summary"]["end_of_support"]
    months = [m["month"] for m in timeline["by_month"]]
    assert months[0] == "2026-06" and months[-1] == "2028-05" and len(months) == 24
    by_month = {m["month"]: m["devices"] for m in timeline["by_month"] if m["count"]}
    assert by_month["2026-09"] == ["edi-acc-01"]
    assert by_month["2027-03"] == ["lon-core-02", "lon-leaf-01", "lon-leaf-02", "man-agg-01"]
    assert timeline["already_past"] == ["man-agg-02"]
    placed = sum(m["count"] for m in timeline["by_month"])
    rest = len(timeline["already_past"]) + len(timeline["later"]) + len(timeline["no_date"])
    assert placed + rest == view["summary"]["devices"]


def test_advisories_ranked_by_devices_affected(view: dict[str, Any]) -> None:
    advisories = view["summary"]["advisories"]
    assert [(a["id"], a["devices"]) for a in advisories] == [
        ("TEST-SA-XE-1", 2),
        ("TEST-SA-XE-2", 2),
        ("TEST-SA-EOS-1", 1),
        ("TEST-SA-JUNOS-1", 1),
    ]
    assert advisories[0]["severity"] == "critical"
    assert advisories[0]["cves"] == ["CVE-2023-20198"]
    assert advisories[0]["source_url"] == "https://example.invalid/sa-xe-1"
    affected = sum(
        1 for d in view["devices"] for f in d["findings"] if f["advisory_id"] == "TEST-SA-XE-1"
    )
    assert affected == 2


def test_hostile_device_text_is_kept_as_data(view: dict[str, Any]) -> None:
    """Escaping is each format's job; the view keeps what the device said (bounded)."""
    by_name = {d["name"]: d for d in view["devices"]}
    assert by_name["man-agg-01"]["facts"]["hostname"] == "<script>alert(1)</script>"
