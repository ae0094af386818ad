"""Collect over SSH with asyncssh: hundreds of cheap sessions on one event loop.

Why a second SSH engine: netmiko costs a thread, ~15-20 ms of CPU and ~0.26 s of its own sleeps
per device, so one process tops out near 60 devices/s. An asyncssh session is a coroutine that
waits on the device, never on a timer, so what bounds a run is the devices' latency.

What the parser sees must not depend on the engine. So a session goes the way netmiko's goes
(PTY vt100 511x1000, a return to find the prompt, the platform's session settings, each
allow-listed command with its echo checked), and the text is cleaned by netmiko's own rules
(`netmiko_text`). What differs is only what netmiko should not do on a read-only audit: no mode
changes or configuration (FortiOS' console mode), and a `--More--` pager is paged through with
a space when a device shows one, instead of being switched off by configuration.
"""

from __future__ import annotations

import asyncio
import errno
import socket
from abc import ABC, abstractmethod
from typing import cast

import asyncssh

from auditor.collect.asyncssh_shell import Channel, Shell
from auditor.collect.base import Timeouts, check_target
from auditor.collect.hostkeys import HostKeyError, HostKeyMode, HostKeyPolicy
from auditor.collect.netmiko_text import NetmikoText
from auditor.errors import CollectError
from auditor.inventory.credentials import Credentials, redact
from auditor.models import Cause, Collection, Device
from auditor.platforms import Platform

#: Cipher preference: AES-GCM first (one cipher context per direction; asyncssh's default,
#: chacha20-poly1305, builds two per packet and costs the client about twice the CPU), then
#: the other defaults, then the CBC modes that old devices (IOS 12.x, early ASA) still need.
ENCRYPTION_ALGS = (
    "aes128-gcm@openssh.com,aes256-gcm@openssh.com,chacha20-poly1305@openssh.com,"
    "aes256-ctr,aes192-ctr,aes128-ctr,aes256-cbc,aes192-cbc,aes128-cbc,3des-cbc"
)
#: asyncssh's key exchanges plus the SHA-1 ones of old devices, tried last.
KEX_ALGS = "+diffie-hellman-group-exchange-sha1,diffie-hellman-group1-sha1"


class AsyncCollector(ABC):
    """A collector whose sessions are coroutines: run on the audit's event loop, no thread."""

    name: str

    @abstractmethod
    async def collect(
        self, device: Device, platform: Platform, credentials: Credentials, timeouts: Timeouts
    ) -> list[Collection]:
        """Return one Collection per allow-listed command, or raise CollectError(cause)."""


class AsyncsshCollector(AsyncCollector):
    """CLI over SSH with asyncssh; host keys checked by the same policy as the netmiko path."""

    name = "asyncssh"

    def __init__(self, host_keys: HostKeyPolicy | None = None) -> None:
        self.host_keys = host_keys if host_keys is not None else HostKeyPolicy()

    async def collect(
        self, device: Device, platform: Platform, credentials: Credentials, timeouts: Timeouts
    ) -> list[Collection]:
        check_target(device.host)
        self.host_keys.before_connect(device)  # strict + unknown: refused, no TCP
        text = NetmikoText(platform.connect_as)
        secrets = (credentials.password, credentials.secret)
        conn = await _connect(device, credentials, timeouts, text, self.host_keys)
        try:
            chan, channel = await conn.create_session(
                Channel,
                term_type="vt100",
                term_size=(511, 1000),
                encoding="utf-8",
                errors="ignore",
            )
            shell = Shell(chan, cast(Channel, channel), text, timeouts)
            return await shell.audit(platform, credentials.secret, secrets)
        except CollectError:
            raise
        except Exception as exc:  # noqa: BLE001 - every failure becomes a cause
            raise CollectError(*classify(exc, secrets)) from None
        finally:
            conn.abort()


