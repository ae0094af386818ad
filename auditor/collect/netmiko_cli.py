"""Collect over SSH with netmiko: login, the platform's allow-listed commands, logout.

netmiko is imported inside `collect()` so that commands which never connect (`parse`,
`versions`, `catalogue`) start fast. netmiko's own exceptions are mapped to a `Cause` here, in
one place, so every report speaks the same small vocabulary (auth, timeout, unreachable...).

Devices misbehave, and the answer must still be bounded and named:

* paging that ignores `terminal length 0`: a pager prompt (`--More--`, `---- More ----`...) at
  the end of what was read is answered with a space, and the pager text is removed;
* an endless answer: reading stops at `READ_LIMIT` characters (the evidence says `truncated`);
* a hang, a drop or an odd prompt: the last thing the device said (kept by a small in-memory
  session log) and whether the connection is still up decide between `timeout`,
  `disconnected` and `protocol`, and the message quotes it;
* SSH host keys are checked against known_hosts by `auditor.collect.hostkeys`.
"""

from __future__ import annotations

import base64
import contextlib
import os
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from auditor.collect.base import Collector, Timeouts, allowed, check_target, make_collection
from auditor.collect.hostkeys import HostKeyError, HostKeyMode, HostKeyPolicy, known_hosts_name
from auditor.errors import CollectError
from auditor.inventory.credentials import Credentials, redact
from auditor.models import Cause, Collection, Device
from auditor.platforms import Platform

#: Characters read of one answer before giving up on the rest. Allow-listed answers are a few
#: KB (a full chassis inventory, some 100 KB); keep well under netmiko's own 2,000,000-character
#: search window, which the size pattern below relies on.
READ_LIMIT = 1_000_000

#: Pager prompts of the CLIs we audit: Cisco/Arista/Fortinet `--More--`, Huawei/H3C
#: `---- More ----`, Junos `---(more 45%)---`, ASA `<--- More --->`, SR OS `Press any key to
#: continue (Q to quit)`, PAN-OS `lines 1-23`.
_PAGER = r"(?i:<?-{2,} ?\(?more\b[^\n]*?-{2,}>?|press any key to continue[^\n]*|lines \d+-\d+ )"
_ANSI = r"(?:\x1b\[[0-9;]*m)*"  # colour codes around a pager prompt (NX-OS)
_PAGER_AT_END = re.compile(rf"{_ANSI}{_PAGER}{_ANSI}[ \t]*$")
#: A pager prompt and what the device prints to erase it: backspaces, CR-spaces-CR (which
#: netmiko turns into newlines), ANSI cursor moves, or, once netmiko has stripped those, as
#: many spaces as the prompt was wide (the rest of the spaces are the next line's indent).
_PAGER_WITH_ERASE = re.compile(
    rf"(?P<prompt>[ \t]*{_ANSI}{_PAGER}{_ANSI})"
    r"(?:(?P<erase>[ \t]*(?:\x08+[ \t]*\x08+|\n[ \t]*\n?|\x1b\[\d*D[ \t]*\x1b\[\d*D))"
    r"|(?P<spaces>[ \t]*))"
)


class NetmikoCollector(Collector):
    name = "netmiko"

    def __init__(self, host_keys: HostKeyPolicy | None = None) -> None:
        self.host_keys = host_keys if host_keys is not None else HostKeyPolicy()

    def collect(
        self, device: Device, platform: Platform, credentials: Credentials, timeouts: Timeouts
    ) -> list[Collection]:
        check_target(device.host)
        from netmiko import ConnectHandler

        mode = self.host_keys.before_connect(device)  # strict + unknown: refused, no TCP
        heard = _heard()
        reads = timeouts.read
        params: dict[str, Any] = {
            "device_type": platform.connect_as,
            "host": device.host,
            "port": device.port,
            "username": credentials.username,
            "password": credentials.password,
            "secret": credentials.secret,
            "conn_timeout": timeouts.connect,
            "auth_timeout": timeouts.connect,
            "banner_timeout": timeouts.connect,
            "blocking_timeout": reads,
            "read_timeout_override": reads,
            "session_timeout": reads,
            "fast_cli": True,
            "use_keys": False,
            "allow_agent": False,
            "ssh_config_file": None,
            "system_host_keys": False,
            "session_log": heard,
        }
        secrets = (credentials.password, credentials.secret)
        known = self.host_keys.known_keys(device) if mode is not HostKeyMode.OFF else {}
        try:
            with _pinned(device, known) as key_file:
                if key_file:  # paramiko checks the key before sending the password
                    params.update(ssh_strict=True, alt_host_keys=True, alt_key_file=key_file)
                connection = ConnectHandler(**params)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a cause
            self._refuse_bad_key(exc, device)
            message, cause = classify(exc, secrets, heard=heard.text(), seconds=reads)
            raise CollectError(message, cause) from None
        clean = False
        command: str | None = None
        try:
            self._check_presented_key(connection, device)
            outputs = []
            for command in platform.commands:
                collection = _collect_one(connection, platform, allowed(platform, command), reads)
                outputs.append(collection)
                if collection.truncated:  # the device is still talking: stop here
                    return outputs
            clean = True
            return outputs
        except CollectError:
            raise
        except Exception as exc:  # noqa: BLE001
            message, cause = classify(
                exc,
                secrets,
                command=command,
                heard=heard.text(),
                closed=_closed(connection),
                seconds=reads,
            )
            raise CollectError(message, cause) from None
        finally:
            _close(connection, polite=clean)

    def _refuse_bad_key(self, exc: BaseException, device: Device) -> None:
        """A key paramiko refused becomes the policy's own message (both fingerprints)."""
        from paramiko import BadHostKeyException

        bad = next((e for e in _chain(exc) if isinstance(e, BadHostKeyException)), None)
        if bad is not None:
            self.host_keys.verify(device, bad.key.get_name(), bad.key.asbytes())
            name = known_hosts_name(device.host, device.port)
            raise HostKeyError(f"host key of {name} does not match known_hosts; not logged in")

    def _check_presented_key(self, connection: Any, device: Device) -> None:
        """Record a new device's key (accept-new), or refuse it; a no-op with policy `off`."""
        if self.host_keys.mode_for(device) is HostKeyMode.OFF:
            return
        key = connection.remote_conn_pre.get_transport().get_remote_server_key()
        self.host_keys.verify(device, key.get_name(), key.asbytes())


