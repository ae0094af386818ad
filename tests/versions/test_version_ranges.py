"""vers: ranges across trains, OSV events, per-branch fix lists."""

from __future__ import annotations

import pytest

from auditor.errors import InputError, RangeParseError
from auditor.versions import parse
from auditor.versions.ranges import EventRange, VersRange, fixed_by

JUNOS_MULTI = "vers:junos/>=19.3R1|<19.3R2-S2|>=20.4R1|<20.4R3"


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("19.2R3", False),
        ("19.3R1", True),
        ("19.3R2-S1", True),
        ("19.3R2-S2", False),
        ("19.4R3-S1.3", False),
        ("20.4R1", True),
        ("20.4R2-S3.6", True),
        ("20.4R3", False),
        ("21.4R3-S3.4", False),
        ("15.1X49-D200.5", None),
        ("21.4R3-S3.4-EVO", None),
    ],
)
def test_junos_range_across_trains(version: str, expected: bool | None) -> None:
    assert VersRange.parse(JUNOS_MULTI).contains(parse("junos", version)) is expected


def test_junos_range_spanning_r_and_x_trains() -> None:
    r = VersRange.parse("vers:junos/<15.1X49-D220|>=20.4R1|<20.4R3-S2")
    assert r.contains(parse("junos", "15.1X49-D200.5")) is True
    assert r.contains(parse("junos", "15.1X49-D220")) is False
    assert r.contains(parse("junos", "20.4R3-S1")) is True
    assert r.contains(parse("junos", "19.4R3")) is False
    assert r.contains(parse("junos", "12.3X48-D10")) is None


@pytest.mark.parametrize(
    ("range_text", "version", "expected"),
    [
        ("vers:cisco-ios/>=15.2(4)M1|<15.2(4)M10", "15.2(4)M7", True),
        ("vers:cisco-ios/>=15.2(4)M1|<15.2(4)M10", "15.2(4)M10", False),
        ("vers:cisco-ios/>=15.2(4)M1|<15.2(4)M10", "15.2(4)M", False),
        ("vers:cisco-ios/>=15.2(4)M1|<15.2(4)M10", "15.2(2)E7", None),
        ("vers:cisco-ios/<=12.2(55)SE12", "12.2(55)SE12", True),
        ("vers:cisco-ios/>12.2(55)SE5", "12.2(55)SE5", False),
        ("vers:cisco-ios/>12.2(55)SE5", "12.2(55)SE10", True),
        ("vers:cisco-ios/15.2(4)M7|15.2(4)M8", "15.2(4)M8", True),
        ("vers:cisco-ios/15.2(4)M7|15.2(4)M8", "15.2(4)M9", False),
        ("vers:cisco-ios/!=15.2(4)M7", "15.2(4)M9", True),
        ("vers:cisco-ios/!=15.2(4)M7", "15.2(4)M7", False),
        ("vers:cisco-ios/>=15.2(4)M1|!=15.2(4)M5|<15.2(4)M10", "15.2(4)M5", False),
        ("vers:cisco-ios/>=15.2(4)M1|!=15.2(4)M5|<15.2(4)M10", "15.2(4)M6", True),
        ("vers:cisco-ios/*", "12.4(21a)", True),
        ("vers:huawei-vrp/>=V800R021C10|<V800R021C10SPC600", "V800R021C10SPC500", True),
        ("vers:huawei-vrp/>=V800R021C10|<V800R021C10SPC600", "V800R021C10SPC600SPH002", None),
        ("vers:pan-os/>=10.2.0|<10.2.4-h4", "10.2.4", True),
        ("vers:pan-os/>=10.2.0|<10.2.4-h4", "10.2.0-b2", False),
        ("vers:routeros/<7.12", "7.12rc1", True),
        ("vers:cisco-ios-xe/>=17.3.1|<17.3.4a", "17.03.04", True),
        ("vers:cisco-ios-xe/>=17.3.1|<17.3.4a", "03.16.10.S", None),
        ("vers:arista-eos/<4.28.6.1M", "4.28.6M-33818481.4286M", True),
    ],
)
def test_vers_ranges(range_text: str, version: str, expected: bool | None) -> None:
    r = VersRange.parse(range_text)
    assert r.contains(parse(r.scheme, version)) is expected


def test_vers_range_sorting_and_text() -> None:
    r = VersRange.parse("vers:junos/<20.4R3|>=20.4R1 | >=19.3R1|<19.3R2-S2")
    assert str(r) == "vers:junos/>=19.3R1|<19.3R2-S2|>=20.4R1|<20.4R3"
    assert VersRange.parse(str(r)) == r
    assert VersRange.parse("vers:cisco-ios/*").star
    assert str(VersRange.parse("vers:cisco-ios/*")) == "vers:cisco-ios/*"


def test_percent_encoded_versions() -> None:
    r = VersRange.parse("vers:cisco-ios/<15.2%284%29M10")
    assert r.contains(parse("cisco-ios", "15.2(4)M7")) is True


def test_other_scheme_version_is_none() -> None:
    assert VersRange.parse("vers:junos/*").contains(parse("generic", "1.0")) is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("junos/>=20.4R1", "expected vers:"),
        ("vers:junos", "expected vers:"),
        ("vers:junos/", "no constraints"),
        ("vers:nosuch/>=1", "known schemes"),
        ("vers:junos/>=20.4R1||<20.4R3", "empty constraint"),
        ("vers:junos/*|<20.4R3", "'*' must be the only"),
        ("vers:junos/>=20.4Z1", "junos: cannot read"),
        ("vers:junos/<20.4R3|<20.4R3", "appears twice"),
    ],
)
def test_vers_errors(text: str, fragment: str) -> None:
    with pytest.raises(RangeParseError) as info:
        VersRange.parse(text)
    assert fragment in info.value.message
    assert isinstance(info.value, InputError)


