"""Where passwords come from: the environment or a prompt, never a file the auditor reads.

A `Credentials` object is the only place a secret lives in memory. Its repr masks the secret,
and `redact()` scrubs it out of any text (error messages from SSH libraries) before that text
can reach a log, report or the history store.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from auditor.errors import CredentialError
from auditor.models import Device

USERNAME_ENV = "AUDITOR_USERNAME"
PASSWORD_ENV = "AUDITOR_PASSWORD"
SECRET_ENV = "AUDITOR_ENABLE_SECRET"


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str = field(repr=False)
    secret: str = field(default="", repr=False)

    def __repr__(self) -> str:
        return f"Credentials(username={self.username!r}, password='***')"


def redact(text: str, secrets: Iterable[str]) -> str:
    """Replace every secret (of 3+ characters) in `text` with `***`."""
    for secret in secrets:
        if secret and len(secret) >= 3:
            text = text.replace(secret, "***")
    return text


class CredentialResolver:
    """Resolves credentials per device, asking at most once per distinct source.

    Order: a host's `password_env` variable, then AUDITOR_PASSWORD, then an interactive prompt
    (only on a terminal; an unattended run without credentials fails up front, not per device).
    """

    def __init__(
        self,
        env: dict[str, str] | None = None,
        prompt: Callable[[str], str] | None = None,
        interactive: bool | None = None,
        default_username: str | None = None,
    ) -> None:
        self._env = dict(os.environ) if env is None else env
        self._prompt = prompt or getpass.getpass
        self._interactive = sys.stdin.isatty() if interactive is None else interactive
        self._default_username = default_username
        self._prompted: dict[str, str] = {}

    def for_device(self, device: Device) -> Credentials:
        data = dict(device.data)
        username = self._default_username or device.username or self._env.get(USERNAME_ENV) or ""
        if not username:
            raise CredentialError(
                f"no username for {device.name}",
                tip=f"set `username:` in the inventory (defaults/group/host) or {USERNAME_ENV}",
            )
        password = self._lookup(
            data.get("password_env"), PASSWORD_ENV, f"Password for {username}: "
        )
        secret_var = data.get("secret_env")
        secret = self._env.get(secret_var or SECRET_ENV, "")
        return Credentials(username=username, password=password, secret=secret)

    def all_secrets(self) -> list[str]:
        """Every secret handed out so far, for redaction."""
        values = [v for k, v in self._env.items() if k in (PASSWORD_ENV, SECRET_ENV)]
        return values + list(self._prompted.values())

    def _lookup(self, variable: str | None, fallback: str, question: str) -> str:
        if variable:
            if variable in self._env:
                return self._env[variable]
            raise CredentialError(
                f"environment variable {variable} (named by password_env) is not set",
                tip=f"export {variable}=... before running, or remove password_env to be prompted",
            )
        if fallback in self._env:
            return self._env[fallback]
        if question in self._prompted:
            return self._prompted[question]
        if not self._interactive:
            raise CredentialError(
                "no password available and no terminal to prompt on",
                tip=f"set {fallback} (or a host's password_env) for unattended runs",
            )
        value = self._prompt(question)
        self._prompted[question] = value
        return value
