"""One exception root, one base per stage, leaves named by cause.

Only the CLI catches these (and maps them to exit codes). Messages must be fit to show a user:
they say where (file, line, key) and what was expected, and they never contain a secret.
"""

from __future__ import annotations


class AuditorError(Exception):
    """Root of every error the auditor raises on purpose."""

    exit_code = 2

    def __init__(self, message: str, *, tip: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.tip = tip


class InputError(AuditorError):
    """Bad user input: a file or argument the user can fix. Exit code 2."""


class LocatedError(InputError):
    """An input error at a place in a file: `file:line: key: message`."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        key: str | None = None,
        tip: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.key = key
        where = ""
        if file:
            where = file + (f":{line}" if line else "")
        if key:
            where = f"{where}: {key}" if where else key
        super().__init__(f"{where}: {message}" if where else message, tip=tip)
        self.bare_message = message


class InventoryError(LocatedError):
    """The inventory file is malformed."""


class CatalogueError(LocatedError):
    """The advisory catalogue is malformed or inconsistent."""


class CredentialError(InputError):
    """No way to obtain a credential the inventory needs."""


class VersionParseError(InputError):
    """A version string the scheme cannot read; says what the scheme expects."""


class RangeParseError(InputError):
    """A `vers:` range or event list that cannot be read."""


class UnknownPlatformError(InputError):
    """A platform (netmiko device_type) with no registry entry."""


class UnknownSchemeError(InputError):
    """A version scheme id with no module."""


class ParseError(AuditorError):
    """Device output that holds no readable version. A device result, never a crash."""


class CollectError(AuditorError):
    """A device could not be collected from; carries a `Cause` name."""

    def __init__(self, message: str, cause: str) -> None:
        super().__init__(message)
        self.cause = cause


class CommandNotAllowedError(AuditorError):
    """A collector was asked to send a command that is not on the platform's allow-list."""
