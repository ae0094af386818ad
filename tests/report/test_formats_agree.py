"""Markdown, CSV and HTML show the same devices, statuses, targets and findings as the JSON."""

from __future__ import annotations

import csv
import html
import io
import re
from typing import Any

from auditor.report.render import render

MD_DEVICE_HEADER = "| Device | Status | Site | Role | Platform | Model | Version | Move to |"


def _unescape_md(cell: str) -> str:
    return re.sub(r"\\(.)", r"\1", cell).strip()


def _md_devices(text: str) -> list[list[str]]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(MD_DEVICE_HEADER))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("| "):
            break
        cells = re.split(r"(?<!\\)\|", line)[1:-1]
        rows.append([_unescape_md(c) for c in cells])
    return rows


def _expected(view: dict[str, Any]) -> list[tuple[str, str, str, list[str]]]:
    return [
        (
            d["name"],
            d["status"],
            d["target_version"] or d["target_note"] or "",
            [f["title"] for f in d["findings"]],
        )
        for d in view["devices"]
    ]


def test_markdown_has_the_same_devices_statuses_targets_and_findings(view: dict[str, Any]) -> None:
    rows = _md_devices(render(view, "md"))
    got = []
    for cells in rows:
        status = cells[1].split(" (")[0]
        findings = cells[9]
        got.append((cells[0], status, cells[7], findings))
    want = _expected(view)
    assert [g[:3] for g in got] == [w[:3] for w in want]
    for (name, _, _, cell), (_, _, _, titles) in zip(got, want, strict=True):
        for title in titles:
            assert title in cell, (name, title)


def test_csv_has_the_same_devices_statuses_targets_and_findings(view: dict[str, Any]) -> None:
    rows = list(csv.DictReader(io.StringIO(render(view, "csv"), newline="")))
    got = [
        (
            r["device"],
            r["status"],
            r["target_version"] or r["target_note"],
            r["findings"].split("; ") if r["findings"] else [],
        )
        for r in rows
    ]
    assert got == _expected(view)
    by_name = {r["device"]: r for r in rows}
    assert by_name["lon-core-01"]["end_of_support"] == "2028-01-31"
    assert by_name["edi-pe-01"]["cause"] == "auth"


def test_html_has_every_device_finding_and_target(view: dict[str, Any]) -> None:
    page = html.unescape(render(view, "html"))
    for name, status, target, titles in _expected(view):
        assert f'data-status="{status}"' in page
        assert name in page
        assert target in page
        for title in titles:
            assert title in page, (name, title)


def test_summary_counts_agree_across_formats(view: dict[str, Any]) -> None:
    md = render(view, "md")
    for status, n in view["summary"]["by_status"].items():
        assert f"| {status} | {n} |" in md
    rows = list(csv.DictReader(io.StringIO(render(view, "csv"), newline="")))
    for status, n in view["summary"]["by_status"].items():
        assert sum(1 for r in rows if r["status"] == status) == n
