"""What an audit prints while it runs: a bar on a terminal, lines in a log, JSON for machines."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace

from store_support import evaluated, failed, make_run

from auditor.cli.progress import AuditProgress
from auditor.models import Cause


def _feed(show: AuditProgress) -> None:
    results = [
        evaluated("core-1", "17.9.3"),
        replace(failed("acc-1", Cause.AUTH), error="authentication failed\x1b[2J\r\nas audit"),
        evaluated("core-2", "17.12.4"),
    ]
    with show:
        for i, r in enumerate(results, 1):
            show(r, i, len(results))
        show.finished(make_run(results))


def test_json_log_lines_have_the_documented_fields() -> None:
    stream = io.StringIO()
    _feed(AuditProgress(3, log_format="json", stream=stream, tty=False))
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    devices = [r for r in records if r["event"] == "device"]
    assert [d["device"] for d in devices] == ["core-1", "acc-1", "core-2"]
    for d in devices:
        assert {"ts", "level", "device", "status", "cause", "duration", "message"} <= d.keys()
        assert d["ts"].endswith("Z")
    first, auth, _ = devices
    assert (first["level"], first["status"], first["cause"]) == ("info", "vulnerable", None)
    assert first["message"] == "17.9.3 -> 17.9.4a"
    assert first["duration"] == 1.25
    assert (auth["level"], auth["status"], auth["cause"]) == ("warning", "failed", "auth")
    assert "\x1b" not in auth["message"] and "\n" not in auth["message"]
    end = records[-1]
    assert end["event"] == "run" and end["by_status"]["vulnerable"] == 1
    assert end["message"] == "audit finished: 1 vulnerable, 1 failed, 1 current"
    assert records[0]["message"] == "audit started: 3 devices"


def test_plain_lines_when_not_a_terminal() -> None:
    stream = io.StringIO()
    _feed(AuditProgress(3, stream=stream, tty=False))
    lines = stream.getvalue().splitlines()
    assert len(lines) == 5  # start, one per device, end
    assert lines[1].endswith("[1/3] core-1: vulnerable 17.9.3 -> 17.9.4a (1.25 s)")
    assert "[2/3] acc-1: failed auth: authentication failed [2J as audit (3.00 s)" in lines[2]
    assert "\x1b" not in stream.getvalue()  # a device cannot drive the operator's terminal


def test_a_bar_on_a_terminal_with_counts_and_failures_above_it() -> None:
    stream = io.StringIO()
    _feed(AuditProgress(3, stream=stream, tty=True))
    raw = stream.getvalue()
    assert "\x1b[2J" not in raw  # the device's escape sequence was defused
    out = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", raw)  # the bar's own colours
    assert "3/3" in out
    assert "1 vulnerable · 1 failed · 1 current" in out
    assert "acc-1: auth: authentication failed" in out
    assert "core-1: vulnerable" not in out  # no line per device: the bar says it


def test_quiet_prints_nothing() -> None:
    stream = io.StringIO()
    _feed(AuditProgress(3, log_format="json", quiet=True, stream=stream, tty=False))
    assert stream.getvalue() == ""
