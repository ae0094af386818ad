"""Per-scheme tables: ascending real versions (checked pairwise), equal and incomparable pairs."""

from __future__ import annotations

import doctest
import itertools

import pytest

import auditor.versions
import auditor.versions.ranges
from auditor.errors import UnknownSchemeError, VersionParseError
from auditor.versions import Ordering, compare, get_scheme, parse, scheme_ids

#: scheme id -> tables of versions in strictly ascending order (each table one train).
ASCENDING: dict[str, list[list[str]]] = {
    "comware": [
        [
            "R3507",
            "R3507P01",
            "R3507P10",
            "R3507P18",
            "R3507P18H01",
            "R3507P1801",
            "R3507P19",
            "R3507P2701",
        ],
        [
            "V5.02.00",
            "V5.02.00s56",
            "V5.02.00s56p01",
            "V5.02.00s56ep01",
            "V5.02.00s56p12",
            "V5.02.01",
        ],
    ],
    "zxros": [
        [
            "V5.10",
            "V5.10.00.9",
            "V5.10.00.10",
            "V5.10.00.50",
            "V5.10.00.50.1",
            "V5.10.01",
            "V5.10.01.C",
            "V5.10.02",
        ],
        ["V2.8.02", "V2.8.02.C.43", "V2.8.02.C.43.P9", "V2.8.02.C.43.P14", "V2.8.03"],
    ],
    "nokia-bsc": [
        [
            "S10",
            "S10_9_9",
            "S10.5",
            "S10.5_1",
            "S11",
            "S15_4_2_0",
            "S16",
            "S16_1_3_2",
            "S16_2_1_0",
            "S17",
        ],
    ],
    "cisco-ios": [
        [
            "15.2(4)M",
            "15.2(4)M1",
            "15.2(4)M2",
            "15.2(4)M6",
            "15.2(4)M6a",
            "15.2(4)M7",
            "15.2(4)M9",
            "15.2(4)M10",
            "15.2(4)M11",
        ],
        [
            "12.2(35)SE5",
            "12.2(44)SE6",
            "12.2(50)SE5",
            "12.2(52)SE",
            "12.2(53)SE2",
            "12.2(55)SE",
            "12.2(55)SE5",
            "12.2(55)SE10",
            "12.2(55)SE12",
        ],
        ["12.4(1)", "12.4(3)", "12.4(21)", "12.4(21a)", "12.4(23)", "12.4(25)", "12.4(25g)"],
        ["12.2(1)", "12.2(1.1)", "12.2(1.12)", "12.2(2)"],
        ["15.1(4)M", "15.1(4)M0a", "15.1(4)M1", "15.1(4)M4", "15.1(4)M12a"],
        ["15.2(2)E7", "15.2(4)E", "15.2(4)E1", "15.2(4.0.55)E", "15.2(5)E", "15.2(7)E8"],
    ],
    "cisco-ios-xe": [
        [
            "16.3.7",
            "16.6.4",
            "16.6.4a",
            "16.8.1b",
            "16.9.3",
            "16.09.05",
            "16.12.4",
            "17.3.1a",
            "17.3.4",
            "17.3.4a",
            "17.3.4b",
            "17.6.5",
            "17.9.4a",
            "17.12.1",
        ],
        [
            "3.7.4S",
            "3.9.1S",
            "03.09.02.S",
            "03.10.01.S",
            "3.13.5S",
            "3.16.1a.S",
            "3.16.2S",
            "03.16.10.S",
        ],
        ["03.03.05SE", "03.06.05SE"],
        ["15.3(2)S", "15.3(2)S1", "15.3(3)S", "15.3(3)S10"],
    ],
    "cisco-nx-os": [
        [
            "6.2(14)",
            "6.2(20a)",
            "8.2(1)",
            "8.4(2)",
            "9.2(1)",
            "9.3(7)",
            "9.3(7a)",
            "9.3(8)",
            "9.3(10)",
            "10.2(3)F",
            "10.4(5)",
        ],
        [
            "7.0(3)I7(1)",
            "7.0(3)I7(2)",
            "7.0(3)I7(3)",
            "7.0(3)I7(5)",
            "7.0(3)I7(5a)",
            "7.0(3)I7(6)",
            "7.0(3)I7(8)",
            "7.0(3)I7(9)",
            "7.0(3)I7(10)",
        ],
        ["7.3(1)D1(0.10)", "7.3(1)D1(1)"],
        ["14.0(1h)", "14.2(7f)", "15.2(7g)", "16.0(2h)"],
    ],
    "cisco-ios-xr": [
        [
            "3.9.2",
            "4.1.0",
            "5.3.2",
            "6.1.3",
            "6.1.4.10I",
            "6.1.4.20I",
            "6.1.4",
            "6.6.3",
            "7.3.2",
            "7.9.2",
            "7.11.2",
            "24.1.1",
            "24.2.1",
        ],
    ],
    "cisco-asa": [
        [
            "8.3(2)",
            "8.3(2)13",
            "8.4(1)",
            "8.4(4)1",
            "9.5(2)204",
            "9.8(3)",
            "9.8(3.13)",
            "9.8(3)21",
            "9.8(4)",
            "9.9(2)32",
            "9.12(4)67",
            "9.16(3)19",
        ],
    ],
    "junos": [
        [
            "9.3R4.4",
            "10.0R3.10",
            "13.3R1.4",
            "18.1B1",
            "18.1R1",
            "18.2R2-S1",
            "19.3R2",
            "19.3R2-S2",
            "19.3R3",
            "19.4R3-S1.3",
            "20.4R3",
            "20.4R3-S2",
            "20.4R3-S2.6",
            "21.4R3-S3.4",
            "22.4R3-S2.11",
        ],
        [
            "15.1X49-D10",
            "15.1X49-D30",
            "15.1X49-D45",
            "15.1X49-D60",
            "15.1X49-D100",
            "15.1X49-D110.4",
            "15.1X49-D150",
            "15.1X49-D200.5",
            "15.1X49-D220",
        ],
        ["20.4R3-S1.3-EVO", "21.4R3-S3.4-EVO", "22.4R2-EVO", "23.2R1-S1.6-EVO"],
    ],
    "arista-eos": [
        [
            "4.14.7M",
            "4.15.5M",
            "4.20.1F",
            "4.27.6M",
            "4.28.3M",
            "4.28.6M",
            "4.28.6.1M",
            "4.28.9M",
            "4.28.10M",
            "4.31.6M",
            "4.32.1F",
        ],
    ],
    "huawei-vrp": [
        [
            "V800R007C10SPC100",
            "V800R011C00SPC200",
            "V800R021C00",
            "V800R021C10",
            "V800R021C10SPC100",
            "V800R021C10SPC600",
            "V800R022C00SPC100",
            "V800R023C00SPC500",
        ],
        ["V300R003C02B608", "V300R003C10SPC500", "V300R019C10SPC300", "V300R019C13SPC200"],
        ["V800R021C10SPC600SPH002", "V800R021C10SPC600SPH016"],
        ["BSC6910V100R022C10SPC100", "BSC6910V100R023C10SPC500"],
        ["S8500-VRP310-R1648", "S8500-VRP310-R1648P01", "S8500-VRP310-R1702"],
    ],
    "nokia-sros": [
        [
            "TiMOS-C-8.0.R3",
            "B-19.10.R4",
            "20.10.B1-5",
            "20.10.R1",
            "TiMOS-B-20.10.R12",
            "21.10.R3",
            "22.10.R1",
            "23.10.R2",
            "24.3.R1",
        ],
    ],
    "fortios": [
        [
            "6.0.7",
            "6.2.6",
            "7.0.3",
            "7.0.7",
            "7.0.13",
            "v7.0.15",
            "7.2.5",
            "v7.2.5,build1517,230606 (GA.M)",
            "7.4.1",
            "7.4.8",
        ],
    ],
    "pan-os": [
        [
            "7.0.1",
            "9.1.16-h3",
            "10.1.9-h1",
            "10.2.0-c1",
            "10.2.0-b2",
            "10.2.0",
            "10.2.4",
            "10.2.4-h2",
            "10.2.4-h4",
            "10.2.4-h10",
            "10.2.10-h2",
            "11.1.0",
        ],
    ],
    "routeros": [
        [
            "3.6",
            "5.12",
            "6.48.6",
            "6.48.7 (long-term)",
            "6.49rc2",
            "6.49",
            "7.1alpha2",
            "7.1beta4",
            "7.3beta40",
            "7.3rc1",
            "7.3",
            "7.12",
            "7.12.1",
            "7.12.2 (stable)",
            "7.15.2",
            "7.18.2",
        ],
    ],
    "ericsson-bsc": [
        ["G10B", "G11B", "G12B", "G13B", "G14B", "G15B", "G16A", "G16B", "G17B", "G18B"],
        ["R10", "R11", "R12"],
    ],
    "ericsson-ran": [
        ["22.Q1", "22.Q2", "22.Q3", "22.Q4", "23.Q1", "23.Q2", "23.Q3", "23.Q4", "24.Q1"],
    ],
    "generic": [
        ["1.2", "1.2.3", "1.2.3a", "1.2.4", "2.0.2J", "6.4.1b", "8.0.90", "10.0", "10.0.1"],
    ],
}

