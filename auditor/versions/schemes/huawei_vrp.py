"""Huawei VRP product versions: `V800R021C10SPC600`, `BSC6910V100R023C10SPC500`, VRP3 images.

Fields (source: nocproject VRP profile comments; public MML references): V = product line,
R = release, C = customisation/version, SPC = service pack, B = build, SPH = hot patch.

Decisions:

- **Train** = product prefix (if attached, as on base-station controllers:
  `BSC6910V100...`) + V field: `V800`, `BSC6910V100`. Note that one V number is shared by
  unrelated product families (V300 is both AR routers and ATN); the version string alone
  cannot tell them apart, so callers compare only within one platform's catalogue.
- **Order** within a train: (R, C, SPC, B); absent fields count as 0, except an absent C,
  which sorts before C00 (`V100R011 < V100R011C00`) so equal keys always mean equal text.
  `V800R021C10 < V800R021C10SPC100 < V800R021C10SPC600 < V800R021C20`.
- **Hot patches (SPH)** are compared only on the same base: `...SPC600SPH002` has the train
  `V800R021C10SPC600` (its base) and key (SPH,). So it orders against other patches of the same
  base, and is *incomparable* with every unpatched version (including its own base) and with
  patches of other bases. Why: a hot patch can carry fixes that the next SPC lacks (and
  vice versa), so any cross-base order would be invented. Devices normally print the base
  version and the patch on a separate `Patch Version` line, so this rarely matters for
  device versions; in a per-branch fix list an SPH fix only answers for devices on that base.
- **Branch** = `[prefix]VxxxRxxxCxx` (`V800R021C10`).
- A product-series word before the version (`NE40E V800R021C10SPC600`, as printed inside the
  parentheses of `display version`) is accepted as a label; it is not part of the train.
- **VRP3** images `S8500-VRP310-R1648P01` are parsed: train = branch = `S8500-VRP310`,
  order by (release, patch). The VRP kernel version (`8.180`) is refused: it is not the
  version Huawei advisories use.
"""

from __future__ import annotations

import re

from auditor.versions.base import Version, VersionScheme, branch_text, num

_VRP = re.compile(
    r"(?:(?P<series>[A-Za-z0-9][A-Za-z0-9&.\- ]{0,30}?)\s+)?"
    r"(?P<prefix>[A-Z][A-Z0-9]{0,15}?)?V(?P<v>\d{3})R(?P<r>\d{3})(?:C(?P<c>\d{2,3}))?"
    r"(?:SPC(?P<spc>\d{3}))?(?:B(?P<b>\d{3}))?(?:SPH(?P<sph>\d{3}))?",
    re.ASCII,
)
_VRP3 = re.compile(
    r"(?P<product>[A-Z][A-Z0-9]{1,15})-VRP(?P<vrp>\d{3})-R(?P<rel>\d{4})(?:P(?P<patch>\d{2,3}))?",
    re.ASCII,
)
_VRP3_BRANCH = re.compile(r"(?P<product>[A-Z][A-Z0-9]{1,15})-VRP(?P<vrp>\d{3})", re.ASCII)
_KERNEL = re.compile(r"\d\.\d{1,3}", re.ASCII)
_BRANCH = re.compile(
    r"(?P<prefix>[A-Z][A-Z0-9]{0,15}?)?V(?P<v>\d{3})R(?P<r>\d{3})(?:C(?P<c>\d{2,3}))?", re.ASCII
)


def _base(prefix: str, v: int, r: int, c: str | None) -> str:
    return f"{prefix}V{v:03d}R{r:03d}" + (f"C{int(c):02d}" if c else "")


class HuaweiVrpScheme(VersionScheme):
    id = "huawei-vrp"
    description = (
        "Huawei VRP/RAN: V800R021C10SPC600, BSC6910V100R023C10SPC500; SPH only on its base"
    )
    examples = ("V800R021C10SPC600", "V200R010C00SPC600", "BSC6910V100R023C10SPC500")
    grammar = "[prefix]VxxxRxxx[Cxx][SPCxxx][Bxxx][SPHxxx]"

    def _parse(self, text: str) -> Version:
        m = _VRP.fullmatch(text)
        if not m:
            return self._parse_vrp3(text)
        prefix, v, r, c = m["prefix"] or "", int(m["v"]), int(m["r"]), m["c"]
        branch = _base(prefix, v, r, c)
        canonical = branch
        canonical += f"SPC{int(m['spc']):03d}" if m["spc"] else ""
        canonical += f"B{int(m['b']):03d}" if m["b"] else ""
        if m["sph"]:
            train = canonical
            key: tuple[int, ...] = (int(m["sph"]),)
            canonical += f"SPH{int(m['sph']):03d}"
            flags = {"hot-patch"}
        else:
            train = f"{prefix}V{v:03d}"
            key = (r, int(c) if c else -1, num(m["spc"]), num(m["b"]))
            flags = set()
        return self.make(
            text,
            train=train,
            branch=branch,
            key=key,
            text=canonical,
            label=m["series"],
            flags=flags,
        )

    def _parse_vrp3(self, text: str) -> Version:
        m = _VRP3.fullmatch(text)
        if not m:
            kernel = _KERNEL.fullmatch(text)
            raise self.error(
                text, "a VRP kernel version, not a product version" if kernel else None
            )
        train = f"{m['product']}-VRP{m['vrp']}"
        rel, patch = int(m["rel"]), num(m["patch"])
        return self.make(
            text,
            train=train,
            branch=train,
            key=(rel, patch),
            text=f"{train}-R{rel:04d}" + (f"P{patch:02d}" if m["patch"] else ""),
        )

    def parse_branch(self, text: str) -> str:
        stripped = branch_text(text)
        m3 = _VRP3_BRANCH.fullmatch(stripped)
        if m3:
            return f"{m3['product']}-VRP{m3['vrp']}"
        m = _BRANCH.fullmatch(stripped)
        if not m:
            raise self.branch_error(text, "VxxxRxxxCxx, e.g. V800R021C10")
        return _base(m["prefix"] or "", int(m["v"]), int(m["r"]), m["c"])


SCHEME = HuaweiVrpScheme()
