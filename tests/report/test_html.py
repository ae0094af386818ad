"""The HTML dashboard: self-contained, escaped, with charts and their data tables."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any

from report_fixtures import catalogue, demo_run

from auditor.report.render import render
from auditor.report.view import build_view


class _Collector(HTMLParser):
    """Every tag with its attributes, and the text of <title>/<desc> inside SVGs."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Collector()
    parser.feed(page)
    return parser.tags


def test_page_loads_nothing_from_outside(view: dict[str, Any]) -> None:
    page = render(view, "html")
    for tag, attrs in _tags(page):
        assert not (tag in ("script", "img", "iframe", "embed", "object") and attrs.get("src"))
        assert not (tag == "link" and attrs.get("href")), attrs
    assert "@import" not in page and "url(" not in page
    csp = next(a for t, a in _tags(page) if t == "meta" and a.get("http-equiv"))
    assert "default-src 'none'" in (csp["content"] or "")


def test_device_and_catalogue_text_is_escaped(view: dict[str, Any]) -> None:
    page = render(view, "html")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Test SNMP &lt;denial&gt; of service &amp; reload" in page
    hrefs = [a.get("href") or "" for t, a in _tags(page) if t == "a"]
    assert hrefs and all(h.startswith("https://") for h in hrefs), hrefs
    assert "javascript:" not in page  # the hostile catalogue source is shown as text only


def test_scope_header_names_run_inventory_catalogue_and_data(view: dict[str, Any]) -> None:
    page = render(view, "html")
    run = view["run"]
    for text in (
        run["id"],
        run["as_of"],
        run["inventory"]["source"],
        run["inventory"]["sha256"],
        run["catalogue"]["version"],
        run["catalogue"]["sha256"],
        run["tool_version"],
        view["data_sha256"],
        "2026-06-01 08:00:31 UTC",
    ):
        assert text in page, text


def test_status_cards_show_every_count(view: dict[str, Any]) -> None:
    page = render(view, "html")
    for status, n in view["summary"]["by_status"].items():
        card = re.search(rf'<li class="card st-{status}"><span class="card-n">(\d+)</span>', page)
        assert card and int(card.group(1)) == n, status


def test_every_chart_is_inline_svg_with_title_desc_and_data_table(view: dict[str, Any]) -> None:
    page = render(view, "html")
    for key in ("by_vendor", "by_site", "by_role", "advisories", "timeline"):
        figure = page.split(f'id="fig-{key}"', 1)[1].split("</figure>", 1)[0]
        assert '<svg xmlns="http://www.w3.org/2000/svg"' in figure, key
        assert 'role="img"' in figure and "<title id=" in figure and "<desc id=" in figure
        assert '<details class="data">' in figure and "<table>" in figure, key


def test_interrupted_run_says_its_results_are_partial() -> None:
    run = replace(demo_run(), interrupted=True)
    page = render(build_view(run, catalogue()), "html")
    assert 'role="alert"' in page and "partial" in page


def test_print_styles_keep_tables_whole_and_break_between_sections(view: dict[str, Any]) -> None:
    page = render(view, "html")
    css = page.split("@media print", 1)[1]
    assert "break-before: page" in css
    assert "thead { display: table-header-group; }" in css
    assert ".table-wrap { overflow: visible;" in css  # no clipped device table on paper


def test_an_empty_run_still_renders(view: dict[str, Any]) -> None:
    empty = build_view(replace(demo_run(), results=()), catalogue())
    page = render(empty, "html")
    assert "0 devices as of 2026-06-01" in page
    assert "No catalogued advisory affects any audited device" in page


def _fix_first_names(page: str) -> list[str]:
    table = page.split('<table id="fix-first">', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<span class="device-name">([^<]+)</span>', table)


def test_fix_first_puts_the_worst_finding_first_not_the_alphabet(view: dict[str, Any]) -> None:
    page = render(view, "html")
    names = _fix_first_names(page)
    devices = {d["name"]: d for d in view["devices"]}
    # only devices that need action, each once
    assert sorted(names) == sorted(
        n for n, d in devices.items() if d["status"] in ("unsupportable", "vulnerable", "outdated")
    )
    # a critical advisory outranks a quiet end of support; at equal severity the worse status
    # comes first (man-agg-02 unsupportable before lon-core-02 vulnerable, both critical)
    assert names[:2] == ["man-agg-02", "lon-core-02"]
    assert names.index("gla-pe-01") > names.index("lon-core-02")  # high after critical
    assert (
        'upgrade <span class="mono">16.12.4</span> → <span class="target mono">17.9.6a</span>'
        in page
    )


def test_fix_first_is_capped_and_says_how_many_more() -> None:
    from auditor.report.priorities import fix_first

    view = build_view(demo_run(), catalogue())
    short = fix_first(view, limit=2)
    assert len(short["devices"]) == 2 and short["more"] == short["total"] - 2 > 0
    assert [d["name"] for d in short["devices"]] == _fix_first_names(render(view, "html"))[:2]
