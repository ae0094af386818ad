"""SSH host-key checking: is the box answering really the one we audited last time?

The modes are OpenSSH's `StrictHostKeyChecking`, so an operator already knows them:

* `strict`      the device's key must be in known_hosts; an unknown device is not connected to.
* `accept-new`  an unknown device's key is added to known_hosts (trust on first use); a key
                that differs from the recorded one is refused. The default with `--known-hosts`.
* `off`         any key is accepted, nothing is recorded (the default without `--known-hosts`,
                which is the auditor's historical behaviour; fine for a lab, not for production).

The file is a standard OpenSSH known_hosts file (`[host]:port` names for ports other than 22,
hashed names allowed), so `~/.ssh/known_hosts` or a team's file can be reused as is. Lines this
checker does not use (`@cert-authority`, wildcard patterns) are skipped, and `@revoked` keys are
always refused.

A refused key is a `HostKeyError` with cause `host-key`: never retried, and its message names
the host and both fingerprints (`SHA256:...`, as `ssh-keygen -l` prints them), because the
person reading it at 3 a.m. must decide between "the device was replaced" and "someone is in
the middle". The password is never sent to a device whose key was refused.

This module knows nothing about netmiko or asyncssh: a collector asks `before_connect()` and
`known_keys()` before logging in and hands the presented key to `verify()`. Arista eAPI
(HTTPS) has no SSH key; its certificate follows the same modes, pinned in a file beside this
one (`tls_pins`, reached through `HostKeyPolicy.tls_pins`).
"""

from __future__ import annotations

import argparse
import base64
import binascii
import enum
import hashlib
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.errors import CollectError, InputError
from auditor.models import Cause, Device

if TYPE_CHECKING:
    from auditor.collect.tls_pins import TlsPins

#: Where OpenSSH keeps the user's known hosts; used when a policy is asked for without a file.
DEFAULT_KNOWN_HOSTS = Path("~/.ssh/known_hosts")

#: Inventory key (under a host's, group's or defaults' `data:`) that overrides the run's mode
#: for some devices, e.g. `off` for a lab group.
INVENTORY_KEY = "host_key_policy"


class HostKeyMode(str, enum.Enum):
    STRICT = "strict"
    ACCEPT_NEW = "accept-new"
    OFF = "off"


class HostKeyError(CollectError):
    """A device's SSH host key was refused; the auditor did not log in."""

    def __init__(self, message: str) -> None:
        super().__init__(message, Cause.HOSTKEY.value)


def fingerprint(blob: bytes) -> str:
    """OpenSSH's fingerprint of a public key blob (`ssh-keygen -l`).

    >>> fingerprint(b"")
    'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU'
    """
    digest = hashlib.sha256(blob).digest()
    return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


def known_hosts_name(host: str, port: int) -> str:
    """The name OpenSSH writes in known_hosts for a host and port.

    >>> known_hosts_name("192.0.2.1", 22), known_hosts_name("192.0.2.1", 2222)
    ('192.0.2.1', '[192.0.2.1]:2222')
    """
    return host if port == 22 else f"[{host}]:{port}"


def _hash_matches(pattern: str, name: str) -> bool:
    """Does a hashed known_hosts name (`|1|salt|hash`, HashKnownHosts) stand for `name`?"""
    import hmac

    try:
        _, _, salt, digest = pattern.split("|", 3)
        expected = hmac.new(base64.b64decode(salt), name.encode(), hashlib.sha1).digest()
        return hmac.compare_digest(expected, base64.b64decode(digest))
    except (ValueError, binascii.Error):
        return False


