"""The shared parsing helpers: cleaning, prompts, key-values, MML frames, the TextFSM wrapper."""

from __future__ import annotations

import doctest
from collections.abc import Mapping

import pytest

import auditor.parse.ios
import auditor.parse.mml
import auditor.parse.text
from auditor.errors import ParseError
from auditor.models import Facts
from auditor.parse.common import Draft, guarded
from auditor.parse.mml import find_report, parse_reports, require_success
from auditor.parse.text import (
    MAX_LINE_CHARS,
    MAX_OUTPUT_CHARS,
    clean,
    clean_with_notes,
    key_values,
    prompt_hostname,
    strip_prompts,
)
from auditor.parse.textfsm import run_template


@pytest.mark.parametrize("module", [auditor.parse.text, auditor.parse.mml, auditor.parse.ios])
def test_docstring_examples(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.failed == 0


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("a\r\nb\rc\r\r\nd", "a\nb\nc\nd"),
        ("\x1b[1;32mgreen\x1b[0m \x1b]0;title\x07x", "green x"),
        ("ab\x00c\x07d\x7f", "abcd"),
        ("line\n --More-- " + "\x08" * 10 + " " * 10 + "\x08" * 10 + "next", "line\nnext"),
        ("x\n  ---- More ----\x1b[42D                                          \x1b[42Dy", "x\ny"),
        ("<--- More --->\nz", "z"),
        ("a ---(more 42%)--- b", "ab"),
        ("\n\n  keep trailing   \n\n", "  keep trailing"),
        (b"bytes \xff ok", "bytes  ok"),
        (None, ""),
    ],
)
def test_clean(raw: str | bytes | None, want: str) -> None:
    assert clean(raw) == want


def test_clean_bounds_size_and_lines() -> None:
    text, notes = clean_with_notes("head\n" + "x" * (MAX_OUTPUT_CHARS * 3))
    assert text.startswith("head") and len(text) <= MAX_OUTPUT_CHARS
    assert any("truncated" in n for n in notes)
    text, notes = clean_with_notes("y" * (MAX_LINE_CHARS + 10))
    assert len(text) == MAX_LINE_CHARS and any("over-long" in n for n in notes)


def test_clean_notes_binary() -> None:
    _, notes = clean_with_notes(bytes(range(256)).decode("latin-1") * 10)
    assert any("control" in n for n in notes)


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("x\nrtr-1#", "rtr-1"),
        ("x\nrtr-1(config)#", "rtr-1"),
        ("user@mx-1> show version\nHostname: a", "mx-1"),
        ("x\n<HUAWEI-01>", "HUAWEI-01"),
        ("x\n[~CE-2]", "CE-2"),
        ("x\n[local]r6k-1#", "r6k-1"),
        ("x\nA:sr-1#", "sr-1"),
        ("x\n*A:admin@sr-2# ", "sr-2"),
        ("x\nfw-1 (root) # ", "fw-1"),
        ("x\n[admin@MikroTik] > ", "MikroTik"),
        ("no prompt here\nModel: mx240", None),
        ("x\n[/]", None),
    ],
)
def test_prompt_hostname(text: str, host: str | None) -> None:
    assert prompt_hostname(text) == host


def test_strip_prompts_keeps_content() -> None:
    text = "r1#show version\nVersion 1 # not a prompt\nr1#\n{master:0}\nr1#show clock\nModel: x"
    assert strip_prompts(text) == "Version 1 # not a prompt\nModel: x"
    assert strip_prompts("show version\nbody", "show version") == "body"


def test_key_values() -> None:
    pairs = key_values("  1. PCB  Version : X1\nSerial-Number: FG1\nTime: 10:11:12\nbad line")
    assert pairs == {"pcb version": "X1", "serial-number": "FG1", "time": "10:11:12"}


def test_guarded_turns_bugs_into_parse_error() -> None:
    @guarded("test-os")
    def broken(outputs: Mapping[str, str]) -> Facts:
        raise ZeroDivisionError("boom")

    with pytest.raises(ParseError, match="test-os.*ZeroDivisionError"):
        broken({})


def test_draft_without_version_says_what_was_looked_for() -> None:
    with pytest.raises(ParseError, match="looked for 'X: n'"):
        Draft(vendor="V", os="o").finish("'X: n'")


def test_draft_placeholders_are_none() -> None:
    draft = Draft(vendor="V", os="o", version="1")
    draft.fill(serial="unknown", model="N/A", hostname=" h1 ")
    facts = draft.finish("x")
    assert (facts.serial, facts.model, facts.hostname) == (None, None, "h1")
    assert "serial not found" in facts.warnings


MML = """+++    RNC_07        2024-01-02 03:04:05
O&M    #77
%%DSP BRDVER: SRN=1;%%
RETCODE = 0  Operation succeeded.

Board version
-------------
Subrack No.  Slot No.  Board Type  Software Version
1            0         SPUb        V900R015C10SPC200
1            2         GCUa
(Number of results = 2)

---    To be continued

+++    RNC_07        2024-01-02 03:04:05
O&M    #77
%%DSP BRDVER: SRN=1;%%
RETCODE = 0  Operation succeeded.

  Subrack No  =  1
     Slot No  =  8
  Board Type  =  DPUe
   Extra     =  ignored = fine
(Number of results = 1)

---    END
"""


def test_mml_tables_blocks_and_continuations() -> None:
    reports = parse_reports(MML)
    assert [r.command for r in reports] == ["DSP BRDVER: SRN=1;"] * 2
    first, second = reports
    assert (first.ne, first.timestamp, first.sequence, first.result_count) == (
        "RNC_07",
        "2024-01-02 03:04:05",
        77,
        2,
    )
    assert first.sections[0].title == "Board version"
    rows = first.records()
    assert rows[0]["software version"] == "V900R015C10SPC200"
    assert rows[1] == {
        "subrack no.": "1",
        "slot no.": "2",
        "board type": "GCUa",
        "software version": "",
    }
    assert second.records() == [
        {"subrack no": "1", "slot no": "8", "board type": "DPUe", "extra": "ignored = fine"}
    ]
    assert find_report(reports, "DSP BRDVER:;") is first


def test_mml_error_retcode() -> None:
    (report,) = parse_reports("%%LST VER:;%%\nRETCODE = 5  Busy, retry later\n---    END")
    assert not report.ok
    with pytest.raises(ParseError, match=r"LST VER:; failed .*RETCODE = 5 Busy, retry later"):
        require_success(report, "LST VER:;")


def test_mml_ignores_unframed_text() -> None:
    assert parse_reports("just text\nName = Value") == []


def test_textfsm_wrapper_never_raises() -> None:
    warnings: list[str] = []
    rows = run_template("juniper_junos", "show version", "user@r1> show version\nx", warnings)
    assert rows == [] and warnings and "failed" in warnings[0]
    warnings.clear()
    assert run_template("no_such_platform", "show nothing", "x", warnings) == []
    assert warnings
    ok = run_template("paloalto_panos", "show system info", "hostname: a\nsw-version: 1.2.3\n", [])
    assert ok and ok[0]["os"] == "1.2.3"
