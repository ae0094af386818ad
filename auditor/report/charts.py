"""Charts for the HTML dashboard, as inline SVG strings built from the view model.

Why hand-built SVG: the report must be one self-contained file that opens offline, prints, and
needs no JavaScript; bar charts are a few rectangles, and a plotting library would add a heavy
dependency (matplotlib) or a script runtime (most JS charting) for that. Every function here
is pure: view data in, an SVG string out, every piece of text escaped (labels come from the
inventory and the catalogue, which a user or a device controls).

Colours are the Okabe–Ito palette, which stays distinguishable with the common colour-vision
deficiencies; colour is never the only carrier (legend, labels, counts and a data table too).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: One colour per status, worst first (the order of `auditor.models.Status`).
STATUS_COLOURS: dict[str, str] = {
    "unsupportable": "#D55E00",  # vermillion
    "vulnerable": "#CC79A7",  # reddish purple
    "outdated": "#E69F00",  # orange
    "unknown": "#BBBBBB",  # light grey: no data
    "failed": "#555555",  # dark grey: not audited
    "current": "#009E73",  # bluish green
}
TIMELINE_COLOUR = "#0072B2"  # blue: a date, not a status
WIDTH = 640
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    colour: str


def esc(value: Any) -> str:
    """Text or attribute content, escaped for SVG/HTML (quotes too)."""
    return html.escape(str(value), quote=True)


def text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with a `#RRGGBB` background (WCAG formula)."""
    channels = [int(background[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#FFFFFF"


def nice_ticks(maximum: int, most: int = 6) -> list[int]:
    """Whole-number axis ticks from 0 that cover `maximum` in at most `most` steps.

    >>> nice_ticks(7)
    [0, 2, 4, 6, 8]
    >>> nice_ticks(0)
    [0, 1]
    """
    top = max(int(maximum), 1)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if math.ceil(top / step) <= most:
            break
    else:
        step = 10 ** math.ceil(math.log10(top / most))
    return list(range(0, math.ceil(top / step) * step + 1, step))


def _clip(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _chart_id(value: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", value.lower()).strip("-") or "chart"


def _open(chart_id: str, title: str, desc: str, height: int, width: int = WIDTH) -> list[str]:
    cid = _chart_id(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{cid}" '
        f'viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" font-family="{esc(FONT)}" font-size="12">',
        f'<title id="{cid}-title">{esc(title)}</title>',
        f'<desc id="{cid}-desc">{esc(desc)}</desc>',
        f'<text x="0" y="16" font-size="14" font-weight="600" fill="#1b1f24">{esc(title)}</text>',
    ]


def _legend(series: Sequence[Series], y: int, width: int = WIDTH) -> tuple[list[str], int]:
    """Swatches left to right, wrapping; returns the SVG and the y below the legend."""
    parts, x = [], 0
    for s in series:
        item = 18 + 7 * len(s.label) + 14
        if x and x + item > width:
            x, y = 0, y + 18
        parts.append(
            f'<g class="legend-item"><rect x="{x}" y="{y - 10}" width="12" height="12" rx="2" '
            f'fill="{esc(s.colour)}"/><text x="{x + 17}" y="{y}" fill="#333">{esc(s.label)}</text></g>'
        )
        x += item
    return parts, y + 14


def _empty(parts: list[str], y: int, message: str) -> str:
    parts.append(f'<text x="{WIDTH / 2}" y="{y + 20}" text-anchor="middle" fill="#555">')
    parts.append(f"{esc(message)}</text></svg>")
    return "".join(parts)


def stacked_bars(
    *,
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, Mapping[str, int]]],
    series: Sequence[Series],
    x_label: str,
    y_label: str,
    empty: str = "No devices",
) -> str:
    """Horizontal bars, one per row, split into `series` segments (e.g. devices by status)."""
    totals = [sum(counts.get(s.key, 0) for s in series) for _, counts in rows]
    desc = "; ".join(
        f"{label}: {total} ("
        + ", ".join(f"{counts.get(s.key, 0)} {s.label}" for s in series if counts.get(s.key))
        + ")"
        for (label, counts), total in zip(rows, totals, strict=True)
    )
    bar, gap = 20, 8
    legend, top = _legend(series, 40)
    height = top + 8 + len(rows) * (bar + gap) + 44
    parts = _open(chart_id, title, desc or empty, height if rows else top + 40)
    parts += legend
    if not rows:
        return _empty(parts, top, empty)
    left = 26 + min(max(len(label) for label, _ in rows), 22) * 7
    plot_w = WIDTH - left - 36
    ticks = nice_ticks(max(totals))
    scale = plot_w / ticks[-1]
    plot_top, plot_bottom = top + 8, top + 8 + len(rows) * (bar + gap)
    parts.append('<g class="grid" stroke="#e3e6ea" stroke-width="1">')
    for t in ticks:
        x = left + t * scale
        parts.append(f'<line x1="{x:.1f}" y1="{plot_top}" x2="{x:.1f}" y2="{plot_bottom}"/>')
    parts.append("</g>")
    for i, ((label, counts), total) in enumerate(zip(rows, totals, strict=True)):
        y = plot_top + i * (bar + gap) + gap / 2
        parts.append(f'<g class="bar"><title>{esc(label)}: {total}</title>')
        parts.append(
            f'<text x="{left - 6}" y="{y + bar / 2 + 4}" text-anchor="end" fill="#1b1f24">'
            f"{esc(_clip(label, 22))}</text>"
        )
        x = float(left)
        for s in series:
            n = counts.get(s.key, 0)
            if not n:
                continue
            w = n * scale
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{esc(s.colour)}">'
                f"<title>{esc(label)}: {n} {esc(s.label)}</title></rect>"
            )
            if w >= 16:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + bar / 2 + 4}" text-anchor="middle" '
                    f'font-size="11" fill="{text_colour(s.colour)}">{n}</text>'
                )
            x += w
        parts.append(
            f'<text x="{x + 5:.1f}" y="{y + bar / 2 + 4}" font-weight="600" fill="#1b1f24">'
            f"{total}</text></g>"
        )
    parts += _x_axis(ticks, left, scale, plot_bottom, x_label)
    parts.append(
        f'<text transform="translate(10 {(plot_top + plot_bottom) / 2}) rotate(-90)" '
        f'text-anchor="middle" fill="#555">{esc(y_label)}</text></svg>'
    )
    return "".join(parts)


