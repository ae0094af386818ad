"""Upgrade targets: the smallest version of a train that leaves a device current.

A pure question about the catalogue (and the operator's floors and the day), asked for every
device on the same version: the fit candidates of a train are worked out once, ascending, and
each device's answer is a bisection into them.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date
from functools import partial

from auditor.catalogue.model import Catalogue, Milestones
from auditor.versions import Ordering, Version, compare


def supported_on(m: Milestones, day: date) -> bool:
    end = m.end_of_support
    return not m.support_ended_undated and (end is None or end >= day)


def _train_supported(catalogue: Catalogue, os: str, v: Version, as_of: date) -> bool | None:
    train = catalogue.train_for(os, v)
    if train is None:
        return None
    return supported_on(train.milestones, as_of)


def good_targets(
    catalogue: Catalogue,
    os: str,
    train: str,
    minimums: tuple[Version, ...],
    as_of: date,
    model: str | None = None,
) -> list[Version]:
    """Versions of a train fit to move to, lowest first: at or above every floor, held by no
    advisory that applies to the model (an unknown model: by none at all), still supported
    (or, for an OS without lifecycle data, not known otherwise)."""
    has_lifecycle = bool(catalogue.trains(os))
    good = []
    for cand in catalogue.versions_in_train(os, train):
        if any(compare(cand, m) is Ordering.LT for m in minimums):
            continue
        if any(
            aff.applies_to_model(model) is not False for _, aff in catalogue.affecting(os, cand)
        ):
            continue
        supported = _train_supported(catalogue, os, cand, as_of)
        if supported is False or (supported is None and has_lifecycle):
            continue
        good.append(cand)
    return good


def target_for(
    catalogue: Catalogue,
    os: str,
    version: Version,
    minimums: list[Version],
    as_of: date,
    model: str | None = None,
) -> tuple[str | None, str | None]:
    """(target version, None), (None, None) when already there, or (None, why not).

    `model` (upper-cased) matters only to advisories narrowed to models."""
    good = catalogue.cached(
        ("good-targets", os, version.train, tuple(minimums), as_of, model),
        partial(good_targets, catalogue, os, version.train, tuple(minimums), as_of, model),
    )
    i = bisect_left([v.key for v in good], version.key)
    if i < len(good):
        return (None, None) if good[i].key == version.key else (good[i].raw, None)
    has_lifecycle = bool(catalogue.trains(os))
    supported_trains = [t for t in catalogue.trains(os) if supported_on(t.milestones, as_of)]
    if not supported_trains:
        return (
            None,
            f"no supported {os} release known in the catalogue" if has_lifecycle else None,
        )
    # "Oldest" supported train = the one whose support ends first (release dates are often
    # missing from public sources; end-of-support dates are what the catalogue is about).
    oldest = min(
        supported_trains,
        key=lambda t: (
            t.milestones.end_of_support or date.max,
            t.release_date or date.max,
            t.train,
        ),
    )
    return (
        None,
        f"no suitable release in train {version.train}; oldest supported train: {os} {oldest.train}",
    )
