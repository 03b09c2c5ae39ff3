"""The certificate prints on A4 and Letter, carries the signed credential as an attachment,
and its QR code reads back as that attached file's SHA-256."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import cv2
import pytest
from reportlab.pdfgen.canvas import Canvas

from evidencekit.bundle.credentials.badge_art import artwork
from evidencekit.bundle.credentials.baking import extract_any
from evidencekit.bundle.credentials.certificate_pdf import (
    CertificateContent,
    qr_payload,
    render_certificate,
)
from evidencekit.bundle.credentials.credential_check import check_credential, parse_credential
from evidencekit.bundle.credentials.pdf_attachment import ATTACHMENT_NAME
from evidencekit.domain.credentials import NotACredential, short_code
from tests.bundle.test_credential_tamper import issued

CREDENTIAL = json.dumps(issued(), indent=2, ensure_ascii=False).encode() + b"\n"
DIGEST = hashlib.sha256(CREDENTIAL).hexdigest()
CONTENT = CertificateContent(
    holder="María-José Þórsdóttir",
    title="Checking for Understanding",
    units=("Planned questioning and wait time", "Whole-class response signals"),
    awarded=date(2026, 5, 1),
    issuer="EvidenceKit Starter Catalog",
    evaluator="Eva Lindqvist",
    evaluator_key="0c10 f488 d352 8efb 0c10 f488 d352 8efb",
    credential_json=CREDENTIAL,
    badge_png=artwork("Checking for Understanding", "checking-for-understanding").png,
    email_hashed=True,
)


def read_qr(page) -> str:
    """What a phone would read: OpenCV's two QR readers, the second if the first finds none."""
    for detector in (cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco()):
        text, _points, _straight = detector.detectAndDecode(page)
        if text:
            return text
    return ""


@pytest.mark.parametrize(("paper", "ratio"), [("a4", 297 / 210), ("letter", 11 / 8.5)])
def test_qr_code_is_the_attached_files_sha256(paper: str, ratio: float, tmp_path: Path) -> None:
    pdf = tmp_path / f"certificate-{paper}.pdf"
    pdf.write_bytes(render_certificate(CONTENT, paper))
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-singlefile", pdf, tmp_path / "page"], check=True
    )
    page = cv2.imread(str(tmp_path / "page.png"))
    height, width = page.shape[:2]
    assert width / height == pytest.approx(ratio, rel=0.01)  # landscape, the right paper
    text = read_qr(page)
    assert text == qr_payload(DIGEST) == DIGEST
    # Poppler, not our code, takes the attachment out; sha256sum, not our code, hashes it.
    listed = subprocess.run(["pdfdetach", "-list", pdf], capture_output=True, text=True)
    assert ATTACHMENT_NAME in listed.stdout
    subprocess.run(["pdfdetach", "-saveall", "-o", tmp_path, pdf], check=True)
    summed = subprocess.run(
        ["sha256sum", ATTACHMENT_NAME], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert summed.stdout.split()[0] == text
    assert (tmp_path / ATTACHMENT_NAME).read_bytes() == CREDENTIAL
    found = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True)
    words = " ".join(found.stdout.split())
    for expected in (
        "María-José Þórsdóttir",
        "Checking for Understanding",
        "1 May 2026",
        "Eva Lindqvist",
        short_code(DIGEST),
        "Whole-class response signals",
        f"sha256sum {ATTACHMENT_NAME}",
        "hashed exactly as the holder gave it",
    ):
        assert expected in words


def test_the_certificate_itself_verifies() -> None:
    pdf = render_certificate(CONTENT)
    document = parse_credential(extract_any(pdf, "certificate.pdf").encode(), "certificate.pdf")
    assert check_credential(document, now=datetime(2026, 6, 1, tzinfo=UTC)).document == issued()


def test_a_pdf_without_a_credential_says_so() -> None:
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawString(100, 700, "A certificate with nothing attached")
    canvas.save()
    for data, words in (
        (out.getvalue(), "PDF without an attached credential"),
        (b"%PDF-1.7\n garbage", "holds no Open Badges credential"),
    ):
        with pytest.raises(NotACredential, match=words):
            extract_any(data, "certificate.pdf")