EQUAL: dict[str, list[tuple[str, str]]] = {
    "cisco-ios": [
        ("15.2(4)M", "15.2(4)M0"),
        ("12.2(1)", "12.2(1.0)"),
        (" 15.2(4)M7\n", "15.2(4)M7"),
    ],
    "cisco-ios-xe": [
        ("16.09.03", "16.9.3"),
        ("17.03.01a", "17.3.1a"),
        ("03.16.10.S", "3.16.10S"),
        ("03.06.05E", "3.6.5.E"),
    ],
    "cisco-nx-os": [("10.2(3)F", "10.2(3)"), ("10.4(5) [Maintenance Release]", "10.4(5)")],
    "cisco-ios-xr": [
        ("7.9.2 LNT", "7.9.2"),
        ("6.1.4[Default]", "6.1.4"),
        ("3.9.2[00]", "3.9.2"),
        ("7.5.1.20I LNT", "7.5.1.20I"),
    ],
    "cisco-asa": [("8.3(2)13", "8.3(2.13)"), ("9.8(3.21)", "9.8(3)21"), ("9.8(3)", "9.8(3)0")],
    "junos": [("20.4R3-S0", "20.4R3"), ("15.1X49-D0", "15.1X49")],
    "arista-eos": [
        ("4.31.6M-39953990.4316M", "4.31.6M"),
        ("4.32.1F-37265360.4321F", "4.32.1F"),
        ("4.28.6.0M", "4.28.6M"),
    ],
    "huawei-vrp": [
        ("NE40E V800R021C10SPC600", "V800R021C10SPC600"),
        ("NE40E&80E V600R001C00SPC800", "V600R001C00SPC800"),
    ],
    "nokia-sros": [
        ("TiMOS-B-20.10.R12", "20.10.R12"),
        ("B-20.10.R12", "20.10.R12"),
        ("TiMOS-C-8.0.R3", "8.0.R3"),
    ],
    "fortios": [
        ("v7.2.5", "7.2.5"),
        ("v7.2.5,build1517,230606 (GA.M)", "7.2.5,build1517"),
        ("FortiGate-60F v7.4.8,build2795,250523 (GA.M)", "7.4.8,build2795"),
    ],
    "pan-os": [("10.2.4", "10.2.4")],
    "routeros": [("7.12", "7.12.0"), ("7.12.2 (stable)", "7.12.2"), ("v6.48.6", "6.48.6")],
    "ericsson-ran": [("24.Q1", " 24.Q1 ")],
    "ericsson-bsc": [("G16B", "BSC G16B"), ("16B", "g16b")],
    "generic": [("1.2", "1.2.0"), ("08.0.90", "8.0.90"), ("v2.0.6", "2.0.6")],
}

