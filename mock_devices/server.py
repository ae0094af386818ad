"""Serve many mock devices from one asyncio loop, each on its own loopback port.

``MockFleet`` runs the loop in a background thread so synchronous callers (pytest, netmiko,
the auditor) can use it without knowing about asyncio. One host key is generated per process
and shared by every device, because key generation dominated start-up time; the
``changed_host_key`` fault gives a device its own key instead.

Besides the CLI, the SSH port carries NETCONF (the ``netconf`` subsystem) for profiles with
``rpc:*`` templates (Junos), and profiles with ``eapi:*`` templates (Arista) also get an HTTPS
eAPI port of their own, listed in ``MockFleet.eapi_ports``.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import threading
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import asyncssh

from mock_devices.cmdlog import CommandLog
from mock_devices.eapi import certificate_pem, start_eapi, supports_eapi
from mock_devices.fleet import DeviceSpec, FleetError, Latency
from mock_devices.profile import Profile, load_profile
from mock_devices.render import render
from mock_devices.session import session_factory


def check_loopback(host: str) -> str:
    """Refuse anything but a loopback address: mock devices must never be reachable."""
    try:
        addr = ipaddress.ip_address(host)
    except ValueError as exc:
        raise ValueError(f"host must be a loopback IP address, not {host!r}") from exc
    if not addr.is_loopback:
        raise ValueError(f"host must be loopback (127.0.0.1 or ::1), not {host!r}")
    return host


@lru_cache(maxsize=1)
def shared_host_key() -> asyncssh.SSHKey:
    """One Ed25519 host key per process (generation is the slow part of start-up)."""
    return asyncssh.generate_private_key("ssh-ed25519")


class DeviceRuntime:
    """Per-device state shared by its sessions: spec, profile, rendered outputs, command log."""

    def __init__(self, spec: DeviceSpec, profile: Profile, log: CommandLog) -> None:
        self.spec = spec
        self.profile = profile
        self.commands = log
        self.cache: dict[str, str] = {}
        self.port = 0
        self.password_attempts = 0
        """Passwords received (SSH, NETCONF, eAPI): zero proves a client never tried to log in."""
        self.host_key = shared_host_key()
        if spec.fault("changed_host_key"):
            self.host_key = asyncssh.generate_private_key("ssh-ed25519")
        self.variables: dict[str, Any] = {
            **profile.variables,
            "name": spec.name,
            "hostname": spec.hostname,
            "version": spec.version,
            "model": spec.model,
            "serial": spec.serial,
            "uptime": spec.uptime,
            "username": spec.username,
            "platform": spec.platform,
            **spec.variables,
        }

    def render(self, source: str) -> str:
        return render(source, self.variables)

    def log(self, line: str) -> None:
        if line.strip():
            self.commands.append(self.spec.name, line)

    def check_login(self, username: str, password: str) -> bool:
        self.password_attempts += 1
        if self.spec.fault("wrong_password"):
            return False
        sep = self.profile.username_options_sep
        if sep and sep in username:  # MikroTik: "audit+ct511w4098h" carries terminal options
            username = username.split(sep, 1)[0]
        return username == self.spec.username and password == self.spec.password


class _DeviceServer(asyncssh.SSHServer):
    """Authentication policy of one device: password only, like a typical network box."""

    def __init__(self, runtime: DeviceRuntime, conns: set[asyncssh.SSHServerConnection]) -> None:
        self.rt = runtime
        self.conns = conns
        self.conn: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        self.conns.add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.conn is not None:
            self.conns.discard(self.conn)

    def begin_auth(self, username: str) -> bool:
        banner = self.rt.profile.login_banner
        if banner and self.conn is not None:
            self.conn.send_auth_banner(self.rt.render(banner).replace("\n", "\r\n"))
        return True

    def password_auth_supported(self) -> bool:
        return True

    def kbdint_auth_supported(self) -> bool:
        return self.rt.profile.keyboard_interactive

    def get_kbdint_challenge(self, username: str, lang: str, submethods: str) -> Any:
        return "", "", "", [("Password: ", False)]

    def validate_kbdint_response(self, username: str, responses: Any) -> Any:
        return self.validate_password(username, responses[0] if len(responses) == 1 else "")

    def public_key_auth_supported(self) -> bool:
        return False

    def validate_password(self, username: str, password: str) -> Any:
        delay = self.rt.spec.latency.login
        if not delay:
            return self.rt.check_login(username, password)

        async def slow() -> bool:
            await asyncio.sleep(delay)
            return self.rt.check_login(username, password)

        return slow()


def _reserve_port(host: str) -> int:
    """A port that is free right now and has nothing listening (for ``refuse_connection``)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


