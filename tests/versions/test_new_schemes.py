"""The Comware, ZTE ZXROS, Nokia BSC and Ericsson BSC version schemes: what devices print.

Examples are the forms the corpus and the mock devices print (`Release 3507P18`,
`V2.8.02.C.43.P14`, `S16_2_1_0`, `G16B`); the properties at the end are the ones every scheme
keeps (round trip, consistent order, only `VersionParseError` on junk), for these four.
"""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.errors import VersionParseError
from auditor.platforms import get_platform
from auditor.versions import SCHEME_FOR_OS, Ordering, compare, get_scheme, parse
from auditor.versions.ranges import VersRange

LT, EQ, GT, NA = Ordering.LT, Ordering.EQ, Ordering.GT, Ordering.INCOMPARABLE


@pytest.mark.parametrize(
    ("scheme", "a", "b", "order"),
    [
        # Comware: patches within one release line; lines and kinds are separate trains
        ("comware", "3507P10", "3507P18", LT),
        ("comware", "R3507", "R3507P01", LT),
        ("comware", "R9671P29", "R9671P2701", GT),
        ("comware", "R2612P12", "R2612P12H01", LT),
        ("comware", "7.1.070, Release 3507P18", "3507P18", EQ),
        ("comware", "JG937A-3507P18", "R3507P18", EQ),
        ("comware", "r3507p18", "R3507P18", EQ),
        ("comware", "5.20, Release 2220P02", "R2220P02", EQ),
        ("comware", "3506P10", "3507P18", NA),
        ("comware", "F9071P23", "R9071P3401", NA),
        ("comware", "V5.02.00s56p12", "5.02.00s56p12", EQ),
        ("comware", "V5.02.00s56p12", "V5.02.00s56p13", LT),
        ("comware", "V3.03.02s56ep05", "V5.02.00s56p12", NA),
        # ZXROS: V<major>.<minor> trains, field by field, builds are labels
        ("zxros", "V5.10.00.9", "V5.10.00.50", LT),
        ("zxros", "V5.00.10", "V5.00.10.30", LT),
        ("zxros", "V2.8.02.C.43", "V2.8.02.C.43.P14", LT),
        ("zxros", "V2.8.02.C.43.P14", "V2.8.02.C.43.P9", GT),
        ("zxros", "V5.10.00.50B03", "V5.10.00.50", EQ),
        ("zxros", "6120H-S V5.10.00.50", "V5.10.00.50", EQ),
        ("zxros", "V5.00.10", "V5.0.10.0", EQ),
        ("zxros", "V5.00.10", "V5.10.00.50", NA),
        # Nokia BSC: releases, half releases, package levels
        ("nokia-bsc", "S16_1_3_2", "S16_2_1_0", LT),
        ("nokia-bsc", "S16_2_0_0", "S16.2", EQ),
        ("nokia-bsc", "S15_4_2_0", "S16", LT),
        ("nokia-bsc", "S10_9_9", "S10.5", LT),
        ("nokia-bsc", "S10.5_1_0", "S11", LT),
        # Ericsson BSC: G<year><half>; old R-states are their own train
        ("ericsson-bsc", "G16B", "G17B", LT),
        ("ericsson-bsc", "G16A", "G16B", LT),
        ("ericsson-bsc", "G18B", "G17B", GT),
        ("ericsson-bsc", "BSC G16B", "g16b", EQ),
        ("ericsson-bsc", "16B", "G16B", EQ),
        ("ericsson-bsc", "R11", "R12", LT),
        ("ericsson-bsc", "R12", "G16B", NA),
        ("ericsson-bsc", "G15", "G15A", LT),
        ("ericsson-bsc", "G15B", "G16", LT),
        ("ericsson-bsc", "BSS R8", "R12", LT),
    ],
)
def test_order(scheme: str, a: str, b: str, order: Ordering) -> None:
    assert compare(parse(scheme, a), parse(scheme, b)) is order


