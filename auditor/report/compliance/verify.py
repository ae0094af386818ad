"""`auditor verify PACK`: is this pack exactly what was written (and signed)?

Checks, and reports every failure by file name: each file the manifest lists exists and has
its SHA-256; the folder holds no file the manifest does not list (an added "erratum" would
otherwise ride along); with a public key, `manifest.json.sig` is a valid Ed25519 signature of
`manifest.json`. A manifest that cannot be read, or that names a path outside the folder, is
bad input (exit 2), not a mismatch (exit 1), unless a key was given and the signature does not
match it: then the manifest was altered after signing, and that is a failed check (exit 1).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.errors import InputError
from auditor.report.compliance.output import MANIFEST_NAME, MANIFEST_SCHEMA, SIGNATURE_NAME

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass
class Verification:
    problems: list[str] = field(default_factory=list)
    """One line per failure, each starting with the file it concerns."""
    checked: list[str] = field(default_factory=list)
    signature: str = "absent"
    """valid, invalid, absent, or unchecked (signed, but no key given)."""
    fingerprint: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(folder: Path) -> tuple[bytes, list[tuple[str, str]]]:
    raw = _manifest_bytes(folder)
    return raw, parse_manifest(folder / MANIFEST_NAME, raw)


def _manifest_bytes(folder: Path) -> bytes:
    path = folder / MANIFEST_NAME
    if not folder.is_dir():
        raise InputError(
            f"{folder}: not a folder", tip="give the folder `auditor report compliance` wrote"
        )
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no manifest; this is not a compliance pack") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def parse_manifest(path: Path, raw: bytes) -> list[tuple[str, str]]:
    """The (file name, SHA-256) pairs a manifest lists; InputError, located, if malformed."""
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid JSON: {exc}") from None
    if not isinstance(body, dict) or body.get("schema") != MANIFEST_SCHEMA:
        raise InputError(f"{path}: expected schema {MANIFEST_SCHEMA!r}")
    entries = body.get("files")
    if not isinstance(entries, list):
        raise InputError(f"{path}: `files` must be a list")
    listed: list[tuple[str, str]] = []
    for i, e in enumerate(entries):
        name = e.get("name") if isinstance(e, dict) else None
        sha = e.get("sha256") if isinstance(e, dict) else None
        if (
            not isinstance(name, str)
            or not name
            or "/" in name
            or "\\" in name
            or name in (".", "..")
        ):
            raise InputError(f"{path}: files[{i}].name must be a plain file name, got {name!r}")
        if name in (MANIFEST_NAME, SIGNATURE_NAME):
            raise InputError(f"{path}: files[{i}] lists {name}, which cannot hash itself")
        if not isinstance(sha, str) or not _HEX64.fullmatch(sha):
            raise InputError(f"{path}: files[{i}].sha256 must be 64 lowercase hex digits")
        listed.append((name, sha))
    return listed


def verify_pack(folder: Path, public_key: Path | None = None) -> Verification:
    raw = _manifest_bytes(folder)
    key = None
    if public_key is not None:
        from auditor.report.compliance.signing import load_public_key

        key = load_public_key(public_key)
    result = Verification()
    try:
        listed = parse_manifest(folder / MANIFEST_NAME, raw)
    except InputError as exc:
        if key is None or not (folder / SIGNATURE_NAME).is_file():
            raise
        _check_signature(result, folder, raw, key)
        if result.signature == "valid":
            raise  # signed as it is: the pack was written broken, not altered
        result.problems.append(f"{MANIFEST_NAME}: unreadable ({exc})")
        return result
    for name, want in listed:
        path = folder / name
        if not path.is_file():
            result.problems.append(f"{name}: listed in the manifest but missing")
        elif _sha256(path) != want:
            result.problems.append(f"{name}: SHA-256 differs from the manifest (file changed)")
        else:
            result.checked.append(name)
    names = {n for n, _ in listed} | {MANIFEST_NAME, SIGNATURE_NAME}
    for extra in sorted(p.name for p in folder.iterdir() if p.name not in names):
        result.problems.append(f"{extra}: not listed in the manifest (file added)")
    if key is not None:
        _check_signature(result, folder, raw, key)
    elif (folder / SIGNATURE_NAME).is_file():
        result.signature = "unchecked"
    return result


def _check_signature(result: Verification, folder: Path, raw: bytes, key: Ed25519PublicKey) -> None:
    from auditor.report.compliance.signing import fingerprint, signature_ok

    sig_path = folder / SIGNATURE_NAME
    result.fingerprint = fingerprint(key)
    if not sig_path.is_file():
        result.signature = "absent"
        result.problems.append(f"{SIGNATURE_NAME}: missing (the pack is not signed)")
    elif signature_ok(raw, sig_path.read_bytes(), key):
        result.signature = "valid"
    else:
        result.signature = "invalid"
        result.problems.append(
            f"{MANIFEST_NAME}: signature does not match (manifest or {SIGNATURE_NAME} changed, "
            "or another key signed it)"
        )