INCOMPARABLE: dict[str, list[tuple[str, str]]] = {
    "ericsson-bsc": [("R12", "G16B")],
    "cisco-ios": [
        ("15.2(4)M7", "15.2(4)E7"),
        ("12.2(55)SE12", "12.2(54)SG1"),
        ("12.2(18)SXF7", "12.2(33)SXH8"),
        ("12.4(6)T2", "12.4(21a)"),
        ("15.0(2)SE", "15.2(2)E7"),
    ],
    "cisco-ios-xe": [
        ("17.3.4a", "03.16.10.S"),
        ("03.06.05E", "03.16.10.S"),
        ("15.3(2)S1", "03.09.01.S"),
        ("17.14.20230924:023456", "17.14.1"),
        ("15.3(2)S1", "17.3.4a"),
    ],
    "cisco-nx-os": [
        ("7.0(3)I7(9)", "9.3(8)"),
        ("7.0(3)I7(9)", "7.0(3)I4(8a)"),
        ("14.0(1h)", "10.4(5)"),
        ("6.0(2)U6(10)", "7.0(3)I7(9)"),
    ],
    "junos": [
        ("20.4R3", "15.1X49-D200.5"),
        ("13.2X51-D35.3", "15.1X49-D200"),
        ("21.4R3-S3.4", "21.4R3-S3.4-EVO"),
        ("15.1F6", "15.1R7"),
        ("12.3X48-D10", "12.1X46-D10"),
    ],
    "huawei-vrp": [
        ("V800R021C10SPC600", "V300R019C10SPC300"),
        ("V800R021C10SPC600", "V800R021C10SPC600SPH002"),
        ("V800R021C10SPC600SPH002", "V800R021C10SPC500SPH002"),
        ("BSC6910V100R023C10SPC500", "V100R023C10SPC500"),
        ("S8500-VRP310-R1648P01", "V100R003C00SPC301"),
    ],
}

