"""Make raw terminal text safe to parse, and the small readers every parser shares.

Device output arrives as whatever an SSH channel delivered: ANSI colour and cursor codes,
CRLF or bare CR, `--More--` pagers with the backspaces that erase them, NUL padding, echoed
commands, prompts (sometimes in the middle, when a session is shared), and occasionally
megabytes of garbage. `clean` bounds and normalises all of that first, so that parsers can use
simple line-anchored regular expressions and still run in linear time on hostile input:

- the text is cut to `MAX_OUTPUT_CHARS` (head kept: version banners come first), and every line
  to `MAX_LINE_CHARS`, so no regex ever sees an unbounded line;
- escape sequences, control/binary characters and pager residue are removed, line endings
  become `\\n`, trailing blanks are dropped.

>>> clean("Ver\\x1b[1msion\\x1b[0m 1.0\\r\\n --More-- " + "\\x08" * 10 + "next\\x00")
'Version 1.0\\nnext'
>>> clean("a\\n  ---- More ----\\x1b[42D   \\x1b[42Db")
'a\\nb'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

MAX_OUTPUT_CHARS = 1_000_000
"""Real version outputs are < 300 kB even on big chassis; beyond this we keep the head."""
MAX_LINE_CHARS = 4_096
"""No real version line is this long; capping lines keeps every regex linear in practice."""

_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves (Huawei pager: ESC[42D)
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window titles
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS/SOS/PM/APC strings
    r"|\x1b[@-Z\\-_]"  # two-character escapes
    r"|\x1b[()][0-9A-Za-z]"  # charset selection
    r"|\x1b"  # a lone ESC left over
)
_PAGER = re.compile(
    r"[ \t]*(?:<-{2,}\s*More\s*-{2,}>"  # ASA: <--- More --->
    r"|-{2,}\s*\(?more(?:\s+\d+%)?\)?\s*-{2,}"  # --More--, ---- More ----, ---(more 42%)---
    r")[ \t]*",
    re.IGNORECASE,
)
_PAGER_LINE = re.compile(
    r"^\s*(?:-- \[Q quit\|D dump\|down\]"  # MikroTik
    r"|Press any key to continue(?: \(Q to quit\))?"  # SR OS
    r"|<--- More --->)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd\ud800-\udfff]")
_CRLF = re.compile(r"\r+\n")

# A prompt: optional SR OS `*A:` / IPOS `[ctx]` / Junos `user@`, a host token, an optional
# mode or VDOM in parentheses (`(config)`, FortiGate ` (root)`), then # > or $.
_PROMPT = re.compile(
    r"^\s*(?:\*?[AB]:)?(?:\[[^\]\s]{1,64}\])?(?:[\w.\-]{1,64}@)?"
    r"(?P<host>[A-Za-z0-9_][\w.\-/:]{0,63}?) ?(?:\([\w.\-:]{1,32}\))? ?[#>$]\s?(?P<cmd>.*)$"
)
# MikroTik: [user@identity] > command
_MIKROTIK_PROMPT = re.compile(
    r"^\s*\[(?:[\w.\-]{1,64}@)?(?P<host>[^\]\s]{1,64})\]\s*>\s?(?P<cmd>.*)$"
)
# Huawei / Comware / H3C: <host> or [host] / [~host] (VRP8 config modes), optional command.
_BRACKET_PROMPT = re.compile(
    r"^\s*(?:<(?P<a>[A-Za-z0-9_][\w.\-/:]{0,63})>|\[[~*]?(?P<b>[A-Za-z0-9_][\w.\-/:]{0,63})\])"
    r"\s?(?P<cmd>.*)$"
)
_COMMAND_WORD = re.compile(
    r"^(?:show|sh|display|dis|get|/\w|LST|DSP|more|terminal|screen-length)\b", re.I
)
_JUNOS_BANNER = re.compile(r"^\s*\{\w+(?::\d+)?\}\s*$")


def clean_with_notes(text: str | bytes | None) -> tuple[str, tuple[str, ...]]:
    """`clean`, plus human-readable notes on what was cut (for `Facts.warnings`)."""
    notes: list[str] = []
    if text is None:
        return "", ()
    if isinstance(text, bytes | bytearray):
        text = bytes(text[: MAX_OUTPUT_CHARS * 4]).decode("utf-8", errors="replace")
    elif not isinstance(text, str):
        text = str(text)
    if len(text) > MAX_OUTPUT_CHARS:
        head = text[:MAX_OUTPUT_CHARS]
        cut = head.rfind("\n", MAX_OUTPUT_CHARS - MAX_LINE_CHARS)
        notes.append(
            f"output truncated to its first {MAX_OUTPUT_CHARS:,} of {len(text):,} characters"
        )
        text = head[:cut] if cut > 0 else head
    text = _CRLF.sub("\n", text)
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    if "\x08" in text:
        text = "\n".join(_apply_backspaces(line) for line in text.split("\n"))
    text = text.replace("\r", "\n")
    if "ore" in text or "ORE" in text:
        text = _PAGER.sub("", text)
    text = _PAGER_LINE.sub("", text)
    before = len(text)
    text = _CONTROL.sub("", text)
    dropped = before - len(text)
    if dropped > max(16, before // 100):
        notes.append(f"dropped {dropped:,} control or non-text characters")
    out: list[str] = []
    long_lines = 0
    for line in text.split("\n"):
        if len(line) > MAX_LINE_CHARS:
            long_lines += 1
            line = line[:MAX_LINE_CHARS]
        out.append(line.rstrip())
    if long_lines:
        notes.append(f"{long_lines:,} over-long line(s) cut to {MAX_LINE_CHARS:,} characters")
    while out and not out[-1]:
        out.pop()
    while out and not out[0]:
        out.pop(0)
    return "\n".join(out), tuple(notes)


#: A line a config-backup tool wrote as a comment: Oxidized prefixes the command output it keeps
#: with `! ` (IOS, NX-OS, EOS, XR, ASA) or `# ` (Junos, VRP, Comware), RANCID with `!`.
_BACKUP_COMMENT = re.compile(r"^[!#] ?")
_BACKUP_MIN_LINES = 3


def uncomment_backup(text: str) -> str:
    """The output a config-backup tool stored as comments, with the comment marks removed.

    Oxidized and RANCID keep `show version` (or a digest of it) as comment lines in front of
    the configuration. A capture is taken for one when its first line is such a comment and
    a few more follow; live output never starts that way. Lines without the mark (the
    configuration) are kept as they are: parsers anchor on the version output's own lines.

    >>> uncomment_backup("! Cisco IOS Software, Version 15.2(7)E10\\n!\\n! Chassis type: X\\nend")
    'Cisco IOS Software, Version 15.2(7)E10\\n\\nChassis type: X\\nend'
    >>> uncomment_backup("Hostname: r1\\n# not a backup")
    'Hostname: r1\\n# not a backup'
    """
    lines = text.split("\n")
    first = next((line for line in lines if line.strip()), "")
    if not first.startswith(("!", "#")):
        return text
    if sum(1 for line in lines if _BACKUP_COMMENT.match(line)) < _BACKUP_MIN_LINES:
        return text
    return "\n".join(_BACKUP_COMMENT.sub("", line, count=1) for line in lines)


def clean(text: str | bytes | None) -> str:
    """Bounded, escape-free, `\\n`-separated text; see the module docstring for what is removed."""
    return clean_with_notes(text)[0]


def _apply_backspaces(line: str) -> str:
    """Apply BS as a terminal would (erase the previous character), in linear time."""
    if "\x08" not in line:
        return line
    kept: list[str] = []
    for char in line:
        if char == "\x08":
            if kept:
                kept.pop()
        else:
            kept.append(char)
    return "".join(kept)


def first_match(
    patterns: str | re.Pattern[str] | Iterable[str | re.Pattern[str]],
    text: str,
    group: int | str = 1,
    flags: int = re.MULTILINE,
) -> str | None:
    """The stripped `group` of the first pattern (in order of preference) that matches.

    >>> first_match([r"^Junos: (\\S+)", r"\\[(\\S+)\\]"], "JUNOS Base [9.3R4.4]")
    '9.3R4.4'
    """
    if isinstance(patterns, str | re.Pattern):
        patterns = [patterns]
    for pattern in patterns:
        compiled = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern, flags)
        match = compiled.search(text)
        if match and match.group(group):
            value = match.group(group).strip()
            if value:
                return value
    return None


def norm_key(key: str) -> str:
    """Lower-case, single-spaced, without list numbering (`2. MAB Version` -> `mab version`)."""
    key = re.sub(r"^\s*\d+\.\s*", "", key)
    return " ".join(key.split()).lower()


def key_values(text: str, separators: str = ":=") -> dict[str, str]:
    """`Name : Value` / `Name = Value` pairs, keys normalised by `norm_key`; first one wins.

    Only the first separator on a line splits it, so values may contain `:` (times, MACs).

    >>> key_values("Serial number:  JPE1\\n  Model  =  X1\\nSerial number: other")
    {'serial number': 'JPE1', 'model': 'X1'}
    """
    pattern = re.compile(
        rf"^\s*([^{re.escape(separators)}\n]{{1,80}}?)\s*[{re.escape(separators)}]\s*(.*)$"
    )
    pairs: dict[str, str] = {}
    for line in text.split("\n"):
        match = pattern.match(line)
        if not match:
            continue
        key = norm_key(match.group(1))
        if key and key not in pairs:
            pairs[key] = match.group(2).strip()
    return pairs


def pick(pairs: Mapping[str, str], *keys: str, skip: Iterable[str] = ()) -> str | None:
    """The first non-empty value among `keys`, ignoring placeholder values in `skip`."""
    blocked = {s.lower() for s in skip}
    for key in keys:
        value = pairs.get(key)
        if value and value.lower() not in blocked:
            return value
    return None


def _prompt(line: str) -> tuple[str, str] | None:
    """(host, command) if the line is a CLI prompt, possibly followed by a command."""
    if len(line) > 200:
        return None
    for pattern in (_MIKROTIK_PROMPT, _PROMPT):  # before <host>/[host]: `[local]host#` is IPOS
        match = pattern.match(line)
        if match:
            return match.group("host"), match.group("cmd").strip()
    match = _BRACKET_PROMPT.match(line)
    if match:
        return match.group("a") or match.group("b") or "", match.group("cmd").strip()
    return None


def is_prompt_line(line: str) -> bool:
    """A bare prompt, or a prompt followed by an echoed command."""
    if _JUNOS_BANNER.match(line):
        return True
    found = _prompt(line)
    if found is None:
        return False
    return not found[1] or bool(_COMMAND_WORD.match(found[1]))


def strip_prompts(text: str, command: str | None = None) -> str:
    """Drop prompt lines (anywhere: a shared session may inject them) and the echoed command.

    Lines that merely contain `#` or `>` are kept; only lines shaped like a prompt with no
    command, or with a command word after it, are removed.
    """
    kept: list[str] = []
    wanted = " ".join(command.split()).lower() if command else None
    for line in text.split("\n"):
        if is_prompt_line(line):
            continue
        if wanted and not kept and " ".join(line.split()).lower().endswith(wanted):
            continue
        kept.append(line)
    return "\n".join(kept)


def prompt_hostname(text: str, tail_lines: int = 4) -> str | None:
    """The host name in a prompt at the end (or start) of a capture, if there is one.

    >>> prompt_hostname("...\\nConfiguration register is 0x2102\\n\\nrtr-1#")
    'rtr-1'
    """
    lines = [line for line in text.split("\n") if line.strip()]
    candidates = lines[-tail_lines:][::-1] + lines[:2]
    for line in candidates:
        found = _prompt(line)
        if found and found[0] and (not found[1] or _COMMAND_WORD.match(found[1])):
            return found[0]
    return None


def echoed_command(text: str, command: str) -> bool:
    """Whether the capture starts with the command echoed back (with or without a prompt)."""
    for line in text.split("\n")[:3]:
        if line.strip():
            return " ".join(line.split()).lower().endswith(" ".join(command.split()).lower())
    return False
