"""`auditor parse --platform P FILE`: parse a saved version-command output offline, print JSON."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "parse", help="parse a saved version-command output and print the facts as JSON"
    )
    p.add_argument("--platform", required=True, help="netmiko device_type, e.g. cisco_ios")
    p.add_argument(
        "file", type=Path, help="file holding the output of the platform's version command"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from auditor.collect.saved_output import read_saved
    from auditor.errors import InputError, ParseError
    from auditor.platforms import get_platform

    platform = get_platform(args.platform)
    collection = read_saved(args.file, platform)[0]
    try:
        facts = platform.parse({platform.version_command: collection.output})
    except ParseError as exc:
        raise InputError(f"{args.file}: {exc.message}", tip=exc.tip) from None
    out = {
        k: facts.as_dict()[k] for k in ("vendor", "os", "version", "model", "hostname", "serial")
    }
    if facts.modules:
        out["modules"] = facts.as_dict()["modules"]
    if facts.warnings:
        out["warnings"] = list(facts.warnings)
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0
