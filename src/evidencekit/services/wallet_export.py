"""Exporting a wallet credential: baked PNG or SVG badge, JSON, or certificate PDF.

Kept apart from the wallet itself because drawing badges and certificates needs
ReportLab and Pillow, which the main window should not load at every start.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from evidencekit.bundle.credentials.badge_art import Artwork, artwork
from evidencekit.bundle.credentials.baking import BadImage, bake_png, bake_svg
from evidencekit.bundle.credentials.certificate_pdf import (
    PAGE_SIZES,
    CertificateContent,
    render_certificate,
)
from evidencekit.bundle.credentials.credential_check import check_credential
from evidencekit.domain.catalog import Catalog
from evidencekit.domain.credentials import (
    achievement_ref,
    issuer_name,
    organisation_name,
    parse_stamp,
)
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.services.catalogs import workspace_catalog
from evidencekit.services.holder import load_profile
from evidencekit.services.wallet import credential_document
from evidencekit.storage.atomic_files import write_atomically
from evidencekit.storage.workspace import Workspace

EXPORT_SUFFIXES = (".png", ".svg", ".json", ".pdf")


def credential_json(document: dict[str, Any]) -> bytes:
    """The credential as a file: the .json export and the certificate's attachment, alike."""
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def _artwork(catalog: Catalog, document: dict[str, Any]) -> Artwork:
    achievement = document["credentialSubject"]["achievement"]
    ref = achievement_ref(achievement["id"])
    found = catalog.get(ref.credential_id, ref.version) if ref.credential_id else None
    key = ref.pathway_id or ref.credential_id or achievement["id"]
    return artwork(achievement["name"], key, found.badge_image if found else None)


def _units(catalog: Catalog, document: dict[str, Any]) -> tuple[str, ...]:
    ref = achievement_ref(document["credentialSubject"]["achievement"]["id"])
    if ref.pathway_id:
        return tuple(item.get("name", "") for item in document.get("evidence", []))
    found = catalog.get(ref.credential_id, ref.version) if ref.credential_id else None
    if found is None:
        return ()
    unit = found.unit(ref.unit_id) if ref.unit_id else None
    return (unit.title,) if unit else tuple(u.title for u in found.units)


def certificate_content(
    workspace: Workspace, entry_id: int, catalog: Catalog | None = None
) -> CertificateContent:
    holder = load_profile().name
    if not holder:
        raise EvidenceKitError(
            "Give your name first (Your details…, or `evidencekit credential holder --name`): "
            "the certificate prints it."
        )
    document = credential_document(workspace, entry_id)
    catalog = catalog or workspace_catalog(workspace)
    checked = check_credential(document)
    unit_award = achievement_ref(checked.document["credentialSubject"]["achievement"]["id"]).unit_id
    return CertificateContent(
        holder=holder,
        # a unit's award is titled "Credential: Unit"; the unit is listed below the title
        title=checked.title.split(":")[0] if unit_award else checked.title,
        units=_units(catalog, document),
        awarded=parse_stamp(checked.issued).date(),
        issuer=organisation_name(document),
        evaluator=issuer_name(document),
        evaluator_key=checked.signer,
        credential_json=credential_json(document),
        badge_png=_artwork(catalog, document).png,
        email_hashed=bool(document["credentialSubject"].get("identifier")),
    )


def export_credential(workspace: Workspace, entry_id: int, target: Path, paper: str = "a4") -> Path:
    """Write the credential as baked PNG or SVG badge, JSON, or certificate PDF (by suffix)."""
    suffix = target.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise EvidenceKitError("Export a credential as .png, .svg, .json or .pdf.")
    if paper not in PAGE_SIZES:
        raise EvidenceKitError(f"Paper must be one of {', '.join(PAGE_SIZES)}.")
    document = credential_document(workspace, entry_id)
    text = credential_json(document).decode("utf-8")
    if suffix == ".json":
        data = text.encode("utf-8")
    elif suffix == ".pdf":
        data = render_certificate(certificate_content(workspace, entry_id), paper)
    else:
        art = _artwork(workspace_catalog(workspace), document)
        try:
            data = bake_png(art.png, text) if suffix == ".png" else bake_svg(art.svg, text)
        except BadImage as problem:
            raise EvidenceKitError(f"The badge artwork cannot be used: {problem}.") from None
    write_atomically(target, data)
    return target
