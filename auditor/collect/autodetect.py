"""`platform: autodetect`: ask the device what it is, with netmiko's SSH autodetection.

netmiko's `SSHDetect` logs in as a plain terminal, types probe commands (`show version`,
`display version`, ...) and matches their answers against its table of vendor patterns, in
order, stopping at the first sure match. We use that table and that matching unchanged, and
change two things in a subclass:

- **Read-only by construction.** `SSHDetect` would type whatever its table lists (`uname -a`,
  `cat /etc/issue`, `software show`...). Here every probe goes through `_send_command`, which
  refuses anything not in `AUTODETECT_PROBES`: the four read-only commands that identify the
  families the auditor has platforms for. A refused probe counts as "no match" for that entry.
- **Bounded time.** `SSHDetect` sleeps 3 s after login and then waits for 6 s of silence after
  every probe (about 10-40 s per device). Here an answer ends when the login prompt comes
  back (a pager prompt gets a space), with the inventory's command timeout as the bound.

netmiko's answer is its own device_type name; it is mapped to ours through the registry
(aliases included, e.g. `alcatel_sros` -> `nokia_sros`). Devices that netmiko cannot recognise
(MikroTik, ZTE, MML consoles...) or that it recognises as something the auditor has no
platform for are a `CollectError` with cause `protocol`: name the platform in the inventory.

Host keys: detection is the first login to the device, so it checks the run's `HostKeyPolicy`
as the netmiko collector does: a recorded key is pinned (paramiko refuses any other before the
password is sent), a first-seen key is verified after login (`accept-new` records it), and
`strict` refuses an unknown device without connecting. Without a policy, any key is accepted.
"""

from __future__ import annotations

import contextlib
import re
import time
from functools import lru_cache
from typing import Any

from auditor.collect.base import Timeouts, check_target
from auditor.collect.hostkeys import HostKeyError, HostKeyMode, HostKeyPolicy, known_hosts_name
from auditor.errors import CollectError, CommandNotAllowedError, UnknownPlatformError
from auditor.inventory.credentials import Credentials
from auditor.inventory.native import AUTODETECT
from auditor.models import Cause, Device
from auditor.platforms import get_platform

__all__ = ["AUTODETECT", "AUTODETECT_PROBES", "detect_platform"]

#: The only lines autodetection may type. All are read-only: they print the software version
#: (Cisco/Juniper/Arista/Nokia/Ericsson `show version`, Huawei/Comware `display version`,
#: PAN-OS `show system info`, FortiOS `get system status`).
AUTODETECT_PROBES: tuple[str, ...] = (
    "show version",
    "display version",
    "show system info",
    "get system status",
)

#: Bounds on what one probe answer may cost: pages of `--More--` and characters kept.
MAX_PAGES = 40
MAX_ANSWER_CHARS = 200_000
#: With no prompt seen, an answer also ends after this much silence (seconds).
QUIET_SECONDS = 2.0

_PROMPT_END = re.compile(r"[>#\]$%]\s*$")
_PAGER = re.compile(
    r"(?:-{2,}\s*\(?more\b[^\n]{0,20}-{2,}|<-+\s*More\s*-+>|\blines \d+-\d+\b"
    r"|Press any key to continue[^\n]{0,20})\s*$",
    re.IGNORECASE,
)
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")


def detect_platform(
    device: Device,
    credentials: Credentials,
    timeouts: Timeouts,
    host_keys: HostKeyPolicy | None = None,
) -> str:
    """The registry name (`cisco_xe`, `huawei`...) of what answers at `device`'s address.

    Raises `CollectError` with the cause of a failed login (auth, timeout, unreachable...),
    `host-key` when `host_keys` refuses the device's key, or `protocol` when the answers match
    no platform the auditor knows.
    """
    check_target(device.host)
    from auditor.collect.netmiko_cli import _pinned, classify

    policy = host_keys if host_keys is not None else HostKeyPolicy()
    mode = policy.before_connect(device)  # strict + unknown: refused, no TCP
    known = policy.known_keys(device) if mode is not HostKeyMode.OFF else {}
    secrets = (credentials.password, credentials.secret)
    detector_class = _detector_class()
    try:
        with _pinned(device, known) as key_file:
            pin = {"ssh_strict": True, "alt_host_keys": True, "alt_key_file": key_file}
            detector = detector_class(
                read_timeout=timeouts.command,
                device_type="autodetect",
                host=device.host,
                port=device.port,
                username=credentials.username,
                password=credentials.password,
                secret=credentials.secret,
                conn_timeout=timeouts.connect,
                auth_timeout=timeouts.connect,
                banner_timeout=timeouts.connect,
                blocking_timeout=timeouts.command,
                session_timeout=timeouts.command,
                use_keys=False,
                allow_agent=False,
                ssh_config_file=None,
                system_host_keys=False,
                **(pin if key_file else {}),
            )
    except CollectError:
        raise
    except Exception as exc:  # noqa: BLE001 - every login failure becomes a cause
        _refuse_bad_key(policy, exc, device)
        raise CollectError(*classify(exc, secrets)) from None
    try:
        if mode is not HostKeyMode.OFF:
            key = detector.connection.remote_conn_pre.get_transport().get_remote_server_key()
            policy.verify(device, key.get_name(), key.asbytes())
        found = detector.autodetect()
    except CollectError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise CollectError(*classify(exc, secrets)) from None
    finally:
        with contextlib.suppress(Exception):
            detector.connection.disconnect()
    if found is None:
        if detector.failure is not None:
            raise CollectError(*classify(detector.failure, secrets))
        raise CollectError(
            f"autodetect: no platform recognised from the answers to {', '.join(detector.sent)}"
            "; set `platform:` for this host in the inventory",
            Cause.PROTOCOL.value,
        )
    try:
        return get_platform(found).device_type
    except UnknownPlatformError:
        raise CollectError(
            f"autodetect: netmiko recognised {found!r}, for which the auditor has no platform",
            Cause.PROTOCOL.value,
        ) from None


