"""The credential carried inside its certificate PDF, as an embedded file (a PDF attachment).

As in PDF/A-3 invoices, the file is listed in the document's EmbeddedFiles and,
as an associated file (``/AF``, relationship ``Data``), in the catalog, so any
PDF reader shows it under attachments. Reading takes the first JSON attachment;
pypdf's own limits guard against decompression bombs.
"""

from __future__ import annotations

import io

from evidencekit.domain.credentials import NotACredential

ATTACHMENT_NAME = "open-badge-credential.json"
PDF_SIGNATURE = b"%PDF-"
MAX_ATTACHMENT = 4 << 20


def attach_credential(pdf: bytes, credential_json: bytes) -> bytes:
    """``pdf`` with ``credential_json`` embedded as ATTACHMENT_NAME."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    embedded = writer.add_attachment(ATTACHMENT_NAME, credential_json)
    embedded.subtype = NameObject("/application#2Fjson")
    embedded.description = TextStringObject("The Open Badges 3.0 credential this certifies")
    embedded.associated_file_relationship = NameObject("/Data")
    writer.root_object[NameObject("/AF")] = ArrayObject([embedded.pdf_object.indirect_reference])
    writer.root_object[NameObject("/PageMode")] = NameObject("/UseAttachments")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def extract_credential(pdf: bytes, source: str) -> str:
    """The credential JSON attached to a PDF; NotACredential if there is none."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(pdf), strict=False)
        files = [f for f in reader.attachment_list if f.name.lower().endswith(".json")]
        files.sort(key=lambda f: f.name != ATTACHMENT_NAME)  # ours first
        for embedded in files:
            data = embedded.content
            if len(data) <= MAX_ATTACHMENT and b"credentialSubject" in data:
                return data.decode("utf-8")
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise NotACredential(f"{source} (a damaged PDF)") from None
    raise NotACredential(f"{source} (a PDF without an attached credential)")