class MockFleet:
    """A set of mock devices served from a background thread.

    >>> # with MockFleet(specs) as fleet: ConnectHandler(port=fleet.ports["r1"], ...)
    """

    def __init__(
        self,
        specs: Iterable[DeviceSpec],
        host: str = "127.0.0.1",
        log_dir: str | Path | None = None,
        *,
        latency: Latency | Mapping[str, float] | None = None,
    ) -> None:
        self.host = check_loopback(host)
        self.specs = list(specs)
        names = [s.name for s in self.specs]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise FleetError(f"duplicate device names: {dupes}")
        self.default_latency = Latency.parse(latency)
        self.log = CommandLog(log_dir)
        self.ports: dict[str, int] = {}
        self.eapi_ports: dict[str, int] = {}
        """HTTPS port of each device whose profile serves eAPI (Arista), by device name."""
        self._runtimes: dict[str, DeviceRuntime] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._listeners: list[Any] = []
        self._conns: set[asyncssh.SSHServerConnection] = set()
        self._raw_writers: set[asyncio.StreamWriter] = set()

    # -- lifecycle ------------------------------------------------------------------------
    def start(self, timeout: float = 120.0) -> MockFleet:
        """Start the loop thread; return once every device is listening."""
        if self._thread is not None:
            raise RuntimeError("fleet already started")
        for spec in self.specs:  # fail fast, in the caller's thread, on a bad platform
            load_profile(spec.platform)
        shared_host_key()
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._thread = threading.Thread(target=loop.run_forever, name="mock-fleet", daemon=True)
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._start_all(), loop)
        try:
            future.result(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    async def _start_all(self) -> None:
        for spec in self.specs:
            if self.default_latency != Latency() and spec.latency == Latency():
                spec = _with_latency(spec, self.default_latency)
            runtime = DeviceRuntime(spec, load_profile(spec.platform), self.log)
            runtime.port = await self._listen(runtime)
            self._runtimes[spec.name] = runtime
            self.ports[spec.name] = runtime.port
            if supports_eapi(runtime.profile):
                self.eapi_ports[spec.name] = await self._listen_eapi(runtime)

    async def _listen(self, rt: DeviceRuntime) -> int:
        spec = rt.spec
        if spec.fault("refuse_connection"):
            return spec.port or _reserve_port(self.host)
        if spec.fault("hang_after_accept"):
            server = await asyncio.start_server(self._hang, self.host, spec.port)
            self._listeners.append(server)
            return int(server.sockets[0].getsockname()[1])
        acceptor = await asyncssh.create_server(
            lambda: _DeviceServer(rt, self._conns),
            self.host,
            spec.port,
            server_host_keys=[rt.host_key],
            process_factory=session_factory(rt),
            encoding=None,
            line_editor=False,
            server_version=rt.profile.ssh_version,
            agent_forwarding=False,
            allow_scp=False,
            reuse_address=True,
        )
        self._listeners.append(acceptor)
        return acceptor.get_port()

    async def _listen_eapi(self, rt: DeviceRuntime) -> int:
        """eAPI over HTTPS beside SSH; the connection faults apply to it the same way."""
        spec = rt.spec
        if spec.fault("refuse_connection"):
            return spec.eapi_port or _reserve_port(self.host)
        if spec.fault("hang_after_accept"):  # TCP accepted, no TLS handshake ever
            server = await asyncio.start_server(self._hang, self.host, spec.eapi_port)
        else:
            server = await start_eapi(rt, self.host, spec.eapi_port)
        self._listeners.append(server)
        return int(server.sockets[0].getsockname()[1])

    async def _hang(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Accept TCP, never speak SSH: the classic half-dead management plane."""
        self._raw_writers.add(writer)
        try:
            while await reader.read(4096):
                pass
        except ConnectionError:
            pass
        finally:
            self._raw_writers.discard(writer)
            writer.close()

    def stop(self) -> None:
        """Close every listener and session and join the loop thread (idempotent)."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        if loop.is_running():
            fut = asyncio.run_coroutine_threadsafe(self._stop_all(), loop)
            with contextlib.suppress(Exception):
                fut.result(10)
            loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        if not loop.is_running():
            loop.close()
        self._loop = self._thread = None

    async def _stop_all(self) -> None:
        for listener in self._listeners:
            listener.close()
        for conn in list(self._conns):
            conn.abort()
        for writer in list(self._raw_writers):
            writer.close()
        for listener in self._listeners:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(listener.wait_closed(), 2)
        self._listeners.clear()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def __enter__(self) -> MockFleet:
        return self.start() if self._thread is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- inspection -----------------------------------------------------------------------
    def command_log(self, name: str) -> list[str]:
        """Every non-empty line device ``name`` received after login, in order."""
        if name not in self.ports and name not in {s.name for s in self.specs}:
            raise KeyError(name)
        return self.log.lines(name)

    def clear_command_log(self, name: str | None = None) -> None:
        self.log.clear(name)

    def password_attempts(self, name: str) -> int:
        """How many passwords device ``name`` has been sent so far (any transport).

        The command log cannot tell "refused the host key before logging in" from "logged in,
        then refused": this can. A client that checks host keys properly leaves it at zero.
        """
        return self._runtimes[name].password_attempts

    @property
    def eapi_certificate(self) -> str:
        """PEM of the self-signed certificate every eAPI port presents (to verify against)."""
        return certificate_pem()

    def known_hosts(self) -> list[str]:
        """known_hosts lines as a previous audit would have recorded them.

        Every device is listed with the fleet's shared key, so a ``changed_host_key`` device
        (which serves its own key) shows up as a host-key mismatch to a strict client.
        """
        key = shared_host_key().export_public_key("openssh").decode().strip()
        return [f"[{self.host}]:{port} {key}" for port in self.ports.values()]


def _with_latency(spec: DeviceSpec, latency: Latency) -> DeviceSpec:
    from dataclasses import replace

    return replace(spec, latency=latency)
