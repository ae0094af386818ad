"""`auditor catalogue validate DIR`: every problem, located; exit 2 when any is found."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from auditor.cli.common import DEFAULT_CATALOGUE


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("catalogue", help="work with the advisory catalogue")
    csub = p.add_subparsers(dest="catalogue_command", metavar="SUBCOMMAND", required=True)
    v = csub.add_parser(
        "validate", help="check a catalogue folder; list every problem with file and line"
    )
    v.add_argument("dir", type=Path, nargs="?", default=DEFAULT_CATALOGUE)
    v.set_defaults(func=validate)


def validate(args: argparse.Namespace) -> int:
    from auditor.catalogue import CatalogueProblems, load_catalogue

    try:
        cat = load_catalogue(args.dir)
    except CatalogueProblems as exc:
        for problem in exc.problems:
            print(f"error: {problem.message}", file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) found", file=sys.stderr)
        return 2
    print(
        f"ok: {cat.name} {cat.version} (sha256 {cat.sha256[:16]}): {len(cat.vendors)} vendors, "
        f"{len(cat.software)} software trains, {len(cat.hardware)} hardware models, "
        f"{len(cat.baselines)} baselines, {len(cat.advisories)} advisories"
    )
    return 0
