"""Render the view model with Jinja templates from the top-level `templates/` folder.

HTML autoescapes everything (device output is untrusted: a hostname can be
`<script>alert(1)</script>`). Markdown, CSV and terminal text get filters that neutralise their
own metacharacters, including spreadsheet formula injection in CSV and escape sequences on a
terminal. JSON is written directly from the view model, sorted, so the same run gives
byte-identical JSON.

Every template, ours or a user's (`--template DIR`), runs in Jinja's immutable sandbox: a
template can read the view model but cannot reach Python internals (`''.__class__`) or change
the data another format is about to render. A user template that breaks is an input error
(exit 2) that names the template file and line.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import traceback
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from auditor.errors import InputError, LocatedError

TEMPLATES_ENV = "AUDITOR_TEMPLATES"
FORMATS = {"html": "report.html.j2", "md": "report.md.j2", "csv": "report.csv.j2"}
REPORT_NAMES = {
    "html": "report.html",
    "md": "report.md",
    "csv": "report.csv",
    "json": "report.json",
}
SANDBOX_TIP = (
    "templates run in Jinja's sandbox: they may read `report` (see docs/report-json.md), "
    "`charts`, `palette`, `ink` and `fix_first`, but not Python attributes such as __class__"
)


def templates_dir() -> Path:
    override = os.environ.get(TEMPLATES_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "templates"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


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


def safe_url(value: Any) -> str | None:
    """The URL if it is a web link (http/https), else None: a catalogue is user input, and a
    `javascript:` source must not become a clickable link in the report."""
    if not isinstance(value, str):
        return None
    parts = urlsplit(value.strip())
    return value.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def md_url(value: Any) -> str:
    """A web link made safe to sit inside Markdown's `(<...>)`; empty if not http/https."""
    url = safe_url(value)
    return quote(url, safe=":/?#@!$&'*+,;=%~-._") if url else ""


def terminal_text(value: Any) -> str:
    """Text for a terminal with control characters removed: device output could otherwise
    move the cursor, retitle the window or hide text with escape sequences."""
    return _CONTROL.sub("", "" if value is None else str(value))


def when(value: Any) -> str:
    """An ISO 8601 timestamp as people read it: `2026-06-01 08:00:31 UTC`."""
    from datetime import datetime, timezone

    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return "" if value is None else str(value)
    if moment.tzinfo is not None and moment.utcoffset() == timezone.utc.utcoffset(None):
        return moment.strftime("%Y-%m-%d %H:%M:%S UTC")
    return moment.isoformat(sep=" ")


def _builtin_loader() -> Any:
    from jinja2 import FileSystemLoader

    return FileSystemLoader(str(templates_dir()))


