"""One interactive CLI session over an asyncssh channel: prompt, setup, commands, logout.

The dialogue a network engineer has with a box, as code: press Enter and read the prompt, send
the session settings, then each allow-listed command, reading each answer up to the prompt (or
an MML console's end marker), turning `--More--` pages with a space, and leave with the
platform's logout. Text is cleaned by netmiko's rules (`netmiko_text`) so that it is exactly
what the netmiko engine would hand the parser.

Failures say where the session was (login or which command) and what the device said last,
in the same words as the netmiko engine, so a report reads the same whichever engine ran.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import replace

import asyncssh

from auditor.collect.base import Timeouts, allowed, make_collection
from auditor.collect.netmiko_text import NetmikoText
from auditor.errors import CollectError
from auditor.inventory.credentials import redact
from auditor.models import Cause, Collection
from auditor.platforms import Platform

#: A CLI prompt ends in one of the usual terminators (`>`, `#`, `$`, `%`, `]`), maybe with a
#: space. Checked on the last line only; `find_prompt` also wants it twice in a row.
PROMPT_LINE = re.compile(r"[>#$%\]]\s*$")
#: Pager prompts: `--More--`, `---- More ----`, `---(more 12%)---`, `<--- More --->`, SR OS'
#: `Press any key to continue (Q to quit)`, PAN-OS' `lines 1-23`.
PAGER = re.compile(
    r"^\s*(?:-+\s*\(?\s*more\b[^\n]*?-+|<-+\s*more\s*-+>|press any key to continue.*"
    r"|lines \d+-\d+.*)\s*$",
    re.IGNORECASE,
)
#: What a device prints after the space to rub its pager prompt out: back up, blank, back up.
ERASE = re.compile(r"\x08+ *\x08+|\r +\r|\x1b\[\d*D *\x1b\[\d*D|\r?\x1b\[K|\r")
PASSWORD_PROMPT = re.compile(r"ssword", re.IGNORECASE)
#: Any ANSI CSI sequence, removed from the last line before it is matched against the above
#: (netmiko's own, narrower, list decides what reaches the parser).
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
TAIL_CHARS = 2048
#: Characters read of one answer before giving up on the rest (as the netmiko engine does):
#: allow-listed answers are a few KB, a full chassis inventory some 100 KB.
READ_LIMIT = 1_000_000
LOGOUT_WAIT_S = 1.0


class Closed(Exception):
    """The device ended the session while we were waiting for its answer."""


class Channel(asyncssh.SSHClientSession[str]):
    """Buffers what the device prints and wakes the reader; nothing else."""

    def __init__(self) -> None:
        self.inbox: list[str] = []
        self.closed = asyncio.Event()
        self._wakeup = asyncio.Event()

    def data_received(self, data: str, datatype: asyncssh.DataType) -> None:
        self.inbox.append(data)
        self._wakeup.set()

    def eof_received(self) -> bool:
        self.closed.set()
        self._wakeup.set()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed.set()
        self._wakeup.set()

    async def next_chunk(self) -> str:
        """Everything received since the last call (waits for at least one character)."""
        while not self.inbox:
            if self.closed.is_set():
                raise Closed
            self._wakeup.clear()
            await self._wakeup.wait()
        data = "".join(self.inbox)
        self.inbox.clear()
        return data


class Shell:
    """One interactive CLI session: prompt, setup, commands, logout."""

    def __init__(
        self,
        chan: asyncssh.SSHClientChannel[str],
        channel: Channel,
        text: NetmikoText,
        timeouts: Timeouts,
    ) -> None:
        self.chan = chan
        self.channel = channel
        self.text = text
        self.timeouts = timeouts
        self.prompt = ""
        self.end_pattern = ""
        self.last_line = ""
        self.doing: str | None = None  # the allow-listed command being answered; None: login
        self.heard = ""  # the last non-blank line the device printed

    def send(self, line: str) -> None:
        self.chan.write(line + self.text.enter)

    async def audit(
        self, platform: Platform, secret: str, secrets: tuple[str, ...]
    ) -> list[Collection]:
        """The whole session; a failure is a CollectError that says where it happened."""
        try:
            await self.login(platform, secret)
            collections = []
            for command in platform.commands:
                self.doing = command
                output, overflow = await self.command(allowed(platform, command))
                if overflow:  # the device is still talking: keep what we have, hang up
                    collections.append(replace(make_collection(command, output), truncated=True))
                    return collections
                ended_at = self.last_line if self.prompt else None  # MML consoles: no prompt
                collections.append(make_collection(command, output, ended_at))
        except asyncio.TimeoutError:
            raise CollectError(*self._timed_out(secrets)) from None
        except Closed:
            last = self._last_words(secrets)
            after = f"; last line received: {last}" if last else ""
            raise CollectError(
                f"the device closed the connection during {self._during()}{after}",
                Cause.DISCONNECTED.value,
            ) from None
        await self.logout(platform.logout_command)
        return collections

    async def login(self, platform: Platform, secret: str) -> None:
        """Prompt (or none, on MML), enable mode where netmiko enters it, session settings."""
        if platform.end_of_answer is None:
            await self.find_prompt()
            if secret and self.text.enables_with_secret and self.prompt.endswith(">"):
                await self.enable(secret)
        else:
            self.text.no_prompt()
            self.send("")  # netmiko's first keystroke on every session; MML counts it
            self.end_pattern = platform.end_of_answer
        for command in platform.setup_commands:
            if command not in platform.session_commands:
                raise CollectError(
                    f"setup command {command!r} is not in the {platform.device_type} "
                    "session allow-list",
                    Cause.INTERNAL.value,
                )
            await self.command(command)

    def _during(self) -> str:
        return "login" if self.doing is None else f"the answer to {self.doing!r}"

    def _last_words(self, secrets: tuple[str, ...]) -> str:
        """The last non-blank line the device printed, quoted and bounded (it is untrusted)."""
        line = redact(self.heard, secrets)
        return ascii(line[:80] + ("..." if len(line) > 80 else "")) if line else ""

    def _timed_out(self, secrets: tuple[str, ...]) -> tuple[str, str]:
        within = f" within {self.timeouts.read:g} s"
        last = self._last_words(secrets)
        if self.doing is None and not self.prompt and self.end_pattern == "":
            if last:
                return (
                    f"logged in, but the device's prompt was not recognised: it showed {last}",
                    Cause.PROTOCOL.value,
                )
            return f"logged in, but the device showed no prompt{within}", Cause.TIMEOUT.value
        if self.doing is None:
            return f"no answer to the session setup{within}", Cause.TIMEOUT.value
        stopped = f"; it stopped after {last}" if last else "; nothing was received"
        return f"no complete answer to {self.doing!r}{within}{stopped}", Cause.TIMEOUT.value

    async def find_prompt(self) -> None:
        """Like netmiko's find_prompt: send a return, take the last line. The prompt must show
        twice in a row (at login, then after our return) so that a banner line ending in `#`
        is never taken for it; a device that stays silent gets another return each second."""
        self.send("")
        self.prompt = await asyncio.wait_for(self._prompt_twice(), self.timeouts.read)
        self.text.set_prompt(self.prompt)
        self.end_pattern = re.escape(self.prompt)

    async def _prompt_twice(self) -> str:
        seen = ""
        while True:
            try:
                data = await asyncio.wait_for(self.channel.next_chunk(), 1.0)
            except asyncio.TimeoutError:
                self.send("")
                continue
            seen = (seen + data)[-TAIL_CHARS:]
            lines = [ANSI.sub("", line).strip() for line in self.text.clean(seen).split("\n")]
            self._hear(lines)
            earlier = [line for line in lines[:-1] if line]
            if _is_prompt(lines[-1]) and earlier and earlier[-1] == lines[-1]:
                return lines[-1]

    async def enable(self, secret: str) -> None:
        """Enter enable mode the way netmiko's driver does at login (ASA with a secret)."""
        self.send("enable")
        await self.read(
            lambda last, _: bool(PASSWORD_PROMPT.search(last) or _is_prompt(last)), "enable"
        )
        if PASSWORD_PROMPT.search(self.last_line):
            self.chan.write(secret + self.text.enter)
            await self.read(lambda last, _: _is_prompt(last), None)
        if not self.last_line.endswith("#"):
            raise CollectError("enable mode refused (check the enable secret)", Cause.AUTH.value)
        self.prompt = self.last_line
        self.end_pattern = re.escape(self.prompt)

    async def command(self, command: str) -> tuple[str, bool]:
        """Send one command; return netmiko's send_command text and whether it overflowed."""
        self.send(command)
        if self.prompt:
            raw, overflow = await self.read(self._at_prompt, command.strip())
        else:
            marker = re.compile(self.end_pattern)
            raw, overflow = await self.read(lambda _, window: bool(marker.search(window)), None)
        text = self.text.answer(
            self.text.clean(raw), command, self.end_pattern, verify_echo=bool(self.prompt)
        )
        return text, overflow

    def _at_prompt(self, last: str, _window: str) -> bool:
        """The prompt we found, or (after a mode change) the base prompt with a terminator."""
        line = last.rstrip()
        base = self.text.base_prompt
        return line == self.prompt or bool(base and base in line and _is_prompt(line))

    async def read(self, done: Callable[[str, str], bool], echo: str | None) -> tuple[str, bool]:
        """Read one answer until `done(last_line, window)`, after `echo` was seen if given.

        Pager prompts are answered with a space and cut out together with the device's erasure
        of them, so the text is what the device prints with paging off. Returns the raw text
        and whether it stopped at READ_LIMIT characters (the device was still talking).
        """
        answer = Answer()
        await asyncio.wait_for(self._read(answer, done, echo), self.timeouts.read)
        return answer.text(), answer.size > READ_LIMIT

    async def _read(
        self, answer: Answer, done: Callable[[str, str], bool], echo: str | None
    ) -> None:
        tail = ""
        echo_seen = echo is None
        while answer.size <= READ_LIMIT:
            data = await self.channel.next_chunk()
            answer.add(data)
            window = self.text.clean(tail + data)
            tail = (tail + data)[-TAIL_CHARS:]
            self._hear(window.rsplit("\n", 3)[-3:])
            if not echo_seen:
                at = window.find(echo or "")
                if at < 0:
                    continue
                echo_seen = True
                window = window[at + len(echo or "") :]
            last = ANSI.sub("", window.rsplit("\n", 1)[-1])
            if PAGER.match(last):
                answer.cut_last_line()
                tail = ""
                self.chan.write(" ")  # a pager key, not a command: nothing is executed
            elif done(last, window):
                self.last_line = last.strip()
                return

    def _hear(self, lines: list[str]) -> None:
        heard = [ANSI.sub("", line).strip() for line in lines]
        self.heard = next((line for line in reversed(heard) if line), self.heard)

    async def logout(self, command: str | None) -> None:
        """Say goodbye if the platform has a logout command; never wait long for the close."""
        try:
            if command is not None and not self.channel.closed.is_set():
                self.send(command)
                await asyncio.wait_for(self.channel.closed.wait(), LOGOUT_WAIT_S)
        except (asyncio.TimeoutError, OSError, asyncssh.Error):
            pass
        finally:
            self.chan.close()


def _is_prompt(line: str) -> bool:
    return bool(PROMPT_LINE.search(line))


class Answer:
    """The raw text of one answer, in pieces, with the places where pager prompts were cut."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.size = 0
        self.cuts: list[int] = []

    def add(self, data: str) -> None:
        self.pieces.append(data)
        self.size += len(data)

    def cut_last_line(self) -> None:
        """Drop the pager prompt (the last line); its erasure will be cut at the same place."""
        while self.pieces:
            piece = self.pieces.pop()
            self.size -= len(piece)
            newline = piece.rfind("\n")
            if newline >= 0:
                self.add(piece[: newline + 1])
                break
        self.cuts.append(self.size)

    def text(self) -> str:
        raw = "".join(self.pieces)
        for at in reversed(self.cuts):
            erased = ERASE.match(raw, at)
            if erased:
                raw = raw[:at] + raw[erased.end() :]
        return raw[:READ_LIMIT]