#: Flags the scheme must set on these versions.
FLAGGED: list[tuple[str, str, str]] = [
    ("cisco-ios", "15.2(4.0.55)E", "engineering"),
    ("cisco-ios", "12.2(1.1)", "interim"),
    ("cisco-ios-xe", "17.14.20230924:023456", "engineering"),
    ("cisco-nx-os", "9.3(6uu)I9(1uu)", "internal"),
    ("cisco-ios-xr", "6.1.4.10I", "internal"),
    ("arista-eos", "4.31.6M-39953990.4316M (engineering build)", "engineering"),
    ("arista-eos", "4.22.1F-INT", "internal"),
    ("junos", "18.1B1", "beta"),
    ("nokia-sros", "20.10.B1-5", "beta"),
    ("huawei-vrp", "V800R021C10SPC600SPH002", "hot-patch"),
    ("generic", "1.2.3", "guess"),
]

BRANCHES: list[tuple[str, str, str]] = [
    ("cisco-ios", "15.2(4)M7", "15.2(4)M"),
    ("cisco-ios", "12.4(21a)", "12.4(21)"),
    ("cisco-ios-xe", "17.03.04a", "17.3"),
    ("cisco-ios-xe", "03.16.10.S", "3.16S"),
    ("cisco-nx-os", "9.3(10)", "9.3"),
    ("cisco-nx-os", "7.0(3)I7(9)", "7.0(3)I7"),
    ("cisco-ios-xr", "7.9.2 LNT", "7.9"),
    ("cisco-asa", "9.8(3)21", "9.8"),
    ("junos", "20.4R3-S2.6", "20.4"),
    ("junos", "15.1X49-D200.5", "15.1X49"),
    ("junos", "21.4R3-S3.4-EVO", "21.4"),
    ("arista-eos", "4.28.6.1M", "4.28"),
    ("huawei-vrp", "V800R021C10SPC600", "V800R021C10"),
    ("huawei-vrp", "BSC6910V100R023C10SPC500", "BSC6910V100R023C10"),
    ("nokia-sros", "TiMOS-B-20.10.R12", "20.10"),
    ("fortios", "v7.2.5,build1517,230606 (GA.M)", "7.2"),
    ("pan-os", "10.2.4-h4", "10.2"),
    ("routeros", "7.3beta40", "7.3"),
    ("ericsson-ran", "23.Q4", "23.Q4"),
    ("ericsson-bsc", "BSC G16B", "G16B"),
]

BRANCH_TEXT: list[tuple[str, str, str]] = [
    ("cisco-ios", "15.2(4)M", "15.2(4)M"),
    ("cisco-ios", "12.0T", "12.0T"),
    ("cisco-ios", "11.0", "11.0"),
    ("huawei-vrp", "S8500-VRP310", "S8500-VRP310"),
    ("cisco-ios-xe", "17.03", "17.3"),
    ("cisco-ios-xe", "16.9.x", "16.9"),
    ("cisco-ios-xe", "03.16.S", "3.16S"),
    ("cisco-nx-os", "9.3(x)", "9.3"),
    ("cisco-nx-os", "7.0(3)I7", "7.0(3)I7"),
    ("cisco-ios-xr", "7.9.x", "7.9"),
    ("cisco-asa", "9.8", "9.8"),
    ("junos", "20.4", "20.4"),
    ("junos", "15.1X49", "15.1X49"),
    ("junos", "20.4-EVO", "20.4"),
    ("arista-eos", "4.28", "4.28"),
    ("huawei-vrp", "V800R021C10", "V800R021C10"),
    ("nokia-sros", "20.10", "20.10"),
    ("fortios", "7.2", "7.2"),
    ("pan-os", "10.2", "10.2"),
    ("routeros", "7.12", "7.12"),
    ("ericsson-ran", "24.Q1", "24.Q1"),
    ("ericsson-bsc", "g17b", "G17B"),
    ("generic", "1", "1.0"),
]

#: scheme -> texts it must refuse (with VersionParseError).
REJECTED: dict[str, list[str]] = {
    "cisco-ios": ["15.x", "15.2", "15.2(4", "15.2(4)m7", ""],
    "cisco-ios-xe": ["3.16.2", "V169_5_SR689355441_2", "17.3"],
    "cisco-nx-os": ["9.3", "9.3.8"],
    "cisco-ios-xr": ["7.9", "6.6.3-80"],
    "cisco-asa": ["9.8(3.13)5", "9.8"],
    "junos": ["20.4", "15.1X49-S2", "20.4R3-D2", "15.1X49-D10-EVO", "20.4r3"],
    "arista-eos": ["4.28", "4.28.3M-foo"],
    "huawei-vrp": ["8.180", "V8R21"],
    "nokia-sros": ["20.10", "TiMOS-20.10.R1"],
    "fortios": ["7.2", "v7.2.5,build"],
    "pan-os": ["10.2", "10.2.4-x1"],
    "routeros": ["7", "7.12gamma1"],
    "ericsson-ran": ["24.Q5", "24.Q1.1", "2024.Q1"],
    "ericsson-bsc": ["G16C", "G16B CP3", "16", "G2016B"],
    "generic": ["abc", "1..2"],
}


def _table_params() -> list[tuple[str, list[str]]]:
    return [(s, table) for s, tables in ASCENDING.items() for table in tables]


def test_every_scheme_has_tables() -> None:
    assert set(ASCENDING) == set(scheme_ids())
    for scheme_id, tables in ASCENDING.items():
        assert max(len(t) for t in tables) >= 8, scheme_id


@pytest.mark.parametrize(("scheme_id", "table"), _table_params())
def test_ascending_pairwise(scheme_id: str, table: list[str]) -> None:
    versions = [parse(scheme_id, text) for text in table]
    for (i, a), (j, b) in itertools.combinations(enumerate(versions), 2):
        assert compare(a, b) is Ordering.LT, (table[i], table[j])
        assert compare(b, a) is Ordering.GT, (table[j], table[i])
    for v in versions:
        assert compare(v, v) is Ordering.EQ


@pytest.mark.parametrize(
    ("scheme_id", "a", "b"), [(s, a, b) for s, pairs in EQUAL.items() for a, b in pairs]
)
def test_equal_pairs(scheme_id: str, a: str, b: str) -> None:
    va, vb = parse(scheme_id, a), parse(scheme_id, b)
    assert compare(va, vb) is Ordering.EQ
    assert va == vb and hash(va) == hash(vb)
    assert str(va) == str(vb) or va.label != vb.label


