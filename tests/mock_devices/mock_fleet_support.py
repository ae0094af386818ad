"""Shared data for the mock_devices tests (a uniquely named module: no clash with other suites)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

import asyncssh

from mock_devices import DeviceSpec

PASSWORD = "mock-Test-pw"
SECRET = "en-Secret"

# name: (platform, hostname, version, model, enable_secret, faults)
DEVICES: dict[str, tuple[str, str, str, str, str | None, list[Any]]] = {
    "ios": ("cisco_ios", "lon-acc-01", "15.2(4)E10", "WS-C3750X-48P", SECRET, []),
    "xe": ("cisco_xe", "lon-core-01", "17.9.3", "C9300-48P", None, []),
    "nxos": ("cisco_nxos", "lon-dc-01", "10.4(3)", "C93180YC-FX", None, []),
    "junos": ("juniper_junos", "lon-pe-01", "23.4R2-S3", "mx204", None, []),
    "eos": ("arista_eos", "lon-leaf-01", "4.33.2F", "DCS-7050SX3-48YC8", SECRET, []),
    "vrp": ("huawei", "lon-ne-01", "V800R021C10SPC600", "NE40E-X8A", None, []),
    "badpass": (
        "cisco_ios",
        "lon-acc-02",
        "15.2(7)E10",
        "WS-C2960X-48FPD-L",
        None,
        ["wrong_password"],
    ),
    "silent": ("cisco_xe", "lon-core-02", "17.12.4", "C9300-24T", None, ["hang_after_accept"]),
}


def spec(name: str, **overrides: Any) -> DeviceSpec:
    platform, hostname, version, model, secret, faults = DEVICES[name]
    fields: dict[str, Any] = dict(
        name=name,
        platform=platform,
        hostname=hostname,
        version=version,
        model=model,
        serial=f"FOC{sum(map(ord, name)):04d}X0AB",
        username="audit",
        password=PASSWORD,
        enable_secret=secret,
        faults=tuple(faults),
    )
    fields.update(overrides)
    return DeviceSpec(**fields)


async def _read_until(
    proc: asyncssh.SSHClientProcess[bytes], done: Callable[[bytes], bool], timeout: float
) -> bytes:
    buf = b""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not done(buf):
        remaining = deadline - loop.time()
        if remaining <= 0:
            break
        try:
            chunk = await asyncio.wait_for(proc.stdout.read(65536), remaining)
        except (asyncio.TimeoutError, asyncssh.Error, ConnectionError):
            break
        if not chunk:
            break
        buf += chunk
    return buf


def _ends_with(until: bytes | tuple[bytes, ...]) -> Callable[[bytes], bool]:
    return lambda buf: buf.endswith(until)


def raw_shell(
    port: int,
    steps: list[tuple[str, bytes | tuple[bytes, ...]]],
    timeout: float = 3.0,
    password: str = PASSWORD,
    username: str = "audit",
    stop_at: bytes | None = None,
    stop_from: int = 1,
) -> list[bytes]:
    """Open a PTY shell with a plain SSH client; for each (input, wait-for) step send the
    input and collect output until the wait-for bytes appear at the end (or timeout).
    The first step's input may be "" (just read the banner and first prompt). Remaining
    steps are skipped once the output of step ``stop_from`` or later ends with ``stop_at``."""

    out: list[bytes] = []

    async def run() -> None:
        async with asyncssh.connect(
            "127.0.0.1",
            port,
            username=username,
            password=password,
            known_hosts=None,
            preferred_auth="password",
        ) as conn:
            proc = await conn.create_process(term_type="vt100", encoding=None)
            for text, until in steps:
                if text:
                    proc.stdin.write(text.encode())
                out.append(await _read_until(proc, _ends_with(until), timeout))
                if stop_at and len(out) > stop_from and out[-1].endswith(stop_at):
                    break
            proc.close()

    with contextlib.suppress(asyncssh.ConnectionLost, asyncssh.DisconnectError, ConnectionError):
        asyncio.run(run())
    return out