class _Client(asyncssh.SSHClient):
    """Checks the host key against the policy; remembers how far a login got."""

    def __init__(self, device: Device, host_keys: HostKeyPolicy) -> None:
        self.device = device
        self.host_keys = host_keys
        self.conn: asyncssh.SSHClientConnection | None = None
        self.refused: HostKeyError | None = None

    def connection_made(self, conn: asyncssh.SSHClientConnection) -> None:
        self.conn = conn

    def validate_host_public_key(
        self, host: str, addr: str, port: int, key: asyncssh.SSHKey
    ) -> bool:
        """Called during key exchange, before any password is sent."""
        try:
            self.host_keys.verify(self.device, key.get_algorithm(), key.public_data)
        except HostKeyError as exc:
            self.refused = exc
            return False
        return True

    def why_slow(self, seconds: float) -> str:
        if self.conn is None:
            return f"timed out connecting (no TCP answer within {seconds:g} s)"
        if not self.conn.get_extra_info("server_version"):
            return "no SSH handshake from the device (TCP accepted, no SSH banner)"
        return f"no SSH login within {seconds:g} s (SSH banner received)"


async def _connect(
    device: Device,
    credentials: Credentials,
    timeouts: Timeouts,
    text: NetmikoText,
    host_keys: HostKeyPolicy,
) -> asyncssh.SSHClientConnection:
    """Log in with the password (asyncssh answers keyboard-interactive prompts with it too)."""
    client = _Client(device, host_keys)
    checked = host_keys.mode_for(device) is not HostKeyMode.OFF
    known = host_keys.known_keys(device) if checked else {}
    try:
        return await asyncio.wait_for(
            asyncssh.connect(
                device.host,
                device.port,
                username=text.login_name(credentials.username),
                password=credentials.password,
                client_factory=lambda: client,
                # no trusted keys of asyncssh's own: every key goes to validate_host_public_key
                known_hosts=([], [], []) if checked else None,
                server_host_key_algs=_host_key_algs(known),
                client_keys=None,
                agent_path=None,
                config=None,
                preferred_auth=("keyboard-interactive", "password"),
                encryption_algs=ENCRYPTION_ALGS,
                kex_algs=KEX_ALGS,
            ),
            timeouts.connect,
        )
    except asyncio.TimeoutError:
        raise CollectError(client.why_slow(timeouts.connect), Cause.TIMEOUT.value) from None
    except Exception as exc:  # noqa: BLE001
        if client.refused is not None:
            raise client.refused from None
        raise CollectError(*classify(exc, (credentials.password, credentials.secret))) from None


def _host_key_algs(known: dict[str, bytes]) -> str | tuple[()]:
    """Ask first for the key types known_hosts has for the device (as OpenSSH does), so a device
    with several keys shows the recorded one, not a new type taken for a changed key."""
    if not known:
        return ()
    wanted = []
    for key_type in sorted(known):
        wanted += list(_RSA_ALGS) if key_type == "ssh-rsa" else [key_type]
    return "^" + ",".join(wanted)


_RSA_ALGS = ("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa")


def classify(exc: BaseException, secrets: tuple[str, ...] = ()) -> tuple[str, str]:
    """Map an exception from asyncssh/sockets to (message, cause), as netmiko_cli.classify does."""
    text = redact(" ".join(str(exc).split()) or type(exc).__name__, secrets)[:300]
    if isinstance(exc, asyncssh.PermissionDenied):
        return "authentication failed (username or password refused)", Cause.AUTH.value
    if isinstance(exc, asyncssh.HostKeyNotVerifiable):
        return f"host key not accepted: {text}", Cause.HOSTKEY.value
    if isinstance(exc, (TimeoutError, asyncio.TimeoutError)):
        return f"timed out: {text}", Cause.TIMEOUT.value
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused", Cause.UNREACHABLE.value
    if isinstance(exc, socket.gaierror):
        return f"cannot resolve the device's address: {text}", Cause.UNREACHABLE.value
    if isinstance(exc, OSError) and exc.errno in _UNREACHABLE_ERRNOS:
        return f"connection refused or unreachable: {text}", Cause.UNREACHABLE.value
    if isinstance(exc, (asyncssh.ConnectionLost, OSError, EOFError)):
        return f"connection lost: {text}", Cause.DISCONNECTED.value
    if isinstance(exc, asyncssh.ChannelOpenError):
        return f"the device refused an interactive shell: {text}", Cause.PROTOCOL.value
    if isinstance(exc, (asyncssh.KeyExchangeFailed, asyncssh.ProtocolNotSupported)):
        return f"no common SSH algorithms with the device: {text}", Cause.PROTOCOL.value
    return f"{type(exc).__name__}: {text}", Cause.PROTOCOL.value


_UNREACHABLE_ERRNOS = {errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN, errno.ECONNREFUSED}
