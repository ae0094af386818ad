"""Collect with NAPALM: the platform's allow-listed commands through `cli()`, plus `get_facts()`.

Why both: the facts the auditor evaluates are parsed from the raw text of the platform's own
commands, by the same parser as the netmiko path, so the two drivers agree by construction.
NAPALM's `get_facts()` is kept beside it as evidence (`napalm:get_facts`, canonical JSON) and
as a second opinion: `cross_check()` turns a disagreement on the version into a `Facts`
warning, which is how a parser bug or an odd image shows up instead of passing silently.

Transports: `ios`, `nxos_ssh` and `huawei_vrp` drive netmiko over SSH (`port`); `junos` speaks
NETCONF over SSH (the `netconf` subsystem, on `port` unless `napalm_port` says otherwise);
`eos` speaks eAPI over HTTPS on `napalm_port` (default 443), never on the SSH `port`.
NAPALM drivers are read-only here because only getters and `cli()` are ever called, and
`cli()` only receives commands that `allowed()` accepts. Privilege escalation is switched off
(`force_no_enable`) where the driver allows it: reading versions needs none.

Host keys follow the run's `HostKeyPolicy` as on the netmiko path, and so does the eAPI
certificate (pinned, checked in every TLS handshake before the password is sent); how each
driver is made to check them is in `napalm_hostkeys` and `tls_pins`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from auditor.collect.base import Collector, Timeouts, allowed, check_target, make_collection
from auditor.collect.hostkeys import HostKeyMode, HostKeyPolicy
from auditor.collect.napalm_hostkeys import (
    check_presented_key,
    eapi_context,
    exception_chain,
    host_key_mode,
    pinned_args,
    refuse_bad_key,
    refused_certificate,
    verify_netconf_key,
)
from auditor.collect.netmiko_cli import classify as classify_netmiko
from auditor.collect.tls_pins import PinnedContext
from auditor.errors import CollectError
from auditor.inventory.credentials import Credentials, redact
from auditor.models import Cause, Collection, Device, Facts
from auditor.parse.prompt import looks_like_hostname
from auditor.platforms import Platform

GET_FACTS = "napalm:get_facts"
"""Command name of the evidence collection that holds NAPALM's `get_facts()` JSON."""

NAPALM_PORT_KEY = "napalm_port"
"""Inventory `data:` key: the port NAPALM uses when it differs from the SSH `port`."""

EAPI_DEFAULT_PORT = 443

#: Library exception classes (by module and name, so nothing is imported to classify) -> cause.
_BY_CLASS: dict[str, Cause] = {
    "jnpr.junos.exception.ConnectAuthError": Cause.AUTH,
    "napalm.base.exceptions.ConnectAuthError": Cause.AUTH,
    "ncclient.transport.errors.AuthenticationError": Cause.AUTH,
    "jnpr.junos.exception.ConnectTimeoutError": Cause.TIMEOUT,
    "jnpr.junos.exception.RpcTimeoutError": Cause.TIMEOUT,
    "napalm.base.exceptions.ConnectTimeoutError": Cause.TIMEOUT,
    "napalm.base.exceptions.CommandTimeoutException": Cause.TIMEOUT,
    "ncclient.operations.errors.TimeoutExpiredError": Cause.TIMEOUT,
    "jnpr.junos.exception.ProbeError": Cause.UNREACHABLE,
    "jnpr.junos.exception.ConnectRefusedError": Cause.UNREACHABLE,
    "jnpr.junos.exception.ConnectUnknownHostError": Cause.UNREACHABLE,
    "jnpr.junos.exception.ConnectClosedError": Cause.DISCONNECTED,
    "napalm.base.exceptions.ConnectionClosedException": Cause.DISCONNECTED,
    "ncclient.transport.errors.SessionCloseError": Cause.DISCONNECTED,
    "ncclient.transport.errors.NetconfFramingError": Cause.PROTOCOL,
    "jnpr.junos.exception.RpcError": Cause.PROTOCOL,
    "pyeapi.eapilib.CommandError": Cause.PROTOCOL,
    "napalm.base.exceptions.UnsupportedVersion": Cause.PROTOCOL,
    "lxml.etree.XMLSyntaxError": Cause.PROTOCOL,
}
#: Exceptions whose class says too little: the message decides (or, failing that, what the
#: exception wraps): pyeapi's and PyEZ's generic connection errors, ncclient's SSH error.
_BY_MESSAGE = (
    "pyeapi.eapilib.ConnectionError",
    "ncclient.transport.errors.SSHError",
    "jnpr.junos.exception.ConnectError",
)
_MESSAGE_CAUSES = (
    (re.compile(r"unauthori[sz]ed|\b401\b|authentication", re.I), Cause.AUTH),
    (re.compile(r"timed? ?out|banner|negotiation", re.I), Cause.TIMEOUT),
    (re.compile(r"refused|unreachable|no route|could not open socket", re.I), Cause.UNREACHABLE),
    (re.compile(r"reset|broken pipe|closed|\beof\b", re.I), Cause.DISCONNECTED),
)


