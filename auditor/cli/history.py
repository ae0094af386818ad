"""`auditor history` and `auditor diff`: the runs the store remembers, and what drifted.

Also the options `auditor audit` needs to keep history and be scheduled (`add_schedule_options`),
so the audit command's parser stays one call away from them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.cli.progress import add_log_options
from auditor.errors import InputError

if TYPE_CHECKING:
    from auditor.store import RunSummary, Store
    from auditor.store.diff import FindingChange, RunDiff

STORE_HELP = (
    "history database: a SQLite file (PATH or sqlite:///PATH) or postgresql://USER@HOST/DB "
    "(default: $AUDITOR_STORE, else "
    "$XDG_DATA_HOME/auditor/history.sqlite3, i.e. ~/.local/share/auditor/history.sqlite3)"
)


def add_store_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", default=None, metavar="PATH|URL", help=STORE_HELP)


def add_schedule_options(p: argparse.ArgumentParser) -> None:
    """`auditor audit`: --store/--no-store, --resume, --metrics, --log-format."""
    add_store_option(p)
    p.add_argument("--no-store", action="store_true", help="do not record this run in the history")
    p.add_argument(
        "--resume",
        metavar="RUN_ID",
        default=None,
        help="audit only the devices that run did not finish (an id, a unique prefix, or latest)",
    )
    p.add_argument(
        "--metrics",
        type=Path,
        default=None,
        metavar="FILE",
        help="write a Prometheus textfile (name it *.prom for node_exporter)",
    )
    add_log_options(p)


def register(sub: argparse._SubParsersAction) -> None:
    h = sub.add_parser("history", help="list the audit runs in the history store")
    add_store_option(h)
    h.add_argument("--limit", type=int, default=20, metavar="N", help="newest N runs (default 20)")
    h.add_argument("--format", choices=("text", "json"), default="text")
    h.set_defaults(func=run_history)

    d = sub.add_parser(
        "diff",
        help="what changed between two runs (default: the two latest complete runs)",
    )
    d.add_argument("run_a", nargs="?", metavar="RUN_A", help="earlier run (id, prefix, latest)")
    d.add_argument("run_b", nargs="?", metavar="RUN_B", help="later run (default: the latest)")
    add_store_option(d)
    d.add_argument("--format", choices=("text", "json"), default="text")
    d.set_defaults(func=run_diff)


def open_history(path: str | Path | None) -> Store:
    """The store for a reading command: it must exist already."""
    from auditor.store import open_store

    return open_store(path, create=False)


# -- history --------------------------------------------------------------------------------
def run_history(args: argparse.Namespace) -> int:
    from auditor.models import Status

    if args.limit < 1:
        raise InputError(f"--limit: expected a positive number, got {args.limit}")
    with open_history(args.store) as store:
        runs = store.runs(limit=args.limit)
        location = store.location
    if args.format == "json":
        print(json.dumps([r.as_dict() for r in runs], indent=2))
        return 0
    if not runs:
        print(f"no runs in {location}")
        return 0
    short = {"unsupportable": "UNSUP", "vulnerable": "VULN", "outdated": "OUTD"}
    heads = ["RUN", "STARTED (UTC)", "AS-OF", "DEVICES"]
    heads += [short.get(s.value, s.value[:4].upper()) for s in Status] + ["STATE"]
    rows = [heads] + [_history_row(r) for r in runs]
    widths = [max(len(row[i]) for row in rows) for i in range(len(heads))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0


def _history_row(r: RunSummary) -> list[str]:
    from datetime import timezone

    from auditor.models import Status

    started = r.started_at.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    cells = [r.run_id, started, r.as_of.isoformat(), str(r.devices)]
    return cells + [str(r.counts.get(s.value, 0)) for s in Status] + [r.state]


# -- diff -----------------------------------------------------------------------------------
def run_diff(args: argparse.Namespace) -> int:
    from auditor.store.diff import diff_runs

    with open_history(args.store) as store:
        a, b = _pick_runs(store, args.run_a, args.run_b)
        result = diff_runs(store.load_run(a), store.load_run(b))
    if args.format == "json":
        print(json.dumps(result.as_dict(), indent=2))
    else:
        print(render_diff(result), end="")
    return 0


def _pick_runs(store: Store, run_a: str | None, run_b: str | None) -> tuple[str, str]:
    """Explicit ids win; otherwise the latest complete runs (not killed, not interrupted)."""
    complete = [r.run_id for r in store.runs() if r.state == "finished"]
    if run_a and run_b:
        return store.resolve_run_id(run_a), store.resolve_run_id(run_b)
    if run_a:
        if not complete:
            raise InputError("no complete run to compare with", tip="give RUN_B")
        return store.resolve_run_id(run_a), complete[0]
    if len(complete) < 2:
        raise InputError(
            f"{store.location}: need two complete runs to compare, found {len(complete)}",
            tip="give the run ids: `auditor diff RUN_A RUN_B` (see `auditor history`)",
        )
    return complete[1], complete[0]


def _finding_text(f: FindingChange) -> str:
    """The advisory id and title, the id once (advisory titles usually begin with it)."""
    if f.advisory_id and not f.title.startswith(f.advisory_id):
        return f"{f.advisory_id} {f.title}"
    return f.title


def render_diff(d: RunDiff) -> str:
    from auditor.cli.progress import clean
    from auditor.store.diff import PROBLEMS

    out = [f"diff {d.run_a} -> {d.run_b}\n"]

    def section(title: str, lines: list[str]) -> None:
        if lines:
            out.append(f"\n{title} ({len(lines)}):\n")
            out.extend(f"  {clean(line, 400)}\n" for line in lines)

    section("devices added", [f"{n} ({s.value})" for n, s in d.added])
    section("devices removed", [f"{n} (was {s.value})" for n, s in d.removed])
    for direction in ("upgraded", "downgraded", "changed"):
        title = "version changed (not comparable)" if direction == "changed" else direction
        section(
            title,
            [
                f"{v.device}: {v.before} -> {v.after}"
                for v in d.versions
                if v.direction == direction
            ],
        )
    for status in PROBLEMS:
        section(
            f"newly {status.value}",
            [f"{c.device} (was {c.before.value})" for c in d.newly(status)],
        )
    by_kind = {
        "fixed": "fixed",
        "failing": "could not be audited now",
        "recovered": "audited again",
        "changed": "other status changes",
    }
    for kind, title in by_kind.items():
        section(
            title,
            [
                f"{c.device}: {c.before.value} -> {c.after.value}"
                + (f" ({c.cause})" if c.cause else "")
                for c in d.statuses
                if c.kind == kind
            ],
        )
    for change in ("added", "removed"):
        section(
            f"findings {change}",
            [f"{f.device}: {f.kind} {_finding_text(f)}" for f in d.findings if f.change == change],
        )
    if d.empty:
        out.append(f"\nno changes ({d.unchanged} devices compared)\n")
    else:
        out.append(f"\nunchanged: {d.unchanged} devices\n")
    return "".join(out)
