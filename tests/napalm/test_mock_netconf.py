"""The mock NETCONF server as a Junos box presents it: framing, errors, escaping, fallbacks."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import asyncssh
import pytest
from jnpr.junos import Device as JunosDevice
from lxml import etree
from napalm_support import PASSWORD, spec
from ncclient import manager
from ncclient.operations.rpc import RPCError

from mock_devices import MockFleet

HELLO_11 = (
    b'<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities>'
    b"<capability>urn:ietf:params:netconf:base:1.0</capability>"
    b"<capability>urn:ietf:params:netconf:base:1.1</capability>"
    b"</capabilities></hello>]]>]]>"
)
RPC = b'<rpc message-id="m-7" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><get-software-information/></rpc>'


@pytest.fixture(scope="module")
def fleet() -> Iterator[MockFleet]:
    specs = [
        spec("junos"),
        spec("junos11"),
        spec("xe"),
        spec("junos", name="odd", hostname="lab&<core>", model='mx"204'),
    ]
    with MockFleet(specs, host="127.0.0.1") as running:
        yield running


def connect(fleet: MockFleet, name: str) -> manager.Manager:
    return manager.connect(
        host="127.0.0.1",
        port=fleet.ports[name],
        username="audit",
        password=PASSWORD,
        hostkey_verify=False,
        look_for_keys=False,
        allow_agent=False,
        device_params={"name": "junos"},
        timeout=10,
    )


def test_unknown_rpcs_and_writes_are_refused_like_junos(fleet: MockFleet) -> None:
    fleet.clear_command_log("junos")
    with connect(fleet, "junos") as m:
        with pytest.raises(RPCError) as unknown:
            m.rpc(etree.fromstring("<get-frobnicator-information/>"))
        with pytest.raises(RPCError) as lock:
            m.lock("candidate")
        reply = m.rpc(etree.fromstring("<get-chassis-inventory/>"))
    assert unknown.value.message.strip() == "syntax error"
    assert unknown.value.info and "get-frobnicator-information" in unknown.value.info
    assert lock.value.message.strip() == "permission denied"
    assert lock.value.tag == "access-denied"
    assert reply.xpath("//serial-number")[0].text == spec("junos").serial
    log = fleet.command_log("junos")
    assert log == [
        "rpc:get-frobnicator-information",
        "rpc:lock",
        "rpc:get-chassis-inventory",
        "rpc:close-session",
    ]


def test_command_rpc_in_text_and_xml(fleet: MockFleet) -> None:
    with connect(fleet, "junos") as m:
        text = m.command("show version", format="text")
        xml = m.command("show chassis hardware", format="xml")
        with pytest.raises(RPCError) as bad:
            m.command("show frobnicator", format="text")
    assert "Junos: 23.4R2-S3" in text.xpath("//output")[0].text
    assert xml.xpath("//chassis/serial-number")[0].text == spec("junos").serial
    assert "syntax error" in bad.value.message


def _raw_exchange(
    port: int, *, subsystem: str | None, command: str | None = None, chunked: bool = False
) -> bytes:
    """Hello (offering base:1.1), then one RPC in the given framing; hello + b"|" + reply."""

    async def run() -> bytes:
        async with asyncssh.connect(
            "127.0.0.1", port, username="audit", password=PASSWORD, known_hosts=None
        ) as conn:
            process = await conn.create_process(
                command, subsystem=subsystem, encoding=None, term_type=None
            )
            hello = await process.stdout.readuntil(b"]]>]]>")
            process.stdin.write(HELLO_11)
            if chunked:
                process.stdin.write(b"\n#%d\n" % len(RPC) + RPC + b"\n##\n")
            else:
                process.stdin.write(RPC + b"]]>]]>")
            reply = b""
            while not reply.endswith((b"]]>]]>", b"\n##\n")):
                chunk = await asyncio.wait_for(process.stdout.read(65536), 10)
                if not chunk:
                    break
                reply += chunk
            process.close()
            return hello + b"|" + reply

    return asyncio.run(run())


def test_chunked_framing_when_both_sides_offer_base_1_1(fleet: MockFleet) -> None:
    data = _raw_exchange(fleet.ports["junos11"], subsystem="netconf", chunked=True)
    hello, reply = data.split(b"|", 1)
    assert b"urn:ietf:params:netconf:base:1.1" in hello
    assert reply.startswith(b"\n#") and reply.rstrip(b"\n").endswith(b"##")
    assert b'message-id="m-7"' in reply and b"<junos-version>22.4R3-S2<" in reply


def test_end_of_message_framing_when_the_device_offers_only_1_0(fleet: MockFleet) -> None:
    data = _raw_exchange(fleet.ports["junos"], subsystem="netconf")
    hello, reply = data.split(b"|", 1)
    assert b"base:1.1" not in hello
    assert reply.endswith(b"]]>]]>") and not reply.startswith(b"\n#")
    assert b'message-id="m-7"' in reply and b"<junos-version>23.4R2-S3<" in reply


def test_junos_exec_fallback_speaks_netconf(fleet: MockFleet) -> None:
    hello = _raw_exchange(
        fleet.ports["junos"], subsystem=None, command="xml-mode netconf need-trailer"
    )
    assert hello.startswith(b"<!-- No zombies")


def test_a_box_without_netconf_closes_the_subsystem(fleet: MockFleet) -> None:
    async def run() -> int | None:
        async with asyncssh.connect(
            "127.0.0.1", fleet.ports["xe"], username="audit", password=PASSWORD, known_hosts=None
        ) as conn:
            process = await conn.create_process(subsystem="netconf", encoding=None)
            result = await asyncio.wait_for(process.wait(), 10)
            return result.exit_status

    assert asyncio.run(run()) == 1


def test_device_strings_are_escaped_in_xml(fleet: MockFleet) -> None:
    dev = JunosDevice(
        host="127.0.0.1", user="audit", passwd=PASSWORD, port=fleet.ports["odd"], gather_facts=False
    )
    dev.open()
    try:
        assert dev.facts["hostname"] == "lab&<core>"
        assert dev.facts["model"] == 'MX"204'
    finally:
        dev.close()
