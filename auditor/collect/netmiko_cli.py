"""Collect over SSH with netmiko: login, the platform's allow-listed commands, logout.

netmiko is imported inside `collect()` so that commands which never connect (`parse`,
`versions`, `catalogue`) start fast. netmiko's own exceptions are mapped to a `Cause` here, in
one place, so every report speaks the same small vocabulary (auth, timeout, unreachable...).
"""

from __future__ import annotations

import contextlib
import socket

from auditor.collect.base import Collector, Timeouts, allowed, check_target, make_collection
from auditor.errors import CollectError
from auditor.inventory.credentials import Credentials, redact
from auditor.models import Cause, Collection, Device
from auditor.platforms import Platform


class NetmikoCollector(Collector):
    name = "netmiko"

    def collect(
        self, device: Device, platform: Platform, credentials: Credentials, timeouts: Timeouts
    ) -> list[Collection]:
        check_target(device.host)
        from netmiko import ConnectHandler

        params = {
            "device_type": platform.connect_as,
            "host": device.host,
            "port": device.port,
            "username": credentials.username,
            "password": credentials.password,
            "secret": credentials.secret,
            "conn_timeout": timeouts.connect,
            "auth_timeout": timeouts.connect,
            "banner_timeout": timeouts.connect,
            "blocking_timeout": timeouts.command,
            "read_timeout_override": timeouts.command,
            "session_timeout": timeouts.command,
            "fast_cli": True,
            "use_keys": False,
            "allow_agent": False,
            "ssh_config_file": None,
        }
        secrets = (credentials.password, credentials.secret)
        try:
            connection = ConnectHandler(**params)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a cause
            raise CollectError(*classify(exc, secrets)) from None
        try:
            outputs = []
            for command in platform.commands:
                text = connection.send_command(
                    allowed(platform, command),
                    read_timeout=timeouts.command,
                    strip_prompt=True,
                    **_prompt_free(platform),
                )
                outputs.append(make_collection(command, str(text)))
            return outputs
        except CollectError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise CollectError(*classify(exc, secrets)) from None
        finally:
            with contextlib.suppress(Exception):  # the device may already be gone
                connection.disconnect()


def _prompt_free(platform: Platform) -> dict[str, object]:
    """On a console with no prompt (MML), read up to the answer's end marker instead."""
    if platform.end_of_answer is None:
        return {}
    return {"expect_string": platform.end_of_answer, "auto_find_prompt": False}


def classify(exc: BaseException, secrets: tuple[str, ...] = ()) -> tuple[str, str]:
    """Map an exception from netmiko/paramiko/sockets to (message, cause)."""
    from netmiko.exceptions import (
        NetmikoAuthenticationException,
        NetmikoTimeoutException,
        ReadTimeout,
    )

    text = redact(" ".join(str(exc).split()) or type(exc).__name__, secrets)
    text = text[:300]
    name = type(exc).__name__
    if isinstance(exc, NetmikoAuthenticationException):
        return "authentication failed (username or password refused)", Cause.AUTH.value
    if isinstance(exc, ReadTimeout):
        return f"timed out waiting for the device's answer: {text}", Cause.TIMEOUT.value
    if isinstance(exc, NetmikoTimeoutException):
        lowered = text.lower()
        if "refused" in lowered or "unreachable" in lowered or "no route" in lowered:
            return f"connection refused or unreachable: {text}", Cause.UNREACHABLE.value
        if "SSHException" in text or "banner" in lowered or "no existing session" in lowered:
            return (
                "no SSH handshake from the device (TCP accepted, no SSH banner)",
                Cause.TIMEOUT.value,
            )
        return f"timed out connecting: {text}", Cause.TIMEOUT.value
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused", Cause.UNREACHABLE.value
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return f"timed out: {text}", Cause.TIMEOUT.value
    if "banner" in text.lower():
        return f"no SSH banner from the device: {text}", Cause.TIMEOUT.value
    if isinstance(exc, (EOFError, ConnectionResetError, BrokenPipeError, OSError)) or name in (
        "SSHException",
        "ChannelException",
    ):
        return f"connection lost: {text}", Cause.DISCONNECTED.value
    if isinstance(exc, ValueError) and "prompt" in text.lower():
        return f"unexpected prompt or CLI behaviour: {text}", Cause.PROTOCOL.value
    return f"{name}: {text}", Cause.PROTOCOL.value
