"""Hostile input: no parser may raise anything but ParseError, or take unbounded time.

Inputs are generated here (nothing large is committed): binary garbage, a 50 MB answer,
escape sequences, CRLF and pager residue spliced into real-shaped fixtures, and a prompt
injected in the middle of an output (as happens when a session is shared or echo is on).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from auditor.errors import ParseError
from auditor.models import Facts
from auditor.platforms import Platform, all_platforms, get_platform

from .test_fixtures import CASES, load_case

PLATFORMS = all_platforms()
BUDGET_S = 3.0  # generous: a parse takes milliseconds; this only catches runaway regexes


def run(platform: Platform, text: str, extra: dict[str, str] | None = None) -> Facts | None:
    """Parse (version output `text`, other outputs `extra`), allowing only ParseError, in time."""
    started = time.perf_counter()
    try:
        return platform.parse({**(extra or {}), platform.version_command: text})
    except ParseError as exc:
        assert exc.message, "ParseError must say what was looked for"
        return None
    finally:
        elapsed = time.perf_counter() - started
        assert elapsed < BUDGET_S, f"{platform.device_type} took {elapsed:.1f}s"


def _garbage(size: int, seed: int) -> str:
    rng = random.Random(seed)
    return rng.randbytes(size).decode("latin-1")


HOSTILE: dict[str, Callable[[], str]] = {
    "empty": lambda: "",
    "whitespace": lambda: " \r\n\t\n" * 50,
    "binary": lambda: _garbage(300_000, 1),
    "binary-utf8-replacement": lambda: (
        _garbage(200_000, 2).encode("latin-1").decode("utf-8", "replace")
    ),
    "one-huge-line": lambda: "A" * 3_000_000,
    "huge-tokens": lambda: ("Version " + "9" * 50_000 + " uptime is ") * 40,
    "many-versions": lambda: "Version 1.0(1)\n" * 200_000,
    "brackets": lambda: "[" * 500_000 + "(" * 500_000,
    "escape-storm": lambda: "\x1b[" * 300_000 + "\x08" * 300_000,
    "prompt-only": lambda: "router1#\nrouter1#show version\nrouter1#\n",
    "mml-error": lambda: (
        "+++ X 2024-01-01 00:00:00\nO&M #1\n%%LST VER:;%%\nRETCODE = 1  Failed\n---    END"
    ),
    "xml-bomb-ish": lambda: "<a>" * 200_000 + "<version-number>" * 10,
    "json-deep": lambda: "{" + '"a":[' * 50_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("platform", PLATFORMS, ids=lambda p: p.device_type)
def test_hostile_input_only_raises_parse_error(platform: Platform, name: str) -> None:
    facts = run(platform, HOSTILE[name]())
    if facts is not None:
        assert facts.version and len(facts.version) < 200


@pytest.fixture(scope="module")
def filler_50mb() -> str:
    return ("garbage line that says nothing at all " * 3 + "\n") * 440_000


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_50mb_answer_keeps_the_head(case: Path, filler_50mb: str) -> None:
    assert len(filler_50mb) > 50_000_000
    outputs, expected = load_case(case)
    platform = get_platform(case.parent.name)
    text = outputs[platform.version_command] + "\n" + filler_50mb
    facts = run(platform, text, outputs)
    assert facts is not None and facts.version == expected["version"]
    assert any("truncated" in w for w in facts.warnings)


def _ansi_crlf(text: str) -> str:
    lines = text.split("\n")
    return "\r\n".join(
        f"\x1b[0m\x1b[32m{line}\x1b[0m\x1b[K" if i % 2 else line for i, line in enumerate(lines)
    )


def _pager(text: str) -> str:
    lines = text.split("\n")
    cut = max(1, len(lines) // 2)
    pager = " --More-- " + "\x08" * 10 + " " * 10 + "\x08" * 10
    huawei = "  ---- More ----\x1b[42D                                          \x1b[42D"
    return "\n".join(lines[:cut]) + "\n" + pager + huawei + "\n".join(lines[cut:])


def _prompt_mid(text: str) -> str:
    lines = text.split("\n")
    cut = max(1, len(lines) // 2)
    return "\n".join(lines[:cut] + ["intruder-rtr#", "intruder-rtr#show clock"] + lines[cut:])


def _nuls(text: str) -> str:
    return text.replace("\n", "\x00\n").replace(" ", " \x07", 3) + "\x00\x00\xff\xfe"


@pytest.mark.parametrize(
    "mangle", [_ansi_crlf, _pager, _prompt_mid, _nuls], ids=lambda f: f.__name__
)
@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_mangled_fixture_still_reads_the_version(case: Path, mangle: Callable[[str], str]) -> None:
    outputs, expected = load_case(case)
    platform = get_platform(case.parent.name)
    facts = run(platform, mangle(outputs[platform.version_command]), outputs)
    assert facts is not None and facts.version == expected["version"]