@pytest.mark.parametrize(
    ("scheme_id", "a", "b"), [(s, a, b) for s, pairs in INCOMPARABLE.items() for a, b in pairs]
)
def test_incomparable_pairs(scheme_id: str, a: str, b: str) -> None:
    va, vb = parse(scheme_id, a), parse(scheme_id, b)
    assert compare(va, vb) is Ordering.INCOMPARABLE
    assert compare(vb, va) is Ordering.INCOMPARABLE


def test_different_schemes_are_incomparable() -> None:
    assert compare(parse("generic", "7.2.5"), parse("fortios", "7.2.5")) is Ordering.INCOMPARABLE


@pytest.mark.parametrize(("scheme_id", "text", "flag"), FLAGGED)
def test_flags(scheme_id: str, text: str, flag: str) -> None:
    assert flag in parse(scheme_id, text).flags


@pytest.mark.parametrize(("scheme_id", "text", "branch"), BRANCHES)
def test_branch_of_version(scheme_id: str, text: str, branch: str) -> None:
    v = parse(scheme_id, text)
    assert v.branch == branch
    assert get_scheme(scheme_id).parse_branch(branch) == branch


@pytest.mark.parametrize(("scheme_id", "text", "branch"), BRANCH_TEXT)
def test_parse_branch(scheme_id: str, text: str, branch: str) -> None:
    assert get_scheme(scheme_id).parse_branch(text) == branch


@pytest.mark.parametrize("scheme_id", sorted(ASCENDING))
def test_parse_branch_rejects(scheme_id: str) -> None:
    with pytest.raises(VersionParseError, match=scheme_id):
        get_scheme(scheme_id).parse_branch("not a branch!")


@pytest.mark.parametrize(
    ("scheme_id", "text"), [(s, t) for s, texts in REJECTED.items() for t in texts]
)
def test_rejected(scheme_id: str, text: str) -> None:
    with pytest.raises(VersionParseError) as info:
        parse(scheme_id, text)
    message = info.value.message
    assert message.startswith(f"{scheme_id}: cannot read")
    assert "expected" in message and get_scheme(scheme_id).examples[0] in message


def test_error_message_shape() -> None:
    with pytest.raises(VersionParseError) as info:
        parse("cisco-ios", "15.x")
    assert info.value.message == (
        "cisco-ios: cannot read '15.x'; expected M.m(maint)TRAIN[rebuild], e.g. 15.2(4)M7"
    )


def test_non_string_input() -> None:
    with pytest.raises(VersionParseError):
        parse("junos", 20.4)  # type: ignore[arg-type]


def test_unknown_scheme_lists_ids() -> None:
    with pytest.raises(UnknownSchemeError) as info:
        get_scheme("cisco-catos")
    assert "cisco-ios" in info.value.message and "junos" in info.value.message


def test_scheme_metadata() -> None:
    for scheme_id in scheme_ids():
        scheme = get_scheme(scheme_id)
        assert scheme.id == scheme_id
        assert scheme.description and "\n" not in scheme.description
        for example in scheme.examples:
            scheme.parse(example)


def test_label_is_kept_but_not_ordered() -> None:
    assert parse("fortios", "v7.2.5,build1517,230606 (GA.M)").label == "GA.M"
    assert parse("arista-eos", "4.32.1F").label == "F"
    assert parse("cisco-ios-xr", "7.9.2 LNT").label == "LNT"
    assert parse("routeros", "7.12.2 (stable)").label == "stable"
    assert parse("nokia-sros", "TiMOS-B-20.10.R12").label == "B"


def test_raw_is_kept_and_str_is_canonical() -> None:
    v = parse("cisco-ios-xe", " 16.09.03 ")
    assert v.raw == "16.09.03" and str(v) == "16.9.3"


def test_scheme_for_os_points_at_real_schemes() -> None:
    for scheme_id in auditor.versions.SCHEME_FOR_OS.values():
        get_scheme(scheme_id)


@pytest.mark.parametrize("module", [auditor.versions, auditor.versions.ranges])
def test_doctests(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.failed == 0 and result.attempted > 0
