"""Hypothesis properties per scheme: round trip, consistent order, only VersionParseError."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.errors import VersionParseError
from auditor.versions import Ordering, Version, compare, get_scheme, parse, scheme_ids

FAST = settings(max_examples=40, deadline=None)

small = st.integers(min_value=0, max_value=30)
pos = st.integers(min_value=1, max_value=30)


def opt(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), strategy)


def fmt(template: str, **parts: st.SearchStrategy[object]) -> st.SearchStrategy[str]:
    return st.fixed_dictionaries(parts).map(lambda d: template.format(**d))


maint = st.one_of(small.map(str), st.tuples(small, small).map(lambda t: f"{t[0]}.{t[1]}"))

#: scheme id -> strategy of valid version texts (a few trains, so incomparables show up).
VALID: dict[str, st.SearchStrategy[str]] = {
    "cisco-ios": fmt(
        "{M}.{m}({maint}{letter}){train}{rebuild}{respin}",
        M=st.sampled_from([12, 15]),
        m=st.sampled_from([1, 2, 4]),
        maint=maint,
        letter=st.sampled_from(["", "a", "b"]),
        train=st.sampled_from(["", "M", "SE", "E", "T"]),
        rebuild=opt(small.map(str)),
        respin=st.sampled_from(["", "a"]),
    ),
    "cisco-ios-xe": st.one_of(
        fmt(
            "{M}.{m:02d}.{r:02d}{letter}",
            M=st.sampled_from([16, 17]),
            m=small,
            r=small,
            letter=st.sampled_from(["", "a", "b"]),
        ),
        fmt(
            "0{M}.{m}.{r}{letter}{dot}{suffix}",
            M=st.sampled_from([2, 3]),
            m=small,
            r=small,
            letter=st.sampled_from(["", "a"]),
            dot=st.sampled_from(["", "."]),
            suffix=st.sampled_from(["S", "E", "SG"]),
        ),
        fmt(
            "15.{m}({n}){train}{rebuild}",
            m=small,
            n=small,
            train=st.sampled_from(["S", "E"]),
            rebuild=opt(small.map(str)),
        ),
        fmt(
            "17.{m}.{d}:{t}",
            m=small,
            d=st.integers(20200101, 20291231),
            t=st.integers(0, 235959).map(lambda t: f"{t:06d}"),
        ),
    ),
    "cisco-nx-os": st.one_of(
        fmt(
            "{M}.{m}({n}{letter}){label}",
            M=st.sampled_from([6, 7, 9, 10, 14]),
            m=small,
            n=small,
            letter=st.sampled_from(["", "a", "h", "uu"]),
            label=st.sampled_from(["", "F", "M", " [Maintenance Release]"]),
        ),
        fmt(
            "7.0(3){des}({n}{letter})",
            des=st.sampled_from(["I4", "I7", "U6"]),
            n=maint,
            letter=st.sampled_from(["", "a", "b"]),
        ),
    ),
    "cisco-ios-xr": fmt(
        "{M}.{m}.{r}{build}{label}",
        M=st.sampled_from([5, 6, 7, 24]),
        m=small,
        r=small,
        build=opt(pos.map(lambda b: f".{b}I")),
        label=st.sampled_from(["", " LNT", "[Default]"]),
    ),
    "cisco-asa": st.one_of(
        fmt("{M}.{m}({n}){i}", M=st.sampled_from([8, 9]), m=small, n=small, i=opt(pos.map(str))),
        fmt("{M}.{m}({n}.{i})", M=st.sampled_from([8, 9]), m=small, n=small, i=pos),
    ),
    "junos": st.one_of(
        fmt(
            "{M}.{m}{t}{n}{s}{b}{evo}",
            M=st.integers(9, 24),
            m=st.integers(1, 4),
            t=st.sampled_from(["R", "R", "B", "I", "F"]),
            n=pos,
            s=opt(pos.map(lambda s: f"-S{s}")),
            b=opt(pos.map(lambda b: f".{b}")),
            evo=st.sampled_from(["", "-EVO"]),
        ),
        fmt(
            "{M}.{m}X{x}-D{d}{b}",
            M=st.sampled_from([12, 15]),
            m=st.sampled_from([1, 3]),
            x=st.sampled_from([46, 48, 49]),
            d=st.integers(0, 250),
            b=opt(pos.map(lambda b: f".{b}")),
        ),
    ),
    "arista-eos": fmt(
        "4.{m}.{r}{p}{label}{suffix}",
        m=small,
        r=small,
        p=opt(pos.map(lambda p: f".{p}")),
        label=st.sampled_from(["M", "F", ""]),
        suffix=st.sampled_from(["", "-39953990.4316M", " (engineering build)"]),
    ),
    "huawei-vrp": st.one_of(
        fmt(
            "{prefix}V{v}R{r:03d}{c}{spc}{b}{sph}",
            prefix=st.sampled_from(["", "BSC6910"]),
            v=st.sampled_from(["100", "800"]),
            r=small,
            c=opt(small.map(lambda c: f"C{c:02d}")),
            spc=opt(st.integers(1, 999).map(lambda s: f"SPC{s:03d}")),
            b=opt(pos.map(lambda b: f"B{b:03d}")),
            sph=opt(pos.map(lambda s: f"SPH{s:03d}")),
        ),
        fmt(
            "S8500-VRP310-R{r}{p}", r=st.integers(1000, 1999), p=opt(pos.map(lambda p: f"P{p:02d}"))
        ),
    ),
    "nokia-sros": fmt(
        "{prefix}{M}.{m}.{t}{n}{b}",
        prefix=st.sampled_from(["", "B-", "TiMOS-C-"]),
        M=st.integers(7, 25),
        m=st.sampled_from([0, 3, 7, 10]),
        t=st.sampled_from(["R", "B"]),
        n=pos,
        b=opt(pos.map(lambda b: f"-{b}")),
    ),
    "fortios": fmt(
        "{v}{M}.{m}.{p}{build}",
        v=st.sampled_from(["", "v"]),
        M=st.sampled_from([6, 7]),
        m=st.sampled_from([0, 2, 4]),
        p=small,
        build=opt(st.integers(1, 3000).map(lambda b: f",build{b:04d},230606 (GA.M)")),
    ),
    "pan-os": fmt(
        "{M}.{m}.{p}{suffix}",
        M=st.sampled_from([9, 10, 11]),
        m=small,
        p=small,
        suffix=opt(st.tuples(st.sampled_from("hbc"), pos).map(lambda t: f"-{t[0]}{t[1]}")),
    ),
    "routeros": fmt(
        "{M}.{m}{p}{pre}{channel}",
        M=st.sampled_from([6, 7]),
        m=small,
        p=opt(small.map(lambda p: f".{p}")),
        pre=opt(
            st.tuples(st.sampled_from(["alpha", "beta", "rc"]), pos).map(lambda t: f"{t[0]}{t[1]}")
        ),
        channel=st.sampled_from(["", " (stable)", " (long-term)"]),
    ),
    "comware": st.one_of(
        fmt(
            "{prefix}{number}{patch}",
            prefix=st.sampled_from(["", "R", "F", "E", "7.1.070, Release ", "JG937A-"]),
            number=st.sampled_from(["3506", "3507", "9071"]),
            patch=opt(st.integers(0, 99).map(lambda p: f"P{p:02d}")),
        ),
        fmt("V5.02.{m:02d}s56{p}", m=small, p=opt(pos.map(lambda p: f"p{p:02d}"))),
    ),
    "zxros": fmt(
        "V{line}{fields}{build}",
        line=st.sampled_from(["5.10", "5.00", "2.8"]),
        fields=st.lists(st.one_of(small.map(str), st.sampled_from(["C", "P14"])), max_size=4).map(
            lambda fs: "".join(f".{f}" for f in fs)
        ),
        build=st.sampled_from(["", "B03"]),
    ),
    "nokia-bsc": fmt(
        "S{r}{half}{levels}",
        r=st.sampled_from([10, 15, 16]),
        half=st.sampled_from(["", ".5"]),
        levels=st.lists(small, max_size=4).map(lambda ls: "".join(f"_{n}" for n in ls)),
    ),
    "ericsson-ran": fmt("{y:02d}.Q{q}", y=st.integers(0, 99), q=st.integers(1, 4)),
    "ericsson-bsc": st.one_of(
        fmt("G{y:02d}{h}", y=st.integers(0, 99), h=st.sampled_from(["A", "B"])),
        fmt("R{n}", n=st.integers(0, 99)),
    ),
    "generic": fmt(
        "{v}{nums}{letters}",
        v=st.sampled_from(["", "v"]),
        nums=st.lists(small, min_size=1, max_size=5).map(lambda ns: ".".join(map(str, ns))),
        letters=st.sampled_from(["", "a", "J", "rc"]),
    ),
}

#: Characters versions are made of: random strings over them reach deep into the grammars.
VERSION_ALPHABET = "0123456789.()[]-,:RSXDMEFBIPCHTVQabhcuv LNT"


def test_every_scheme_has_a_strategy() -> None:
    assert set(VALID) == set(scheme_ids())


def _each_scheme(test: Callable[[str, st.DataObject], None]) -> Callable[..., None]:
    """Run the property for every scheme, with its own example budget."""
    wrapped = given(data=st.data())(FAST(test))
    return pytest.mark.parametrize("scheme_id", sorted(VALID))(wrapped)


@_each_scheme
def test_round_trip(scheme_id: str, data: st.DataObject) -> None:
    v = parse(scheme_id, data.draw(VALID[scheme_id]))
    again = parse(scheme_id, str(v))
    assert again == v
    assert str(again) == str(v)
    assert get_scheme(scheme_id).parse_branch(v.branch) == v.branch


@_each_scheme
def test_order_is_consistent(scheme_id: str, data: st.DataObject) -> None:
    a, b, c = (parse(scheme_id, data.draw(VALID[scheme_id])) for _ in range(3))
    ab, ba = compare(a, b), compare(b, a)
    flipped = {Ordering.LT: Ordering.GT, Ordering.GT: Ordering.LT}
    assert ba is flipped.get(ab, ab)
    if ab is Ordering.EQ:
        assert a.branch == b.branch
    if ab is not Ordering.INCOMPARABLE and compare(b, c) is not Ordering.INCOMPARABLE:
        ac = compare(a, c)
        assert ac is not Ordering.INCOMPARABLE
        if ab in (Ordering.LT, Ordering.EQ) and compare(b, c) in (Ordering.LT, Ordering.EQ):
            assert ac in (Ordering.LT, Ordering.EQ)
            if Ordering.LT in (ab, compare(b, c)):
                assert ac is Ordering.LT


@_each_scheme
def test_arbitrary_text_only_raises_version_parse_error(
    scheme_id: str, data: st.DataObject
) -> None:
    text = data.draw(st.one_of(st.text(max_size=40), st.text(VERSION_ALPHABET, max_size=30)))
    try:
        v = parse(scheme_id, text)
    except VersionParseError as exc:
        assert exc.message.startswith(scheme_id)
        return
    assert isinstance(v, Version)
    assert parse(scheme_id, str(v)) == v


@_each_scheme
def test_arbitrary_branch_text_only_raises_version_parse_error(
    scheme_id: str, data: st.DataObject
) -> None:
    text = data.draw(st.one_of(st.text(max_size=30), st.text(VERSION_ALPHABET, max_size=20)))
    try:
        branch = get_scheme(scheme_id).parse_branch(text)
    except VersionParseError:
        return
    assert get_scheme(scheme_id).parse_branch(branch) == branch


@pytest.mark.parametrize("scheme_id", sorted(VALID))
@FAST
@given(noise=st.text(max_size=20))
def test_mutated_valid_text(scheme_id: str, noise: str) -> None:
    example = get_scheme(scheme_id).examples[0]
    for text in (example + noise, noise + example, example[: len(noise)] + noise):
        with contextlib.suppress(VersionParseError):
            parse(scheme_id, text)
