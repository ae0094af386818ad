"""Arista eAPI (JSON-RPC 2.0 over HTTPS) for mock devices whose profile has ``eapi:*`` templates.

This is what pyeapi and NAPALM's ``eos`` driver talk to: ``POST /command-api`` with HTTP Basic
authentication and a ``runCmds`` request. Each request is one CLI session, as on EOS: the
commands run in order through the same ``CliEngine`` as an SSH login, so ``format: text``
prints exactly what the CLI prints, and ``format: json`` renders the profile's
``eapi:<command>`` template. The first failing command ends the request with EOS' error
codes (1002 invalid command, 1003 no JSON form), carrying the results so far.

The certificate is self-signed and generated once per process, shared by every device (pyeapi's
``https`` transport does not verify certificates unless given an SSL context; tests that want
verification can trust ``certificate_pem()``). A device with the ``changed_host_key`` fault is
a replaced (or impersonated) box: besides its own SSH key it presents its own certificate.
Every command is written to the device's command log, and every request that carries an
``Authorization`` header counts as a password attempt, so a test can prove none was sent.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import datetime
import ipaddress
import json
import os
import ssl
import tempfile
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from mock_devices.engine import CliEngine
from mock_devices.profile import Profile
from mock_devices.render import render

if TYPE_CHECKING:
    from mock_devices.server import DeviceRuntime

MAX_HEADER = 16 * 1024
MAX_BODY = 1_000_000
_UNCONVERTED = (
    "Command cannot be used over the API at this time. "
    "To see ASCII output, set format='text' in your request"
)
_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 413: "Too Large"}


def supports_eapi(profile: Profile) -> bool:
    """A device serves eAPI when its profile has at least one JSON rendering."""
    return any(name.startswith("eapi:") for name in profile.templates)


@lru_cache(maxsize=1)
def _tls_material() -> tuple[bytes, bytes]:
    """(certificate PEM, key PEM): one self-signed P-256 certificate for every mock device."""
    return _new_tls_material()


def _new_tls_material() -> tuple[bytes, bytes]:
    """(certificate PEM, key PEM) of a fresh self-signed P-256 certificate for loopback."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "mock-eapi.localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    names = [
        x509.DNSName("localhost"),
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        x509.IPAddress(ipaddress.ip_address("::1")),
    ]
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def certificate_pem() -> str:
    """The mock eAPI certificate, for clients that want to verify it (``cafile``)."""
    return _tls_material()[0].decode()


@lru_cache(maxsize=1)
def server_context() -> ssl.SSLContext:
    """TLS server context presenting the shared certificate."""
    return _server_context(*_tls_material())


