"""What the asyncssh engine sends around the allow-listed commands, for every platform.

`session_commands` lists everything netmiko may send (its mode changes and, on FortiOS, a
console setting it changes and restores included). The asyncssh engine sends only the part that
changes nothing but the session (paging, width), and the logout; these tests hold every platform
to that, so a new platform cannot make the engine enter a mode or touch configuration.
"""

from __future__ import annotations

import re

import pytest

from auditor.platforms import all_platforms
from auditor.platforms.base import LOGOUT_COMMANDS, Platform

PLATFORMS = all_platforms()
NOT_A_SETTING = re.compile(r"^(enable|login|conf|config|end$|set output|exit|quit|logout)", re.I)


@pytest.mark.parametrize("platform", PLATFORMS, ids=lambda p: p.device_type)
def test_setup_is_allow_listed_and_changes_only_the_session(platform) -> None:  # type: ignore[no-untyped-def]
    for command in platform.setup_commands:
        assert command in platform.session_commands
        assert not NOT_A_SETTING.match(command), command


@pytest.mark.parametrize("platform", PLATFORMS, ids=lambda p: p.device_type)
def test_logout_is_the_last_session_command_when_there_is_one(platform) -> None:  # type: ignore[no-untyped-def]
    logout = platform.logout_command
    if logout is None:
        assert not platform.session_commands or (
            platform.session_commands[-1].lower() not in LOGOUT_COMMANDS
        )
    else:
        assert logout == platform.session_commands[-1]
        assert logout not in platform.setup_commands


def test_fortios_console_settings_are_never_sent() -> None:
    fortinet = next(p for p in PLATFORMS if p.device_type == "fortinet")
    assert fortinet.netmiko_changes_config  # netmiko's driver would set the console output
    assert fortinet.setup_commands == ()  # the asyncssh engine pages instead


@pytest.mark.parametrize("platform", PLATFORMS, ids=lambda p: p.device_type)
def test_no_allow_list_holds_a_configuration_command(platform: Platform) -> None:
    """Read-only by construction: where netmiko's own setup would configure the device, the
    platform is flagged and driven by asyncssh, so nothing of the kind is ever allow-listed."""
    listed = platform.commands + platform.session_commands + platform.napalm_commands
    # `set cli ...` (Junos, PAN-OS) is an operational-mode setting of this CLI session only
    writes = [c for c in listed if re.match(r"(?i)(config\b|configure\b|set (?!cli\b))", c)]
    assert writes == []
