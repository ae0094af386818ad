"""Walk every platform in the registry: the things each one must have to be safe and usable."""

from __future__ import annotations

import contextlib
import re

import pytest

from auditor.platforms import all_platforms, get_platform, platform_names
from auditor.versions import SCHEME_FOR_OS, get_scheme

#: A read-only command starts with one of these (case-insensitive): show/display/get (CLIs),
#: LST/DSP (Huawei MML), Nokia MML commands whose last letter is O (output) or I (interrogate),
#: Ericsson AXE MML commands whose fifth (last) letter is P (print), `/system ... print`
#: (RouterOS). Nothing else may be on an allow-list.
READ_ONLY = re.compile(
    r"^(show|display|get|lst|dsp|/system\s.*\sprint)\b|^Z[A-Z]{2}[OI]:|(?-i:^IOEXP;)",
    re.IGNORECASE,
)
PLATFORMS = all_platforms()


def test_registry_is_not_empty_and_aliases_resolve() -> None:
    assert len(PLATFORMS) >= 6
    for name in platform_names():
        assert get_platform(name).device_type in {p.device_type for p in PLATFORMS}


@pytest.mark.parametrize("platform", PLATFORMS, ids=lambda p: p.device_type)
def test_platform_entry(platform) -> None:  # type: ignore[no-untyped-def]
    assert platform.commands, "an allow-list needs at least the version command"
    for command in platform.commands:
        assert READ_ONLY.match(command), f"{command!r} does not look read-only"
    get_scheme(platform.scheme)  # the scheme exists
    if platform.os in SCHEME_FOR_OS:
        assert SCHEME_FOR_OS[platform.os] == platform.scheme
    assert platform.vendor and platform.os


@pytest.mark.parametrize("platform", PLATFORMS, ids=lambda p: p.device_type)
def test_parser_never_crashes_on_nonsense(platform) -> None:  # type: ignore[no-untyped-def]
    from auditor.errors import ParseError

    for junk in ("", "\x00\xff garbage \x1b[31m", "% Invalid input detected at '^' marker."):
        with contextlib.suppress(ParseError):  # ParseError is the one allowed failure
            platform.parse({platform.version_command: junk})