class NapalmCollector(Collector):
    name = "napalm"

    def __init__(self, host_keys: HostKeyPolicy | None = None) -> None:
        self.host_keys = host_keys if host_keys is not None else HostKeyPolicy()

    def collect(
        self, device: Device, platform: Platform, credentials: Credentials, timeouts: Timeouts
    ) -> list[Collection]:
        check_target(device.host)
        _quiet_driver_logs()
        if not platform.napalm_driver:
            raise CollectError(
                f"platform {platform.device_type} has no NAPALM driver; use driver: netmiko",
                Cause.PROTOCOL.value,
            )
        commands = [allowed(platform, command) for command in platform.commands]
        secrets = (credentials.password, credentials.secret)
        driver_class = _driver_class(platform.napalm_driver)
        args = optional_args(device, platform, credentials, timeouts)
        target = replace(device, port=int(args["port"]))  # the port whose key is checked
        mode = host_key_mode(self.host_keys, platform.napalm_driver, target)
        eapi = platform.napalm_driver == "eos"
        tls = eapi_context(self.host_keys, target, mode) if eapi else None  # certificate pin
        ssh_checked = mode is not HostKeyMode.OFF and not eapi
        known = self.host_keys.known_keys(target) if ssh_checked else {}
        try:
            with pinned_args(platform.napalm_driver, target, known) as pin:
                driver = driver_class(
                    hostname=device.host,
                    username=credentials.username,
                    password=credentials.password,
                    timeout=int(max(timeouts.command, 1)),
                    optional_args={**args, **pin, **({"context": tls} if tls is not None else {})},
                )
                _bound_netconf_open(driver, timeouts)
                if pin:
                    verify_netconf_key(driver)
                driver.open()
        except Exception as exc:  # noqa: BLE001 - every failure becomes a cause
            refused_certificate(tls)
            refuse_bad_key(self.host_keys, exc, target, known, timeouts)
            raise CollectError(*classify(exc, secrets)) from None
        try:
            if ssh_checked:
                check_presented_key(self.host_keys, driver, target)
            outputs = driver.cli(commands)  # eAPI: a new TLS connection per request, each pinned
            collections = [make_collection(c, str(outputs.get(c, ""))) for c in commands]
            collections.append(make_collection(GET_FACTS, _facts_json(driver, secrets, tls)))
            return collections
        except CollectError:
            raise
        except Exception as exc:  # noqa: BLE001
            refused_certificate(tls)
            raise CollectError(*classify(exc, secrets)) from None
        finally:
            with contextlib.suppress(Exception):  # the device may already be gone
                driver.close()


def _quiet_driver_logs() -> None:
    """pyeapi logs a full traceback for every refused eAPI connection (and ncclient/PyEZ log
    transport errors); the device's result already says what happened, so, as the CLI does
    for paramiko and netmiko, those loggers must not reach the user's terminal."""
    for name in ("pyeapi", "ncclient", "jnpr"):
        library_log = logging.getLogger(name)
        library_log.setLevel(logging.CRITICAL)
        if not library_log.handlers:
            library_log.addHandler(logging.NullHandler())


