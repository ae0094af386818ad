"""`auditor check`: one device, password asked on the terminal (never echoed), answer printed."""

from __future__ import annotations

import os
import pty
import select
import sys
import time
from pathlib import Path

from mock_devices import DeviceSpec, MockFleet

DATA = Path(__file__).parents[1] / "data" / "catalogue"


def _read_until(fd: int, needle: bytes, timeout: float) -> bytes:
    buffer = b""
    end = time.monotonic() + timeout
    while needle not in buffer and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            buffer += chunk
    return buffer


def test_check_prompts_for_password_without_echo_and_answers() -> None:
    spec = DeviceSpec(
        name="sw1",
        platform="cisco_xe",
        hostname="sw1",
        version="17.9.3",
        model="C9300-24T",
        serial="FOC1",
        username="audit",
        password="pty-Secret-9",
    )
    with MockFleet([spec], host="127.0.0.1") as fleet:
        env = {k: v for k, v in os.environ.items() if k != "AUDITOR_PASSWORD"}
        pid, fd = pty.fork()
        if pid == 0:  # child: the real CLI on a real terminal
            os.execve(
                sys.executable,
                [
                    sys.executable,
                    "-m",
                    "auditor",
                    "check",
                    "127.0.0.1",
                    "--port",
                    str(fleet.ports["sw1"]),
                    "--platform",
                    "cisco_xe",
                    "--username",
                    "audit",
                    "--catalogue",
                    str(DATA),
                    "--as-of",
                    "2026-06-01",
                ],
                env,
            )
        prompt = _read_until(fd, b"Password", 20)
        assert b"Password for audit" in prompt
        os.write(fd, b"pty-Secret-9\n")
        answer = _read_until(fd, b"move to", 30)
        _, status = os.waitpid(pid, 0)
    text = answer.decode(errors="replace")
    assert "pty-Secret-9" not in text  # not echoed, not printed
    assert "VULNERABLE" in text
    assert "TEST-SA-XE-1" in text
    assert "move to: 17.9.4a" in text
    assert os.waitstatus_to_exitcode(status) == 0
