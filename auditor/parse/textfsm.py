"""Run an ntc-templates TextFSM template, with every failure turned into a warning.

Templates are useful where a vendor's output is a stable `key: value` list and the template's
fields map one-to-one onto ours (PAN-OS `show system info`). They are *not* used as the primary
reader elsewhere: on the real captures of the conformance corpus several templates raise on an
echoed command or prompt (their `Error` state: Junos, ASA, XR, RouterOS, Huawei VRP), return
composite strings (`12.2(2)XA1, EARLY DEPLOYMENT`, `10.4(5) [Maintenance Release]`), or have no
version field (EOS); and there is no template for IOS-XE, MML controllers or SR OS. Where one is
used, a parser falls back to its own regular expressions when the template yields nothing.

textfsm and ntc_templates are imported lazily so that importing the platform registry stays
cheap and works even if the optional template package is missing.
"""

from __future__ import annotations

from typing import Any


def run_template(
    platform: str, command: str, text: str, warnings: list[str]
) -> list[dict[str, Any]]:
    """Rows parsed by the ntc-templates template for (platform, command); [] on any failure.

    Never raises: a missing package, a missing template or a TextFSM error is appended to
    `warnings` (with the template's own message, which names the offending input line).
    """
    try:
        from ntc_templates.parse import parse_output
    except Exception as exc:  # noqa: BLE001 - optional dependency; any import failure is a warning
        warnings.append(f"ntc-templates unavailable ({type(exc).__name__}); used own parser")
        return []
    try:
        rows = parse_output(platform=platform, command=command, data=text)
    except Exception as exc:  # noqa: BLE001 - TextFSMError, template lookup errors, anything else
        message = " ".join(str(exc).split())[:160]
        warnings.append(f"ntc-templates {platform}/{command!r} failed: {message}")
        return []
    return [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []
