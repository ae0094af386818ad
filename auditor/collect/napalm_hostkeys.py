"""SSH host keys for NAPALM drivers: pinned before login, checked after, named when refused.

NAPALM hides the SSH library it uses, so the run's `HostKeyPolicy` reaches it three ways:
`ios`, `nxos_ssh` and `huawei_vrp` run netmiko underneath and take netmiko's own `ssh_strict`,
`alt_host_keys`, `alt_key_file` through NAPALM's optional args; `junos` runs PyEZ/ncclient,
whose host-key check NAPALM does not expose, so it is switched on on the PyEZ device and the
pinned file named by an ssh_config `UserKnownHostsFile`. A first-seen key is read from the open
session and recorded (`accept-new`). `eos` speaks HTTPS (eAPI), where SSH host keys do not
exist: its certificate is pinned instead, checked inside every TLS handshake by the context
`eapi_context` hands to pyeapi (see `tls_pins`). Kept apart from `napalm_facts` (collection)
because this is the fiddly, library-internal part that changes when NAPALM, netmiko, ncclient
or pyeapi do.
"""

from __future__ import annotations

import contextlib
import os
import socket
import tempfile
from collections.abc import Iterator
from typing import Any

from auditor.collect.base import Timeouts
from auditor.collect.hostkeys import HostKeyError, HostKeyMode, HostKeyPolicy, known_hosts_name
from auditor.collect.netmiko_cli import _pinned
from auditor.collect.tls_pins import PinnedContext, tls_name
from auditor.errors import InputError
from auditor.models import Device

#: NAPALM drivers that log in over SSH, whose host key the run's policy checks (not `eos`: eAPI).
SSH_DRIVERS = frozenset({"ios", "nxos_ssh", "huawei_vrp", "junos"})


def host_key_mode(policy: HostKeyPolicy, driver: str, target: Device) -> HostKeyMode:
    """The policy's mode for a NAPALM device; a driver whose SSH key cannot be checked here
    (e.g. `iosxr`) is refused rather than audited unchecked under a policy that is not `off`.
    For `eos` the mode applies to the eAPI certificate (`eapi_context`)."""
    if driver == "eos":
        return policy.mode_for(target)
    if driver not in SSH_DRIVERS and policy.mode_for(target) is not HostKeyMode.OFF:
        raise HostKeyError(
            f"the NAPALM driver {driver!r} does not let the auditor check SSH host keys; "
            f"use driver: netmiko, or data: {{host_key_policy: off}} for this device"
        )
    return policy.before_connect(target) if driver in SSH_DRIVERS else HostKeyMode.OFF


@contextlib.contextmanager
def pinned_args(driver: str, target: Device, known: dict[str, bytes]) -> Iterator[dict[str, Any]]:
    """Optional args that make the driver refuse any key but the recorded ones, before login.

    Nothing recorded (policy off, or accept-new meeting a new device): no pinning; the key
    is then checked after login by `check_presented_key`.
    """
    if not known or driver not in SSH_DRIVERS:
        yield {}
        return
    with _pinned(target, known) as key_file:
        if driver != "junos":  # netmiko underneath: paramiko checks before the password
            yield {"ssh_strict": True, "alt_host_keys": True, "alt_key_file": key_file}
            return
        fd, config = tempfile.mkstemp(prefix="auditor-hostkey-", suffix=".ssh_config")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(f"Host *\n    UserKnownHostsFile {key_file}\n")
            yield {"ssh_config_file": config}
        finally:
            with contextlib.suppress(OSError):
                os.unlink(config)


def eapi_context(policy: HostKeyPolicy, target: Device, mode: HostKeyMode) -> PinnedContext | None:
    """The TLS context (NAPALM optional arg `context`) that pins `target`'s eAPI certificate.

    None under `off` (pyeapi then checks nothing, as before). Under `strict` an unpinned
    device is refused here, before any connection. A pin file that cannot be read refuses
    the device with its line number (the CLI reports it earlier, in `validate`).
    """
    if mode is HostKeyMode.OFF:
        return None
    pins = policy.tls_pins
    name = tls_name(target.host, target.port)
    try:
        pins.load()
        pins.before_connect(name, mode)
    except InputError as exc:
        raise HostKeyError(f"{name}: {exc.message}; not connecting") from None
    return PinnedContext.checking(lambda der: pins.verify(name, mode, der))