@pytest.mark.parametrize(
    ("scheme", "text", "train", "branch", "canonical", "label"),
    [
        ("comware", "7.1.070, Release 3507P18", "R3507", "R3507", "R3507P18", "7.1.070"),
        ("comware", "ESS 1208P01", "E1208", "E1208", "E1208P01", None),
        ("comware", "JG937A-3507P18", "R3507", "R3507", "R3507P18", "JG937A"),
        ("comware", "V3.03.02s56ep05", "V3.03", "V3.03", "V3.03.02s56ep05", None),
        ("zxros", "6120H-S V5.10.00.50B03", "V5.10", "V5.10", "V5.10.00.50", "6120H-S B03"),
        ("zxros", "V2.8.02.C.43.P14", "V2.8", "V2.8", "V2.8.02.C.43.P14", None),
        ("nokia-bsc", "S16_2_1_0", "S", "S16", "S16_2_1_0", None),
        ("nokia-bsc", "S10.5", "S", "S10.5", "S10.5", None),
        ("ericsson-bsc", "BSC G16B", "G", "G16B", "G16B", None),
        ("ericsson-bsc", "BSS R12", "R", "R12", "R12", None),
    ],
)
def test_parts(
    scheme: str, text: str, train: str, branch: str, canonical: str, label: str | None
) -> None:
    v = parse(scheme, text)
    assert (v.train, v.branch, str(v), v.label) == (train, branch, canonical, label)


@pytest.mark.parametrize(
    ("scheme", "text", "hint"),
    [
        ("comware", "7.1.070", "Release 3507P18"),  # the platform version names no release
        ("comware", "Release F3507", "disagree"),
        ("comware", "3507P1", "[R|F|E]NNNN"),
        ("zxros", "5.10.00.50", "VM.m"),
        ("zxros", "V5", "VM.m"),
        ("nokia-bsc", "16_2_1_0", "S<release>"),
        ("nokia-bsc", "S16-2", "S<release>"),
        ("ericsson-bsc", "G16B CP3", "G<YY>[A|B]"),
        ("ericsson-bsc", "G16C", "G<YY>[A|B]"),
        ("ericsson-bsc", "CXP9024418/15-R69C29", "G<YY>[A|B]"),
        ("ericsson-bsc", "16", "G<YY>[A|B]"),
    ],
)
def test_refused_with_what_was_expected(scheme: str, text: str, hint: str) -> None:
    with pytest.raises(VersionParseError) as caught:
        parse(scheme, text)
    assert caught.value.message.startswith(f"{scheme}: cannot read")
    assert hint in caught.value.message


@pytest.mark.parametrize(
    ("scheme", "text", "branch"),
    [
        ("comware", "Release 3507", "R3507"),
        ("comware", "3507", "R3507"),
        ("comware", "F9071", "F9071"),
        ("comware", "V5.02", "V5.02"),
        ("zxros", "V5.10", "V5.10"),
        ("zxros", "V5.00.x", "V5.0"),
        ("nokia-bsc", "S16", "S16"),
        ("nokia-bsc", "s10.5", "S10.5"),
        ("ericsson-bsc", "g17b", "G17B"),
        ("ericsson-bsc", "BSC G16B", "G16B"),
    ],
)
def test_catalogue_branches(scheme: str, text: str, branch: str) -> None:
    assert get_scheme(scheme).parse_branch(text) == branch


@pytest.mark.parametrize(
    ("range_text", "version", "inside"),
    [
        ("vers:comware/>=3507P10|<3507P18", "3507P12", True),
        ("vers:comware/>=3507P10|<3507P18", "7.1.070, Release 3507P18", False),
        ("vers:zxros/<V5.10.00.60", "V5.10.00.50", True),
        ("vers:nokia-bsc/<S16_2_1_0", "S16_1_3_2", True),
        ("vers:nokia-bsc/<S16_2_1_0", "S16_2_1_0", False),
        ("vers:ericsson-bsc/<G17B", "G16B", True),
        ("vers:ericsson-bsc/<G17B", "G17B", False),
    ],
)
def test_vers_ranges(range_text: str, version: str, inside: bool) -> None:
    scheme = range_text.split("/")[0].removeprefix("vers:")
    assert VersRange.parse(range_text).contains(parse(scheme, version)) is inside


@pytest.mark.parametrize(
    ("device_type", "scheme"),
    [
        ("hp_comware", "comware"),
        ("zte_zxros", "zxros"),
        ("nokia_bsc", "nokia-bsc"),
        ("huawei_bsc", "huawei-vrp"),
        ("ericsson_ran", "ericsson-ran"),
        ("ericsson_bsc", "ericsson-bsc"),
    ],
)
def test_platforms_and_evaluation_use_the_scheme(device_type: str, scheme: str) -> None:
    """The evaluator picks the scheme by `Facts.os`; the platform must agree with it."""
    platform = get_platform(device_type)
    assert platform.scheme == scheme
    assert SCHEME_FOR_OS[platform.os] == scheme


# -- properties every scheme keeps ---------------------------------------------------------

