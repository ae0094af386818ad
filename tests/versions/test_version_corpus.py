"""Every `version` in the shared conformance corpus parses with its OS's scheme.

The corpus (`../shared/corpus/version_outputs` beside the repository) pairs real device
outputs with the expected version; `alt_versions` are other renderings of the same running
version, so those that parse must compare equal to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from auditor.errors import VersionParseError
from auditor.versions import SCHEME_FOR_OS, Ordering, compare, parse

CORPUS = Path(__file__).parents[2].parent / "shared" / "corpus" / "version_outputs"

#: Versions the schemes are expected to refuse, with the reason (none at present).
EXPECTED_FAILURES: dict[str, str] = {}

#: alt_versions that parse but are *not* the same version, with the reason.
ALT_NOT_EQUAL: dict[str, str] = {
    "9.3(6)": "NX-OS `[build 9.3(6)]` of the internal 9.3(6uu)I9(1uu): a build base, not the release",
    "7.3(1)D1(0.10)": "NX-OS `[build ...]` number of 7.3(1)D1(1), an interim build id",
    "03.09.01.S": "IOS-XE 3.x release of the IOSd 15.3(2)S1: the mapping is a table, not arithmetic",
}

#: alt_versions no scheme reads, with the reason (any other unparseable alt fails the test).
ALT_UNPARSEABLE: dict[str, str] = {
    "BLD_POLARIS_DEV_LATEST_20230924_003642": "IOS-XE build label, not a release",
    "V169_5_SR689355441_2": "IOS-XE customer-special build name (the IOS line has 16.9.5)",
    "6.6.3-80": "IOS XR build label",
    "1648P01": "VRP3 release without its product/VRP prefix",
    "7.1.070": "Comware platform version shared by many releases; the release is 3507P18",
    "R1648P01": "VRP3 release without its product/VRP prefix",
    **{
        k: "VRP platform (kernel) version, not the product version advisories use"
        for k in ("3.10", "5.30", "5.50", "5.70", "5.170", "8.100", "8.180", "8.211")
    },
}

#: Mapped OS ids with no real capture in the corpus (base-station controllers, RAN nodes: see
#: the corpus README's known gaps); their schemes are tested from documented forms only.
NOT_IN_CORPUS = {"huawei-bsc", "nokia-bsc", "ericsson-ran", "ericsson-bsc"}

#: Schemes whose alternative renderings may add a build number that orders above the bare
#: version (`7.2.5 < 7.2.5,build1517`: an absent build counts as 0, as Junos `.build`).
BUILD_SUFFIX_SCHEMES = {"fortios"}


def _cases() -> list[Any]:
    if not CORPUS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"corpus not found at {CORPUS}"))]
    cases = []
    for path in sorted(CORPUS.glob("*/*.expected.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("os") in SCHEME_FOR_OS:
            cases.append(
                pytest.param(data, id=f"{path.parent.name}/{path.name[: -len('.expected.yaml')]}")
            )
    return cases


@pytest.mark.parametrize("case", _cases())
def test_corpus_version_parses(case: dict[str, Any]) -> None:
    scheme_id = SCHEME_FOR_OS[case["os"]]
    text = str(case["version"])
    if text in EXPECTED_FAILURES:
        with pytest.raises(VersionParseError):
            parse(scheme_id, text)
        return
    version = parse(scheme_id, text)
    assert parse(scheme_id, str(version)) == version
    for alt in case.get("alt_versions") or []:
        try:
            other = parse(scheme_id, str(alt))
        except VersionParseError:
            assert alt in ALT_UNPARSEABLE, f"{alt!r} (alt of {text!r}) does not parse"
            continue
        if alt in ALT_NOT_EQUAL:
            assert compare(version, other) is not Ordering.EQ
        elif scheme_id in BUILD_SUFFIX_SCHEMES:
            assert compare(version, other) in (Ordering.EQ, Ordering.LT), (text, alt)
            assert other.branch == version.branch and other.key[:-1] == version.key[:-1]
        else:
            assert compare(version, other) is Ordering.EQ, (text, alt)


def test_corpus_covers_every_mapped_os() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    seen = {
        yaml.safe_load(p.read_text(encoding="utf-8")).get("os")
        for p in CORPUS.glob("*/*.expected.yaml")
    }
    assert set(SCHEME_FOR_OS) - NOT_IN_CORPUS <= seen