def refused_certificate(context: PinnedContext | None) -> None:
    """Re-raise the certificate refusal behind a driver error (pyeapi/NAPALM may wrap it)."""
    if context is not None and context.refusal is not None:
        raise context.refusal


def verify_netconf_key(driver: Any) -> None:
    """Switch on ncclient's host-key check for a PyEZ device (NAPALM `junos` leaves it off)."""
    device = getattr(driver, "device", None)
    if device is not None and hasattr(device, "_hostkey_verify"):
        device._hostkey_verify = True


def session_key(driver: Any) -> Any:
    """The paramiko key of the driver's open SSH session (netmiko or ncclient), or None."""
    device: Any = getattr(driver, "device", None)
    with contextlib.suppress(AttributeError):
        return device.remote_conn_pre.get_transport().get_remote_server_key()  # netmiko
    with contextlib.suppress(AttributeError):
        return device._conn._session._transport.get_remote_server_key()  # PyEZ / ncclient
    return None


def presented_key(
    target: Device, known: dict[str, bytes], timeout: float
) -> tuple[str, bytes] | None:
    """The key the device presents, read with a bare SSH handshake (no authentication)."""
    import paramiko

    transport = None
    try:
        sock = socket.create_connection((target.host, target.port), timeout=max(timeout, 1))
        transport = paramiko.Transport(sock)
        options = transport.get_security_options()
        preferred = [t for t in known if t in options.key_types]
        options.key_types = [*preferred, *(t for t in options.key_types if t not in preferred)]
        transport.start_client(timeout=max(timeout, 1))
        key = transport.get_remote_server_key()
        return key.get_name(), key.asbytes()
    except (OSError, paramiko.SSHException):
        return None
    finally:
        if transport is not None:
            transport.close()


def refuse_bad_key(
    policy: HostKeyPolicy,
    exc: BaseException,
    target: Device,
    known: dict[str, bytes],
    timeouts: Timeouts,
) -> None:
    """A key the SSH library refused becomes the policy's own message (both fingerprints).

    paramiko's refusal carries the presented key; ncclient's only an MD5 fingerprint, so
    the key is fetched once more, without logging in, to name it as `ssh-keygen -l` does.
    """
    from paramiko import BadHostKeyException

    for link in exception_chain(exc):
        if isinstance(link, BadHostKeyException):
            policy.verify(target, link.key.get_name(), link.key.asbytes())
        elif class_name(link) == "ncclient.transport.errors.SSHUnknownHostError":
            presented = presented_key(target, known, timeouts.connect)
            if presented is not None:
                policy.verify(target, *presented)
        else:
            continue
        name = known_hosts_name(target.host, target.port)
        raise HostKeyError(f"host key of {name} does not match known_hosts; not logged in")


def check_presented_key(policy: HostKeyPolicy, driver: Any, target: Device) -> None:
    """Record a first-seen key (accept-new), or refuse it, on the session just opened."""
    key = session_key(driver)
    if key is None:
        raise HostKeyError(
            f"{known_hosts_name(target.host, target.port)}: the NAPALM driver does not "
            "show the SSH host key it was given, so it cannot be checked; not auditing"
        )
    policy.verify(target, key.get_name(), key.asbytes())


def exception_chain(exc: BaseException) -> list[BaseException]:
    """`exc` and what it wraps: PyEZ's `_orig`, else `__cause__`/`__context__`."""
    links: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not seen for seen in links) and len(links) < 8:
        links.append(current)
        orig = getattr(current, "_orig", None)
        if isinstance(orig, BaseException):
            current = orig
        elif current.__cause__ is not None or current.__suppress_context__:
            current = current.__cause__
        else:
            current = current.__context__
    return links


def class_name(exc: BaseException) -> str:
    return f"{type(exc).__module__}.{type(exc).__name__}"
