"""The collector interface: one device in, raw command outputs out, or a `CollectError`.

Collectors are read-only by construction: they are handed a `Platform` and may only send its
allow-listed commands, through `allowed()`, which refuses anything else. There is no method
that takes a free-form command.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime, timezone

from auditor.errors import CollectError, CommandNotAllowedError
from auditor.inventory.credentials import Credentials
from auditor.models import Cause, Collection, Device
from auditor.parse.prompt import clean_prompt
from auditor.platforms import Platform

#: Bound on what we keep of one command's output (characters). Device output is untrusted.
MAX_OUTPUT_CHARS = 2_000_000

#: When set (comma-separated networks), no collector connects outside them: a scope guard for
#: labs and for this project's own tests, which must only ever reach loopback.
ALLOWED_NETWORKS_ENV = "AUDITOR_ALLOWED_NETWORKS"


@dataclass(frozen=True)
class Timeouts:
    """Seconds. `device` bounds one whole device (login + every command)."""

    connect: float = 10.0
    command: float = 30.0
    device: float = 90.0

    @property
    def read(self) -> float:
        """Seconds any one read may wait: the command timeout, cut so that a login, its
        terminal setup and one command fit in the device deadline. Then the collector names
        what went wrong (no prompt, a hung answer) before the run gives up on the device."""
        return min(self.command, max(1.0, (self.device - self.connect) / 3))


def allowed(platform: Platform, command: str) -> str:
    """Return `command` if it is on the platform's allow-list, else refuse.

    The allow-list is the platform's commands plus the session setup its SSH driver sends
    (`terminal length 0`, `exit`...): together they are everything a device may ever receive,
    which the end-to-end tests check against the mock devices' command logs.
    """
    if command not in platform.commands and command not in platform.session_commands:
        raise CommandNotAllowedError(f"{command!r} is not on the {platform.device_type} allow-list")
    return command


def check_target(host: str) -> None:
    """Refuse a target outside AUDITOR_ALLOWED_NETWORKS when that guard is set."""
    spec = os.environ.get(ALLOWED_NETWORKS_ENV, "").strip()
    if not spec:
        return
    networks = [ipaddress.ip_network(n.strip(), strict=False) for n in spec.split(",") if n.strip()]
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is None or not any(address in n for n in networks):
        raise CollectError(
            f"target {host} is outside {ALLOWED_NETWORKS_ENV}={spec}; not connecting",
            Cause.UNREACHABLE.value,
        )


def make_collection(command: str, output: str, prompt: str | None = None) -> Collection:
    """One answer as evidence: bounded, hashed, with the prompt it ended at (made safe: it is
    device text, and on some families the only place the host name shows)."""
    truncated = len(output) > MAX_OUTPUT_CHARS
    if truncated:
        output = output[:MAX_OUTPUT_CHARS]
    return Collection(
        command=command,
        output=output,
        collected_at=datetime.now(timezone.utc),
        sha256=hashlib.sha256(output.encode("utf-8", "replace")).hexdigest(),
        truncated=truncated,
        prompt=clean_prompt(prompt),
    )


class Collector(ABC):
    """Fetch the allow-listed outputs of one device."""

    name: str

    @abstractmethod
    def collect(
        self, device: Device, platform: Platform, credentials: Credentials, timeouts: Timeouts
    ) -> list[Collection]:
        """Return one Collection per allow-listed command, or raise CollectError(cause)."""
