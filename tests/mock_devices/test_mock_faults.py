"""Every fault does what an auditor must survive, and paging behaves like the real CLI."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from typing import Any

import asyncssh
import pytest
from mock_fleet_support import PASSWORD, raw_shell

from mock_devices import DeviceSpec, MockFleet

XE = ("cisco_xe", "17.9.3", "C9300-48P")


def _spec(
    name: str, faults: list[Any], platform: tuple[str, str, str] = XE, **kw: Any
) -> DeviceSpec:
    return DeviceSpec(
        name=name,
        platform=platform[0],
        hostname=name,
        version=platform[1],
        model=platform[2],
        serial="FOC0000X0AB",
        username="audit",
        password=PASSWORD,
        faults=tuple(faults),
        **kw,
    )


@pytest.fixture(scope="module")
def faulty() -> Iterator[MockFleet]:
    specs = [
        _spec("plain", []),
        _spec("hang-login", ["hang_after_login"]),
        _spec("hang-mid", ["hang_mid_output"]),
        _spec("drop-mid", [{"disconnect_mid_output": 10}]),
        _spec("slow", [{"slow_output": 0.01}]),
        _spec("sticky-paging", ["ignore_paging_disable"]),
        _spec("garbage", [{"garbage_output": 2048}]),
        _spec("huge", [{"huge_output": 2}]),
        _spec("odd-prompt", ["unexpected_prompt"]),
        _spec("new-key", ["changed_host_key"]),
        _spec("refused", ["refuse_connection"]),
        _spec("laggy", [], latency={"login": 0.3, "command": 0.2}),
        _spec("junos", [], platform=("juniper_junos", "23.4R2-S3", "mx204")),
        _spec("vrp", [], platform=("huawei", "V800R021C10SPC600", "NE40E-X8A")),
    ]
    with MockFleet(specs) as fleet:
        yield fleet


PROMPT = b"#"
NOPAGE = ("terminal length 0\n", b"#")
VERSION = "show version\n"


def test_plain_device_baseline(faulty: MockFleet) -> None:
    *_, out = raw_shell(faulty.ports["plain"], [("", PROMPT), NOPAGE, (VERSION, b"\r\nplain#")])
    assert out.startswith(b"show version\r\nCisco IOS XE Software")
    assert b"Configuration register is 0x102" in out


def test_hang_after_login_never_prints_a_prompt(faulty: MockFleet) -> None:
    (out,) = raw_shell(faulty.ports["hang-login"], [("\n", PROMPT)], timeout=1)
    assert out == b""


def test_hang_mid_output_stops_half_way(faulty: MockFleet) -> None:
    *_, out = raw_shell(
        faulty.ports["hang-mid"], [("", PROMPT), NOPAGE, (VERSION, PROMPT * 2)], timeout=1.5
    )
    assert b"Cisco IOS XE Software" in out
    assert b"Configuration register" not in out
    assert not out.rstrip().endswith(b"hang-mid#")


def test_disconnect_mid_output_drops_the_connection(faulty: MockFleet) -> None:
    *_, out = raw_shell(
        faulty.ports["drop-mid"], [("", PROMPT), NOPAGE, (VERSION, PROMPT * 2)], timeout=3
    )
    body = out.split(b"show version\r\n", 1)[1]
    assert body.count(b"\r\n") == 10  # exactly the configured lines, then EOF


def test_slow_output_takes_per_line_time(faulty: MockFleet) -> None:
    started = time.monotonic()
    *_, out = raw_shell(
        faulty.ports["slow"], [("", PROMPT), NOPAGE, (VERSION, b"\r\nslow#")], timeout=10
    )
    lines = out.count(b"\r\n")
    assert time.monotonic() - started >= 0.01 * (lines - 5)
    assert out.endswith(b"slow#")


def test_ignore_paging_disable_still_pages(faulty: MockFleet) -> None:
    *_, out = raw_shell(
        faulty.ports["sticky-paging"], [("", PROMPT), NOPAGE, (VERSION, b" --More-- ")]
    )
    assert out.endswith(b" --More-- ")


def test_garbage_output_is_binary(faulty: MockFleet) -> None:
    *_, out = raw_shell(faulty.ports["garbage"], [("", PROMPT), (VERSION, b"\r\ngarbage#")])
    with pytest.raises(UnicodeDecodeError):
        out.decode("utf-8")
    assert b"Cisco IOS" not in out


def test_huge_output_streams_megabytes(faulty: MockFleet) -> None:
    *_, out = raw_shell(
        faulty.ports["huge"], [("", PROMPT), NOPAGE, (VERSION, b"\r\nhuge#")], timeout=20
    )
    assert len(out) >= 2_000_000
    assert out.endswith(b"\r\nhuge#")


def test_unexpected_prompt(faulty: MockFleet) -> None:
    (out,) = raw_shell(faulty.ports["odd-prompt"], [("", b"$ ")])
    assert out.endswith(b"[audit@odd-prompt ~]$ ")


def test_changed_host_key_is_rejected_by_a_strict_client(faulty: MockFleet, tmp_path: Any) -> None:
    known = tmp_path / "known_hosts"
    known.write_text("\n".join(faulty.known_hosts()) + "\n")

    async def connect(name: str) -> None:
        async with asyncssh.connect(
            "127.0.0.1",
            faulty.ports[name],
            username="audit",
            password=PASSWORD,
            known_hosts=str(known),
        ):
            pass

    asyncio.run(connect("plain"))
    with pytest.raises(asyncssh.HostKeyNotVerifiable):
        asyncio.run(connect("new-key"))


def test_refuse_connection(faulty: MockFleet) -> None:
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", faulty.ports["refused"]), timeout=2).close()


def test_latency_delays_login_and_commands(faulty: MockFleet) -> None:
    started = time.monotonic()
    raw_shell(faulty.ports["laggy"], [("", PROMPT), NOPAGE, (VERSION, b"\r\nlaggy#")], timeout=5)
    assert time.monotonic() - started >= 0.5


@pytest.mark.parametrize(
    ("name", "setup", "command", "more", "last"),
    [
        ("plain", "", "show version", b" --More-- ", b"Configuration register is 0x102"),
        (
            "junos",
            "set cli screen-length 6\n",
            "show version",
            b"---(more)---",
            b"JUNOS Software Release [23.4R2-S3]",
        ),
        ("vrp", "", "display version", b"  ---- More ----", b"BootLoad    Version : 06.14"),
    ],
)
def test_paging_when_not_disabled(
    faulty: MockFleet, name: str, setup: str, command: str, more: bytes, last: bytes
) -> None:
    prompt = {"junos": b"> ", "vrp": b">"}.get(name, PROMPT)
    steps: list[tuple[str, bytes | tuple[bytes, ...]]] = [("", prompt)]
    if setup:
        steps.append((setup, prompt))
    steps.append((command + "\n", more))
    steps += [(" ", (more, prompt))] * 6
    outputs = raw_shell(
        faulty.ports[name], steps, timeout=2, stop_at=prompt, stop_from=len(steps) - 6
    )
    first = outputs[2 if setup else 1]
    assert first.endswith(more)
    assert first.count(b"\r\n") <= 24
    body = b"".join(outputs)
    assert last in body  # space showed the following pages up to the end
    assert body.endswith(prompt)


def test_q_at_more_prompt_aborts_output(faulty: MockFleet) -> None:
    _, first, rest = raw_shell(
        faulty.ports["plain"], [("", PROMPT), (VERSION, b" --More-- "), ("q", b"plain#")]
    )
    assert first.endswith(b" --More-- ")
    assert b"Configuration register" not in rest
    assert rest.endswith(b"plain#")
