"""The byte side of one SSH session: read keystrokes, echo, page, misbehave on purpose.

``CliEngine`` decides *what* a device says; this module decides *how it arrives*: command echo,
``\\r\\n`` line endings, ``--More--`` pages that wait for a key, and the output faults
(slow, garbage, huge, hang or disconnect half-way) that an auditor must survive.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import asyncssh

from mock_devices.engine import CliEngine, Reply
from mock_devices.netconf import EXEC_COMMAND, serve_netconf, supports_netconf
from mock_devices.render import render

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from mock_devices.server import DeviceRuntime

_CHUNK = 64 * 1024
_INTERRUPT_KEYS = (b"q", b"Q", b"\x03", b"\x1a")


class Keyboard:
    """Turns the client's byte stream into lines and single keys.

    Accepts ``\\n``, ``\\r`` and ``\\r\\n`` as line ends (netmiko sends ``\\n``, terminals
    ``\\r``) and applies backspace/DEL like a line editor would.
    """

    def __init__(self, reader: asyncssh.SSHReader[bytes]) -> None:
        self._reader = reader
        self._buf = bytearray()
        self._after_cr = False
        self.eof = False

    async def _fill(self) -> bool:
        if self.eof:
            return False
        try:
            data = await self._reader.read(_CHUNK)
        except (
            asyncssh.Error,
            ConnectionError,
            asyncssh.BreakReceived,
            asyncssh.TerminalSizeChanged,
        ):
            data = b""
        if not data:
            self.eof = True
            return False
        self._buf += data
        return True

    def _drop_lf_after_cr(self) -> None:
        if self._after_cr and self._buf[:1] == b"\n":
            del self._buf[0]
        if self._buf:
            self._after_cr = False

    async def line(self) -> str | None:
        """Next line without its ending, or None at end of input."""
        while True:
            self._drop_lf_after_cr()
            ends = [i for i in (self._buf.find(b"\r"), self._buf.find(b"\n")) if i >= 0]
            if ends:
                end = min(ends)
                raw = bytes(self._buf[:end])
                self._after_cr = self._buf[end] == 13
                del self._buf[: end + 1]
                return _edit(raw.decode("utf-8", errors="replace"))
            if not await self._fill():
                return None

    async def key(self) -> bytes | None:
        """Next single keystroke (for ``--More--``), or None at end of input."""
        while True:
            self._drop_lf_after_cr()
            if self._buf:
                k = bytes(self._buf[:1])
                del self._buf[0]
                self._after_cr = k == b"\r"
                return k
            if not await self._fill():
                return None

    async def drain_until_eof(self) -> None:
        """Swallow input until the client goes away (used by the hang faults)."""
        while await self._fill():
            self._buf.clear()


def _edit(raw: str) -> str:
    if "\x08" not in raw and "\x7f" not in raw:
        return raw
    out: list[str] = []
    for ch in raw:
        if ch in "\x08\x7f":
            if out:
                out.pop()
        else:
            out.append(ch)
    return "".join(out)


def _crlf(text: str) -> bytes:
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8", errors="replace")


class Session:
    """Drives one shell or exec channel against a ``CliEngine``."""

    def __init__(self, runtime: DeviceRuntime, process: asyncssh.SSHServerProcess[bytes]) -> None:
        self.rt = runtime
        self.process = process
        self.out: asyncssh.SSHWriter[bytes] = process.stdout
        self.keys = Keyboard(process.stdin)
        self.engine = CliEngine(runtime.profile, runtime.spec, runtime.variables, runtime.cache)

    async def write(self, data: bytes) -> None:
        self.out.write(data)
        await self.out.drain()

    async def run(self) -> None:
        """Serve until the client leaves or the CLI closes the session."""
        try:
            if self.rt.spec.fault("hang_after_login"):
                await self.keys.drain_until_eof()
                return
            command = self.process.command
            if command is not None:
                await self._exec(command)
            else:
                await self._shell()
        except (asyncssh.Error, ConnectionError, BrokenPipeError):
            return
        except Exception:  # a profile/template bug must be visible, not a silent hang
            log.exception("mock device %s: session failed", self.rt.spec.name)
            with contextlib.suppress(Exception):
                self.out.write(b"\r\n% mock device internal error\r\n")
        finally:
            if not self.process.is_closing():
                self.process.exit(0)

    async def _exec(self, command: str) -> None:
        for line in command.splitlines() or [""]:
            self.rt.log(line)
            reply = self.engine.execute(line)
            reply.paged = False
            if not await self.emit(reply):
                return

    async def _shell(self) -> None:
        engine = self.engine
        banner = engine.profile.motd
        text = render(banner, engine.variables()) if banner else ""
        await self.write(_crlf(text) + _crlf(engine.prompt()))
        while True:
            line = await self.keys.line()
            if line is None:
                return
            self.out.write(self._echo(line))
            self.rt.log(line)
            reply = engine.execute(line)
            while reply.ask_secret:
                await self.write(_crlf(reply.text))
                secret = await self.keys.line()
                if secret is None:
                    return
                self.out.write(b"\r\n")
                reply = engine.submit_secret(secret)
            if not await self.emit(reply):
                return
            if reply.close:
                return
            await self.write(_crlf(engine.prompt()))

    def _echo(self, line: str) -> bytes:
        style = self.engine.profile.echo
        if style == "none":
            return b""
        if style == "repaint":  # CLIs that redraw the whole input line, prompt included
            return b"\r" + _crlf(self.engine.prompt().rsplit("\n", 1)[-1] + line + "\n")
        return _crlf(line + "\n")

    # -- output ------------------------------------------------------------------------------
    async def emit(self, reply: Reply) -> bool:
        """Print a reply honouring latency, paging and output faults; False: session is over."""
        spec = self.rt.spec
        if spec.latency.command and reply.text:
            await asyncio.sleep(spec.latency.command)
        if not reply.text:
            return True
        if reply.kind != "show" or not spec.faults:
            return await self._lines(reply.text.splitlines(True), reply.paged)
        if (fault := spec.fault("garbage_output")) is not None:
            rng = random.Random(f"{spec.name}:{self.engine.seq}")
            await self.write(rng.randbytes(int(fault.params["size"])) + b"\r\n")
            return True
        lines: Iterable[str] = reply.text.splitlines(True)
        cut: int | None = None
        for name in ("hang_mid_output", "disconnect_mid_output"):
            if (fault := spec.fault(name)) is not None:
                base = reply.text.splitlines(True)
                cut = int(fault.params["after_lines"]) or max(len(base) // 2, 1)
                lines = base[:cut]
        if (fault := spec.fault("huge_output")) is not None and cut is None:
            lines = _huge(reply.text, int(float(fault.params["size_mb"]) * 1_000_000))
        slow = spec.fault("slow_output")
        delay = float(slow.params["line_delay"]) if slow else 0.0
        if not await self._lines(lines, reply.paged, delay):
            return False
        if cut is not None:
            if spec.fault("disconnect_mid_output"):
                self.process.get_extra_info("connection").abort()
            else:
                await self.keys.drain_until_eof()
            return False
        return True

    async def _lines(self, lines: Iterable[str], paged: bool, delay: float = 0.0) -> bool:
        page = self.engine.page_length - 1 if paged and self.engine.page_length > 0 else 0
        if not page and not delay:
            buf = bytearray()
            for line in lines:
                buf += _crlf(line)
                if len(buf) >= _CHUNK:
                    await self.write(bytes(buf))
                    buf.clear()
            if buf:
                await self.write(bytes(buf))
            return True
        paging = self.engine.profile.paging
        budget = page
        for shown, line in enumerate(lines):
            if page and shown and budget == 0:
                await self.write(_crlf(paging.more))
                key = await self.keys.key()
                if key is None:
                    return False
                self.out.write(paging.erase.encode())
                if key in _INTERRUPT_KEYS:
                    return True
                budget = 1 if key in (b"\r", b"\n") else page
            if delay:
                await asyncio.sleep(delay)
            await self.write(_crlf(line))
            budget -= 1
        return True


def _huge(text: str, size: int) -> Iterator[str]:
    """The real output followed by counter-like filler lines until ``size`` bytes."""
    yield from text.splitlines(True)
    written = len(text)
    n = 0
    while written < size:
        line = f"  {n:08d}  Te1/0/{n % 48 + 1:<3}  input packets {n * 7919 % 10**9:>10}  drops 0\n"
        written += len(line) + 1
        n += 1
        yield line


def session_factory(runtime: DeviceRuntime) -> Any:
    """asyncssh ``process_factory`` bound to one device.

    A ``netconf`` subsystem request (or Junos' ``xml-mode netconf need-trailer`` exec) goes to
    the NETCONF server when the profile speaks it; any other subsystem is closed at once with
    exit status 1, the way a box without that service ends the channel.
    """
    netconf = supports_netconf(runtime.profile)

    async def handle(process: asyncssh.SSHServerProcess[bytes]) -> None:
        subsystem = process.subsystem
        command = (process.command or "").strip()
        if netconf and (subsystem == "netconf" or command == EXEC_COMMAND):
            await serve_netconf(runtime, process)
        elif subsystem is not None:
            process.exit(1)
        else:
            await Session(runtime, process).run()

    return handle