def environment(directory: Path | None = None) -> Any:
    """The sandboxed Jinja environment. With `directory`, its templates come first and the
    built-in ones fill in whatever it does not define (a user can override one partial)."""
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, select_autoescape
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    loader: Any = _builtin_loader()
    if directory is not None:
        loader = ChoiceLoader([FileSystemLoader(str(directory)), loader])
    env = ImmutableSandboxedEnvironment(
        loader=loader,
        autoescape=select_autoescape(
            enabled_extensions=("html", "html.j2", "svg.j2"), default_for_string=False
        ),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md_escape
    env.filters["csv_row"] = csv_row
    env.filters["safe_url"] = safe_url
    env.filters["md_url"] = md_url
    env.filters["term"] = terminal_text
    env.filters["when"] = when
    return env


def _locate(exc: BaseException, roots: list[Path]) -> tuple[str | None, int | None]:
    """The template file and line an error happened in (Jinja rewrites its tracebacks so
    template frames carry the template's own file name and line number)."""
    filename = getattr(exc, "filename", None)
    lineno = getattr(exc, "lineno", None)
    if filename:
        return str(filename), lineno
    resolved = [str(r.resolve()) for r in roots]
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        name = str(Path(frame.filename).resolve()) if frame.filename else ""
        if name.endswith(".j2") or any(name.startswith(r) for r in resolved):
            return frame.filename, frame.lineno
    return None, None


def _template_error(exc: Exception, name: str, directory: Path | None) -> LocatedError:
    from jinja2 import TemplateNotFound
    from jinja2.exceptions import SecurityError

    if isinstance(exc, TemplateNotFound):
        return LocatedError(f"template not found: {exc.name}", file=name)
    file, line = _locate(exc, [directory] if directory else [templates_dir()])
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    tip = SANDBOX_TIP if isinstance(exc, SecurityError) else None
    return LocatedError(f"{type(exc).__name__}: {message}", file=file or name, line=line, tip=tip)


def render(view: dict[str, Any], fmt: str, directory: Path | None = None) -> str:
    """One report format as text. `directory`: a user's templates (`--template DIR`)."""
    if fmt == "json":
        return json.dumps(view, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    from jinja2 import TemplateError

    context = {"report": view}
    if fmt == "html":
        context.update(_dashboard(view))
    try:
        return str(environment(directory).get_template(FORMATS[fmt]).render(**context))
    except TemplateError as exc:
        raise _template_error(exc, FORMATS[fmt], directory) from None
    except Exception as exc:
        if directory is None:
            raise  # a bug in a shipped template: let it show
        raise _template_error(exc, FORMATS[fmt], directory) from None


def _dashboard(view: dict[str, Any]) -> dict[str, Any]:
    from markupsafe import Markup

    from auditor.report.charts import STATUS_COLOURS, dashboard_charts, text_colour
    from auditor.report.priorities import fix_first

    charts = {k: Markup(svg) for k, svg in dashboard_charts(view).items()}  # escaped in charts.py
    ink = {status: text_colour(colour) for status, colour in STATUS_COLOURS.items()}
    return {
        "charts": charts,
        "palette": dict(STATUS_COLOURS),
        "ink": ink,
        "fix_first": fix_first(view),
    }


def check_template_dir(directory: Path) -> None:
    """Fail fast, before any device is contacted, on a `--template DIR` that cannot work:
    missing folder, a template that does not compile, or one that breaks on a sample report."""
    if not directory.is_dir():
        raise InputError(
            f"{directory}: not a folder of templates",
            tip="give a folder holding report.html.j2, report.md.j2 and/or report.csv.j2",
        )
    env = environment(directory)
    names = sorted(p.name for p in directory.glob("*.j2"))
    if not names:
        raise InputError(
            f"{directory}: no *.j2 templates",
            tip=f"expected some of: {', '.join(FORMATS.values())}",
        )
    for name in names:
        try:
            env.get_template(name)
        except Exception as exc:
            raise _template_error(exc, str(directory / name), directory) from None
    from auditor.report.view import sample_view

    for fmt, name in FORMATS.items():
        if name in names:
            render(sample_view(), fmt, directory)


def write_reports(
    view: dict[str, Any],
    out: Path,
    formats: tuple[str, ...] = ("html", "md", "csv", "json"),
    template_dir: Path | None = None,
) -> list[Path]:
    """Write each format to `out`; `template_dir` is a user's `--template DIR`.

    Every format is rendered before any file is written. If a (user's) template breaks,
    report.json, which needs no template, is still written so the audit's data is not lost,
    and the error says so."""
    out.mkdir(parents=True, exist_ok=True)
    rendered: list[tuple[Path, str]] = []
    for fmt in formats:
        try:
            rendered.append((out / REPORT_NAMES[fmt], render(view, fmt, template_dir)))
        except InputError as exc:
            if "json" in formats:
                kept = out / REPORT_NAMES["json"]
                kept.write_text(render(view, "json"), encoding="utf-8", newline="")
                exc.tip = f"{exc.tip + '; ' if exc.tip else ''}the data was kept in {kept}"
            raise
    for path, text in rendered:
        path.write_text(text, encoding="utf-8", newline="")
    return [path for path, _ in rendered]


def render_device(result: Any, catalogue: Any = None) -> str:
    """The answer for one device (`auditor check`), as plain text for a terminal."""
    from auditor.report.view import device_view

    # .txt.j2 is not autoescaped (select_autoescape covers html only); the `term` filter
    # strips control characters from everything a device said.
    template = environment().get_template("device.txt.j2")
    return str(template.render(d=device_view(result, catalogue)))
