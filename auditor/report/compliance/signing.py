"""Detached Ed25519 signatures of a pack's manifest.

The signature file `manifest.json.sig` holds the 64 raw signature bytes over the exact bytes of
`manifest.json`, which is what OpenSSL produces and checks, so a regulator can verify a pack
without this tool:

    openssl pkeyutl -verify -pubin -inkey signer.pub.pem -rawin \
        -in manifest.json -sigfile manifest.json.sig

Keys are PEM files (PKCS#8 private, SubjectPublicKeyInfo public), e.g. from
`openssl genpkey -algorithm ed25519`. An encrypted private key takes its passphrase from
$AUDITOR_SIGNING_PASSPHRASE, never from the command line (it would show in `ps` and history).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from auditor.errors import InputError

PASSPHRASE_ENV = "AUDITOR_SIGNING_PASSPHRASE"
KEY_TIP = "create one with: openssl genpkey -algorithm ed25519 -out signer.pem"


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the {what}: {exc.strerror or exc}") from None


def load_private_key(path: Path) -> Ed25519PrivateKey:
    data = _read(path, "signing key")
    passphrase = os.environ.get(PASSPHRASE_ENV)
    try:
        key = serialization.load_pem_private_key(data, passphrase.encode() if passphrase else None)
    except TypeError:
        raise InputError(
            f"{path}: the signing key is encrypted"
            if not passphrase
            else f"{path}: the key is not encrypted but {PASSPHRASE_ENV} is set",
            tip=f"set {PASSPHRASE_ENV} to its passphrase"
            if not passphrase
            else f"unset {PASSPHRASE_ENV}",
        ) from None
    except ValueError:
        raise InputError(
            f"{path}: not a PEM private key (or wrong passphrase)", tip=KEY_TIP
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError(
            f"{path}: expected an Ed25519 private key, got {type(key).__name__}", tip=KEY_TIP
        )
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    data = _read(path, "public key")
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError:
        raise InputError(
            f"{path}: not a PEM public key",
            tip="export it with: openssl pkey -in signer.pem -pubout -out signer.pub.pem",
        ) from None
    if not isinstance(key, Ed25519PublicKey):
        raise InputError(f"{path}: expected an Ed25519 public key, got {type(key).__name__}")
    return key


def fingerprint(key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw 32-byte public key: what to read out over the phone."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def sign(data: bytes, key: Ed25519PrivateKey) -> bytes:
    return key.sign(data)


def signature_ok(data: bytes, signature: bytes, key: Ed25519PublicKey) -> bool:
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True
