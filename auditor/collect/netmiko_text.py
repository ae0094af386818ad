"""netmiko's text conventions, borrowed so that every SSH engine hands parsers the same text.

netmiko post-processes what a device prints, per driver: line endings (`\\r\\r\\n`, NX-OS and
ASA variants), ANSI codes (some drivers only), the echoed command, the trailing prompt, and
extras such as Junos' `{master:0}` lines or RouterOS' repeated echo. Parsers were written
against that text. The asyncssh engine does not copy those rules: it asks netmiko's own driver
class for the device type, built without a connection (`auto_connect=False`), to clean its text.
A netmiko upgrade that changes a rule changes both engines alike, and
tests/engine/test_engine_parity.py proves the two agree on every mock platform.

Two things netmiko decides inside `session_preparation()`, which needs a live session, are
listed here instead: which drivers strip ANSI codes, and which enter enable mode by themselves.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from typing import Any

#: Drivers whose session_preparation() sets `ansi_escape_codes = True` (netmiko 4.x).
STRIPS_ANSI = frozenset(
    {"arista_eos", "cisco_nxos", "huawei", "huawei_vrp", "mikrotik_routeros", "paloalto_panos"}
)

#: Drivers whose session_preparation() enters enable mode when given a secret (netmiko 4.x).
#: The netmiko collector never calls enable() itself, so on other platforms neither do we.
ENABLES_WITH_SECRET = frozenset({"cisco_asa"})

_USER_MARK = "\x00user\x00"


@cache
def _driver(device_type: str) -> Any:
    """One unconnected netmiko driver per device type; sessions work on shallow copies."""
    from netmiko import ConnectHandler

    return ConnectHandler(
        device_type=device_type, host="localhost", username=_USER_MARK, auto_connect=False
    )


class NetmikoText:
    """netmiko's clean-up of one session's text, for one netmiko device type."""

    def __init__(self, device_type: str) -> None:
        self.device_type = device_type
        self._driver = copy.copy(_driver(device_type))
        self.strips_ansi = device_type in STRIPS_ANSI
        self.enables_with_secret = device_type in ENABLES_WITH_SECRET

    @property
    def enter(self) -> str:
        """What netmiko sends as Enter for this driver (RouterOS wants `\\r\\n`)."""
        return str(self._driver.RETURN)

    @property
    def base_prompt(self) -> str:
        return str(self._driver.base_prompt)

    def login_name(self, username: str) -> str:
        """The SSH user name netmiko logs in with (RouterOS appends `+ct511w4098h`: no colours,
        no terminal detection, a wide terminal)."""
        probe = copy.copy(_driver(self.device_type))
        probe._modify_connection_params()  # the hook netmiko calls just before connecting
        return str(probe.username).replace(_USER_MARK, username)

    def set_prompt(self, prompt: str) -> None:
        """Derive the base prompt from the prompt found, exactly as the driver would.

        The driver's set_base_prompt() asks find_prompt(), which would talk to the device; this
        copy answers with the prompt we already found. A prompt netmiko would reject (no known
        terminator) falls back to netmiko's generic rule: the prompt minus its last character.
        """
        driver = self._driver
        driver.find_prompt = lambda *args, **kwargs: prompt
        try:
            driver.set_base_prompt()
        except (ValueError, IndexError):
            driver.base_prompt = prompt[:-1] if len(prompt) > 1 else prompt
        finally:
            del driver.find_prompt

    def no_prompt(self) -> None:
        """Prompt-less consoles (MML): netmiko's base prompt stays empty."""
        self._driver.base_prompt = ""

    def clean(self, raw: str) -> str:
        """Line endings, then ANSI codes where this driver strips them (read_channel's order)."""
        text = str(self._driver.normalize_linefeeds(raw))
        if self.strips_ansi and "\x1b" in text:  # every code netmiko strips starts with ESC
            text = str(self._driver.strip_ansi_escape_codes(text))
        return text

    def answer(self, text: str, command: str, end_pattern: str, verify_echo: bool = True) -> str:
        """What send_command(command, cmd_verify=verify_echo) returns, prompt stripped, given
        the cleaned text read after sending `command` up to `end_pattern` (prompt or marker).

        The netmiko collector verifies the echo except on prompt-free consoles (MML), where
        the answer's header before the echoed command names the network element.
        """
        cmd = command.strip()
        at = text.find(cmd)
        if verify_echo and at > 0:  # command_echo_read: what preceded the echo is dropped
            text = text[at:]
        lines = text.split(self.enter)
        if "\x08" in lines[0]:  # _first_line_handler: a repainted echo line
            lines[0] = re.sub(end_pattern + r".*$", "", lines[0])
            text = self.enter.join(lines)
        text = str(self._driver.strip_command(cmd + self.enter, text))
        return str(self._driver.strip_prompt(text))
