"""The scaffolding every platform parser shares: cleaned inputs in, `Facts` or `ParseError` out.

Two promises are kept here rather than in each parser, so that a new platform cannot break them:

- `Draft.finish` is the only place a `Facts` is built; with no version it raises `ParseError`
  saying what was looked for, and everything partial goes into `Facts.warnings`.
- `guarded` wraps a parser so that nothing but `ParseError` ever escapes it: a parser bug on a
  strange output becomes a per-device "unparseable" result, never a crashed audit run.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from auditor.errors import ParseError
from auditor.models import Facts, Module
from auditor.parse.text import clean_with_notes, uncomment_backup

PLACEHOLDERS = frozenset({"", "unknown", "n/a", "na", "none", "null", "-", "--", "not available"})


@dataclass
class Inputs:
    """Cleaned outputs: `main` is the version command's text, `extra` the other commands'."""

    main: str
    extra: dict[str, str]
    warnings: list[str]

    def get(self, command: str) -> str:
        return self.extra.get(command, "")


def read_inputs(outputs: Mapping[str, str], commands: tuple[str, ...]) -> Inputs:
    """Clean every output; fall back to any given output when the version command is missing.

    Offline use (`auditor parse`, saved captures) may key the text under a slightly different
    spelling of the command; the parser still reads it rather than failing on a dict lookup.
    A config-backup file (the version output kept as `!`/`#` comments) is read through its
    comments (`uncomment_backup`).
    """
    warnings: list[str] = []
    raw_main = outputs.get(commands[0]) if commands else None
    if not raw_main:
        for key, value in outputs.items():
            if value and key not in commands[1:]:
                raw_main = value
                warnings.append(f"no output for {commands[0]!r}; parsed the output of {key!r}")
                break
    main, notes = clean_with_notes(raw_main)
    main = uncomment_backup(main)  # a capture from Oxidized or RANCID: the output is comments
    warnings.extend(notes)
    extra: dict[str, str] = {}
    for command in commands[1:]:
        if outputs.get(command):
            text, notes = clean_with_notes(outputs[command])
            extra[command] = text
            warnings.extend(f"{command}: {note}" for note in notes)
    return Inputs(main=main, extra=extra, warnings=warnings)


def value(text: str | None) -> str | None:
    """A field value, or None for empty and placeholder values (`unknown`, `N/A`...)."""
    if text is None:
        return None
    text = text.strip()
    return None if text.lower() in PLACEHOLDERS else text


@dataclass
class Draft:
    """Facts under construction; fields stay None until a parser finds them."""

    vendor: str
    os: str
    version: str | None = None
    model: str | None = None
    hostname: str | None = None
    serial: str | None = None
    modules: list[Module] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def fill(self, **fields: str | None) -> None:
        """Set fields that are still empty (earlier, more trusted sources win)."""
        for name, new in fields.items():
            if getattr(self, name) is None:
                setattr(self, name, value(new))

    def finish(self, looked_for: str) -> Facts:
        """The `Facts`, or `ParseError` naming what was looked for when there is no version."""
        if not self.version:
            raise ParseError(f"no {self.os} version found: looked for {looked_for}")
        for name in ("model", "serial"):
            if getattr(self, name) is None:
                self.warnings.append(f"{name} not found")
        return Facts(
            vendor=self.vendor,
            os=self.os,
            version=self.version,
            model=self.model,
            hostname=self.hostname,
            serial=self.serial,
            modules=tuple(self.modules),
            warnings=tuple(dict.fromkeys(self.warnings)),
        )


ParserFn = Callable[[Mapping[str, str]], Facts]


def guarded(os: str) -> Callable[[ParserFn], ParserFn]:
    """Decorator: let `ParseError` through, turn any other exception into one."""

    def wrap(parse: ParserFn) -> ParserFn:
        @functools.wraps(parse)
        def safe(outputs: Mapping[str, str]) -> Facts:
            try:
                return parse(outputs)
            except ParseError:
                raise
            except Exception as exc:  # noqa: BLE001 - the promise is "only ParseError escapes"
                raise ParseError(
                    f"could not parse {os} output ({type(exc).__name__}: {str(exc)[:200]})",
                    tip="please report this output; the parser should have handled it",
                ) from exc

        return safe

    return wrap