def _server_context(cert: bytes, key: bytes) -> ssl.SSLContext:
    """``load_cert_chain`` only reads files, so the PEM lives in one for a moment."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    fd, path = tempfile.mkstemp(prefix="mock-eapi-", suffix=".pem")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(key + cert)
        context.load_cert_chain(path)
    finally:
        os.unlink(path)
    return context


class EapiDevice:
    """The eAPI side of one device: authentication, then one ``runCmds`` per request."""

    def __init__(self, runtime: DeviceRuntime) -> None:
        self.rt = runtime

    def authorised(self, header: str) -> bool:
        """Any credentials sent count as an attempt (``check_login``), even unreadable ones."""
        if not header:
            return False
        user = password = ""
        if header.lower().startswith("basic "):
            with contextlib.suppress(binascii.Error, UnicodeDecodeError):
                user, _, password = base64.b64decode(header[6:].strip()).decode().partition(":")
        return self.rt.check_login(user, password) and header.lower().startswith("basic ")

    def run_cmds(self, request: Any) -> dict[str, Any]:
        """Answer one JSON-RPC request the way EOS does."""
        if not isinstance(request, dict):
            return _rpc_error(None, -32600, "Invalid request")
        req_id = request.get("id")
        params = request.get("params")
        if request.get("method") != "runCmds":
            return _rpc_error(req_id, -32601, f"Method not found: {request.get('method')!r}")
        if not isinstance(params, dict) or not isinstance(params.get("cmds"), list):
            return _rpc_error(req_id, -32602, "Invalid params: 'cmds' must be a list")
        fmt = str(params.get("format", "json"))
        cmds: list[Any] = params["cmds"]
        engine = CliEngine(self.rt.profile, self.rt.spec, self.rt.variables, self.rt.cache)
        results: list[dict[str, Any]] = []
        for index, raw in enumerate(cmds):
            line = str(raw.get("cmd", "")) if isinstance(raw, dict) else str(raw)
            secret = str(raw.get("input", "")) if isinstance(raw, dict) else ""
            self.rt.log(line)
            result, error = self._one(engine, line, secret, fmt)
            if error is not None:
                code, message = error
                where = f"CLI command {index + 1} of {len(cmds)} {line!r} failed: "
                data = [*results, {"errors": [message]}]
                return _rpc_error(req_id, code, where + _short(code), data)
            results.append(result)
        return {"jsonrpc": "2.0", "id": req_id, "result": results}

    def _one(
        self, engine: CliEngine, line: str, secret: str, fmt: str
    ) -> tuple[dict[str, Any], tuple[int, str] | None]:
        reply = engine.execute(line)
        if reply.ask_secret:
            reply = engine.submit_secret(secret)
            if reply.text:
                return {}, (1002, reply.text.strip())
        if reply.kind == "error":
            lines = [ln.strip() for ln in reply.text.splitlines() if ln.strip() and "^" not in ln]
            return {}, (1002, lines[-1] if lines else "Invalid input")
        if fmt == "text":
            return {"output": reply.text}, None
        command = engine.command_for(line)
        template = f"eapi:{command.pattern}" if command is not None else ""
        if template in self.rt.profile.templates:
            text = render(self.rt.profile.templates[template], engine.variables())
            return json.loads(text), None
        if command is None or not command.output:  # enable, configure...: nothing to print
            return {}, None
        return {}, (1003, _UNCONVERTED)


def _short(code: int) -> str:
    return {1002: "invalid command", 1003: "unconverted command"}.get(code, "error")


def _rpc_error(
    req_id: Any, code: int, message: str, data: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if data is not None:
        error["data"] = data
    return {"jsonrpc": "2.0", "id": req_id, "error": error}


class _HttpError(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, str, dict[str, str], bytes]:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.LimitOverrunError:
        raise _HttpError(413) from None
    if len(head) > MAX_HEADER:
        raise _HttpError(413)
    request_line, *lines = head.decode("latin-1").split("\r\n")
    parts = request_line.split(" ")
    if len(parts) != 3:
        raise _HttpError(400)
    headers = {}
    for line in lines:
        key, sep, value = line.partition(":")
        if sep:
            headers[key.strip().lower()] = value.strip()
    length = headers.get("content-length", "0")
    if not length.isdigit():
        raise _HttpError(400)
    if int(length) > MAX_BODY:
        raise _HttpError(413)
    body = await reader.readexactly(int(length))
    return parts[0], parts[1], headers, body


def _response(status: int, body: bytes, content_type: str = "application/json") -> bytes:
    head = (
        f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}\r\n"
        f"Content-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode("latin-1") + body


async def _serve(
    device: EapiDevice, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    spec = device.rt.spec
    try:
        if spec.fault("hang_after_login"):
            while await reader.read(65536):
                pass
            return
        try:
            method, path, headers, body = await _read_request(reader)
            if path.split("?", 1)[0] != "/command-api" or method != "POST":
                raise _HttpError(404)
            if not device.authorised(headers.get("authorization", "")):
                raise _HttpError(401)
            try:
                answer = device.run_cmds(json.loads(body))
            except ValueError:
                answer = _rpc_error(None, -32700, "Parse error")
            if spec.latency.command:
                await asyncio.sleep(spec.latency.command)
            writer.write(_response(200, json.dumps(answer).encode()))
        except _HttpError as exc:
            reason = _REASONS.get(exc.status, "Error").encode()
            writer.write(_response(exc.status, reason + b"\n", "text/plain"))
        await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError, OSError):
        return
    finally:
        with contextlib.suppress(Exception):
            writer.close()


async def start_eapi(runtime: DeviceRuntime, host: str, port: int) -> asyncio.Server:
    """Listen for eAPI requests of one device on ``host:port`` (0: any free port)."""
    device = EapiDevice(runtime)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _serve(device, reader, writer)

    context = server_context()
    if runtime.spec.fault("changed_host_key"):  # a replaced box: its own certificate too
        context = _server_context(*_new_tls_material())
    return await asyncio.start_server(
        handle, host, port, ssl=context, limit=MAX_HEADER, reuse_address=True
    )
