"""How the netmiko collector names a failure, and how it removes pager prompts.

The real faults are proven end to end in tests/e2e/test_faults.py; these cover what a loopback
mock cannot produce (a TCP connect that times out) and the wording rules: the cause, the place
(login or which command), what the device last printed, and never a password.
"""

from __future__ import annotations

import re

import pytest
from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException, ReadTimeout

from auditor.collect.netmiko_cli import classify, unpage
from auditor.models import Cause
from mock_devices.profile import known_platforms, load_profile

PASSWORD = "Very-Secret-9"


def _raised_from(outer: BaseException, inner: BaseException) -> BaseException:
    """`outer` raised while handling `inner`, as netmiko wraps paramiko and socket errors."""
    try:
        try:
            raise inner
        except BaseException:
            raise outer  # noqa: B904 - the implicit context is the point
    except BaseException as exc:
        return exc


def test_a_tcp_connect_timeout_is_unreachable() -> None:
    exc = _raised_from(
        NetmikoTimeoutException("TCP connection to device failed.\n\nCommon causes..."),
        TimeoutError("timed out"),
    )
    message, cause = classify(exc)
    assert cause == Cause.UNREACHABLE.value
    assert "no answer to the TCP connection" in message


def test_a_refused_password_is_auth_and_never_quoted() -> None:
    exc = NetmikoAuthenticationException(f"Authentication to device failed. pw={PASSWORD}")
    message, cause = classify(exc, (PASSWORD,))
    assert cause == Cause.AUTH.value
    assert PASSWORD not in message


def test_a_silent_login_is_a_timeout_an_odd_prompt_is_protocol() -> None:
    silent = classify(ReadTimeout("Pattern not detected"), seconds=2)
    assert silent == ("logged in, but the device showed no prompt within 2 s", "timeout")
    odd = classify(ReadTimeout("Pattern not detected"), heard="Welcome\n[audit@box ~]$ ")
    assert odd[1] == Cause.PROTOCOL.value
    assert "'[audit@box ~]$'" in odd[0]


def test_an_answer_cut_short_is_a_timeout_or_a_disconnect() -> None:
    heard = f"Cisco IOS XE Software\nuser {PASSWORD} said \x1b[7mhi\x00\n"
    hung = classify(ReadTimeout("x"), (PASSWORD,), command="show version", heard=heard)
    dropped = classify(
        ReadTimeout("x"), (PASSWORD,), command="show version", heard=heard, closed=True
    )
    assert hung[1] == Cause.TIMEOUT.value and dropped[1] == Cause.DISCONNECTED.value
    for message, _ in (hung, dropped):
        assert "'show version'" in message
        assert PASSWORD not in message
        assert re.fullmatch(r"[ -~]+", message), message  # device bytes quoted, not replayed
    assert "nothing was received" in classify(ReadTimeout("x"), command="show version")[0]


def test_anything_else_is_a_protocol_problem_with_its_name() -> None:
    message, cause = classify(RuntimeError(f"odd {PASSWORD}"), (PASSWORD,))
    assert cause == Cause.PROTOCOL.value
    assert message == "RuntimeError: odd ***"


PAGED = [p for p in known_platforms() if load_profile(p).paging.lines > 0]


@pytest.mark.parametrize("platform", PAGED)
@pytest.mark.parametrize("ansi", ["kept", "stripped"])
def test_unpage_removes_every_profiles_pager(platform: str, ansi: str) -> None:
    paging = load_profile(platform).paging
    raw = "Line one\r\n" + paging.more + paging.erase + "  Line two\r\nLast\r\n"
    text = re.sub("\r\n|\r", "\n", raw)  # what netmiko's read_channel hands over
    if ansi == "stripped":  # the drivers that strip ANSI codes
        text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)
    assert unpage(text) == "Line one\n  Line two\nLast\n"


def test_unpage_leaves_prose_about_more_alone() -> None:
    text = "For more details, see the documentation\nShow more -- or less\n"
    assert unpage(text) == text
