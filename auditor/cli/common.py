"""Options and output shared by the commands that audit (`audit`, `check`, `demo`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from auditor.models import AuditRun, DeviceResult, Status

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CATALOGUE = REPO / "catalogue"
FAIL_ON = ("unsupportable", "vulnerable", "outdated", "unknown")
#: `--engine` choices; the same as auditor.audit.ENGINES (kept here so that `--help` and the
#: commands that never connect do not import the audit machinery).
ENGINES = ("auto", "asyncssh", "netmiko")
#: `auditor audit --engine celery`: devices are collected by `auditor worker`s (one queue per
#: zone) and their results read back from the shared store (auditor.distributed).
DISTRIBUTED = "celery"
BROKER_ENV = "AUDITOR_BROKER"


def as_of_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def count(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number >= minimum."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more")
        return value

    return parse


def add_evaluation_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--catalogue",
        type=Path,
        default=DEFAULT_CATALOGUE,
        help="catalogue folder (default: the shipped one)",
    )
    p.add_argument(
        "--as-of", type=as_of_date, default=None, help="evaluate as of this date (default: today)"
    )
    p.add_argument(
        "--horizon",
        type=int,
        default=180,
        metavar="DAYS",
        help="warn of support ending within DAYS (default 180)",
    )


def add_collection_options(
    p: argparse.ArgumentParser, workers: int | None = None, distributed: bool = False
) -> None:
    default = (
        f"default {workers}"
        if workers
        else "default 250 with asyncssh, of which at most 16 in netmiko/NAPALM threads; "
        "16 with --engine netmiko; each session is one login on your AAA servers"
    )
    p.add_argument(
        "--workers",
        type=count(1),
        default=workers or 0,  # 0: the engine's default (AuditOptions.session_limits)
        metavar="N",
        help=f"devices audited at once ({default})",
    )
    p.add_argument(
        "--engine",
        choices=ENGINES + ((DISTRIBUTED,) if distributed else ()),
        default="auto",
        help="SSH engine for CLI devices: asyncssh (many sessions on one event loop), netmiko "
        "(a thread per session), or auto: asyncssh, and netmiko for a device whose CLI "
        "asyncssh could not drive (default auto; NAPALM devices always use NAPALM)"
        + (
            "; celery: hand every device to the `auditor worker` of its zone (needs --broker "
            "and a --store all workers share; see docs/distributed.md)"
            if distributed
            else ""
        ),
    )
    if distributed:
        p.add_argument(
            "--broker",
            default=None,
            metavar="URL",
            help=f"with --engine celery: the Celery broker, e.g. redis://127.0.0.1:6379/0 "
            f"(default: ${BROKER_ENV})",
        )
    p.add_argument(
        "--retries",
        type=count(0),
        default=1,
        metavar="N",
        help="extra attempts, with backoff, after a timeout or a lost or refused connection; "
        "never after a refused password (default 1)",
    )
    p.add_argument(
        "--connect-timeout",
        type=positive,
        default=10.0,
        metavar="S",
        help="TCP/SSH/auth timeout per device (default 10)",
    )
    p.add_argument(
        "--command-timeout",
        type=positive,
        default=30.0,
        metavar="S",
        help="timeout per command (default 30)",
    )
    p.add_argument(
        "--device-timeout",
        type=positive,
        default=90.0,
        metavar="S",
        help="deadline for a whole device (default 90)",
    )
    p.add_argument(
        "--run-timeout", type=positive, default=None, metavar="S", help="deadline for the whole run"
    )


def add_exit_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default=None,
        help="exit 1 if any device has this status or worse",
    )
    p.add_argument(
        "--strict", action="store_true", help="exit 3 if any device could not be audited"
    )


def exit_code(run: AuditRun, fail_on: str | None, strict: bool) -> int:
    if run.interrupted:
        return 130
    if fail_on is not None:
        threshold = Status(fail_on).rank
        if any(r.status.rank <= threshold for r in run.results if r.status is not Status.FAILED):
            return 1
    if strict and any(r.status is Status.FAILED for r in run.results):
        return 3
    return 0


def progress_line(result: DeviceResult, done: int, total: int) -> None:
    detail = result.cause.value if result.cause else (result.facts.version if result.facts else "")
    print(
        f"[{done}/{total}] {result.device.name}: {result.status.value} {detail}",
        file=sys.stderr,
        flush=True,
    )


def print_summary(run: AuditRun, written: list[Path] | None = None) -> None:
    rows = sorted(run.results, key=lambda r: (r.status.rank, r.device.name))
    table = [("DEVICE", "PLATFORM", "VERSION", "STATUS", "MOVE TO / WHY")]
    for r in rows:
        version = r.facts.version if r.facts else "-"
        if r.cause:
            why = f"{r.cause.value}: {r.error or ''}"
        else:
            why = r.target_version or r.target_note or (r.findings[0].title if r.findings else "")
        table.append((r.device.name, r.device.platform, version, r.status.value, why))
    widths = [min(max(len(row[i]) for row in table), 28) for i in range(4)]
    for row in table:
        cells = [row[i][: widths[i]].ljust(widths[i]) for i in range(4)]
        print("  ".join(cells) + "  " + row[4][:90])
    counts = {s.value: sum(1 for r in run.results if r.status is s) for s in Status}
    print(
        "\n"
        + ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        + f" ({len(run.results)} devices)"
    )
    if run.interrupted:
        print("run interrupted: the results above are partial")
    if written:
        print("reports: " + ", ".join(str(p) for p in written))


def add_template_option(p: argparse.ArgumentParser) -> None:
    """`--template DIR`: a user's own report templates, rendered in Jinja's sandbox."""
    p.add_argument(
        "--template",
        type=Path,
        default=None,
        metavar="DIR",
        help="your own Jinja templates (report.html.j2, report.md.j2, report.csv.j2); sandboxed",
    )