def _driver_class(name: str) -> Any:
    """NAPALM's driver class; community drivers (`napalm-huawei-vrp`) load the same way."""
    from napalm import get_network_driver
    from napalm.base.exceptions import ModuleImportError

    try:
        return get_network_driver(name)
    except ModuleImportError:
        package = "napalm-huawei-vrp" if name == "huawei_vrp" else f"napalm-{name}"
        raise CollectError(
            f"NAPALM driver {name!r} is not installed (pip install {package})",
            Cause.PROTOCOL.value,
        ) from None


def _bound_netconf_open(driver: Any, timeouts: Timeouts) -> None:
    """NAPALM `junos` gives PyEZ no connect timeout, so opening waits PyEZ's default 30 s
    for a device that accepts TCP but never says hello. PyEZ keeps the value in
    `_conn_open_timeout` (its `conn_open_timeout` argument); set it to our connect timeout."""
    device = getattr(driver, "device", None)
    if device is not None and hasattr(device, "_conn_open_timeout"):
        device._conn_open_timeout = max(int(timeouts.connect), 1)


def optional_args(
    device: Device, platform: Platform, credentials: Credentials, timeouts: Timeouts
) -> dict[str, Any]:
    """NAPALM `optional_args` for one device: port per transport, timeouts, no escalation."""
    raw_port = dict(device.data).get(NAPALM_PORT_KEY)
    port = int(raw_port) if raw_port and str(raw_port).isdigit() else None
    driver = platform.napalm_driver
    if driver == "eos":  # eAPI over HTTPS; the certificate pin (`context`) is added by collect
        return {"transport": "https", "port": port or EAPI_DEFAULT_PORT, "force_no_enable": True}
    if driver == "junos":  # NETCONF over SSH (no `auto_probe`: it retries, IPv4 only)
        return {"port": port or device.port}
    return {  # netmiko underneath: the same session settings as the netmiko collector
        "port": port or device.port,
        "secret": credentials.secret,
        "force_no_enable": True,
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


def _facts_json(driver: Any, secrets: tuple[str, ...], tls: PinnedContext | None = None) -> str:
    """`get_facts()` as canonical JSON. A getter that chokes on an odd output is recorded
    (`{"error": ...}`) rather than failing a device whose commands were read fine; a lost or
    refused connection (or eAPI certificate) still fails it."""
    try:
        facts = driver.get_facts()
    except Exception as exc:  # noqa: BLE001
        refused_certificate(tls)
        message, cause = classify(exc, secrets)
        if cause != Cause.PROTOCOL.value:
            raise CollectError(message, cause) from None
        facts = {"error": message}
    return json.dumps(facts, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


# -- second opinion ----------------------------------------------------------------------------
def cross_check(facts: Facts, collections: Sequence[Collection]) -> Facts:
    """`facts` with a warning added when NAPALM's `get_facts` disagrees on the version.

    Called after parsing (`audit.evaluate_collections`); a no-op without NAPALM evidence.
    """
    evidence = next((c for c in collections if c.command == GET_FACTS), None)
    if evidence is None:
        return facts
    note = version_disagreement(facts.version, evidence.output)
    if note is None:
        return facts
    return replace(facts, warnings=(*facts.warnings, note))


def get_facts_hostname(collections: Sequence[Collection]) -> str | None:
    """The `hostname` of NAPALM's `get_facts` evidence, if there is one that looks like a
    host name (device text: checked like a prompt's), else None."""
    evidence = next((c for c in collections if c.command == GET_FACTS), None)
    if evidence is None:
        return None
    try:
        data = json.loads(evidence.output)
    except ValueError:
        return None
    name = data.get("hostname") if isinstance(data, Mapping) else None
    return name if isinstance(name, str) and looks_like_hostname(name) else None


def version_disagreement(version: str, facts_json: str) -> str | None:
    """Why NAPALM's `os_version` does not back up the parsed `version`, or None if it does.

    NAPALM spells versions its own way (IOS: the whole `... Version 15.2(4)E10, RELEASE
    SOFTWARE (fc2)` phrase; EOS: the internal build `4.33.2F-40365411.4332F`), so agreement
    means the parsed version appears in it as a whole token: `15.2(4)E1` is not in `...E10`.

    >>> version_disagreement("4.33.2F", '{"os_version": "4.33.2F-40365411.4332F"}') is None
    True
    >>> version_disagreement("15.2(4)E1", '{"os_version": "Version 15.2(4)E10, RELEASE"}')
    "NAPALM get_facts os_version 'Version 15.2(4)E10, RELEASE' does not contain the parsed version '15.2(4)E1'"
    """
    try:
        data = json.loads(facts_json)
    except ValueError:
        return "NAPALM get_facts evidence is not JSON; version not cross-checked"
    if not isinstance(data, Mapping):
        return "NAPALM get_facts evidence is not a JSON object; version not cross-checked"
    if "error" in data:
        return f"NAPALM get_facts failed ({_shown(data['error'])}); version not cross-checked"
    reported = " ".join(str(data.get("os_version") or "").split())
    if not reported or reported.lower() == "unknown":
        return "NAPALM get_facts found no os_version; version read from the command output only"
    if re.search(r"(?<![\w.])" + re.escape(version) + r"(?![\w(])", reported):
        return None
    return (
        f"NAPALM get_facts os_version {_shown(reported)!r} does not contain the parsed "
        f"version {version!r}"
    )


def _shown(value: Any) -> str:
    """Device text bounded and stripped of control characters before it joins a warning."""
    return re.sub(r"[\x00-\x1f\x7f]", " ", str(value))[:160]


# -- causes ------------------------------------------------------------------------------------
def classify(exc: BaseException, secrets: tuple[str, ...] = ()) -> tuple[str, str]:
    """Map an exception from NAPALM/PyEZ/ncclient/pyeapi/netmiko to (message, cause).

    Drivers wrap transport errors (`ConnectionException("Cannot connect to ...")`), so the
    whole chain is examined: the first link a library table or message rule recognises
    decides; plain socket and netmiko errors get the netmiko collector's wording.
    """
    chain = exception_chain(exc)
    for link in chain:
        cause = _library_cause(link)
        if cause is not None:
            return _message(cause, link, secrets), cause.value
    for link in chain:
        module = type(link).__module__
        if module.startswith(("netmiko", "paramiko")) or isinstance(
            link, (OSError, EOFError, TimeoutError)
        ):
            return classify_netmiko(link, secrets)
    return classify_netmiko(exc, secrets)


def _library_cause(exc: BaseException) -> Cause | None:
    names = [f"{cls.__module__}.{cls.__name__}" for cls in type(exc).__mro__]
    for name in names:
        if name in _BY_CLASS:
            return _BY_CLASS[name]
    if any(name in _BY_MESSAGE for name in names):
        text = f"{exc} {getattr(exc, 'message', '')}"
        for pattern, cause in _MESSAGE_CAUSES:
            if pattern.search(text):
                return cause
        return None
    if isinstance(exc, ssl.SSLError):
        return Cause.PROTOCOL
    return None


def _message(cause: Cause, exc: BaseException, secrets: tuple[str, ...]) -> str:
    raw = " ".join((str(exc) or str(getattr(exc, "message", ""))).split()) or type(exc).__name__
    text = redact(raw, secrets)[:300]
    if cause is Cause.AUTH:
        return "authentication failed (username or password refused)"
    if cause is Cause.TIMEOUT:
        return f"timed out: {text}"
    if cause is Cause.UNREACHABLE:
        return f"connection refused or unreachable: {text}"
    if cause is Cause.DISCONNECTED:
        return f"connection lost: {text}"
    return f"{type(exc).__name__}: {text}"