def _x_axis(ticks: list[int], left: int, scale: float, y: int, label: str) -> list[str]:
    parts = [
        f'<line x1="{left}" y1="{y}" x2="{left + ticks[-1] * scale:.1f}" y2="{y}" stroke="#888"/>'
    ]
    for t in ticks:
        parts.append(
            f'<text x="{left + t * scale:.1f}" y="{y + 14}" text-anchor="middle" fill="#555">{t}</text>'
        )
    middle = left + ticks[-1] * scale / 2
    parts.append(
        f'<text x="{middle:.1f}" y="{y + 34}" text-anchor="middle" fill="#555">{esc(label)}</text>'
    )
    return parts


def month_columns(
    *,
    chart_id: str,
    title: str,
    months: Sequence[tuple[str, int]],
    x_label: str,
    y_label: str,
    colour: str = TIMELINE_COLOUR,
    legend: str = "devices",
    width: int = 2 * WIDTH,
) -> str:
    """Vertical columns per month (`YYYY-MM`, count): e.g. devices reaching end of support."""
    desc = "; ".join(f"{m}: {n}" for m, n in months if n) or "none in this period"
    legend_parts, top = _legend([Series("n", legend, colour)], 40, width)
    plot_top, plot_h = top + 14, 150
    plot_bottom = plot_top + plot_h
    height = plot_bottom + 62
    parts = _open(chart_id, title, f"{title}: {desc}", height, width) + legend_parts
    left, right = 44, width - 8
    ticks = nice_ticks(max((n for _, n in months), default=0), 5)
    scale = plot_h / ticks[-1]
    slot = (right - left) / max(len(months), 1)
    parts.append('<g class="grid" stroke="#e3e6ea" stroke-width="1">')
    for t in ticks:
        y = plot_bottom - t * scale
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}"/>')
    parts.append("</g>")
    for t in ticks:
        y = plot_bottom - t * scale
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555">{t}</text>'
        )
    for i, (month, n) in enumerate(months):
        year, number = month.split("-")
        cx = left + slot * (i + 0.5)
        name = _MONTHS[int(number) - 1]
        parts.append(f'<g class="bar"><title>{esc(name)} {esc(year)}: {n}</title>')
        if n:
            h = n * scale
            parts.append(
                f'<rect x="{cx - slot * 0.35:.1f}" y="{plot_bottom - h:.1f}" width="{slot * 0.7:.1f}" '
                f'height="{h:.1f}" fill="{esc(colour)}"/>'
                f'<text x="{cx:.1f}" y="{plot_bottom - h - 4:.1f}" text-anchor="middle" '
                f'font-weight="600" fill="#1b1f24">{n}</text>'
            )
        parts.append(
            f'<text x="{cx:.1f}" y="{plot_bottom + 13}" text-anchor="middle" font-size="11" '
            f'fill="#555">{esc(name)}</text>'
        )
        if i == 0 or number == "01":
            parts.append(
                f'<text x="{cx - slot * 0.45:.1f}" y="{plot_bottom + 27}" font-size="10" '
                f'font-weight="600" fill="#333">{esc(year)}</text>'
            )
        parts.append("</g>")
    parts.append(
        f'<line x1="{left}" y1="{plot_bottom}" x2="{right}" y2="{plot_bottom}" stroke="#888"/>'
        f'<text x="{(left + right) / 2:.1f}" y="{plot_bottom + 50}" text-anchor="middle" '
        f'fill="#555">{esc(x_label)}</text>'
        f'<text transform="translate(10 {plot_top + plot_h / 2:.1f}) rotate(-90)" '
        f'text-anchor="middle" fill="#555">{esc(y_label)}</text></svg>'
    )
    return "".join(parts)


