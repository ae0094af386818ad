"""What a CLI prompt says: the device's host name, read from the prompt it showed.

IOS XR, VRP, Comware, ZXROS and IPOS print their host name in none of the allow-listed
outputs; only the prompt carries it (`RP/0/RSP0/CPU0:pe1#`, `<ne40-lon>`, `<h3c-sw1>`,
`zte-c600#`, `[local]ipos1#`), and the collectors strip the prompt from every answer. So they
keep it beside the answer (`Collection.prompt`, made safe by `clean_prompt`), and the audit
reads the host name from it (`hostname_from_prompt`) when the parser found none in the output.

A prompt is device text, hence untrusted: it is kept to `MAX_PROMPT_CHARS` with escape and
control characters removed, and read strictly: what comes back looks like a host name (letters,
digits, `_ . -`) or is None, never a piece of whatever the device printed.

>>> hostname_from_prompt("RP/0/RSP0/CPU0:pe1#")
'pe1'
>>> hostname_from_prompt("[local]ipos1(config)#")
'ipos1'
>>> hostname_from_prompt("[audit@bastion ~]$") is None
True
"""

from __future__ import annotations

import re

from auditor.parse.text import clean

MAX_PROMPT_CHARS = 256
"""A real prompt is a host name (at most 253 characters, an FQDN's limit) and some marks."""

#: What a host name looks like here: ASCII letters, digits, `_ . -`, starting with a letter or
#: digit (RFC 1123 plus the underscores network gear allows: `BSC_WEST_1`).
_NAME = r"[A-Za-z0-9][A-Za-z0-9_.-]{0,252}"
_HOST = rf"(?P<host>{_NAME})"
_USER = r"(?:[A-Za-z0-9_.-]{1,64}@)?"  # Junos, PAN-OS, SR OS MD-CLI, MikroTik: `user@host`

#: Cisco-like: `host#`, `host>`, `host(config)#`, `host (root) #`, `user@host> `, with the
#: prefixes some families put in front of the host name:
_CLI = re.compile(
    r"(?:\*?[AB]:)?"  # SR OS: the active/standby CPM (`*`: unsaved configuration)
    r"(?:\[[A-Za-z0-9_.-]{1,64}\])?"  # IPOS / SEOS: the context, `[local]`
    r"(?:[A-Z]{1,4}/\d{1,3}/[A-Za-z0-9]{1,8}/CPU\d{1,2}:)?"  # IOS XR: node, `RP/0/RSP0/CPU0:`
    + _USER
    + _HOST
    + r" ?(?:\([A-Za-z0-9_.:/-]{1,64}\))?"  # a mode, VDOM or HA state: `(config)`, `(active)`
    r"(?:>[A-Za-z0-9_-]{1,32}){0,16}"  # SR OS classic CLI's context: `>config>router`
    r" ?[#>$%]",
    re.ASCII,
)
#: VRP / Comware: `<host>` (user view) or `[host]`, `[~host]`, `[*host]` (system view, VRP8
#: two-stage commit), after a firewall's HA state (Huawei USG `HRP_M`, H3C `RBM_P`); MikroTik:
#: `[user@host] >`.
_BRACKETS = re.compile(
    r"(?:(?:HRP|RBM)_[A-Z])?"
    rf"(?:<(?P<angled>{_NAME})>"
    r"|\[[~*]?" + _USER + _HOST + r"\](?: ?>)?)",
    re.ASCII,
)

_HOST_ONLY = re.compile(_NAME, re.ASCII)
#: A Unix shell's own prompt (`bash-4.2#`, `sh-5.1$`): the session is not in the device's CLI.
_SHELL = re.compile(r"(?:ba|da|k|z|tc)?sh(?:-\d+\.\d+)?", re.ASCII)


def looks_like_hostname(text: str) -> bool:
    """Letters, digits, `_ . -` (starting with a letter or digit), at most 253 characters.

    >>> [looks_like_hostname(t) for t in ("pe-1.lab", "<b>", "a b", "")]
    [True, False, False, False]
    """
    return _HOST_ONLY.fullmatch(text) is not None


def clean_prompt(raw: str | None) -> str | None:
    """The prompt as it may be kept: its last line, without escape or control characters,
    at most `MAX_PROMPT_CHARS` long; None when nothing printable is left.

    >>> clean_prompt("\\x1b[1mcore-1\\x07#\\x1b[0m ")
    'core-1#'
    >>> len(clean_prompt("x" * 10_000 + "#"))
    256
    """
    if not raw:
        return None
    text = clean(raw[-(MAX_PROMPT_CHARS * 16) :])
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return lines[-1][:MAX_PROMPT_CHARS] if lines else None


def hostname_from_prompt(prompt: str | None) -> str | None:
    """The host name a CLI prompt shows, or None when it shows none (`>`, a shell, garbage).

    The terminator (`#`, `>`, `$`, `%`, or the closing bracket) with its optional space, the
    brackets of `<host>` / `[host]`, a mode in parentheses and the known prefixes (IOS XR's
    node, IPOS' context, SR OS' CPM, `user@`) are removed; the rest must be a host name, and
    not a Unix shell's (`bash-4.2#`).

    >>> [hostname_from_prompt(p) for p in ("<ne40-lon>", "[~h3c-sw1]", "A:pe-2# ", ">")]
    ['ne40-lon', 'h3c-sw1', 'pe-2', None]
    """
    prompt = clean_prompt(prompt)
    if prompt is None:
        return None
    match = _BRACKETS.fullmatch(prompt)
    if match:
        return match.group("angled") or match.group("host")
    match = _CLI.fullmatch(prompt)
    if match is None or _SHELL.fullmatch(match.group("host")):
        return None
    return match.group("host")
