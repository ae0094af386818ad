"""The platform registry, keyed on netmiko device_type.

Every module in this package that does not start with `_` and is not `base` defines one
`PLATFORM`. They are discovered, not listed, so adding an OS family touches no other file.
Importing the registry imports parsers only: never netmiko, NAPALM or asyncssh.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from auditor.errors import UnknownPlatformError
from auditor.platforms.base import Parser, Platform

__all__ = ["Parser", "Platform", "all_platforms", "get_platform", "platform_names"]


@lru_cache(maxsize=1)
def _registry() -> dict[str, Platform]:
    table: dict[str, Platform] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        platform: Platform = module.PLATFORM
        for key in (platform.device_type, *platform.aliases):
            if key in table:
                raise RuntimeError(f"platform key {key!r} defined twice ({info.name})")
            table[key] = platform
    return table


def all_platforms() -> list[Platform]:
    """Each platform once (aliases folded), sorted by device_type."""
    unique = {p.device_type: p for p in _registry().values()}
    return [unique[k] for k in sorted(unique)]


def platform_names() -> list[str]:
    """Every accepted spelling, for error messages and CLI choices."""
    return sorted(_registry())


def get_platform(name: str) -> Platform:
    try:
        return _registry()[name]
    except KeyError:
        raise UnknownPlatformError(
            f"unknown platform {name!r}; expected one of: {', '.join(platform_names())}"
        ) from None
