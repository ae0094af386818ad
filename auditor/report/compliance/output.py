"""Write a pack folder: compliance.json, .html, .pdf, the policy and spares files it was
computed from, manifest.json (every file's SHA-256) and, with a key, manifest.json.sig.

The folder must hold nothing else: `auditor verify` treats a file the manifest does not list
as tampering, so a pack is written into an empty (or new) folder, or over an earlier pack.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from auditor.errors import InputError
from auditor.yamlsrc import gc_paused

JSON_NAME = "compliance.json"
HTML_NAME = "compliance.html"
PDF_NAME = "compliance.pdf"
POLICY_NAME = "policy.yaml"
SPARES_NAME = "spares.yaml"
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.json.sig"
PACK_FILES = (
    JSON_NAME,
    HTML_NAME,
    PDF_NAME,
    POLICY_NAME,
    SPARES_NAME,
    MANIFEST_NAME,
    SIGNATURE_NAME,
)
MANIFEST_SCHEMA = "auditor-compliance-manifest/1"
TEMPLATE = "compliance/compliance.html.j2"


def pack_json(pack: dict[str, Any]) -> str:
    """Canonical text: sorted keys, two-space indent, UTF-8, one final newline."""
    return json.dumps(pack, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_html(pack: dict[str, Any]) -> str:
    """The pack as one print-friendly HTML page, through the sandboxed, autoescaping Jinja
    environment every report uses (device output is untrusted). The printed annex cites each
    catalogue entry by name; `cited` lists them once with their sources."""
    from auditor.report.compliance.annex import cited_sources
    from auditor.report.render import environment

    template = environment().get_template(TEMPLATE)
    return str(template.render(pack=pack, cited=cited_sources(pack["annex"])))


def render_pdf(html: str) -> bytes:
    """WeasyPrint lays the HTML out on A4 pages. The document's dates come from the HTML's
    `dcterms` meta tags (the run's times), so the PDF does not change from one build to the
    next either."""
    with gc_paused():  # one pause over layout and writing (see pdf_document)
        return pdf_bytes(pdf_document(html))


def pdf_document(html: str) -> Any:
    """The laid-out pages (a `weasyprint.Document`): the slow half of `render_pdf`, apart so
    that benchmarks/compliance_pdf.py can time layout and PDF writing separately.

    The cycle collector is held off meanwhile: layout builds a tree of millions of boxes that
    all stay alive until the PDF is written, and each allocation burst made the collector walk
    all of it again (a quarter of the time for 2,000 devices; peak memory is the same)."""
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: the Pango library is missing
        raise InputError(
            f"cannot write the PDF: WeasyPrint is not usable ({str(exc).splitlines()[0]})",
            tip="pip install weasyprint (it needs the Pango library: apt install libpango-1.0-0)",
        ) from None
    with gc_paused():
        return HTML(string=html).render()


def pdf_bytes(document: Any) -> bytes:
    """The PDF file of laid-out pages (the collector held off, as in `pdf_document`)."""
    with gc_paused():
        return bytes(document.write_pdf())


def manifest(files: dict[str, bytes], run_id: str | None) -> bytes:
    listing = [
        {"name": name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
        for name, data in sorted(files.items())
    ]
    body = {"schema": MANIFEST_SCHEMA, "run_id": run_id, "files": listing}
    return (json.dumps(body, indent=2, sort_keys=True) + "\n").encode()


def _prepare(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise InputError(
            f"{out}: exists and is not a folder", tip="give a new or empty folder with --out"
        )
    out.mkdir(parents=True, exist_ok=True)
    foreign = sorted(p.name for p in out.iterdir() if p.name not in PACK_FILES)
    if foreign:
        raise InputError(
            f"{out}: holds files that are not part of a pack: {', '.join(foreign[:5])}"
            + (" …" if len(foreign) > 5 else ""),
            tip="a pack folder holds only the pack (verify refuses unlisted files); give a new or empty folder",
        )
    for name in PACK_FILES:
        (out / name).unlink(missing_ok=True)


def write_pack(
    pack: dict[str, Any],
    out: Path,
    policy_file: Path,
    spares_file: Path | None = None,
    sign_key: Path | None = None,
    pdf: bool = True,
) -> list[Path]:
    """Render everything first, then write; return the files written (manifest last but one,
    signature last)."""
    key = None
    if sign_key is not None:
        from auditor.report.compliance.signing import load_private_key

        key = load_private_key(sign_key)  # a bad key fails before anything is written
    html = render_html(pack)
    files: dict[str, bytes] = {JSON_NAME: pack_json(pack).encode(), HTML_NAME: html.encode()}
    if pdf:
        files[PDF_NAME] = render_pdf(html)
    files[POLICY_NAME] = policy_file.read_bytes()
    if spares_file is not None:
        files[SPARES_NAME] = spares_file.read_bytes()
    listing = manifest(files, (pack.get("scope") or {}).get("run", {}).get("id"))
    _prepare(out)
    written = []
    for name, data in sorted(files.items()):
        (out / name).write_bytes(data)
        written.append(out / name)
    (out / MANIFEST_NAME).write_bytes(listing)
    written.append(out / MANIFEST_NAME)
    if key is not None:
        from auditor.report.compliance.signing import sign

        (out / SIGNATURE_NAME).write_bytes(sign(listing, key))
        written.append(out / SIGNATURE_NAME)
    return written