MAX_BARS = 20


def _label(name: str | None, missing: str) -> str:
    return name if name else missing


def _top_groups(
    groups: Sequence[Mapping[str, Any]], noun: str, missing: str, limit: int = MAX_BARS
) -> list[tuple[str, Mapping[str, int]]]:
    """The biggest groups as bars; the rest folded into one "N other sites" bar, so a fleet
    with hundreds of sites still gets a readable chart (the data table lists them all)."""
    rows = [(_label(g["name"], missing), g["by_status"]) for g in groups[:limit]]
    rest = groups[limit:]
    if rest:
        folded: dict[str, int] = {}
        for g in rest:
            for status, n in g["by_status"].items():
                folded[status] = folded.get(status, 0) + n
        rows.append((f"{len(rest)} other {noun}s", folded))
    return rows


def dashboard_charts(view: Mapping[str, Any], top: int = 10) -> dict[str, str]:
    """Every chart of the HTML dashboard, keyed by name, from a `build_view` result."""
    summary = view["summary"]
    statuses = [Series(s, s, STATUS_COLOURS[s]) for s in summary["by_status"]]
    charts = {}
    for key, noun, missing in (
        ("by_vendor", "vendor", "(unknown vendor)"),
        ("by_site", "site", "(no site)"),
        ("by_role", "role", "(no role)"),
    ):
        charts[key] = stacked_bars(
            chart_id=f"chart-{key}",
            title=f"Devices by status per {noun}",
            rows=_top_groups(summary[key], noun, missing),
            series=statuses,
            x_label="devices",
            y_label=noun,
        )
    timeline = summary.get("end_of_support")
    if timeline:
        charts["timeline"] = month_columns(
            chart_id="chart-timeline",
            title=f"End of support over the next {timeline['months']} months",
            months=[(m["month"], m["count"]) for m in timeline["by_month"]],
            x_label="month support ends",
            y_label="devices",
            legend="devices reaching end of support",
        )
    advisories = summary["advisories"][:top]
    vulnerable = Series("devices", "devices affected (vulnerable)", STATUS_COLOURS["vulnerable"])
    charts["advisories"] = stacked_bars(
        chart_id="chart-advisories",
        title=f"Advisories affecting most devices (top {top})",
        rows=[(a["id"], {"devices": a["devices"]}) for a in advisories],
        series=[vulnerable],
        x_label="devices affected",
        y_label="advisory",
        empty="No catalogued advisory affects any audited device",
    )
    return charts
