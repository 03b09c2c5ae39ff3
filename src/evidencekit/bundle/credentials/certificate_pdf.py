"""The e-certificate: one landscape page a teacher can print or attach.

It names who earned what, when, from whom, and carries the signed credential
itself as an attached file, so ``evidencekit credential verify certificate.pdf``
(or any Open Badges 3.0 verifier given the attachment) checks it offline. The QR
code holds the SHA-256 of that attached file, as ``sha256sum`` prints it, and the
verification code is its beginning: a printout can be matched to the file.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from evidencekit.bundle.credentials.pdf_attachment import ATTACHMENT_NAME, attach_credential
from evidencekit.bundle.render.pdf_portfolio import _fonts
from evidencekit.domain.credentials import EMAIL_RULE, short_code

PAGE_SIZES = {"a4": landscape(A4), "letter": landscape(letter)}
INK = colors.HexColor("#1d2b3a")
ACCENT = colors.HexColor("#1d4e89")


@dataclass(frozen=True)
class CertificateContent:
    holder: str
    title: str
    units: tuple[str, ...]
    awarded: date
    issuer: str  # the organisation
    evaluator: str
    evaluator_key: str  # fingerprint
    credential_json: bytes  # the signed credential, attached to the PDF byte for byte
    badge_png: bytes
    email_hashed: bool = False  # the credential names the holder by a hashed email too

    @property
    def credential_sha256(self) -> str:
        return hashlib.sha256(self.credential_json).hexdigest()


def qr_payload(credential_sha256: str) -> str:
    """What the QR code says: the attached file's SHA-256 in hex, as ``sha256sum`` prints it."""
    return credential_sha256


def render_certificate(content: CertificateContent, paper: str = "a4") -> bytes:
    width, height = PAGE_SIZES[paper]
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height), invariant=True)
    canvas.setTitle(f"Certificate: {content.title}")
    canvas.setAuthor(content.issuer)
    canvas.setSubject(
        f"Open Badges credential {ATTACHMENT_NAME}, SHA-256 {content.credential_sha256}"
    )
    regular, bold = _fonts()

    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(3)
    canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)

    badge = 42 * mm
    canvas.drawImage(
        ImageReader(io.BytesIO(content.badge_png)),
        (width - badge) / 2,
        height - 22 * mm - badge,
        badge,
        badge,
        mask="auto",
    )
    middle = width / 2
    y = height - 30 * mm - badge
    canvas.setFillColor(ACCENT)
    canvas.setFont(bold, 13)
    canvas.drawCentredString(middle, y, "CERTIFICATE OF ACHIEVEMENT")
    canvas.setFillColor(INK)
    canvas.setFont(regular, 12)
    y -= 10 * mm
    canvas.drawCentredString(middle, y, "This certifies that")
    y -= 12 * mm
    y = _centred(canvas, content.holder, bold, 26, middle, y, width - 70 * mm)
    y -= 3 * mm
    canvas.setFont(regular, 12)
    canvas.drawCentredString(middle, y, "has earned the micro-credential")
    y -= 10 * mm
    canvas.setFillColor(ACCENT)
    y = _centred(canvas, content.title, bold, 19, middle, y, width - 70 * mm)
    canvas.setFillColor(INK)
    if content.units:
        label = "Unit" if len(content.units) == 1 else "Units"
        y = _paragraph(
            canvas,
            f"{label}: " + " · ".join(escape(u) for u in content.units),
            regular,
            10.5,
            middle,
            y,
            width - 90 * mm,
        )

    _footer(canvas, content, regular, bold, width)
    canvas.showPage()
    canvas.save()
    return attach_credential(out.getvalue(), content.credential_json)


def _centred(
    canvas: Canvas, text: str, font: str, size: float, middle: float, y: float, room: float
) -> float:
    """One line, shrunk until it fits ``room``; returns the next baseline."""
    while size > 10 and canvas.stringWidth(text, font, size) > room:
        size -= 1
    canvas.setFont(font, size)
    canvas.drawCentredString(middle, y, text)
    return y - size * 0.9


def _paragraph(
    canvas: Canvas, markup: str, font: str, size: float, middle: float, y: float, room: float
) -> float:
    style = ParagraphStyle(
        "p", fontName=font, fontSize=size, leading=size * 1.35, alignment=TA_CENTER, textColor=INK
    )
    paragraph = Paragraph(markup, style)
    _w, used = paragraph.wrap(room, 60 * mm)
    paragraph.drawOn(canvas, middle - room / 2, y - used)
    return y - used - 3 * mm


def _footer(
    canvas: Canvas, content: CertificateContent, regular: str, bold: str, width: float
) -> None:
    left, base = 24 * mm, 24 * mm
    rows = (
        ("Awarded", f"{content.awarded.day} {content.awarded:%B %Y}"),
        ("Issuer", content.issuer),
        ("Evaluator", content.evaluator),
        ("Evaluator's key", content.evaluator_key),
        ("Verification code", short_code(content.credential_sha256)),
    )
    y = base + 40 * mm
    for label, value in rows:
        canvas.setFont(bold, 9)
        canvas.setFillColor(ACCENT)
        canvas.drawString(left, y, label)
        canvas.setFont(regular, 9.5)
        canvas.setFillColor(INK)
        canvas.drawString(left + 38 * mm, y, value)
        y -= 5.6 * mm
    note = (
        f"The signed credential is attached to this PDF as <i>{ATTACHMENT_NAME}</i>. "
        "Check it offline with <i>evidencekit credential verify</i> on this PDF, or give the "
        "attached file (or the badge PNG, SVG or JSON file) to any Open Badges 3.0 verifier. "
        f"<i>sha256sum {ATTACHMENT_NAME}</i> must print the QR code's value, which begins "
        "with the verification code."
    )
    if content.email_hashed:
        note += " " + escape(EMAIL_RULE)
    style = ParagraphStyle("note", fontName=regular, fontSize=7.5, leading=9.5, textColor=INK)
    paragraph = Paragraph(note, style)
    room = width - left - 24 * mm - 50 * mm
    _w, used = paragraph.wrap(room, 30 * mm)
    paragraph.drawOn(canvas, left, base + 13 * mm - used)

    side = 40 * mm
    widget = QrCodeWidget(qr_payload(content.credential_sha256), barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, width - 24 * mm - side, base - 6 * mm)
    canvas.setFont(regular, 7)
    canvas.drawCentredString(
        width - 24 * mm - side / 2, base - 9 * mm, "SHA-256 of the attached credential"
    )
