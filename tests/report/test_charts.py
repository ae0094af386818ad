"""Inline SVG charts: well-formed, escaped, accessible, and the numbers on them are right."""

from __future__ import annotations

import doctest
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from auditor.report import charts
from auditor.report.charts import (
    STATUS_COLOURS,
    Series,
    dashboard_charts,
    month_columns,
    stacked_bars,
    text_colour,
)

SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def test_doctests() -> None:
    assert doctest.testmod(charts).failed == 0


def test_every_dashboard_chart_is_well_formed_and_labelled(view: dict[str, Any]) -> None:
    got = dashboard_charts(view)
    assert set(got) == {"by_vendor", "by_site", "by_role", "timeline", "advisories"}
    for name, svg in got.items():
        root = ET.fromstring(svg)  # raises if not well-formed XML
        assert root.get("role") == "img", name
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and title.text, name
        assert desc is not None and desc.text, name
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert root.findall(f".//{SVG}g[@class='legend-item']"), name


def test_stacked_bars_show_each_groups_total_and_segment_counts(view: dict[str, Any]) -> None:
    svg = dashboard_charts(view)["by_vendor"]
    texts = _texts(svg)
    for group in view["summary"]["by_vendor"]:
        assert group["name"] in texts
        assert str(group["devices"]) in texts
    root = ET.fromstring(svg)
    segments = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    cisco = [r.find(f"{SVG}title").text for r in segments if r.find(f"{SVG}title").text.startswith("Cisco")]  # type: ignore[union-attr]  # fmt: skip
    assert cisco == [
        "Cisco: 1 unsupportable",
        "Cisco: 2 vulnerable",
        "Cisco: 1 outdated",
        "Cisco: 1 unknown",
        "Cisco: 1 failed",
        "Cisco: 2 current",
    ]
    fills = {r.get("fill") for r in segments}
    assert fills <= set(STATUS_COLOURS.values())


def test_segment_widths_are_proportional_to_counts() -> None:
    series = [Series("a", "a", "#000000"), Series("b", "b", "#FFFFFF")]
    svg = stacked_bars(
        chart_id="t",
        title="t",
        rows=[("x", {"a": 1, "b": 3})],
        series=series,
        x_label="n",
        y_label="g",
    )
    rects = [r for r in ET.fromstring(svg).iter(f"{SVG}rect") if r.get("height") == "20"]
    widths = [float(r.get("width") or 0) for r in rects]
    assert widths[1] == pytest.approx(3 * widths[0], rel=0.01)


def test_labels_from_the_inventory_are_escaped() -> None:
    hostile = '<script>alert("x")</script> & "quotes"'
    svg = stacked_bars(
        chart_id='bad" onload="x',
        title=hostile,
        rows=[(hostile, {"current": 1})],
        series=[Series("current", "current", STATUS_COLOURS["current"])],
        x_label=hostile,
        y_label=hostile,
    )
    assert "<script>" not in svg and 'onload="x' not in svg
    root = ET.fromstring(svg)
    assert root.get("id") == "bad-onload-x"
    assert hostile in _texts(svg)


def test_timeline_columns_and_labels() -> None:
    months = [("2026-11", 0), ("2026-12", 2), ("2027-01", 5)]
    svg = month_columns(chart_id="tl", title="t", months=months, x_label="m", y_label="d")
    texts = _texts(svg)
    assert {"Nov", "Dec", "Jan", "2026", "2027", "2", "5"} <= set(texts)
    root = ET.fromstring(svg)
    swatches = {id(r) for g in root.iter(f"{SVG}g") if g.get("class") == "legend-item" for r in g}
    columns = [
        r
        for r in root.iter(f"{SVG}rect")
        if r.get("fill") == charts.TIMELINE_COLOUR and id(r) not in swatches
    ]
    heights = [float(r.get("height") or 0) for r in columns]
    assert len(heights) == 2  # months with no device draw no column
    assert heights[1] == pytest.approx(2.5 * heights[0], rel=0.01)


def test_empty_data_says_so_instead_of_drawing_nothing() -> None:
    svg = stacked_bars(
        chart_id="e", title="t", rows=[], series=[], x_label="x", y_label="y", empty="Nothing here"
    )
    ET.fromstring(svg)
    assert "Nothing here" in _texts(svg)


def test_text_on_each_status_colour_has_enough_contrast() -> None:
    def luminance(colour: str) -> float:
        c = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    for status, colour in STATUS_COLOURS.items():
        a, b = luminance(colour), luminance(text_colour(colour))
        ratio = (max(a, b) + 0.05) / (min(a, b) + 0.05)
        assert ratio >= 4.5, (status, ratio)


def test_many_groups_fold_into_one_bar_so_the_chart_stays_readable(
    view: dict[str, Any],
) -> None:
    sites = [
        {"name": f"site-{i:02d}", "devices": 1, "by_status": {"current": 1, "failed": 0}}
        for i in range(charts.MAX_BARS + 5)
    ]
    wide = {**view, "summary": {**view["summary"], "by_site": sites}}
    svg = dashboard_charts(wide)["by_site"]
    labels = _texts(svg)
    assert "site-19" in labels and "site-20" not in labels
    assert "5 other sites" in labels
    bars = [g.find(f"{SVG}title") for g in ET.fromstring(svg).iter(f"{SVG}g")]
    assert "5 other sites: 5" in [t.text for t in bars if t is not None]  # the folded total