FAST = settings(max_examples=60, deadline=None)
small = st.integers(min_value=0, max_value=30)
two = st.integers(min_value=0, max_value=99).map(lambda n: f"{n:02d}")

VALID: dict[str, st.SearchStrategy[str]] = {
    "comware": st.one_of(
        st.builds(
            lambda platform, kind, number, patch, hotfix: (
                f"{platform}{kind}{number}{patch}{hotfix}"
            ),
            st.sampled_from(["", "7.1.070, Release ", "5.20, Release ", "JG937A-"]),
            st.sampled_from(["", "R"]),
            st.sampled_from(["3506", "3507", "2612"]),
            st.one_of(st.just(""), two.map(lambda p: f"P{p}"), two.map(lambda p: f"P{p}01")),
            st.one_of(st.just(""), two.map(lambda h: f"H{h}")),
        ),
        st.builds(
            lambda kind, number, patch: f"{kind}{number}{patch}",
            st.sampled_from(["F", "E"]),
            st.sampled_from(["9071", "1208"]),
            st.one_of(st.just(""), two.map(lambda p: f"P{p}")),
        ),
        st.builds(
            lambda v, line, maint, s, p: f"{v}{line}.{maint}{s}{p}",
            st.sampled_from(["", "V"]),
            st.sampled_from(["5.02", "3.03"]),
            two,
            st.one_of(st.just(""), small.map(lambda n: f"s{n}")),
            st.one_of(st.just(""), small.map(lambda n: f"p{n:02d}"), small.map(lambda n: f"ep{n}")),
        ),
    ),
    "zxros": st.builds(
        lambda product, line, fields, build: f"{product}{line}{fields}{build}",
        st.sampled_from(["", "6120H-S "]),
        st.sampled_from(["V5.10", "V5.00", "V2.8"]),
        st.lists(
            st.one_of(small.map(str), two, st.sampled_from(["C", "P14", "P9"])), max_size=4
        ).map(lambda fs: "".join(f".{f}" for f in fs)),
        st.sampled_from(["", "B03"]),
    ),
    "nokia-bsc": st.builds(
        lambda release, half, levels: f"S{release}{half}{levels}",
        st.sampled_from([10, 11, 15, 16]),
        st.sampled_from(["", ".5"]),
        st.lists(small, max_size=4).map(lambda ls: "".join(f"_{n}" for n in ls)),
    ),
    "ericsson-bsc": st.one_of(
        st.builds(
            lambda product, g, year, half: f"{product}{g}{year}{half}",
            st.sampled_from(["", "BSC ", "BSS "]),
            st.sampled_from(["", "G", "g"]),
            two,
            st.sampled_from(["A", "B", "b"]),
        ),
        st.builds(lambda year: f"G{year}", two),
        st.builds(lambda n: f"R{n}", st.integers(min_value=0, max_value=99)),
    ),
}
ALPHABET = "0123456789.,_-RSPEFHVBCsepv LNTx"


@pytest.mark.parametrize("scheme_id", sorted(VALID))
@FAST
@given(data=st.data())
def test_round_trip_and_branch(scheme_id: str, data: st.DataObject) -> None:
    v = parse(scheme_id, data.draw(VALID[scheme_id]))
    again = parse(scheme_id, str(v))
    assert again == v and str(again) == str(v)
    assert get_scheme(scheme_id).parse_branch(v.branch) == v.branch


@pytest.mark.parametrize("scheme_id", sorted(VALID))
@FAST
@given(data=st.data())
def test_order_is_consistent(scheme_id: str, data: st.DataObject) -> None:
    a, b, c = (parse(scheme_id, data.draw(VALID[scheme_id])) for _ in range(3))
    ab, ba, bc = compare(a, b), compare(b, a), compare(b, c)
    assert ba is {LT: GT, GT: LT}.get(ab, ab)
    if ab is EQ:
        assert a.branch == b.branch
    if ab in (LT, EQ) and bc in (LT, EQ):
        assert compare(a, c) is (EQ if ab is bc is EQ else LT)


@pytest.mark.parametrize("scheme_id", sorted(VALID))
@FAST
@given(text=st.one_of(st.text(max_size=40), st.text(ALPHABET, max_size=30)))
def test_junk_only_raises_version_parse_error(scheme_id: str, text: str) -> None:
    with contextlib.suppress(VersionParseError):
        v = parse(scheme_id, text)
        assert parse(scheme_id, str(v)) == v
    with contextlib.suppress(VersionParseError):
        branch = get_scheme(scheme_id).parse_branch(text)
        assert get_scheme(scheme_id).parse_branch(branch) == branch