def test_vers_rejects_non_string() -> None:
    with pytest.raises(RangeParseError):
        VersRange.parse(None)  # type: ignore[arg-type]


# --- OSV events -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("events", "version", "expected"),
    [
        ([{"introduced": "0"}, {"fixed": "20.4R3-S2"}], "20.4R3-S1", True),
        ([{"introduced": "0"}, {"fixed": "20.4R3-S2"}], "20.4R3-S2", False),
        ([{"introduced": "0"}, {"fixed": "20.4R3-S2"}], "15.1X49-D200", None),
        ([{"introduced": "0"}], "15.1X49-D200", True),
        ([{"introduced": "19.3R1"}, {"fixed": "19.3R2-S2"}], "19.2R1", False),
        ([{"introduced": "19.3R1"}, {"fixed": "19.3R2-S2"}], "19.3R1", True),
        ([{"introduced": "19.3R1"}, {"last_affected": "19.3R2"}], "19.3R2", True),
        ([{"introduced": "19.3R1"}, {"last_affected": "19.3R2"}], "19.3R2-S1", False),
        (
            [
                {"introduced": "19.3R1"},
                {"fixed": "19.3R2-S2"},
                {"introduced": "20.4R1"},
                {"fixed": "20.4R3"},
            ],
            "20.4R2",
            True,
        ),
        (
            [
                {"introduced": "19.3R1"},
                {"fixed": "19.3R2-S2"},
                {"introduced": "20.4R1"},
                {"fixed": "20.4R3"},
            ],
            "20.1R1",
            False,
        ),
        ([{"introduced": "0"}, {"limit": "20.4R1"}], "19.3R1", True),
        ([{"introduced": "0"}, {"limit": "20.4R1"}], "20.4R1", False),
        ([{"introduced": "0"}, {"limit": "*"}], "24.2R1", True),
        (
            [
                {"introduced": "15.1X49-D100"},
                {"fixed": "15.1X49-D200"},
                {"introduced": "0"},
                {"fixed": "20.4R3"},
            ],
            "15.1X49-D150",
            True,
        ),
    ],
)
def test_osv_events(events: list[dict[str, str]], version: str, expected: bool | None) -> None:
    assert EventRange("junos", events).contains(parse("junos", version)) is expected


def test_osv_events_cisco_ios() -> None:
    r = EventRange("cisco-ios", [{"introduced": "15.2(4)M1"}, {"fixed": "15.2(4)M10"}])
    assert r.contains(parse("cisco-ios", "15.2(4)M9")) is True
    assert r.contains(parse("cisco-ios", "15.2(4)M10")) is False
    assert r.contains(parse("cisco-ios", "15.2(2)E7")) is None
    assert "15.2(4)M10" in repr(r)


@pytest.mark.parametrize(
    "events",
    [
        [{"fixed": "20.4R3"}],
        [{"introduced": "0", "fixed": "20.4R3"}],
        [{"affected": "20.4R3"}],
        [{"introduced": "20.4"}],
        [{"introduced": 20}],
        "introduced",
        [["introduced", "0"]],
    ],
)
def test_osv_event_errors(events: object) -> None:
    with pytest.raises(RangeParseError):
        EventRange("junos", events)  # type: ignore[arg-type]


def test_osv_unknown_scheme() -> None:
    with pytest.raises(RangeParseError, match="known schemes"):
        EventRange("nosuch", [{"introduced": "0"}])


# --- per-branch fix lists ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("19.3R2-S1", False),
        ("19.3R2-S3", True),
        ("19.3R3-S1", True),
        ("19.3R1", False),
        ("20.4R1", None),
        ("15.1X49-D200", None),
    ],
)
def test_fixed_by_junos(version: str, expected: bool | None) -> None:
    fixes = [parse("junos", "19.3R2-S2"), parse("junos", "19.3R3")]
    assert fixed_by(parse("junos", version), fixes) is expected


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("15.2(4)M6a", False),
        ("15.2(4)M7", True),
        ("15.2(4)M11", True),
        ("15.2(7)E8", True),
        ("15.2(7)E2", False),
        ("15.2(4)E10", None),
        ("12.2(55)SE12", None),
    ],
)
def test_fixed_by_ios(version: str, expected: bool | None) -> None:
    fixes = [parse("cisco-ios", t) for t in ("15.2(4)M7", "15.2(7)E3", "15.1(4)M12a")]
    assert fixed_by(parse("cisco-ios", version), fixes) is expected


def test_fixed_by_vrp_hot_patch_only_on_its_base() -> None:
    fixes = [parse("huawei-vrp", t) for t in ("V800R021C10SPC600SPH002", "V800R021C10SPC700")]
    assert fixed_by(parse("huawei-vrp", "V800R021C10SPC600SPH005"), fixes) is True
    assert fixed_by(parse("huawei-vrp", "V800R021C10SPC600SPH001"), fixes) is False
    assert fixed_by(parse("huawei-vrp", "V800R021C10SPC600"), fixes) is False
    assert fixed_by(parse("huawei-vrp", "V800R021C10SPC700"), fixes) is True


def test_fixed_by_ignores_other_schemes() -> None:
    assert fixed_by(parse("generic", "19.3"), [parse("junos", "19.3R3")]) is None