def _refuse_bad_key(policy: HostKeyPolicy, exc: BaseException, device: Device) -> None:
    """A key paramiko refused becomes the policy's own message (both fingerprints)."""
    from paramiko import BadHostKeyException

    link: BaseException | None = exc
    for _ in range(8):  # netmiko may wrap paramiko's error
        if link is None:
            return
        if isinstance(link, BadHostKeyException):
            policy.verify(device, link.key.get_name(), link.key.asbytes())
            name = known_hosts_name(device.host, device.port)
            raise HostKeyError(f"host key of {name} does not match known_hosts; not logged in")
        link = link.__cause__ or link.__context__


@lru_cache(maxsize=1)
def _detector_class() -> type[Any]:
    """Build the `SSHDetect` subclass on first use (netmiko is imported only when needed)."""
    from netmiko.ssh_autodetect import SSHDetect
    from netmiko.ssh_dispatcher import ConnectHandler

    class GuardedDetect(SSHDetect):
        """`SSHDetect` that types only `AUTODETECT_PROBES` and reads up to the prompt."""

        def __init__(self, read_timeout: float, **kwargs: Any) -> None:
            # SSHDetect.__init__ is replaced, not called: it would sleep 3 s and read the login
            # banner by timing. Same connection settings otherwise (no command-echo checks).
            kwargs["global_cmd_verify"] = False
            self.read_timeout = read_timeout
            self.failure: BaseException | None = None
            self.sent: list[str] = []
            self.prompt = ""
            self.potential_matches: dict[str, int] = {}
            self._results_cache: dict[str, str] = {}
            self.connection = ConnectHandler(**kwargs)
            self.initial_buffer = self._read(login=True)
            lines = _plain(self.initial_buffer).strip().splitlines()
            self.prompt = lines[-1].strip() if lines else ""
            if not self.prompt or not _PROMPT_END.search(self.prompt):
                with contextlib.suppress(Exception):
                    self.connection.disconnect()
                raise CollectError(
                    "autodetect: no CLI prompt after login (an MML console or a menu?); "
                    "set `platform:` for this host in the inventory",
                    Cause.PROTOCOL.value,
                )

        def _send_command(self, cmd: str = "") -> str:
            if cmd not in AUTODETECT_PROBES:
                raise CommandNotAllowedError(f"{cmd!r} is not an autodetect probe")
            try:
                self.connection.write_channel(cmd + self.connection.RETURN)
                self.sent.append(cmd)
                return str(self.connection.strip_backspaces(self._read()))
            except Exception as exc:  # noqa: BLE001 - kept to report why nothing matched
                self.failure = exc
                raise

        def _read(self, login: bool = False) -> str:
            """Read one answer: up to the prompt (login: a prompt-like end), paging through."""
            deadline = time.monotonic() + self.read_timeout
            last_data = time.monotonic()
            buffer, pages, nudges = "", 0, 0
            while time.monotonic() < deadline and len(buffer) < MAX_ANSWER_CHARS:
                chunk = self.connection.read_channel()
                now = time.monotonic()
                if chunk:
                    buffer += chunk
                    last_data = now
                    tail = _plain(buffer[-400:]).rstrip()
                    if _PAGER.search(tail) and pages < MAX_PAGES:
                        self.connection.write_channel(" ")
                        pages += 1
                    elif self.prompt and tail.endswith(self.prompt):
                        return buffer
                elif buffer and login and _PROMPT_END.search(_plain(buffer).rstrip()):
                    if now - last_data > 0.3:  # the prompt, and nothing after it
                        return buffer
                elif buffer and now - last_data > QUIET_SECONDS:
                    return buffer
                elif login and not buffer and now - last_data > 1.0 and nudges < 3:
                    self.connection.write_channel(self.connection.RETURN)  # an empty line
                    nudges += 1
                    last_data = now
                time.sleep(0.05)
            return buffer

    return GuardedDetect


def _plain(text: str) -> str:
    """Text without ANSI escapes and carriage returns, for prompt and pager checks."""
    return _ANSI.sub("", text).replace("\r", "")
