"""Platform behaviour as data: one YAML file per netmiko ``device_type`` under ``profiles/``.

A profile says what the CLI looks like (prompts per mode, banner, paging prompt, error texts)
and what it understands (commands, with the modes they are valid in, their output template and
their effect on the session). Adding a platform is adding a file; the engine has no
vendor ``if``\\ s. See ``profiles/cisco_ios.yaml`` for a commented example.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

PROFILE_DIR = Path(__file__).parent / "profiles"
ACTIONS = ("none", "enable", "exit", "close")


class ProfileError(ValueError):
    """A profile file is malformed; the message names the file and the key."""


@dataclass(frozen=True)
class Mode:
    """A CLI mode: its prompt template and the mode ``exit`` returns to (None: logout)."""

    name: str
    prompt: str
    parent: str | None = None


@dataclass(frozen=True)
class Command:
    """One command the device understands.

    ``tokens`` is the pattern split on blanks; ``<n>`` matches a number, ``<word>`` any token
    and a final ``<rest>`` the remainder of the line. ``page_length`` is ``"arg"`` (take the
    number typed), an int, or None (no effect on paging).
    """

    pattern: str
    tokens: tuple[str, ...]
    modes: frozenset[str]
    output: str = ""
    to_mode: str | None = None
    action: str = "none"
    page_length: int | str | None = None
    kind: str = "setup"


@dataclass(frozen=True)
class Paging:
    """How the device pages long output when paging is on (lines == 0: never)."""

    lines: int = 24
    more: str = " --More-- "
    erase: str = ""


@dataclass(frozen=True)
class Enable:
    """Privilege escalation: ``command`` in ``from_mode`` asks ``prompt`` then enters ``to``."""

    command: str
    from_mode: str
    to_mode: str
    prompt: str = "Password: "
    denied: str = "% Access denied\n"


@dataclass(frozen=True)
class Profile:
    """Everything platform-specific about a mock device, loaded from one YAML file."""

    platform: str
    vendor: str
    ssh_version: str
    modes: dict[str, Mode]
    start_mode: str
    commands: tuple[Command, ...]
    templates: dict[str, str]
    errors: dict[str, str]
    paging: Paging = field(default_factory=Paging)
    enable: Enable | None = None
    secret_start_mode: str | None = None
    motd: str = ""
    login_banner: str = ""
    case_insensitive: bool = True
    abbreviate: bool = True
    pipes: dict[str, str] = field(default_factory=dict)
    username_options_sep: str = ""
    variables: dict[str, Any] = field(default_factory=dict)
    echo: str = "line"  # "line": echo what was typed; "repaint": prompt + line; "none"
    keyboard_interactive: bool = False  # also offer kbd-interactive auth (PAN-OS netmiko uses it)

    def template(self, output: str) -> str:
        """Resolve ``@name`` references to the shared ``templates:`` section."""
        if output.startswith("@"):
            return self.templates[output[1:]]
        return output


_PIPE_FILTERS = ("include", "exclude", "begin", "count", "none")


def _build(platform: str, data: dict[str, Any], where: str) -> Profile:
    def fail(msg: str) -> ProfileError:
        return ProfileError(f"{where}: {msg}")

    modes_raw = data.get("modes") or {}
    if not modes_raw:
        raise fail("'modes' must define at least one mode")
    modes = {name: Mode(name, str(m["prompt"]), m.get("parent")) for name, m in modes_raw.items()}
    default_modes = frozenset(data.get("default_modes") or modes)
    templates = {str(k): str(v) for k, v in (data.get("templates") or {}).items()}
    commands = []
    for i, c in enumerate(data.get("commands") or []):
        loc = f"commands[{i}] ({c.get('cmd')!r})"
        if "cmd" not in c:
            raise fail(f"{loc}: missing 'cmd'")
        output = str(c.get("output", ""))
        if output.startswith("@") and output[1:] not in templates:
            raise fail(f"{loc}: unknown template {output!r}")
        cmd_modes = frozenset(c.get("modes") or default_modes)
        to_mode = c.get("to")
        for m in [*cmd_modes, *([to_mode] if to_mode else [])]:
            if m not in modes:
                raise fail(f"{loc}: unknown mode {m!r}")
        action = c.get("action", "none")
        if action not in ACTIONS:
            raise fail(f"{loc}: action must be one of {ACTIONS}")
        commands.append(
            Command(
                pattern=str(c["cmd"]),
                tokens=tuple(str(c["cmd"]).split()),
                modes=cmd_modes,
                output=output,
                to_mode=to_mode,
                action=action,
                page_length=c.get("page_length"),
                kind=str(c.get("kind", "show" if output.startswith("@") else "setup")),
            )
        )
    enable = None
    if data.get("enable"):
        e = data["enable"]
        enable = Enable(
            command=str(e["command"]),
            from_mode=str(e["from"]),
            to_mode=str(e["to"]),
            prompt=str(e.get("prompt", "Password: ")),
            denied=str(e.get("denied", "% Access denied\n")),
        )
    pipes = {str(k): str(v) for k, v in (data.get("pipes") or {}).items()}
    for word, kind in pipes.items():
        if kind not in _PIPE_FILTERS:
            raise fail(f"pipes.{word}: filter must be one of {_PIPE_FILTERS}")
    echo = str(data.get("echo", "line"))
    if echo not in ("line", "repaint", "none"):
        raise fail("echo must be line, repaint or none")
    start = str(data.get("start_mode") or next(iter(modes)))
    if start not in modes:
        raise fail(f"start_mode {start!r} is not a mode")
    return Profile(
        platform=platform,
        vendor=str(data.get("vendor", "")),
        ssh_version=str(data.get("ssh_version", "OpenSSH_7.4")),
        modes=modes,
        start_mode=start,
        commands=tuple(commands),
        templates=templates,
        errors={str(k): str(v) for k, v in (data.get("errors") or {}).items()},
        paging=Paging(**(data.get("paging") or {})),
        enable=enable,
        secret_start_mode=data.get("secret_start_mode"),
        motd=str(data.get("motd", "")),
        login_banner=str(data.get("login_banner", "")),
        case_insensitive=bool(data.get("case_insensitive", True)),
        abbreviate=bool(data.get("abbreviate", True)),
        pipes=pipes,
        username_options_sep=str(data.get("username_options_sep", "")),
        variables=dict(data.get("vars") or {}),
        echo=echo,
        keyboard_interactive=bool(data.get("keyboard_interactive", False)),
    )


def _read(path: Path, depth: int = 0) -> dict[str, Any]:
    """Read a profile, resolving ``extends: <platform>`` (child keys win, templates merge)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ProfileError(f"{path}: a profile is a mapping")
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if depth > 4:
        raise ProfileError(f"{path}: 'extends' chain too deep")
    base = _read(PROFILE_DIR / f"{parent}.yaml", depth + 1)
    templates = {**(base.get("templates") or {}), **(data.get("templates") or {})}
    return {**base, **data, "templates": templates}


def known_platforms() -> list[str]:
    """Platform names with a profile file, sorted."""
    return sorted(p.stem for p in PROFILE_DIR.glob("*.yaml"))


@cache
def load_profile(platform: str) -> Profile:
    """Load and validate ``profiles/<platform>.yaml`` (cached: devices share profiles)."""
    path = PROFILE_DIR / f"{platform}.yaml"
    if not path.is_file():
        raise ProfileError(f"no profile for platform {platform!r}; known: {known_platforms()}")
    try:
        data = _read(path)
        return _build(platform, data, str(path))
    except (KeyError, TypeError, yaml.YAMLError) as exc:
        raise ProfileError(f"{path}: malformed profile: {exc!r}") from exc
