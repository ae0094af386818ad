"""Render the view model with Jinja templates from the top-level `templates/` folder.

HTML autoescapes everything (device output is untrusted: a hostname can be
`<script>alert(1)</script>`). Markdown and CSV get filters that neutralise their own
metacharacters, including spreadsheet formula injection in CSV. JSON is written directly from
the view model, sorted, so the same run gives byte-identical JSON.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path
from typing import Any

from auditor.errors import InputError

TEMPLATES_ENV = "AUDITOR_TEMPLATES"
FORMATS = {"html": "report.html.j2", "md": "report.md.j2", "csv": "report.csv.j2"}
REPORT_NAMES = {
    "html": "report.html",
    "md": "report.md",
    "csv": "report.csv",
    "json": "report.json",
}


def templates_dir() -> Path:
    override = os.environ.get(TEMPLATES_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "templates"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def md_escape(value: Any) -> str:
    """Escape Markdown (and inline HTML) metacharacters; fold newlines so tables hold."""
    text = "" if value is None else str(value)
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def csv_row(values: list[Any]) -> str:
    """One RFC 4180 CSV row; cells that a spreadsheet would run as a formula are defused."""
    cells = []
    for value in values:
        text = "" if value is None else str(value)
        if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
            text = "'" + text
        cells.append(text)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def environment(directory: Path | None = None) -> Any:
    from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(directory or templates_dir())),
        autoescape=select_autoescape(
            enabled_extensions=("html", "html.j2"), default_for_string=False
        ),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md_escape
    env.filters["csv_row"] = csv_row
    return env


def render(view: dict[str, Any], fmt: str, directory: Path | None = None) -> str:
    if fmt == "json":
        return json.dumps(view, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    from jinja2 import TemplateError

    try:
        return str(environment(directory).get_template(FORMATS[fmt]).render(report=view))
    except TemplateError as exc:
        raise InputError(f"template {FORMATS[fmt]}: {exc}") from None


def write_reports(
    view: dict[str, Any], out: Path, formats: tuple[str, ...] = ("html", "md", "csv", "json")
) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = out / REPORT_NAMES[fmt]
        path.write_text(render(view, fmt), encoding="utf-8", newline="")
        written.append(path)
    return written


def render_device(result: Any) -> str:
    """The answer for one device (`auditor check`), as plain text for a terminal."""
    from auditor.report.view import device_view

    # .txt.j2 is not autoescaped (select_autoescape covers html only): plain terminal text.
    return str(environment().get_template("device.txt.j2").render(d=device_view(result)))
