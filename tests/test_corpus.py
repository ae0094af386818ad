"""Conformance: run every registered parser over the shared corpus of real version outputs.

The corpus lives beside the repository (`../shared/corpus/version_outputs/`, read-only, never
copied into the project). For each case whose folder names a registered platform, the parser
gets `{platform.version_command: text}` exactly as `auditor parse` would give it, and each
non-null expected field (`version` - or one of `alt_versions` -, `model`, `hostname`, `serial`)
is compared. Per-family figures are printed (`pytest -s`) and repeated in the failure message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from auditor.errors import ParseError
from auditor.platforms import get_platform, platform_names

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "version_outputs"
FIELDS = ("version", "model", "hostname", "serial")
ISSUE4 = (
    "cisco_ios",
    "cisco_xe",
    "cisco_nxos",
    "cisco_xr",
    "cisco_asa",
    "juniper_junos",
    "arista_eos",
    "huawei",
    "nokia_sros",
    "fortinet",
    "paloalto_panos",
    "mikrotik_routeros",
    "ericsson_ipos",
    "zte_zxros",
    "hp_comware",
)
THRESHOLD = 0.98
#: Cases a CLI parser deliberately does not read, with the reason; they still count as misses.
SKIPPED: dict[str, str] = {}


@dataclass
class Tally:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, note: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(note)


def _cases() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    names = set(platform_names())
    return sorted(p for p in CORPUS.glob("*/*.txt") if p.parent.name in names)


def _run() -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}
    for txt in _cases():
        family = txt.parent.name
        case = f"{family}/{txt.stem}"
        expected = yaml.safe_load(txt.with_name(txt.stem + ".expected.yaml").read_text("utf-8"))
        tally = tallies.setdefault(family, Tally())
        wanted = {k: expected[k] for k in FIELDS if expected.get(k) is not None}
        if case in SKIPPED:
            for key in wanted:
                tally.add(False, f"{case}: {key} skipped ({SKIPPED[case]})")
            continue
        platform = get_platform(family)
        text = txt.read_bytes().decode("utf-8")
        try:
            facts = platform.parse({platform.version_command: text}).as_dict()
        except ParseError as exc:
            for key in wanted:
                tally.add(False, f"{case}: {key}: ParseError {exc.message}")
            continue
        for key, want in wanted.items():
            got = facts.get(key)
            ok = got == want or (key == "version" and got in (expected.get("alt_versions") or []))
            tally.add(ok, f"{case}: {key} expected {want!r}, got {got!r}")
    return tallies


def _summary(tallies: dict[str, Tally]) -> str:
    lines = [f"{'family':<20} {'right':>5} / {'fields':<6} accuracy"]
    for family in sorted(tallies):
        t = tallies[family]
        lines.append(f"{family:<20} {t.right:>5} / {t.total:<6} {t.right / max(t.total, 1):6.1%}")
    issue4 = [tallies[f] for f in ISSUE4 if f in tallies]
    right, total = sum(t.right for t in issue4), sum(t.total for t in issue4)
    lines.append(f"{'issue-4 families':<20} {right:>5} / {total:<6} {right / max(total, 1):6.1%}")
    lines.extend(f"  miss: {m}" for t in tallies.values() for m in t.misses)
    if SKIPPED:
        lines.extend(f"  skipped: {case}: {why}" for case, why in SKIPPED.items())
    return "\n".join(lines)


def test_corpus_accuracy() -> None:
    if not _cases():
        pytest.skip(f"conformance corpus not found at {CORPUS}")
    tallies = _run()
    summary = _summary(tallies)
    print("\n" + summary)
    issue4 = [tallies[f] for f in ISSUE4 if f in tallies]
    right, total = sum(t.right for t in issue4), sum(t.total for t in issue4)
    assert total and right / total >= THRESHOLD, summary


def test_every_corpus_case_yields_a_version() -> None:
    """No registered parser may fail outright on a real capture of its own OS."""
    if not _cases():
        pytest.skip(f"conformance corpus not found at {CORPUS}")
    failures = []
    for txt in _cases():
        case = f"{txt.parent.name}/{txt.stem}"
        if case in SKIPPED:
            continue
        platform = get_platform(txt.parent.name)
        try:
            platform.parse({platform.version_command: txt.read_bytes().decode("utf-8")})
        except ParseError as exc:
            failures.append(f"{case}: {exc.message}")
    assert not failures, "\n".join(failures)
