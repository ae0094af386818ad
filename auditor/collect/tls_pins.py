"""eAPI (HTTPS) certificates pinned like SSH host keys: trust on first use, refuse a change.

Why: NAPALM's `eos` driver logs in to Arista eAPI with HTTP Basic authentication, and pyeapi
does not verify the server certificate, so anyone in the middle of the management network
could read the password. Checking against a CA would refuse most estates (EOS serves a
self-signed certificate unless someone installed another), so the certificate is treated
like an SSH host key and follows the run's `HostKeyPolicy`:

* `strict`      the device's certificate must be pinned; an unpinned device is not connected to.
* `accept-new`  the first certificate seen is pinned; a different one is refused.
* `off`         nothing is checked or recorded (pyeapi's own behaviour).

What is pinned: the SHA-256 fingerprint of the whole certificate (DER), written as
`openssl x509 -noout -fingerprint -sha256` prints it, so an engineer can compare it with
what the device or `openssl s_client` shows. Validity dates and names are not checked: a
pinned certificate proves identity the way an SSH key does, and many boxes run with
expired self-signed certificates. A renewed certificate is a change, refused until a person
removes the old pin.

Where pins live: `<known_hosts>.tls`, beside the run's known_hosts file, one device a line:

    [192.0.2.10]:443 sha256 62:FA:2B:...:32:BE

(`#` comments; several lines or comma-separated names for one device are allowed, and any
listed fingerprint is accepted, which lets a planned certificate renewal be pinned ahead;
`sha256 Fingerprint=62:FA:...` pasted from openssl is read too.) Not in known_hosts itself:
`ssh` skips a line it cannot parse, but `ssh-keygen -R` and `ssh-keygen -H` stop with "invalid
line ... Not replacing existing known_hosts file because of errors" (checked with OpenSSH 9.2),
so a non-SSH line would break an operator's routine commands on that file. The name is always
`[host]:port`, because eAPI has no default port the way SSH has 22. A line this module cannot
read is an input error with its line number: skipping it would silently re-learn the device.

How: `PinnedContext` is an `ssl.SSLContext` handed to pyeapi through NAPALM's optional arg
`context` (NAPALM passes on every argument of pyeapi's `HttpsEapiConnection`). http.client
calls its `wrap_socket` on every new connection; that finishes the TLS handshake, checks the
certificate and, if refused, closes the socket and raises `HostKeyError` before http.client
writes the request line or the `Authorization` header. pyeapi opens a new connection for
each request, and each is checked: there is no check-then-connect gap.
"""

from __future__ import annotations

import hashlib
import re
import socket
import ssl
import threading
from collections.abc import Callable
from pathlib import Path

from auditor.collect.hostkeys import HostKeyError, HostKeyMode
from auditor.errors import InputError, LocatedError

#: Appended to the known_hosts file name to name the certificate pin file.
PIN_FILE_SUFFIX = ".tls"

_HEADER = (
    "# eAPI (HTTPS) certificates pinned by auditor, one device a line:\n"
    "# [host]:port sha256 <fingerprint as `openssl x509 -noout -fingerprint -sha256` prints it>\n"
)
_HEX = re.compile(r"[0-9A-Fa-f]{64}")
_NAME = re.compile(r"\[[^\[\]\s]+\]:\d{1,5}")


def pin_file_for(known_hosts: Path) -> Path:
    """`~/.ssh/known_hosts` -> `~/.ssh/known_hosts.tls`."""
    return known_hosts.with_name(known_hosts.name + PIN_FILE_SUFFIX)


def tls_name(host: str, port: int) -> str:
    """How a device is named in the pin file and in messages: always `[host]:port`.

    >>> tls_name("192.0.2.10", 443)
    '[192.0.2.10]:443'
    """
    return f"[{host}]:{port}"


def certificate_fingerprint(der: bytes) -> str:
    """SHA-256 of a DER certificate in openssl's colon hex.

    >>> certificate_fingerprint(b"")[:23]
    'E3:B0:C4:42:98:FC:1C:14'
    """
    return ":".join(f"{byte:02X}" for byte in hashlib.sha256(der).digest())


def _read_fingerprint(text: str) -> str | None:
    """`62:fa:...`, `62FA...` or `Fingerprint=62:FA:...` as canonical colon hex, else None."""
    digits = text.split("=", 1)[1] if text.lower().startswith("fingerprint=") else text
    digits = digits.replace(":", "")
    if not _HEX.fullmatch(digits):
        return None
    return ":".join(digits[i : i + 2].upper() for i in range(0, 64, 2))


