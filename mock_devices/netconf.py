"""NETCONF over SSH (RFC 6241/6242) for mock devices whose profile has ``rpc:*`` templates.

This is what PyEZ and NAPALM's ``junos`` driver talk to: the ``netconf`` SSH subsystem (or
Junos' ``xml-mode netconf need-trailer`` exec fallback). Both sides say hello with ``]]>]]>``
framing; when both offer ``base:1.1`` the session switches to chunked framing, exactly as
ncclient negotiates it.

What the device answers is data in the profile, not code here:

- ``rpc:<name>`` templates answer the RPC of that name; a template that renders
  ``error: <message>`` becomes an ``<rpc-error>`` as on Junos;
- ``<command>`` runs a CLI command: ``format="text"`` through the same ``CliEngine`` as an SSH
  session (so both paths print the same), ``format="xml"`` through the RPC the profile's
  ``netconf_cli_rpcs`` says the command stands for;
- RPCs listed in ``netconf_denied`` get "permission denied" (the audit account's login class
  is read-only); anything else gets Junos' "syntax error" with the bad element.

Every RPC is written to the device's command log as ``rpc:<name>`` (``<command>`` as the
command text), so a test can prove a NETCONF audit never locked, edited or committed.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

import asyncssh
from lxml import etree

from mock_devices.engine import CliEngine
from mock_devices.profile import Profile
from mock_devices.render import render

if TYPE_CHECKING:
    from mock_devices.server import DeviceRuntime

log = logging.getLogger(__name__)

BASE_11 = "urn:ietf:params:netconf:base:1.1"
EOM = b"]]>]]>"
EXEC_COMMAND = "xml-mode netconf need-trailer"
MAX_MESSAGE = 1_000_000
"""Bytes; a client message beyond this ends the session (the mock is no memory sink)."""

_SESSION_IDS = itertools.count(40_000)
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=True
)


class FramingError(Exception):
    """The client broke RFC 6242 framing or sent something that is not XML."""


def supports_netconf(profile: Profile) -> bool:
    """A device speaks NETCONF when its profile answers at least one RPC."""
    return any(name.startswith("rpc:") for name in profile.templates)


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _escaped(variables: Mapping[str, Any]) -> dict[str, Any]:
    """Template variables with every string XML-escaped: device facts come from fleet files,
    RPC arguments from the client, and neither may break the XML they are put into."""
    return {k: escape(v) if isinstance(v, str) else v for k, v in variables.items()}


class Framer:
    """Reads and writes one NETCONF message at a time, in 1.0 or 1.1 framing.

    Reads are bounded by ``MAX_MESSAGE``: a client that never frames its message cannot make
    the mock (which serves a thousand devices from one process) buffer without limit.
    """

    def __init__(
        self, reader: asyncssh.SSHReader[bytes], writer: asyncssh.SSHWriter[bytes]
    ) -> None:
        self.reader = reader
        self.writer = writer
        self.chunked = False
        self._buf = bytearray()

    async def read(self) -> bytes | None:
        """The next message, or None when the client has gone."""
        try:
            if self.chunked:
                return await self._read_chunked()
            return (await self._until(EOM))[: -len(EOM)]
        except (asyncssh.Error, ConnectionError, EOFError):
            return None

    async def _fill(self) -> None:
        data = await self.reader.read(65536)
        if not data:
            raise EOFError
        self._buf += data
        if len(self._buf) > MAX_MESSAGE:
            raise FramingError("message too large")

    async def _until(self, separator: bytes) -> bytes:
        while (end := self._buf.find(separator)) < 0:
            await self._fill()
        end += len(separator)
        data = bytes(self._buf[:end])
        del self._buf[:end]
        return data

    async def _exactly(self, size: int) -> bytes:
        while len(self._buf) < size:
            await self._fill()
        data = bytes(self._buf[:size])
        del self._buf[:size]
        return data

    async def _read_chunked(self) -> bytes:
        message = bytearray()
        while True:
            if await self._exactly(2) != b"\n#":
                raise FramingError("expected a chunk header")
            header = await self._until(b"\n")
            if header == b"#\n":
                return bytes(message)
            if not header[:-1].isdigit() or len(header) > 11:
                raise FramingError("bad chunk size")
            message += await self._exactly(int(header[:-1]))
            if len(message) > MAX_MESSAGE:
                raise FramingError("message too large")

    async def write(self, text: str) -> None:
        data = text.encode("utf-8")
        if self.chunked:
            data = b"\n#%d\n" % len(data) + data + b"\n##\n"
        else:
            data += EOM
        self.writer.write(data)
        await self.writer.drain()


class NetconfSession:
    """One NETCONF session of one device: hello, then one reply per ``<rpc>`` until close."""

    def __init__(self, runtime: DeviceRuntime, process: asyncssh.SSHServerProcess[bytes]) -> None:
        self.rt = runtime
        self.process = process
        self.framer = Framer(process.stdin, process.stdout)
        self.session_id = next(_SESSION_IDS)
        self.cli = CliEngine(runtime.profile, runtime.spec, runtime.variables, runtime.cache)

    def _render(self, name: str, **extra: Any) -> str:
        variables = {**self.cli.variables(), "session_id": self.session_id}
        return render(self.rt.profile.templates[name], {**_escaped(variables), **extra})

    async def run(self) -> None:
        """Serve until ``<close-session/>``, end of input or a framing error."""
        try:
            if self.rt.spec.fault("hang_after_login"):
                while await self.process.stdin.read(65536):
                    pass
                return
            ours = self._render("netconf:hello").strip()
            await self.framer.write(ours)
            theirs = await self.framer.read()
            if theirs is None:
                return
            self.framer.chunked = BASE_11.encode() in theirs and BASE_11 in ours
            while (message := await self.framer.read()) is not None:
                reply, close = self.answer(message)
                await self.framer.write(reply)
                if close:
                    return
        except FramingError as exc:
            log.info("mock device %s: NETCONF session ended: %s", self.rt.spec.name, exc)
        except (asyncssh.Error, ConnectionError, BrokenPipeError):
            return
        finally:
            with contextlib.suppress(Exception):
                if not self.process.is_closing():
                    self.process.exit(0)

    # -- one RPC -------------------------------------------------------------------------------
    def answer(self, message: bytes) -> tuple[str, bool]:
        """The ``<rpc-reply>`` text for one client message, and whether to close afterwards."""
        try:
            rpc = etree.fromstring(message.strip(), _PARSER)
        except etree.XMLSyntaxError as exc:
            raise FramingError(f"not XML: {exc}") from None
        if _local(rpc.tag) != "rpc" or len(rpc) == 0:
            raise FramingError(f"expected <rpc>, got <{_local(rpc.tag)}>")
        operation = rpc[0]
        name = _local(operation.tag)
        close = name == "close-session"
        if name == "command":
            body = self._command(operation)
        else:
            self.rt.log(f"rpc:{name}")
            body = "<ok/>" if close else self._rpc(name, _arguments(operation))
        attributes = "".join(
            f" {key}={quoteattr(value)}" for key, value in rpc.attrib.items() if ":" not in key
        )
        return self._render("netconf:reply", attributes=attributes, body=body).strip(), close

    def _rpc(self, name: str, args: dict[str, str]) -> str:
        variables = self.rt.variables
        if name in variables.get("netconf_denied", ()):
            return self._error("permission denied", tag="access-denied", element=name)
        template = f"rpc:{name}"
        if template not in self.rt.profile.templates:
            return self._error("syntax error", tag="operation-failed", element=name)
        text = self._render(template, args=_escaped(args))
        stripped = text.strip()
        if stripped.startswith("error:"):
            return self._error(stripped[len("error:") :].strip(), tag="operation-failed")
        return text

    def _command(self, operation: etree._Element) -> str:
        line = " ".join((operation.text or "").split())
        self.rt.log(line)
        fmt = operation.get("format", "xml")
        mapped = self.rt.variables.get("netconf_cli_rpcs", {}).get(line)
        if fmt != "text" and isinstance(mapped, Mapping):
            args = {str(k): str(v) for k, v in (mapped.get("args") or {}).items()}
            return self._rpc(str(mapped["rpc"]), args)
        reply = self.cli.execute(line)
        if reply.kind == "error":
            message = [ln for ln in reply.text.splitlines() if ln.strip() and "^" not in ln]
            return self._error(message[-1].strip() if message else "syntax error")
        if reply.kind != "show":
            return self._error("permission denied", tag="access-denied")
        # Text, also when XML was asked for a command that has no XML form (as Junos does).
        return f"<output>\n{escape(reply.text)}</output>"

    def _error(self, message: str, tag: str = "operation-failed", element: str = "") -> str:
        return self._render(
            "netconf:error",
            error_type="protocol",
            error_tag=tag,
            bad_element=escape(element),
            message=escape(message),
        )


def _arguments(operation: etree._Element) -> dict[str, str]:
    """RPC arguments as PyEZ sends them: child elements (``<terse/>`` is a flag) and
    attributes (``format``, ``database``...)."""
    args = {_local(child.tag): (child.text or "").strip() for child in operation}
    args.update({str(k): str(v) for k, v in operation.attrib.items()})
    return args


async def serve_netconf(runtime: DeviceRuntime, process: asyncssh.SSHServerProcess[bytes]) -> None:
    """Entry point for the ``netconf`` subsystem (and the Junos exec fallback)."""
    await NetconfSession(runtime, process).run()
