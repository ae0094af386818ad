"""`auditor versions ...`: list schemes, compare two versions, match a version against a range.

Handlers print the answer to stdout and return an exit code; on bad input they raise the
`InputError` subclasses and let the main CLI print `error: <message>` (exit 2). Only
`auditor.versions` and the standard library are imported, so the command starts fast.
"""

from __future__ import annotations

import argparse

from auditor.errors import RangeParseError
from auditor.versions import compare, get_scheme, scheme_ids


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `versions` command and its `schemes`, `compare` and `match` subcommands."""
    parser = subparsers.add_parser(
        "versions",
        help="vendor version schemes: list, compare, match against ranges",
        description="Work with vendor version schemes (ordering within trains, vers: ranges).",
    )
    sub = parser.add_subparsers(dest="versions_command", metavar="SUBCOMMAND", required=True)

    schemes = sub.add_parser("schemes", help="list scheme ids with one-line descriptions")
    schemes.set_defaults(func=cmd_schemes)

    cmp = sub.add_parser(
        "compare",
        help="compare two versions: prints <, =, > or incomparable",
        description="Compare two versions of one scheme; versions of different trains are incomparable.",
    )
    cmp.add_argument("scheme", metavar="SCHEME", help="scheme id (see `auditor versions schemes`)")
    cmp.add_argument("a", metavar="A")
    cmp.add_argument("b", metavar="B")
    cmp.set_defaults(func=cmd_compare)

    match = sub.add_parser(
        "match",
        help="is VERSION inside a vers: RANGE? prints affected or not-affected",
        description=(
            "Match a version against a vers: range, e.g. vers:junos/>=20.4R1|<20.4R3-S2. "
            "A version of a train the range does not mention is not in it: not-affected."
        ),
    )
    match.add_argument("scheme", metavar="SCHEME")
    match.add_argument("version", metavar="VERSION")
    match.add_argument("range", metavar="RANGE", help="vers:<scheme>/<constraints>")
    match.set_defaults(func=cmd_match)


def cmd_schemes(args: argparse.Namespace) -> int:
    """Print `id  description` for every scheme."""
    ids = scheme_ids()
    width = max(len(i) for i in ids)
    for scheme_id in ids:
        print(f"{scheme_id:<{width}}  {get_scheme(scheme_id).description}")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    """Print exactly one of `<`, `=`, `>`, `incomparable`."""
    scheme = get_scheme(args.scheme)
    print(compare(scheme.parse(args.a), scheme.parse(args.b)).value)
    return 0


def cmd_match(args: argparse.Namespace) -> int:
    """Print exactly `affected` or `not-affected` (scripts rely on the two answers).

    A range silent on the version's train does not contain it, so that is `not-affected`;
    the "no data" state belongs to the catalogue as a whole, where evaluation reports it."""
    from auditor.versions.ranges import VersRange

    scheme = get_scheme(args.scheme)
    version = scheme.parse(args.version)
    vers = VersRange.parse(args.range)
    if vers.scheme != scheme.id:
        raise RangeParseError(
            f"range {args.range!r} is for scheme {vers.scheme!r}, but SCHEME is {scheme.id!r}; "
            f"expected vers:{scheme.id}/..."
        )
    result = vers.contains(version)
    print("affected" if result else "not-affected")
    return 0
