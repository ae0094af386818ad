"""What an audit shows while it runs: a progress bar for a person, log lines for a machine.

On a terminal: a rich bar (devices done/total, counts per status, ETA), with each failed
device printed above it. Not on a terminal (cron, systemd, a pipe): one plain line per device.
`--log-format json`: one JSON object per line (ts, level, device, status, cause, duration,
message) for the journal or a log shipper. Everything goes to stderr; stdout keeps the summary.
Device-provided text is untrusted: control characters are removed from plain lines (no
terminal escape injection) and JSON escapes them itself. No secret is ever in a result.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from datetime import datetime, timezone
from types import TracebackType
from typing import Any, TextIO

from auditor.models import AuditRun, DeviceResult, Status

LOG_FORMATS = ("text", "json")
MAX_MESSAGE = 300
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")

_STYLE = {
    Status.UNSUPPORTABLE: "bold red",
    Status.VULNERABLE: "red",
    Status.OUTDATED: "yellow",
    Status.UNKNOWN: "magenta",
    Status.FAILED: "bold magenta",
    Status.CURRENT: "green",
}


def add_log_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--log-format",
        choices=LOG_FORMATS,
        default="text",
        help="per-device lines as text (a bar on a terminal) or JSON lines (default text)",
    )


def clean(text: str | None, limit: int = MAX_MESSAGE) -> str:
    """One line of printable text: control characters folded to a space, length bounded."""
    folded = _CONTROL.sub(" ", text or "").strip()
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"


def message_for(result: DeviceResult) -> str:
    """What happened to the device, in a few words: the version found, or why it failed."""
    if result.cause is not None:
        return f"{result.cause.value}: {result.error or ''}".strip()
    version = result.facts.version if result.facts else ""
    if result.target_version:
        return f"{version} -> {result.target_version}".strip()
    return version


def json_line(result: DeviceResult, done: int, total: int) -> str:
    record = {
        "ts": _now(),
        "level": "warning" if result.cause is not None else "info",
        "event": "device",
        "device": result.device.name,
        "status": result.status.value,
        "cause": result.cause.value if result.cause else None,
        "duration": round(result.duration_s, 3),
        "done": done,
        "total": total,
        "message": clean(message_for(result)),
    }
    return json.dumps(record, ensure_ascii=False)


def text_line(result: DeviceResult, done: int, total: int) -> str:
    return (
        f"{_now()} [{done}/{total}] {clean(result.device.name, 80)}: {result.status.value} "
        f"{clean(message_for(result))} ({result.duration_s:.2f} s)"
    )


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class AuditProgress:
    """The audit's progress callback and, on a terminal, the bar's lifetime.

    >>> # with AuditProgress(len(devices), log_format=args.log_format) as show:
    >>> #     auditor.run(devices, ..., progress=show)
    """

    def __init__(
        self,
        total: int,
        *,
        log_format: str = "text",
        quiet: bool = False,
        stream: TextIO | None = None,
        tty: bool | None = None,
    ) -> None:
        self.total = total
        self.log_format = log_format
        self.quiet = quiet
        self.stream = stream if stream is not None else sys.stderr
        is_tty = self.stream.isatty() if tty is None else tty
        self.use_bar = is_tty and log_format == "text" and not quiet
        self.counts: Counter[Status] = Counter()
        self._bar: Any = None
        self._task: Any = None

    # -- lifetime -------------------------------------------------------------------------
    def __enter__(self) -> AuditProgress:
        if self.use_bar:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            console = Console(file=self.stream, force_terminal=True, highlight=False)
            self._bar = Progress(
                TextColumn("audit"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[counts]}"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=console,
                transient=False,
            )
            self._task = self._bar.add_task("audit", total=self.total, counts="")
            self._bar.start()
        else:
            noun = "device" if self.total == 1 else "devices"
            self.event(f"audit started: {self.total} {noun}")
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    # -- callbacks ------------------------------------------------------------------------
    def __call__(self, result: DeviceResult, done: int, total: int) -> None:
        """The Auditor's `progress` callback (main thread, once per finished device)."""
        self.counts[result.status] += 1
        if self.quiet:
            return
        if self._bar is not None:
            self._advance(result, done, total)
        elif self.log_format == "json":
            self._write(json_line(result, done, total))
        else:
            self._write(text_line(result, done, total))

    def _advance(self, result: DeviceResult, done: int, total: int) -> None:
        from rich.text import Text

        counts = " · ".join(f"{self.counts[s]} {s.value}" for s in Status if self.counts[s])
        self._bar.update(self._task, completed=done, total=total, counts=counts)
        if result.cause is not None:  # failures deserve a line of their own, above the bar
            line = Text(f"{clean(result.device.name, 80)}: ")
            line.append(clean(message_for(result)), style=_STYLE[Status.FAILED])
            self._bar.console.print(line)

    def event(self, message: str, level: str = "info", **fields: Any) -> None:
        """A run-level line (start, end, a warning), in the chosen log format."""
        if self.quiet or self._bar is not None:
            if self._bar is not None and level != "info":
                self._bar.console.print(f"{level}: {clean(message)}", markup=False)
            return
        if self.log_format == "json":
            record = {"ts": _now(), "level": level, "event": "run", "device": None}
            record.update(fields)
            record["message"] = clean(message)
            self._write(json.dumps(record, ensure_ascii=False))
        else:
            self._write(f"{_now()} {level}: {clean(message)}")

    def finished(self, run: AuditRun) -> None:
        """The run's one-line outcome (counts per status), for logs."""
        counts = {s.value: sum(1 for r in run.results if r.status is s) for s in Status}
        text = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "no devices"
        state = "interrupted" if run.interrupted else "finished"
        self.event(
            f"audit {state}: {text}",
            "warning" if run.interrupted else "info",
            run_id=run.run_id,
            by_status=counts,
            duration=round((run.finished_at - run.started_at).total_seconds(), 3),
        )

    def _write(self, line: str) -> None:
        print(line, file=self.stream, flush=True)
