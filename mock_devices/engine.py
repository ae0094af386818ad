"""The CLI state machine of one session: modes, command matching, errors, pipes.

Pure and synchronous (no I/O, no asyncio) so it can be tested line by line and so the SSH
layer only has to move bytes. Matching follows what network CLIs do: tokens may be abbreviated
to a unique prefix (``sh ver``), an unknown token gets a caret under it, a valid but unfinished
command is "incomplete", and ``| include``-style pipes filter the output.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mock_devices.profile import Command, Profile
from mock_devices.render import render

if TYPE_CHECKING:
    from mock_devices.fleet import DeviceSpec

_DEFAULT_ERRORS = {
    "invalid": "{{ caret }}\n% Invalid input detected at '^' marker.\n\n",
    "incomplete": "% Incomplete command.\n\n",
    "ambiguous": '% Ambiguous command:  "{{ line }}"\n',
}
_SESSION_VARS = ("seq", "now", "page_length", "mode")


@dataclass
class Reply:
    """What the session layer must do after a line: print ``text``, then maybe more."""

    text: str = ""
    kind: str = "setup"  # "show" replies are subject to output faults
    paged: bool = False  # subject to paging if paging is on
    ask_secret: bool = False  # next line is a password: do not echo, call submit_secret
    close: bool = False  # end the session after printing


def _token_level(typed: str, pattern: str, ci: bool, abbreviate: bool) -> int:
    """2 exact, 1 abbreviation, 0 no match."""
    if pattern == "<n>":
        return 2 if typed.isdigit() else 0
    if pattern in ("<word>", "<rest>"):
        return 2
    a, b = (typed.lower(), pattern.lower()) if ci else (typed, pattern)
    if a == b:
        return 2
    return 1 if abbreviate and b.startswith(a) else 0


def _token_offsets(line: str) -> list[int]:
    return [m.start() for m in re.finditer(r"\S+", line)]


class CliEngine:
    """One session's view of a device: current mode, paging state, and the command table."""

    def __init__(
        self,
        profile: Profile,
        spec: DeviceSpec,
        base_vars: dict[str, Any],
        cache: dict[str, str] | None = None,
    ) -> None:
        self.profile = profile
        self.spec = spec
        self.base_vars = base_vars
        self.cache = cache if cache is not None else {}
        self.mode = profile.start_mode
        if spec.enable_secret and profile.secret_start_mode:
            self.mode = profile.secret_start_mode
        self.page_length = profile.paging.lines
        self.seq = 0
        self.ignore_paging_disable = spec.fault("ignore_paging_disable") is not None
        fault = spec.fault("unexpected_prompt")
        self._prompt_override = render(str(fault.params["prompt"]), base_vars) if fault else None
        self._prompts: dict[str, str] = {}

    # -- prompts -------------------------------------------------------------------------
    def prompt(self) -> str:
        """The prompt for the current mode (rendered once per mode)."""
        if self._prompt_override is not None:
            return self._prompt_override
        if self.mode not in self._prompts:
            self._prompts[self.mode] = render(self.profile.modes[self.mode].prompt, self.base_vars)
        return self._prompts[self.mode]

    def variables(self, **extra: Any) -> dict[str, Any]:
        """Template variables: device facts plus live session state."""
        return {
            **self.base_vars,
            "seq": self.seq,
            "now": time.time(),
            "page_length": self.page_length,
            "mode": self.mode,
            **extra,
        }

    # -- matching ------------------------------------------------------------------------
    def _match(self, tokens: list[str], cmd: Command) -> tuple[int, int, bool]:
        """(tokens matched from the start, score, complete match)."""
        p = self.profile
        pattern = cmd.tokens
        rest = bool(pattern) and pattern[-1] == "<rest>"
        depth = score = 0
        for typed, pat in zip(tokens, pattern, strict=False):
            if pat == "<rest>":
                return len(tokens), score + 2, True
            level = _token_level(typed, pat, p.case_insensitive, p.abbreviate)
            if not level:
                break
            depth += 1
            score += level
        complete = depth == len(tokens) == len(pattern) or (
            rest and depth == len(pattern) - 1 == len(tokens)
        )
        return depth, score, complete

    def _lookup(self, tokens: list[str]) -> tuple[Command | None, str | None, int]:
        """Best command, or (None, error kind, offending token index)."""
        best: list[tuple[int, Command]] = []
        depth = 0
        for cmd in self.profile.commands:
            if self.mode not in cmd.modes or "|" in cmd.tokens:
                continue
            d, score, complete = self._match(tokens, cmd)
            depth = max(depth, d)
            if complete:
                best.append((score, cmd))
        if best:
            best.sort(key=lambda item: -item[0])
            top = best[0][0]
            winners = [c for s, c in best if s == top]
            if len(winners) == 1 or top == 2 * len(tokens):
                return winners[0], None, 0
            return None, "ambiguous", len(tokens) - 1
        if depth == len(tokens):
            return None, "incomplete", depth
        if depth == 0 and "unknown" in self.profile.errors:
            return None, "unknown", 0
        return None, "invalid", depth

    def error(self, kind: str, line: str, index: int) -> Reply:
        """The platform's own words for a rejected line, caret under the offending token."""
        offsets = _token_offsets(line) or [0]
        column = offsets[index] if index < len(offsets) else len(line) + 1
        indent = column + len(self.prompt().rsplit("\n", 1)[-1])
        source = self.profile.errors.get(kind) or _DEFAULT_ERRORS.get(
            kind, _DEFAULT_ERRORS["invalid"]
        )
        tokens = line.split()
        token = tokens[index] if index < len(tokens) else ""
        variables = self.variables(
            caret=" " * indent + "^",
            line=line.strip(),
            token=token,
            position=index + 1,
            column=column + 1,
        )
        return Reply(render(self.profile.template(source), variables), kind="error")

    def command_for(self, line: str) -> Command | None:
        """The command a line runs (abbreviations resolved, pipes ignored), or None.

        Structured front ends (eAPI JSON) use it to find the canonical pattern of what was
        typed: ``sh ver`` is ``show version``.
        """
        literal = self._literal_pipe(line)
        if literal is not None:
            return literal
        head = line.split("|", 1)[0] if self.profile.pipes else line
        return self._lookup(head.split())[0]

    # -- execution -----------------------------------------------------------------------
    def execute(self, line: str) -> Reply:
        """Run one typed line (without its line ending)."""
        self.seq += 1
        if not line.strip():
            return Reply()
        literal = self._literal_pipe(line)
        if literal is not None:  # e.g. NX-OS `show inventory | json`: its own rendering
            return self._run(literal, line.split())
        head, *pipe_parts = line.split("|") if self.profile.pipes else (line,)
        tokens = head.split()
        cmd, err, index = self._lookup(tokens)
        if cmd is None:
            return self.error(err or "invalid", line, index)
        filters: list[Callable[[str], str]] = []
        paged = cmd.kind == "show"
        consumed = len(head) + 1
        for part in pipe_parts:
            words = part.split()
            found = self._pipe(words)
            if found is None:
                return self.error("invalid", line, len(_token_offsets(line[:consumed])))
            if found == "none":
                paged = False
            else:
                filters.append(_make_filter(found, " ".join(words[1:])))
            consumed += len(part) + 1
        reply = self._run(cmd, tokens)
        for f in filters:
            reply.text = f(reply.text)
        reply.paged = reply.paged and paged
        return reply

    def _literal_pipe(self, line: str) -> Command | None:
        """A command whose pattern itself contains ``|`` (a structured rendering such as
        ``show inventory | json``), matched on the whole line before pipes are applied."""
        if "|" not in line:
            return None
        spaced = " | ".join(part.strip() for part in line.split("|"))
        tokens = spaced.split()
        for cmd in self.profile.commands:
            if "|" in cmd.tokens and self.mode in cmd.modes:
                _, _, complete = self._match(tokens, cmd)
                if complete:
                    return cmd
        return None

    def _pipe(self, words: list[str]) -> str | None:
        if not words:
            return None
        hits = [k for w, k in self.profile.pipes.items() if w == words[0]]
        hits = hits or [k for w, k in self.profile.pipes.items() if w.startswith(words[0])]
        return hits[0] if len(set(hits)) == 1 else None

    def _render_output(self, cmd: Command, tokens: list[str]) -> str:
        if not cmd.output:
            return ""
        source = self.profile.template(cmd.output)
        static = not any(v in source for v in _SESSION_VARS) and "args" not in source
        if static and cmd.pattern in self.cache:
            return self.cache[cmd.pattern]
        text = render(source, self.variables(args=tokens))
        if static:
            self.cache[cmd.pattern] = text
        return text

    def _run(self, cmd: Command, tokens: list[str]) -> Reply:
        if cmd.page_length is not None and not self.ignore_paging_disable:
            if cmd.page_length == "arg":
                numbers = [int(t) for t in tokens if t.isdigit()]
                self.page_length = numbers[0] if numbers else self.page_length
            else:
                self.page_length = int(cmd.page_length)
        text = self._render_output(cmd, tokens)
        if cmd.action == "enable":
            enable = self.profile.enable
            if enable is None or self.mode == enable.to_mode or not self.spec.enable_secret:
                self.mode = enable.to_mode if enable else self.mode
                return Reply(text)
            return Reply(text + enable.prompt, ask_secret=True)
        if cmd.action == "close":
            return Reply(text, close=True)
        if cmd.action == "exit":
            parent = self.profile.modes[self.mode].parent
            if parent is None:
                return Reply(text, close=True)
            self.mode = parent
        if cmd.to_mode:
            self.mode = cmd.to_mode
        return Reply(text, kind=cmd.kind, paged=True)

    def submit_secret(self, secret: str) -> Reply:
        """Answer to the enable ``Password:`` prompt."""
        enable = self.profile.enable
        assert enable is not None
        if secret == self.spec.enable_secret:
            self.mode = enable.to_mode
            return Reply()
        return Reply(render(enable.denied, self.variables()))


def _make_filter(kind: str, arg: str) -> Callable[[str], str]:
    """Build an output filter the way Cisco/Junos/Huawei pipes behave (regex, line based)."""
    try:
        rx = re.compile(arg)
    except re.error:
        rx = re.compile(re.escape(arg))

    def apply(text: str) -> str:
        lines = text.splitlines()
        if kind == "include":
            kept = [ln for ln in lines if rx.search(ln)]
        elif kind == "exclude":
            kept = [ln for ln in lines if not rx.search(ln)]
        elif kind == "begin":
            start = next((i for i, ln in enumerate(lines) if rx.search(ln)), len(lines))
            kept = lines[start:]
        else:  # count
            kept = [f"Count: {len(lines)} lines"]
        return "\n".join(kept) + ("\n" if kept else "")

    return apply
