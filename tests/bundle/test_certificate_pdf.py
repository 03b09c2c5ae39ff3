"""The certificate prints on A4 and Letter, and its QR code reads back as the credential's hash."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import cv2
import pytest

from evidencekit.bundle.badge_art import artwork
from evidencekit.bundle.certificate_pdf import CertificateContent, qr_payload, render_certificate
from evidencekit.domain.credentials import short_code

DIGEST = "3f2a91c07b4ed215" + "9e" * 24
CONTENT = CertificateContent(
    holder="María-José Þórsdóttir",
    title="Checking for Understanding",
    units=("Planned questioning and wait time", "Whole-class response signals"),
    awarded=date(2026, 5, 1),
    issuer="EvidenceKit Starter Catalog",
    evaluator="Eva Lindqvist",
    evaluator_key="0c10 f488 d352 8efb 0c10 f488 d352 8efb",
    credential_sha256=DIGEST,
    badge_png=artwork("Checking for Understanding", "checking-for-understanding").png,
)


@pytest.mark.parametrize(("paper", "ratio"), [("a4", 297 / 210), ("letter", 11 / 8.5)])
def test_qr_code_decodes_to_the_credential_hash(paper: str, ratio: float, tmp_path: Path) -> None:
    pdf = tmp_path / f"certificate-{paper}.pdf"
    pdf.write_bytes(render_certificate(CONTENT, paper))
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", pdf, tmp_path / "page"], check=True
    )
    page = cv2.imread(str(tmp_path / "page.png"))
    height, width = page.shape[:2]
    assert width / height == pytest.approx(ratio, rel=0.01)  # landscape, the right paper
    text, _points, _straight = cv2.QRCodeDetector().detectAndDecode(page)
    assert text == qr_payload(DIGEST) == f"sha256:{DIGEST}"
    found = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True)
    words = " ".join(found.stdout.split())
    for expected in (
        "María-José Þórsdóttir",
        "Checking for Understanding",
        "1 May 2026",
        "Eva Lindqvist",
        short_code(DIGEST),
        "Whole-class response signals",
    ):
        assert expected in words