class TlsPins:
    """The run's pinned eAPI certificates (safe to share between threads).

    The file is read once, on first use; certificates learnt under `accept-new` are appended
    as they are met, so an interrupted run keeps what it learnt. A missing file is an empty
    one: a run with no eAPI device must not need it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._loaded = False
        self._pins: dict[str, set[str]] = {}  # [host]:port -> fingerprints

    def load(self) -> None:
        """Read the file now (idempotent); a line that cannot be read is a located InputError."""
        with self._lock:
            self._load_unlocked()

    def pinned(self, name: str) -> set[str]:
        with self._lock:
            self._load_unlocked()
            return set(self._pins.get(name, ()))

    def before_connect(self, name: str, mode: HostKeyMode) -> None:
        """Refuse, without connecting, a device that `strict` can never accept."""
        if mode is HostKeyMode.STRICT and not self.pinned(name):
            raise HostKeyError(
                f"{name} has no eAPI certificate pinned in {self.path} and the host-key policy "
                "is strict; not connecting. Check the certificate with the device owner "
                f"(openssl s_client -connect {name} </dev/null | openssl x509 -noout "
                f"-fingerprint -sha256) and add the line '{name} sha256 <fingerprint>' to "
                f"{self.path}, or use --host-key-policy accept-new"
            )

    def verify(self, name: str, mode: HostKeyMode, der: bytes) -> None:
        """Accept the certificate presented, pin it (`accept-new`), or raise HostKeyError."""
        if mode is HostKeyMode.OFF:
            return
        presented = certificate_fingerprint(der)
        with self._lock:  # check and record as one step: two connections must not both "learn"
            self._load_unlocked()
            pinned = self._pins.get(name, set())
            if presented in pinned:
                return
            if pinned:
                raise self._changed(name, pinned, presented)
            if mode is HostKeyMode.STRICT:
                raise HostKeyError(
                    f"{name} has no eAPI certificate pinned in {self.path} and the host-key "
                    "policy is strict; not logged in"
                )
            self._record_unlocked(name, presented)

    # -- internals ---------------------------------------------------------------------------
    def _changed(self, name: str, pinned: set[str], presented: str) -> HostKeyError:
        # Kept short: reports cut an error at 600 characters and the advice comes last.
        recorded = ", ".join(f"sha256 {fp}" for fp in sorted(pinned))
        return HostKeyError(
            f"eAPI certificate of {name} has CHANGED: pinned {recorded}, presented sha256 "
            f"{presented}. Password not sent: the certificate was renewed, the device "
            "replaced, or someone is intercepting. Once the new fingerprint is confirmed, "
            f"delete {name}'s line from {self.path} (accept-new then pins the new one)"
        )

    def _record_unlocked(self, name: str, fingerprint: str) -> None:
        path = self.path
        try:
            new_file = not path.exists() or path.stat().st_size == 0
            needs_newline = not new_file and _last_byte(path) != b"\n"
            with path.open("a", encoding="ascii") as handle:
                prefix = _HEADER if new_file else ("\n" if needs_newline else "")
                handle.write(f"{prefix}{name} sha256 {fingerprint}\n")
        except OSError as exc:
            raise HostKeyError(
                f"{name}: cannot pin its eAPI certificate in {path}: {exc.strerror}; not logging in"
            ) from None
        self._pins.setdefault(name, set()).add(fingerprint)

    def _load_unlocked(self) -> None:
        if self._loaded:
            return
        path = self.path
        if path.exists():
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError as exc:
                raise InputError(
                    f"{path}: cannot read eAPI certificate pins: {exc.strerror}"
                ) from None
            pins: dict[str, set[str]] = {}
            for number, line in enumerate(text.splitlines(), 1):
                for name, fingerprint in self._parse_line(line.strip(), number):
                    pins.setdefault(name, set()).add(fingerprint)
            self._pins = pins
        self._loaded = True

    def _parse_line(self, line: str, number: int) -> list[tuple[str, str]]:
        """(name, fingerprint) pairs of one line; a line that is not a pin is an InputError."""
        if not line or line.startswith("#"):
            return []
        fields = line.split()
        fingerprint = None
        if len(fields) == 3 and fields[1].lower() == "sha256":
            fingerprint = _read_fingerprint(fields[2])
        names = [n for n in fields[0].split(",") if n] if fields else []
        if fingerprint is None or not names or not all(_NAME.fullmatch(n) for n in names):
            raise LocatedError(
                "not an eAPI certificate pin; expected '[host]:port sha256 AA:BB:...' (32 bytes "
                "of colon hex, as `openssl x509 -noout -fingerprint -sha256` prints them)",
                file=str(self.path),
                line=number,
            )
        return [(name, fingerprint) for name in names]


def _last_byte(path: Path) -> bytes:
    with path.open("rb") as handle:
        handle.seek(-1, 2)
        return handle.read(1)


class PinnedContext(ssl.SSLContext):
    """A client TLS context that checks the peer certificate inside `wrap_socket`.

    Python's `ssl` has no verify callback, so the check sits where http.client turns a TCP
    socket into a TLS one: after the handshake, before anything is written. The first
    refusal is kept in `refusal`, because libraries above (pyeapi, NAPALM) may wrap it.
    """

    check: Callable[[bytes], None]
    refusal: HostKeyError | None

    @classmethod
    def checking(cls, check: Callable[[bytes], None]) -> PinnedContext:
        """A context that hands each peer certificate (DER) to `check`, which raises to refuse.

        Certificate chains and names are not verified (`CERT_NONE`): the pin replaces them.
        Protocol versions and ciphers are Python's client defaults, as pyeapi's own context.
        """
        context = cls(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        context.check = check
        context.refusal = None
        return context

    def wrap_socket(
        self,
        sock: socket.socket,
        server_side: bool = False,
        do_handshake_on_connect: bool = True,
        suppress_ragged_eofs: bool = True,
        server_hostname: str | bytes | None = None,
        session: ssl.SSLSession | None = None,
    ) -> ssl.SSLSocket:
        tls = super().wrap_socket(
            sock,
            server_side=server_side,
            do_handshake_on_connect=False,
            suppress_ragged_eofs=suppress_ragged_eofs,
            server_hostname=server_hostname,
            session=session,
        )
        try:
            tls.do_handshake()  # always now: the certificate must be seen before any write
            der = tls.getpeercert(binary_form=True)
            if not der:
                raise HostKeyError("the eAPI server presented no certificate; not logging in")
            self.check(der)
        except BaseException as exc:
            if isinstance(exc, HostKeyError) and self.refusal is None:
                self.refusal = exc
            tls.close()  # as ssl does when a handshake fails: nothing left open or written
            raise
        return tls