def _collect_one(connection: Any, platform: Platform, command: str, seconds: float) -> Collection:
    # The answer ends at the prompt found just before the command (MML consoles have none).
    prompt = None if platform.end_of_answer else str(connection.find_prompt())
    text, truncated = _answer(connection, platform, command, seconds, prompt)
    if truncated:  # it never reached the prompt
        return replace(make_collection(command, text), truncated=True)
    return make_collection(command, text, prompt)


def _answer(
    connection: Any, platform: Platform, command: str, seconds: float, prompt: str | None
) -> tuple[str, bool]:
    """Send one command; read its whole answer through any pager, at most READ_LIMIT chars.

    It ends at `prompt`, or at the platform's end-of-answer marker on a prompt-free console.
    netmiko's send_command stops when its pattern is found; the pattern here also matches a
    pager prompt and an answer of READ_LIMIT characters (`\\A[\\s\\S]{N}`), so it returns early
    in both cases and this loop pages on or stops.
    """
    from netmiko.exceptions import ReadTimeout

    end = platform.end_of_answer or re.escape(prompt or "")
    until = rf"(?:{end})|{_PAGER}|\A[\s\S]{{{READ_LIMIT}}}"
    deadline = time.monotonic() + seconds
    chunk = str(
        connection.send_command(
            command,
            expect_string=until,
            read_timeout=seconds,
            strip_prompt=False,
            # on a prompt-free console (MML) netmiko's wait for the command echo swallows the
            # answer's header, which names the network element
            cmd_verify=platform.end_of_answer is None,
        )
    )
    text = chunk
    while True:
        if len(text) >= READ_LIMIT:
            return text[:READ_LIMIT], True
        paged = _PAGER_AT_END.search(text[-200:]) is not None
        if not paged and re.search(end, chunk):
            break
        if time.monotonic() > deadline:
            raise ReadTimeout(f"answer to {command!r} incomplete after {seconds:g} s")
        if paged:
            connection.write_channel(" ")  # a pager key, not a command: nothing is executed
        remaining = max(deadline - time.monotonic(), 0.5)
        chunk = str(connection.read_until_pattern(pattern=until, read_timeout=remaining))
        text += chunk
    return str(connection.strip_prompt(unpage(text))), False


def unpage(text: str) -> str:
    """Remove pager prompts and their erasure from an answer read page by page."""

    def drop(match: re.Match[str]) -> str:
        spaces = match.group("spaces") or ""  # erase spaces, then the next line's indent
        return spaces[len(match.group("prompt")) :]

    return _PAGER_WITH_ERASE.sub(drop, text)


def _heard() -> Any:
    """A netmiko session log that keeps, in memory, only the last few KB the device sent.

    It is how a failure can quote what the device last printed (an odd prompt, the line an
    answer stopped at). What netmiko itself sends while cleaning up (`fin`) is left out, so a
    silent device stays silent. `classify` redacts secrets from what it quotes.
    """
    from netmiko.session_log import SessionLog

    class Heard(SessionLog):
        SIZE = 4096

        def __init__(self) -> None:
            super().__init__()
            self.tail = ""

        def write(self, data: str) -> None:
            if not self.fin:
                self.tail = (self.tail + data)[-self.SIZE :]

        def text(self) -> str:
            return self.tail

    return Heard()


