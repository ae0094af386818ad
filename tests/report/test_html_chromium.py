"""The dashboard in a real browser: headless Chromium (Debian's /usr/bin/chromium) via Playwright.

What a person would check by opening report.html: it draws (a non-blank screenshot with the
charts visible), it loads nothing from anywhere (no request but the file itself), it logs no
errors, its optional sorting/filtering works, and it prints (print media: controls hidden,
sections on new pages, the device table not clipped, a multi-page PDF).

Skipped, with the reason, when Chromium or Playwright is missing. Playwright never downloads a
browser here: it drives the system Chromium (`apt-get install chromium`).
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from auditor.report.render import write_reports

CHROMIUM = Path(os.environ.get("AUDITOR_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
A4_LANDSCAPE = {"width": 1123, "height": 794}  # CSS pixels at 96 dpi

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM} (apt-get install chromium)"
)


def png_pixels(data: bytes, max_rows: int) -> tuple[int, int, list[bytes]]:
    """Decode the top `max_rows` rows of an 8-bit RGB/RGBA PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6), (depth, colour)
    bpp = 3 if colour == 2 else 4
    raw, stride, rows = zlib.decompress(b"".join(chunks)), width * bpp, []
    prev = bytearray(stride)
    for y in range(min(height, max_rows)):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, bpp, rows


def colours_in(png: bytes, step: int = 7, max_rows: int = 1400) -> set[bytes]:
    """Distinct colours on a grid of sampled pixels (top of the page): a blank page has one."""
    width, bpp, rows = png_pixels(png, max_rows)
    return {row[x * bpp : x * bpp + 3] for row in rows[::step] for x in range(0, width, step)}


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(30_000)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from report_fixtures import catalogue, demo_run

    from auditor.report.view import build_view

    out = tmp_path_factory.mktemp("dashboard")
    write_reports(build_view(demo_run(), catalogue()), out, formats=("html",))
    return out / "report.html"


@pytest.fixture
def page(browser: Any, report_file: Path) -> Iterator[tuple[Any, dict[str, list[str]]]]:
    seen: dict[str, list[str]] = {"console": [], "errors": [], "failed": [], "requests": []}
    tab = browser.new_page()
    tab.on("console", lambda m: seen["console"].append(f"{m.type}: {m.text}"))
    tab.on("pageerror", lambda e: seen["errors"].append(str(e)))
    tab.on("requestfailed", lambda r: seen["failed"].append(r.url))
    tab.on("request", lambda r: seen["requests"].append(r.url))
    tab.goto(report_file.as_uri(), wait_until="load")
    yield tab, seen
    tab.close()


def test_dashboard_draws_and_loads_nothing_external(
    page: tuple[Any, dict[str, list[str]]], report_file: Path, tmp_path: Path
) -> None:
    tab, seen = page
    shot = tmp_path / "report.png"
    tab.screenshot(path=str(shot), full_page=True)
    assert len(colours_in(shot.read_bytes())) > 20  # text, cards, bars: not a blank page
    assert seen["errors"] == []
    assert [m for m in seen["console"] if m.startswith(("error", "warning"))] == []
    assert seen["failed"] == []
    assert seen["requests"] == [report_file.as_uri()]


def test_every_chart_is_visible(page: tuple[Any, dict[str, list[str]]]) -> None:
    tab, _ = page
    charts = tab.locator("svg.chart")
    assert charts.count() == 5
    for i in range(5):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        assert chart.is_visible()
        box = chart.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 100
        assert chart.locator("rect").count() > 1  # bars, not just an empty frame


def test_filter_and_sort_work_when_scripts_run(page: tuple[Any, dict[str, list[str]]]) -> None:
    tab, seen = page
    rows = tab.locator("#devices tbody tr")
    tab.get_by_label("Filter devices").fill("lon-core")
    assert rows.locator("visible=true").count() == 2
    tab.get_by_label("Filter devices").fill("")
    tab.get_by_label("Show status").select_option("failed")
    assert rows.locator("visible=true").count() == 2
    tab.get_by_label("Show status").select_option("all")
    tab.locator("#devices th", has_text="Device").click()
    first = rows.first.locator("td").nth(1).inner_text()
    assert first.startswith("edi-acc-01")
    assert seen["errors"] == []


def test_print_layout(page: tuple[Any, dict[str, list[str]]], tmp_path: Path) -> None:
    tab, seen = page
    tab.set_viewport_size(A4_LANDSCAPE)
    tab.emulate_media(media="print")
    shot = tmp_path / "print.png"
    tab.screenshot(path=str(shot), full_page=True)
    assert len(colours_in(shot.read_bytes())) > 20
    assert tab.locator(".controls").is_hidden()
    breaks = tab.evaluate(
        "[...document.querySelectorAll('section.charts, section.devices')]"
        ".map(s => getComputedStyle(s).breakBefore)"
    )
    assert breaks == ["page", "page"]
    clipped = tab.evaluate(
        "(() => { const w = document.querySelector('.table-wrap');"
        " return w.scrollWidth - w.clientWidth; })()"
    )
    assert clipped <= 1  # the device table fits the page width: nothing cut off on paper
    pdf = tab.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") > 2
    assert seen["errors"] == []