class HostKeyPolicy:
    """One run's host-key policy and known_hosts store (safe to share between threads).

    The file is read once; keys accepted under `accept-new` are appended to it as they are
    learnt, so an interrupted run keeps what it learnt.
    """

    def __init__(
        self, mode: HostKeyMode | str = HostKeyMode.OFF, known_hosts: Path | str | None = None
    ) -> None:
        self.mode = _mode(mode, "host-key policy")
        path = Path(known_hosts) if known_hosts is not None else DEFAULT_KNOWN_HOSTS
        self.known_hosts = path.expanduser()
        self._explicit_file = known_hosts is not None
        self._lock = threading.Lock()
        self._loaded = False
        # name as written (plain or |1|hashed) -> {key type: blob}
        self._keys: dict[str, dict[str, bytes]] = {}
        self._revoked: set[bytes] = set()
        self._tls_pins: TlsPins | None = None
        if self.mode is not HostKeyMode.OFF or self._explicit_file:
            self._load(self.mode)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> HostKeyPolicy:
        """The policy the CLI options ask for: a file alone means `accept-new`; neither, `off`."""
        known_hosts = getattr(args, "known_hosts", None)
        mode = getattr(args, "host_key_policy", None)
        if mode is None:
            mode = HostKeyMode.ACCEPT_NEW if known_hosts else HostKeyMode.OFF
        return cls(mode, known_hosts)

    # -- what a collector asks ---------------------------------------------------------------
    def mode_for(self, device: Device) -> HostKeyMode:
        """The run's mode, or the device's own (`data: {host_key_policy: ...}`)."""
        override = dict(device.data).get(INVENTORY_KEY)
        if override is None:
            return self.mode
        mode = _mode(override, f"{device.name}: data.{INVENTORY_KEY}")
        if mode is not HostKeyMode.OFF:
            self._load(mode)
        return mode

    def validate(self, devices: Iterable[Device]) -> None:
        """Check every device's override (and the files it needs) before any connection."""
        modes = {self.mode_for(device) for device in devices}
        if modes - {HostKeyMode.OFF}:
            self.tls_pins.load()  # a malformed pin line: exit 2 now, not a failed device later

    @property
    def tls_pins(self) -> TlsPins:
        """The eAPI certificate pins, `<known_hosts>.tls` (see `auditor.collect.tls_pins`)."""
        from auditor.collect.tls_pins import TlsPins, pin_file_for

        with self._lock:
            if self._tls_pins is None:
                self._tls_pins = TlsPins(pin_file_for(self.known_hosts))
            return self._tls_pins

    def known_keys(self, device: Device) -> dict[str, bytes]:
        """{key type: public key blob} recorded for the device (revoked keys left out)."""
        with self._lock:
            return self._known_unlocked(known_hosts_name(device.host, device.port))

    def before_connect(self, device: Device) -> HostKeyMode:
        """Refuse, without connecting, a device that `strict` checking can never accept."""
        mode = self.mode_for(device)
        if mode is HostKeyMode.STRICT and not self.known_keys(device):
            name = known_hosts_name(device.host, device.port)
            raise HostKeyError(
                f"{name} is not in {self.known_hosts} and the host-key policy is strict; "
                f"not connecting. Check the key with the device owner, add it "
                f"(ssh-keyscan -p {device.port} {device.host} >> {self.known_hosts}), "
                "or use --host-key-policy accept-new"
            )
        return mode

    def verify(self, device: Device, key_type: str, blob: bytes) -> None:
        """Accept the key the device presented, record it (`accept-new`), or raise HostKeyError."""
        mode = self.mode_for(device)
        if mode is HostKeyMode.OFF:
            return
        name = known_hosts_name(device.host, device.port)
        if blob in self._revoked:
            raise HostKeyError(
                f"{name} presented {key_type} {fingerprint(blob)}, which {self.known_hosts} "
                "marks @revoked; not logging in"
            )
        with self._lock:  # check and record as one step: two sessions must not both "learn"
            known = self._known_unlocked(name)
            if blob in known.values():
                return
            if known:
                raise self._changed(name, known, key_type, blob)
            if mode is HostKeyMode.STRICT:
                raise HostKeyError(
                    f"{name} is not in {self.known_hosts} and the host-key policy is strict"
                )
            self._record_unlocked(name, key_type, blob)

    # -- internals ---------------------------------------------------------------------------
    def _known_unlocked(self, name: str) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for written, keys in self._keys.items():
            if written == name or (written.startswith("|1|") and _hash_matches(written, name)):
                found.update(keys)
        return {t: b for t, b in found.items() if b not in self._revoked}

    def _changed(
        self, name: str, known: dict[str, bytes], key_type: str, blob: bytes
    ) -> HostKeyError:
        recorded = ", ".join(f"{t} {fingerprint(b)}" for t, b in sorted(known.items()))
        return HostKeyError(
            f"host key of {name} has CHANGED: {self.known_hosts} has {recorded}, "
            f"the device presented {key_type} {fingerprint(blob)}. Not logged in: either the "
            "device was replaced or re-keyed, or someone is intercepting the connection. "
            f"Verify the new key, then: ssh-keygen -R '{name}' -f {self.known_hosts}"
        )

    def _record_unlocked(self, name: str, key_type: str, blob: bytes) -> None:
        line = f"{name} {key_type} {base64.b64encode(blob).decode('ascii')}\n"
        path = self.known_hosts
        try:
            needs_newline = path.exists() and path.stat().st_size > 0 and _last_byte(path) != b"\n"
            with path.open("a", encoding="ascii") as handle:
                handle.write(("\n" if needs_newline else "") + line)
        except OSError as exc:
            raise HostKeyError(
                f"{name}: cannot record its key in {path}: {exc.strerror}; not logging in"
            ) from None
        self._keys.setdefault(name, {})[key_type] = blob

    def _load(self, mode: HostKeyMode) -> None:
        with self._lock:
            if self._loaded:
                return
            path = self.known_hosts
            if not path.exists():
                if mode is HostKeyMode.STRICT:
                    raise InputError(
                        f"{path}: known_hosts file not found; strict host-key checking needs it",
                        tip="create it with ssh-keyscan, or use --host-key-policy accept-new",
                    )
                if not path.parent.is_dir():
                    raise InputError(
                        f"{path}: folder {path.parent} does not exist, so new host keys "
                        "cannot be recorded there"
                    )
                self._loaded = True
                return
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError as exc:
                raise InputError(f"{path}: cannot read known_hosts file: {exc.strerror}") from None
            for line in text.splitlines():
                self._parse_line(line.strip())
            self._loaded = True

    def _parse_line(self, line: str) -> None:
        """One known_hosts line into the store; lines we cannot use are skipped, not fatal."""
        if not line or line.startswith("#"):
            return
        fields = line.split()
        revoked = fields[0] == "@revoked"
        if fields[0].startswith("@"):
            fields = fields[1:]  # @cert-authority: certificates are not checked, line skipped
            if not revoked:
                return
        if len(fields) < 3:
            return
        names, key_type, data = fields[:3]
        try:
            blob = base64.b64decode(data, validate=True)
        except (ValueError, binascii.Error):
            return
        if revoked:
            self._revoked.add(blob)
            return
        for name in names.split(","):
            if name and not name.startswith("!") and "*" not in name and "?" not in name:
                self._keys.setdefault(name, {})[key_type] = blob


def _last_byte(path: Path) -> bytes:
    with path.open("rb") as handle:
        handle.seek(-1, 2)
        return handle.read(1)


def _mode(value: object, where: str) -> HostKeyMode:
    if isinstance(value, HostKeyMode):
        return value
    try:
        return HostKeyMode(str(value))
    except ValueError:
        choices = ", ".join(m.value for m in HostKeyMode)
        raise InputError(
            f"{where}: {value!r} is not a host-key policy; use one of {choices}"
        ) from None


def add_host_key_options(parser: argparse.ArgumentParser) -> None:
    """`--known-hosts FILE` and `--host-key-policy {strict,accept-new,off}` for a command."""
    parser.add_argument(
        "--known-hosts",
        type=Path,
        default=None,
        metavar="FILE",
        help="OpenSSH known_hosts file to check device keys against (default policy with it: "
        "accept-new)",
    )
    parser.add_argument(
        "--host-key-policy",
        choices=[m.value for m in HostKeyMode],
        default=None,
        help="strict: key must be known; accept-new: learn unknown devices, refuse changed keys; "
        "off: accept any key (default without --known-hosts). Without --known-hosts, strict "
        f"and accept-new use {DEFAULT_KNOWN_HOSTS}",
    )