@contextlib.contextmanager
def _pinned(device: Device, known: dict[str, bytes]) -> Iterator[str | None]:
    """A throw-away known_hosts file holding only this device's recorded keys.

    netmiko (paramiko) only takes host keys from a file, and paramiko cannot read every line
    of a real known_hosts file (`@cert-authority` raises), so it gets the device's own lines.
    """
    if not known:
        yield None
        return
    name = known_hosts_name(device.host, device.port)
    fd, path = tempfile.mkstemp(prefix="auditor-hostkey-", suffix=".known_hosts")
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            for key_type, blob in known.items():
                handle.write(f"{name} {key_type} {base64.b64encode(blob).decode('ascii')}\n")
        yield path
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _closed(connection: Any) -> bool:
    """Has the device gone away (without writing anything to it to find out)?"""
    with contextlib.suppress(Exception):
        channel = connection.remote_conn
        transport = channel.get_transport() if channel is not None else None
        return bool(
            channel is None
            or channel.closed
            or channel.eof_received
            or transport is None
            or not transport.is_active()
        )
    return True


def _close(connection: Any, polite: bool) -> None:
    """Log out politely after a clean session; otherwise drop the socket first.

    netmiko's `disconnect()` sends `exit` and waits for the prompt, which a hung or flooding
    device never shows; closing the socket first makes that fail at once.
    """
    with contextlib.suppress(Exception):
        if not polite:
            connection.paramiko_cleanup()
    with contextlib.suppress(Exception):  # also unhooks netmiko's log filter for the password
        connection.disconnect()


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and what it was raised from or during (netmiko wraps paramiko's)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _last_words(heard: str, secrets: tuple[str, ...]) -> str:
    """The last non-blank line the device printed, quoted and bounded (it is untrusted)."""
    lines = [line.strip() for line in heard.splitlines() if line.strip()]
    if not lines:
        return ""
    line = redact(lines[-1], secrets)
    return ascii(line[:80] + ("..." if len(line) > 80 else ""))


def classify(
    exc: BaseException,
    secrets: tuple[str, ...] = (),
    *,
    command: str | None = None,
    heard: str = "",
    closed: bool = False,
    seconds: float | None = None,
) -> tuple[str, str]:
    """Map an exception from netmiko/paramiko/sockets to (message, cause).

    `command` is the one being answered, None during login (connect, authenticate, set up
    the terminal); `heard` is what the device printed last; `closed`, whether it hung up.
    """
    from netmiko.exceptions import NetmikoAuthenticationException, ReadTimeout
    from paramiko import AuthenticationException, BadHostKeyException, SSHException
    from paramiko.ssh_exception import NoValidConnectionsError

    chain = list(_chain(exc))

    def found(*types: type[BaseException]) -> BaseException | None:
        return next((e for e in chain if isinstance(e, types)), None)

    text = redact(" ".join(str(exc).split()) or type(exc).__name__, secrets)[:300]
    within = f" within {seconds:.3g} s" if seconds else ""
    last = _last_words(heard, secrets)
    root = redact(" ".join(str(chain[-1]).split()), secrets)[:200]  # what netmiko wrapped
    during = "login" if command is None else f"the answer to {command!r}"
    if found(BadHostKeyException):
        return "the device's SSH host key does not match known_hosts", Cause.HOSTKEY.value
    if found(NetmikoAuthenticationException, AuthenticationException):
        return "authentication failed (username or password refused)", Cause.AUTH.value
    if found(ConnectionRefusedError, NoValidConnectionsError):
        return "connection refused (nothing listening on that port)", Cause.UNREACHABLE.value
    if "TCP connection to device failed" in text:
        if found(TimeoutError):
            return (
                "no answer to the TCP connection (host down or filtered)",
                Cause.UNREACHABLE.value,
            )
        return f"TCP connection failed: {root}", Cause.UNREACHABLE.value
    if "banner" in text.lower() or "no existing session" in text.lower():
        return (
            "TCP connection accepted, but no SSH handshake (banner) followed",
            Cause.TIMEOUT.value,
        )
    if "during connection creation" in text:  # any other SSH-level failure from paramiko
        return f"SSH handshake failed: {root}", Cause.PROTOCOL.value
    timed_out = isinstance(exc, ReadTimeout) or "timed out waiting for data" in text.lower()
    if closed and (timed_out or found(OSError, EOFError, SSHException)):
        after = f"; last line received: {last}" if last else ""
        return f"the device closed the connection during {during}{after}", Cause.DISCONNECTED.value
    if timed_out and command is None:
        if last:
            return (
                f"logged in, but the device's prompt was not recognised: it showed {last}",
                Cause.PROTOCOL.value,
            )
        return f"logged in, but the device showed no prompt{within}", Cause.TIMEOUT.value
    if timed_out:
        stopped = f"; it stopped after {last}" if last else "; nothing was received"
        return f"no complete answer to {command!r}{within}{stopped}", Cause.TIMEOUT.value
    if isinstance(exc, TimeoutError):
        return f"timed out{within}: {text}", Cause.TIMEOUT.value
    if found(EOFError, ConnectionResetError, BrokenPipeError, OSError) or type(exc).__name__ in (
        "SSHException",
        "ChannelException",
    ):
        return f"connection lost during {during}: {text}", Cause.DISCONNECTED.value
    if isinstance(exc, ValueError) and "prompt" in text.lower():
        return f"unexpected prompt or CLI behaviour: {text}", Cause.PROTOCOL.value
    return f"{type(exc).__name__}: {text}", Cause.PROTOCOL.value
